"""One measured step in its own process (called by the benchmarks; DATABASE_URL is set by them).

    step.py import KIND FILE MUNICIPALITY AS_OF   check + read in one file, timed by phase
    step.py derive MUNICIPALITY                    derive the KAA periods of everyone registered there again

Prints one JSON object: seconds per phase and the process's peak memory in MB.
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.db import transaction  # noqa: E402

from fotfaste.kaa import derivation  # noqa: E402
from fotfaste.registers import imports  # noqa: E402
from fotfaste.registers.models import ImportChannel, ImportStatus, Registration  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def import_file(kind: str, path: str, municipality: str, as_of: str) -> dict:
    times: dict[str, float] = {}
    real_rederive = derivation.rederive

    def timed_rederive(ids, progress=None):
        times["merge_end"] = time.perf_counter()
        result = real_rederive(ids, progress=progress)
        times["derive_end"] = time.perf_counter()
        return result

    derivation.rederive = timed_rederive
    start = time.perf_counter()
    imp = imports.create_import(
        kind=kind,
        municipality=municipality,
        path=Path(path),
        file_name=Path(path).name,
        as_of=date.fromisoformat(as_of),
        user_name="bench",
        channel=ImportChannel.COMMAND,
    )
    imports.check(imp)
    imp.refresh_from_db()
    if imp.status != ImportStatus.READY:
        raise SystemExit(f"import {imp.status}: {imp.errors} errors")
    checked = time.perf_counter()
    imports.commit(imp, actor_name="bench")
    done = time.perf_counter()
    imp.refresh_from_db()
    return {
        "rows": imp.rows,
        "check_s": checked - start,
        "merge_s": times["merge_end"] - checked,
        "derive_s": times["derive_end"] - times["merge_end"],
        "commit_s": done - checked,
        "total_s": done - start,
        "in_kaa": imp.entered_kaa - imp.left_kaa,
        "peak_mb": peak_mb(),
    }


def derive(municipality: str) -> dict:
    ids = list(Registration.objects.filter(municipality_id=municipality).values_list("person_id", flat=True))
    start = time.perf_counter()
    with transaction.atomic():
        periods = derivation.rederive(ids)
    seconds = time.perf_counter() - start
    return {"persons": len(set(ids)), "periods": periods, "derive_s": seconds, "peak_mb": peak_mb()}


if __name__ == "__main__":
    step, *args = sys.argv[1:]
    result = import_file(*args) if step == "import" else derive(*args)
    print(json.dumps(result))

"""Shared helpers for the benchmarks: data files, fresh databases, running a measured step in its own process.

Each measured step runs in a fresh Python process (bench/step.py) so that its
peak memory (the process's maximum resident set size) is its own.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
PYTHON = sys.executable
AS_OF = date(2026, 9, 15)
# Another name lets two checkouts on one machine run benchmarks without dropping each other's databases.
PG_DATABASE = os.environ.get("FOTFASTE_BENCH_DATABASE", "fotfaste_bench")


def synth():
    spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def data_files(persons: int, municipality: str | None) -> Path:
    """bench/data/<persons>-<municipality or all>/ with the four files, generated once."""
    folder = DATA / f"{persons}-{municipality or 'alla'}"
    # A folder from before the AF file is made again; the other three come out the same.
    if not (folder / "af_inskrivning.csv").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"Genererar syntetiska filer i {folder} …", file=sys.stderr)
        synth().generate(persons, AS_OF, folder, municipality=municipality)
    return folder


def postgresql_available() -> bool:
    return shutil.which("pg_isready") is not None and subprocess.run(["pg_isready", "-q"]).returncode == 0


def fresh_database(kind: str, name: str) -> str:
    """An empty, migrated database; returns its DATABASE_URL."""
    if kind == "sqlite":
        path = DATA / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        subprocess.run(["dropdb", "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", name], check=True)
        url = f"postgres:///{name}"
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=environment(url), check=True
    )
    return url


def existing_database(kind: str, name: str) -> str:
    """The DATABASE_URL of a database an earlier run built, migrated to the current code."""
    if kind == "sqlite":
        path = DATA / f"{name}.sqlite3"
        if not path.is_file():
            raise SystemExit(f"{path} finns inte: kör utan --reuse först.")
        url = f"sqlite:///{path}"
    else:
        url = f"postgres:///{name}"
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=environment(url), check=True
    )
    return url


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "FOTFASTE_DEBUG": "1",
        "SECRET_KEY": "bench-only",
        "FOTFASTE_ENV_FILE": "/nonexistent",
        "DJANGO_SETTINGS_MODULE": "fotfaste.settings",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }


def run_step(url: str, *args: str, script: str = "step.py") -> dict:
    """Run bench/<script> in a fresh process; it prints one JSON object with its figures."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=environment(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)])

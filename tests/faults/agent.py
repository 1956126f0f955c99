"""Does one thing against the scratch database in DATABASE_URL, in a process of its own, and prints JSON.

Run by the fault-injection tests (tests/faults/), never by hand:

    agent.py upload KIND FILE MUNICIPALITY AS_OF    an uploaded copy, as the web makes it; prints its id
    agent.py check ID / commit ID                   queue the job as the web does (commit: confirmed as previewed)
    agent.py cancel ID                              the web's cancel; prints whether it was refused and why
    agent.py replay KIND:FILE:MUNICIPALITY:AS_OF …  read files in one at a time, as import_register does
    agent.py state                                  the register, the imports, staging rows, uploads and jobs
"""

import json
import os
import shutil
import sys
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fotfaste.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from fotfaste.core.models import Job  # noqa: E402
from fotfaste.registers import imports  # noqa: E402
from fotfaste.registers.models import (  # noqa: E402
    ImportChannel,
    ImportStatus,
    RegisterImport,
    StagedCertificate,
    StagedEnrolment,
    StagedPerson,
)
from tests.register_state import register_state  # noqa: E402


def upload(kind, path, municipality, as_of):
    folder = Path(settings.IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{uuid.uuid4().hex}.csv"
    shutil.copyfile(path, copy)
    imp = imports.create_import(
        kind=kind,
        municipality=municipality,
        path=copy,
        file_name=Path(path).name,
        as_of=date.fromisoformat(as_of),
        user_name="kaa",
        channel=ImportChannel.WEB,
    )
    return {"id": imp.pk, "status": imp.status}


def check(import_id):
    return {"job": Job.objects.create(kind="registers.check", payload={"import_id": int(import_id)}).pk}


def commit(import_id):
    imp = RegisterImport.objects.get(pk=import_id)
    if not imports.move(
        imp, ImportStatus.COMMIT_QUEUED, expected={ImportStatus.READY}, confirmed_disappeared=imp.disappeared
    ):
        return {"refused": True, "status": RegisterImport.objects.get(pk=import_id).status}
    job = Job.objects.create(kind="registers.commit", payload={"import_id": imp.pk, "actor": "kaa"})
    return {"refused": False, "job": job.pk}


def cancel(import_id):
    try:
        imports.discard(RegisterImport.objects.get(pk=import_id))
    except imports.ImportRefused as exc:
        return {"refused": True, "message": str(exc)}
    return {"refused": False}


def replay(*specs):
    """Each file checked and read in before the next, as `import_register` does (confirming what it ends)."""
    for spec in specs:
        kind, path, municipality, as_of = spec.split(":")
        imp = imports.create_import(
            kind=kind,
            municipality=municipality,
            path=Path(path),
            file_name=Path(path).name,
            as_of=date.fromisoformat(as_of),
            user_name="kaa",
            channel=ImportChannel.COMMAND,
        )
        imports.check(imp)
        imp.refresh_from_db()
        imports.commit(imp, actor_name="kaa", confirmed_disappeared=imp.disappeared)
    return {"replayed": len(specs)}


def state():
    folder = Path(settings.IMPORT_DIR)
    return {
        "register": register_state(),
        "imports": {
            str(i.pk): {
                "status": i.status,
                "failure": i.failure,
                "rows": i.rows,
                "channel": i.channel,
                "stored_file": i.stored_file,
            }
            for i in RegisterImport.objects.order_by("id")
        },
        "staged": {
            model.__name__: model.objects.count() for model in (StagedPerson, StagedEnrolment, StagedCertificate)
        },
        "uploads": sorted(p.name for p in folder.iterdir()) if folder.exists() else [],
        "jobs": {str(j.pk): {"kind": j.kind, "status": j.status, "error": j.error} for j in Job.objects.order_by("id")},
    }


ACTIONS = {"upload": upload, "check": check, "commit": commit, "cancel": cancel, "replay": replay, "state": state}

if __name__ == "__main__":
    print(json.dumps(ACTIONS[sys.argv[1]](*sys.argv[2:]), default=str))

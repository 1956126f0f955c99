"""Background work of an import: checking a file and reading it in."""

from django.utils import timezone

from fotfaste.access.guard import unrestricted
from fotfaste.core import jobs

from . import imports
from .models import RegisterImport

CHECK = "registers.check"
COMMIT = "registers.commit"


def _abandoned(payload: dict) -> None:
    """The worker died (or lost the database) before the job ended: the import failed, nothing of it stays."""
    imp = RegisterImport.objects.filter(pk=payload["import_id"]).first()
    if imp:
        imports.abandon(imp)


@jobs.handler(CHECK, on_abandoned=_abandoned)
def check(payload: dict) -> None:
    # An import is the municipality's register process, no user's read: it compares and merges persons.
    with unrestricted("registerimport"):
        imports.check(RegisterImport.objects.get(pk=payload["import_id"]))


@jobs.handler(COMMIT, on_abandoned=_abandoned)
def commit(payload: dict) -> None:
    with unrestricted("registerimport"):
        imports.commit(RegisterImport.objects.get(pk=payload["import_id"]), actor_name=payload["actor"])


@jobs.chore
def forget_waiting_imports() -> int:
    # Clearing staging rows reads no person; the guard is lifted as for the import's own work.
    with unrestricted("registerimport"):
        return imports.forget_waiting(timezone.now())

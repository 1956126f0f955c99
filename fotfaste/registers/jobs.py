"""Background work of an import: checking a file and reading it in."""

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
    imports.check(RegisterImport.objects.get(pk=payload["import_id"]))


@jobs.handler(COMMIT, on_abandoned=_abandoned)
def commit(payload: dict) -> None:
    imports.commit(RegisterImport.objects.get(pk=payload["import_id"]), actor_name=payload["actor"])

"""The worker's housekeeping: uploads and staged rows of an import nobody finishes, and old letter batches,
do not stay on the server (personal data kept no longer than needed)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.core import jobs
from fotfaste.registers import imports
from fotfaste.registers.models import ImportStatus, RegisterImport

pytestmark = pytest.mark.django_db


def waiting_import(tmp_path, status, **times):
    upload = tmp_path / f"{status}-{len(list(tmp_path.iterdir()))}.csv"
    upload.write_text("personnummer;förnamn\n", encoding="utf-8")
    imp = RegisterImport.objects.create(
        kind="folkbokforing",
        municipality_id="1880",
        as_of=timezone.localdate(),
        file_name="fil.csv",
        stored_file=str(upload),
        sha256="0" * 64,
        status=status,
    )
    RegisterImport.objects.filter(pk=imp.pk).update(**times)
    return RegisterImport.objects.get(pk=imp.pk), upload


def test_an_import_left_waiting_is_cancelled_and_its_upload_removed(world, tmp_path, settings):
    settings.IMPORT_WAIT_DAYS = 7
    now = timezone.now()
    old = now - timedelta(days=8)
    unmapped, unmapped_file = waiting_import(tmp_path, ImportStatus.NEEDS_MAPPING, created_at=old)
    unread, unread_file = waiting_import(tmp_path, ImportStatus.READY, created_at=old, checked_at=old)
    recent, recent_file = waiting_import(
        tmp_path, ImportStatus.READY, created_at=old, checked_at=now - timedelta(days=2)
    )
    done, done_file = waiting_import(tmp_path, ImportStatus.DONE, created_at=old, checked_at=old)
    assert imports.forget_waiting(now) == 2
    for imp, upload in ((unmapped, unmapped_file), (unread, unread_file)):
        imp.refresh_from_db()
        assert imp.status == ImportStatus.CANCELLED and imp.stored_file == "" and not upload.exists()
        assert imp.failure == "Importen väntade mer än 7 dagar och avbröts; filen är borttagen. Ladda upp den igen."
    for imp, upload in ((recent, recent_file), (done, done_file)):
        status = imp.status
        imp.refresh_from_db()
        assert imp.status == status and imp.stored_file == str(upload) and upload.exists()
    assert imports.forget_waiting(now) == 0  # a second worker's round finds nothing left to do


def test_the_worker_runs_every_chore_and_one_failing_does_not_stop_the_others(monkeypatch):
    ran = []

    def broken() -> int:
        raise RuntimeError("trasig")

    def counting() -> int:
        ran.append(1)
        return 3

    monkeypatch.setattr(jobs, "_chores", [broken, counting])
    assert jobs.run_chores() == 3 and ran == [1]


def test_the_registered_chores_include_the_imports_and_the_letters():
    names = {fn.__module__ + "." + fn.__name__ for fn in jobs._chores}
    assert {"fotfaste.registers.jobs.forget_waiting_imports", "fotfaste.letters.jobs.remove_old_batch_files"} <= names

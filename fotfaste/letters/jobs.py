"""Printing a batch of letters in the background."""

from django.utils import timezone

from fotfaste.core import jobs

from . import services
from .models import BatchStatus, LetterBatch

BATCH = "letters.batch"


def _abandoned(payload: dict) -> None:
    LetterBatch.objects.filter(pk=payload["batch_id"], status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING]).update(
        status=BatchStatus.FAILED, failure="Avbröts när arbetsprocessen stoppades."
    )


@jobs.handler(BATCH, on_abandoned=_abandoned)
def print_batch(payload: dict) -> None:
    batch = LetterBatch.objects.select_related("municipality", "requested_by").get(pk=payload["batch_id"])
    batch.status = BatchStatus.RUNNING
    batch.save(update_fields=["status"])
    try:
        services.run_batch(batch)
    except Exception as exc:
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED,
            failure=str(exc) if isinstance(exc, services.LetterError) else "",
            finished_at=timezone.now(),
            left_out=batch.left_out,
        )
        raise
    batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
    batch.save()


@jobs.chore
def remove_old_batch_files() -> int:
    # Printed letters hold names and addresses: gone after BATCH_FILE_HOURS even if nobody opens the page again.
    return services.remove_old_batch_files()

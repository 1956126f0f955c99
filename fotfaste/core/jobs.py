"""Background jobs in the database: enqueue() from a view, `manage.py worker` runs them.

A deliberately small queue (see docs/decisions/0004-background-jobs.md): one
worker process per installation claims the oldest waiting job, runs its
handler and records the outcome. Handlers report their own progress where the
user looks for it (an import's progress bar), so the job row only says
waiting, running, done or failed.

With FOTFASTE_JOBS_INLINE (the tests) a job runs at once, in the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.guard import guarded

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

Handler = Callable[[dict], None]
_handlers: dict[str, Handler] = {}
# Called for a job that was running when the worker stopped, so its owner can tidy up.
_abandon_handlers: dict[str, Handler] = {}


def handler(kind: str, on_abandoned: Handler | None = None):
    """Register the function that does jobs of this kind."""

    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        if on_abandoned:
            _abandon_handlers[kind] = on_abandoned
        return fn

    return register


def enqueue(kind: str, **payload) -> Job:
    if kind not in _handlers:
        raise LookupError(f"No handler for job kind {kind!r}")
    job = Job.objects.create(kind=kind, payload=payload)
    if settings.JOBS_INLINE:
        run(job)
    return job


def claim() -> Job | None:
    """The oldest waiting job, marked running, or None. Safe with one worker per database
    (SQLite's immediate transactions and PostgreSQL's SKIP LOCKED both keep it to one taker)."""
    with transaction.atomic():
        job = Job.objects.select_for_update(skip_locked=True).filter(status=JobStatus.QUEUED).order_by("id").first()
        if job is None:
            return None
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def run(job: Job) -> None:
    if job.status != JobStatus.RUNNING:
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        # A job reads persons through restrict() like a request, unless its handler says it is a
        # system process (access.guard.unrestricted).
        with guarded():
            _handlers[job.kind](job.payload)
    except Exception as exc:  # the worker must survive any job
        logger.exception("Bakgrundsjobb %s misslyckades", job.pk, exc_info=exc)
        job.status, job.error = JobStatus.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def recover_abandoned() -> int:
    """Jobs left running by a worker that stopped: failed, and their owners told."""
    abandoned = list(Job.objects.filter(status=JobStatus.RUNNING))
    for job in abandoned:
        job.status, job.finished_at = JobStatus.FAILED, timezone.now()
        job.error = _("Avbröts när arbetsprocessen stoppades.")
        job.save(update_fields=["status", "finished_at", "error"])
        on_abandoned = _abandon_handlers.get(job.kind)
        if on_abandoned:
            try:
                on_abandoned(job.payload)
            except Exception:
                logger.exception("Kunde inte städa efter avbrutet jobb %s", job.pk)
    return len(abandoned)

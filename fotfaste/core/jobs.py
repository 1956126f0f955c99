"""Background jobs in the database: enqueue() from a view, `manage.py worker` runs them.

A deliberately small queue (see docs/decisions/0004-background-jobs.md). Any number of worker
processes, on one machine or several against one PostgreSQL, claim the oldest waiting job, run
its handler and record the outcome. Handlers report their own progress where the user looks for
it (an import's progress bar), so the job row only says waiting, running, done or failed.

While a job runs, a thread of its worker writes a heartbeat every few seconds. A job is taken as
abandoned only when its worker is known to be gone: on the same machine the process is asked
directly; a worker elsewhere is gone when its heartbeat is older than the stale limit. Then the
job fails and its owner is told (on_abandoned), so an import is marked failed and tidied up. A
worker that starts never touches another worker's live job.

With FOTFASTE_JOBS_INLINE (the tests) a job runs at once, in the caller.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.guard import guarded

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

Handler = Callable[[dict], None]
_handlers: dict[str, Handler] = {}
# Called for a job whose worker is gone (or whose handler the database cut off), so its owner can tidy up.
_abandon_handlers: dict[str, Handler] = {}

INLINE_WORKER = "inline"


def handler(kind: str, on_abandoned: Handler | None = None):
    """Register the function that does jobs of this kind."""

    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        if on_abandoned:
            _abandon_handlers[kind] = on_abandoned
        return fn

    return register


# Housekeeping the worker does now and then, each returning how much it did (see `chore`).
_chores: list[Callable[[], int]] = []


def chore(fn: Callable[[], int]) -> Callable[[], int]:
    """Register housekeeping for the worker's rounds (as often as it looks for abandoned jobs). A chore must be
    safe to run from several workers at once: compare-and-set, as everything here."""
    _chores.append(fn)
    return fn


def run_chores() -> int:
    """Every chore once; one that fails is logged and tried again next round, the others still run."""
    done = 0
    for fn in _chores:
        try:
            done += fn()
        except DatabaseError:
            raise  # the worker's own loop waits for the database
        except Exception:
            logger.exception("Ett underhållsjobb (%s) misslyckades; det körs igen nästa varv", fn.__name__)
    return done


def enqueue(kind: str, **payload) -> Job:
    if kind not in _handlers:
        raise LookupError(f"No handler for job kind {kind!r}")
    job = Job.objects.create(kind=kind, payload=payload)
    if settings.JOBS_INLINE:
        run(job)
    return job


# --- Who runs a job ----------------------------------------------------------------------


def _process_start(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # The command name, in parentheses, may hold spaces: the fields after it are plain.
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else ""


def worker_identity() -> str:
    """This process as a job's worker: host, pid and start time."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def alive_here(worker: str) -> bool | None:
    """Whether the worker process is alive, when it ran on this machine; None when only its heartbeat can tell."""
    host, _sep, rest = worker.rpartition(":")
    host, _sep, pid_text = host.rpartition(":")
    start = rest
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():
        try:
            text = stat.read_text()
        except OSError:
            return False
        state = text[text.rindex(")") + 2 :].split()[0]
        if state in ("Z", "X"):  # a killed process its parent has not reaped yet
            return False
        return not start or _process_start(pid) == start
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- Claiming and running ------------------------------------------------------------------


def claim(worker: str | None = None) -> Job | None:
    """The oldest waiting job, marked running by this worker, or None.

    Many workers may claim at once: on PostgreSQL each skips the rows another has locked
    (SKIP LOCKED), on SQLite the immediate transaction lets one writer in at a time, and the
    status is set with a compare-and-set either way.
    """
    worker = worker or worker_identity()
    with transaction.atomic():
        job = Job.objects.select_for_update(skip_locked=True).filter(status=JobStatus.QUEUED).order_by("id").first()
        if job is None:
            return None
        now = timezone.now()
        taken = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, worker=worker, heartbeat_at=now
        )
        if not taken:
            return None
    job.status, job.started_at, job.worker, job.heartbeat_at = JobStatus.RUNNING, now, worker, now
    return job


class Heartbeat(threading.Thread):
    """Says every few seconds that the job is alive, on its own database connection.

    A thread rather than the handler's progress callbacks: a single statement of a million-row
    merge or an index build runs for many seconds without a callback, and what the handler
    writes inside its transaction is invisible to other workers until it commits.
    """

    def __init__(self, job: Job, interval: float):
        super().__init__(name=f"heartbeat-{job.pk}", daemon=True)
        self.job, self.interval = job, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING, worker=self.job.worker).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception as exc:  # SQLite busy with the job's own read-in, or a restarting PostgreSQL
                    logger.info("Kunde inte skriva hjärtslag för jobb %s: %s", self.job.pk, exc)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def run(job: Job) -> None:
    if job.status != JobStatus.RUNNING:  # inline, in the caller
        job.status, job.started_at, job.worker = JobStatus.RUNNING, timezone.now(), INLINE_WORKER
        job.save(update_fields=["status", "started_at", "worker"])
    heartbeat = None
    if job.worker != INLINE_WORKER:
        heartbeat = Heartbeat(job, settings.JOB_HEARTBEAT_SECONDS)
        heartbeat.start()
    cut_off = False
    try:
        # A job reads persons through restrict() like a request, unless its handler says it is a
        # system process (access.guard.unrestricted).
        with guarded():
            _handlers[job.kind](job.payload)
    except Exception as exc:  # the worker must survive any job
        logger.exception("Bakgrundsjobb %s misslyckades", job.pk, exc_info=exc)
        status, error = JobStatus.FAILED, f"{type(exc).__name__}: {exc}"
        # The database went away under the handler: it may not have been able to tidy up after itself.
        cut_off = isinstance(exc, DatabaseError)
    else:
        status, error = JobStatus.DONE, ""
    finally:
        if heartbeat:
            heartbeat.stop()
    _record(job, status, error)
    if cut_off:
        _tidy_up(job)


RECORD_ATTEMPTS = 10


def reconnect_if_broken() -> None:
    """After the database went away (a restart), start a new connection rather than fail again on the old one.

    Never inside a transaction: that one is broken anyway, and the caller's to end.
    """
    if connection.connection is not None and not connection.in_atomic_block and not connection.is_usable():
        connection.close()


def _record(job: Job, status: str, error: str) -> None:
    """The outcome, compare-and-set, trying again while the database restarts.

    Raises DatabaseError when it cannot: the worker then stops, and when it is started again
    (or another worker looks) the job is found abandoned and its owner tidies up.
    """
    for attempt in range(RECORD_ATTEMPTS):
        try:
            reconnect_if_broken()
            finished = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker).update(
                status=status, error=error, finished_at=timezone.now()
            )
            break
        except DatabaseError:
            if attempt == RECORD_ATTEMPTS - 1 or connection.in_atomic_block:
                raise
            connection.close()
            time.sleep(min(2**attempt, 5))
    if not finished:
        logger.warning("Jobb %s hade redan tagits som övergivet när det blev klart", job.pk)
    job.status, job.error = status, error


def _tell_owner(job: Job) -> None:
    on_abandoned = _abandon_handlers.get(job.kind)
    if on_abandoned:
        reconnect_if_broken()
        on_abandoned(job.payload)


def _tidy_up(job: Job) -> None:
    try:
        _tell_owner(job)
    except Exception:
        logger.exception("Kunde inte städa efter jobb %s", job.pk)


# --- Abandoned jobs --------------------------------------------------------------------------


def is_abandoned(job: Job, now) -> bool:
    alive = alive_here(job.worker)
    if alive is not None:
        return not alive
    stale_before = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    return job.heartbeat_at is None or job.heartbeat_at < stale_before


def recover_abandoned() -> int:
    """Jobs whose worker is gone: failed, and their owners told. Live jobs of other workers are left alone."""
    now = timezone.now()
    recovered = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING).order_by("id"):
        if not is_abandoned(job, now):
            continue
        # Compare-and-set on the heartbeat too: a worker that spoke since we looked keeps its job.
        taken = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, worker=job.worker, heartbeat_at=job.heartbeat_at
        ).update(
            status=JobStatus.FAILED, finished_at=now, error=_("Arbetsprocessen som körde jobbet finns inte längre.")
        )
        if not taken:
            continue
        try:
            _tell_owner(job)
        except Exception:
            # E.g. SQLite busy with a long read-in for longer than its timeout: try again next round.
            logger.exception("Kunde inte städa efter övergivet jobb %s; försöker igen", job.pk)
            Job.objects.filter(pk=job.pk, status=JobStatus.FAILED, worker=job.worker).update(
                status=JobStatus.RUNNING, finished_at=None, error=""
            )
            continue
        recovered += 1
    return recovered

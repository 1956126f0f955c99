"""The job queue with many workers: heartbeats, and only jobs whose worker is gone taken as abandoned."""

import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.core import jobs
from fotfaste.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db

KIND = "tests.sleeper"
abandoned_payloads: list[dict] = []


def _abandoned(payload):
    abandoned_payloads.append(payload)


@jobs.handler(KIND, on_abandoned=_abandoned)
def _sleeper(payload):
    deadline = time.monotonic() + payload.get("seconds", 0)
    job = Job.objects.get(pk=payload["job"]) if "job" in payload else None
    while time.monotonic() < deadline:
        if job and Job.objects.filter(pk=job.pk, heartbeat_at__gt=job.heartbeat_at).exists():
            return
        time.sleep(0.02)


@pytest.fixture(autouse=True)
def no_abandoned():
    abandoned_payloads.clear()


def running(worker: str, heartbeat_age: float | None = 0, **payload) -> Job:
    beat = None if heartbeat_age is None else timezone.now() - timedelta(seconds=heartbeat_age)
    return Job.objects.create(
        kind=KIND, payload=payload, status=JobStatus.RUNNING, worker=worker, heartbeat_at=beat, started_at=beat
    )


def dead_local_worker() -> str:
    """The identity of a process on this machine that has ended."""
    code = "from fotfaste.core.jobs import worker_identity; print(worker_identity())"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fotfaste.settings_test'); django.setup(); {code}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_a_worker_starting_leaves_a_live_workers_job_alone_however_old_its_heartbeat():
    """On this machine the process is asked: a live worker keeps its job (today: every running job failed)."""
    job = running(jobs.worker_identity(), heartbeat_age=3600, import_id=1)
    assert jobs.recover_abandoned() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not abandoned_payloads


def test_a_job_on_another_machine_with_a_fresh_heartbeat_is_left_alone(settings):
    settings.JOB_STALE_SECONDS = 120
    job = running("elsewhere:4242:1", heartbeat_age=30)
    assert jobs.recover_abandoned() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_a_job_on_another_machine_whose_heartbeat_went_stale_is_abandoned_and_its_owner_told(settings):
    settings.JOB_STALE_SECONDS = 120
    job = running("elsewhere:4242:1", heartbeat_age=121, import_id=7)
    assert jobs.recover_abandoned() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "Arbetsprocessen som körde jobbet finns inte längre."
    assert abandoned_payloads == [{"import_id": 7}]


def test_a_job_whose_worker_process_here_has_ended_is_abandoned_at_once():
    job = running(dead_local_worker(), heartbeat_age=0)
    assert jobs.recover_abandoned() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_a_reused_pid_is_not_taken_for_the_worker():
    """Same pid, another start time: another process, so the worker is gone."""
    here = jobs.worker_identity()
    host, pid, start = here.rsplit(":", 2)
    if not start:
        pytest.skip("no /proc: start times unknown")
    assert jobs.alive_here(here) is True
    assert jobs.alive_here(f"{host}:{pid}:{int(start) + 1}") is False
    assert jobs.alive_here(f"not-{socket.gethostname()}:{pid}:{start}") is None


def test_a_finished_worker_does_not_overwrite_an_abandonment():
    job = running(jobs.worker_identity(), seconds=0)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="övergivet")
    jobs.run(job)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "övergivet")


def test_claiming_marks_the_worker_and_takes_a_job_once():
    Job.objects.create(kind=KIND, payload={})
    first = jobs.claim("host-a:1:1")
    assert first.status == JobStatus.RUNNING and first.worker == "host-a:1:1" and first.heartbeat_at
    assert jobs.claim("host-b:2:2") is None


@pytest.mark.django_db(transaction=True)
def test_a_running_job_keeps_a_heartbeat(settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    Job.objects.create(kind=KIND, payload={})
    job = jobs.claim(jobs.worker_identity())
    # The handler waits (up to 10 s) until the heartbeat thread has written a newer heartbeat.
    job.payload = {"seconds": 10, "job": job.pk}
    began = time.monotonic()
    jobs.run(job)
    assert time.monotonic() - began < 9
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_an_owner_that_cannot_tidy_up_now_is_asked_again_next_time(monkeypatch):
    job = running("elsewhere:4242:1", heartbeat_age=10_000, import_id=3)
    calls = []

    def busy(payload):
        calls.append(payload)
        if len(calls) == 1:
            raise RuntimeError("database is locked")

    monkeypatch.setitem(jobs._abandon_handlers, KIND, busy)
    assert jobs.recover_abandoned() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    assert jobs.recover_abandoned() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED and len(calls) == 2

"""PostgreSQL crashing under an import, on a throwaway cluster of the test's own (never the shared one).

`pg_ctl stop -m immediate` is a crash: on the next start PostgreSQL runs recovery and resets every
UNLOGGED table, the staging tables among them. An import checked before the crash must not then be
read in as an empty snapshot (which would end every registration in the municipality). On SQLite the
analogous faults are the worker killed during check and commit (test_import_faults.py).
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .conftest import OREBRO, Scratch, admin_connection, migrate, postgres_url, vendor
from .test_import_faults import JANUARY, MARCH, assert_nothing_left, reference, spec

pytestmark = pytest.mark.slow
PORT = 5439


def _skip_reason() -> str:
    if vendor() != "postgresql":
        return "needs PostgreSQL (on SQLite the analogous test is the worker killed with SIGKILL)"
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return "initdb is not installed"
    if os.geteuid() != 0 or not shutil.which("runuser"):
        return "starting a cluster of its own needs root (runuser -u postgres)"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres user"
    return ""


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a socket of its own, run as the postgres user."""

    def __init__(self):
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="fotfaste-pg-"))
        user = pwd.getpwnam("postgres")
        os.chown(self.root, user.pw_uid, user.pw_gid)
        self.data, self.sockets = self.root / "data", self.root / "sockets"
        self.as_postgres("mkdir", str(self.sockets))
        self.as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.params = {"USER": "postgres", "HOST": str(self.sockets), "PORT": PORT, "PASSWORD": ""}

    def as_postgres(self, *args) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-k {self.sockets} -p {PORT} -c listen_addresses='' -c fsync=off"
        self.as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start"
        )

    def crash(self) -> None:
        self.as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def cluster():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    made = Cluster()
    try:
        made.start()
        with admin_connection(made.params) as conn:
            conn.execute("CREATE DATABASE fotfaste")
        yield made
    finally:
        made.remove()


def test_postgresql_crashing_between_check_and_commit_and_during_commit(cluster, new_scratch, tmp_path):
    scratch = Scratch(postgres_url("fotfaste", cluster.params), tmp_path / "crashing")
    migrate(scratch.url, scratch.root)
    files = {"january": scratch.file("jan.csv", JANUARY), "march": scratch.file("mar.csv", MARCH)}
    try:
        scratch.agent("replay", spec(files, "january"))
        imp = str(scratch.agent("upload", "folkbokforing", files["march"], OREBRO, "2026-03-01")["id"])
        scratch.agent("check", imp)
        scratch.run_worker_once()
        assert scratch.agent("state")["staged"]["StagedPerson"] == 2

        cluster.crash()
        cluster.start()
        assert scratch.agent("state")["staged"]["StagedPerson"] == 0  # recovery reset the UNLOGGED tables
        scratch.agent("commit", imp)
        scratch.run_worker_once()
        state = scratch.agent("state")
        assert state["imports"][imp]["status"] == "misslyckades"
        assert state["imports"][imp]["failure"].startswith(
            "De kontrollerade raderna finns inte längre kvar (0 av 2), till exempel för att databasen har startats om"
        )
        assert_nothing_left(state)
        january_only = reference(new_scratch, files, "january")
        assert state["register"] == january_only

        # Again, crashing in the middle of the commit's transaction this time.
        again = str(scratch.agent("upload", "folkbokforing", files["march"], OREBRO, "2026-03-01")["id"])
        scratch.agent("check", again)
        scratch.run_worker_once()
        scratch.agent("commit", again)
        worker = scratch.worker(pause_at="commit.merged")
        scratch.wait_until_paused("commit.merged", worker)
        cluster.crash()
        cluster.start()
        scratch.release("commit.merged")
        scratch.wait_for_status(again, "misslyckades")
        worker.terminate()
        state = scratch.agent("state")
        assert state["imports"][again]["failure"].startswith("Kontakten med databasen bröts under arbetet")
        assert_nothing_left(state)
        assert state["register"] == january_only
    finally:
        scratch.stop_all()

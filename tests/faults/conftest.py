"""Fault injection: real worker processes against a database of their own, stopped at named points.

Each test gets a scratch database, migrated once per session and copied per test (a file on SQLite,
CREATE DATABASE … TEMPLATE on PostgreSQL), on the server the suite uses; the processes it starts
(`manage.py worker`, tests/faults/agent.py) run with the test settings, which honour the pause points
of fotfaste/core/faults.py. Nothing here uses the suite's own test database.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
OREBRO, LEKEBERG = "1880", "1814"


def vendor() -> str:
    return "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"


def postgres_url(name: str, params: dict | None = None) -> str:
    db = params or settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db.get("HOST") or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{host}{port}/{name}"


def admin_connection(params: dict | None = None):
    import psycopg

    db = params or settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )


def base_env(url: str, root: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FOTFASTE_PAUSE"))}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="fotfaste.settings_test",
        PYTHONPATH=str(ROOT),
        # The test settings keep uploads under the temporary folder: one of its own per scratch database.
        TMPDIR=str(root / "tmp"),
        FOTFASTE_PAUSE_DIR=str(root / "pause"),
    )
    return env


def migrate(url: str, root: Path) -> None:
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=base_env(url, root),
        check=True,
        capture_output=True,
        timeout=300,
    )


class Scratch:
    """A migrated database of the test's own, and the processes that work on it."""

    def __init__(self, url: str, root: Path):
        self.url, self.root = url, root
        self.pause = root / "pause"
        for folder in (root / "tmp", self.pause, root / "files"):
            folder.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen] = []

    def import_status(self, import_id: str) -> str:
        """Read straight from the database: far quicker than an agent process, for waiting on a worker."""
        sql = "SELECT status FROM registers_registerimport WHERE id = %s"
        if self.url.startswith("sqlite:"):
            import sqlite3

            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as conn:
                return conn.execute(sql.replace("%s", "?"), (int(import_id),)).fetchone()[0]
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql, (int(import_id),)).fetchone()[0]

    def wait_for_status(self, import_id: str, *statuses: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while (status := self.import_status(import_id)) not in statuses:
            if time.monotonic() > deadline:
                pytest.fail(f"import {import_id} is {status}, not {statuses}")
            time.sleep(0.05)
        return status

    def env(self, pause_at: str = "") -> dict:
        env = base_env(self.url, self.root)
        env["FOTFASTE_PAUSE_AT"] = pause_at
        return env

    def file(self, name: str, text: str) -> Path:
        path = self.root / "files" / name
        path.write_text(text, encoding="utf-8")
        return path

    def agent(self, *args) -> dict:
        done = subprocess.run(
            [PYTHON, str(ROOT / "tests" / "faults" / "agent.py"), *map(str, args)],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def worker(self, pause_at: str = "", once: bool = False) -> subprocess.Popen:
        args = [PYTHON, "manage.py", "worker", "--sleep", "0.1", *(["--once"] if once else [])]
        proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env(pause_at), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.processes.append(proc)
        return proc

    def run_worker_once(self) -> str:
        proc = self.worker(once=True)
        out, _ = proc.communicate(timeout=180)
        assert proc.returncode == 0, out[-3000:]
        return out

    def wait_until_paused(self, point: str, proc: subprocess.Popen, timeout: float = 120) -> None:
        marker = self.pause / f"{point}.reached"
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if proc.poll() is not None:
                pytest.fail(f"the worker ended before {point}: {proc.stdout.read()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the worker did not reach {point}")
            time.sleep(0.02)

    def release(self, point: str) -> None:
        (self.pause / f"{point}.release").touch()

    def kill(self, proc: subprocess.Popen) -> None:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
            if proc.stdout:
                proc.stdout.close()


@pytest.fixture(scope="session")
def scratch_template(tmp_path_factory):
    """A database migrated once per session, copied for each test."""
    root = tmp_path_factory.mktemp("scratch-template")
    if vendor() == "sqlite":
        path = root / "template.sqlite3"
        migrate(f"sqlite:///{path}", root)
        yield ("sqlite", path)
        return
    name = f"fotfaste_faults_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        migrate(postgres_url(name), root)
        yield ("postgresql", name)
    finally:
        with admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def new_scratch(scratch_template, tmp_path):
    """Call it for each database the test needs (the faulted one, and one to replay the files one at a time)."""
    kind, template = scratch_template
    made: list[tuple[Scratch, str | None]] = []

    def make() -> Scratch:
        root = tmp_path / f"scratch{len(made)}"
        root.mkdir()
        if kind == "sqlite":
            path = root / "db.sqlite3"
            shutil.copyfile(template, path)
            scratch, name = Scratch(f"sqlite:///{path}", root), None
        else:
            name = f"{template}_{uuid.uuid4().hex[:8]}"
            with admin_connection() as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            scratch = Scratch(postgres_url(name), root)
        made.append((scratch, name))
        return scratch

    yield make
    for scratch, name in made:
        scratch.stop_all()
        if name:
            with admin_connection() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

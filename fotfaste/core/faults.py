"""Named points where the fault-injection tests stop a worker process, deterministically.

A test starts `manage.py worker` (or any command) with FOTFASTE_PAUSE_AT=<point>[,<point>…] and
FOTFASTE_PAUSE_DIR=<folder>. When the process reaches a named point it creates
<folder>/<point>.reached and waits until <folder>/<point>.release exists, so the test can kill it
there (SIGKILL), crash the database under it, or let another process race it, and then release it.

Honoured only when settings.FAULT_POINTS is on (the test settings); in production it does nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

# A test that forgets to release a point must not leave a process waiting for ever.
LONGEST_PAUSE_SECONDS = 300


def point(name: str) -> None:
    if not getattr(settings, "FAULT_POINTS", False):
        return
    if name not in os.environ.get("FOTFASTE_PAUSE_AT", "").split(","):
        return
    folder = Path(os.environ["FOTFASTE_PAUSE_DIR"])
    (folder / f"{name}.reached").write_text(str(os.getpid()))
    release = folder / f"{name}.release"
    deadline = time.monotonic() + LONGEST_PAUSE_SECONDS
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.02)

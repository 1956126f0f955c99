"""A guard on the database connection: persons are read through `grounds.restrict`, or not at all.

Every SELECT that reads the persons table must carry restrict()'s marker, unless it runs inside
`unrestricted(reason)` — the few system processes that are no user's read (a register import,
the KAA derivation, disposal, demo data). Requests, background jobs and management commands that
read personal data run `guarded()`. A read another way is a bug: with PERSON_QUERY_GUARD = "raise"
(the tests, development) it raises; in production ("log") it is logged as an error, so a missed
case shows up in the logs without taking the service down.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

from .grounds import MARKER

logger = logging.getLogger(__name__)

_GUARDED = "guarded"
# None: no entry point has said (outside requests, jobs and commands); "guarded"; or the reason a
# system process may read persons directly.
_state: ContextVar[str | None] = ContextVar("fotfaste_person_guard", default=None)

_READS_PERSONS = re.compile(r"""\b(?:FROM|JOIN)\s+["`]?people_person["`]?(?:\s|$|,|\))""", re.IGNORECASE)


class UnrestrictedPersonRead(RuntimeError):
    """Persons were read without fotfaste.access.grounds.restrict."""


@contextmanager
def guarded():
    """Inside a request, a job or a command: every read of persons must be restricted."""
    token = _state.set(_GUARDED)
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def unrestricted(reason: str):
    """A system process that reads persons for no user (say why): an import, the derivation, disposal."""
    token = _state.set(reason)
    try:
        yield
    finally:
        _state.reset(token)


def current_state() -> str | None:
    return _state.get()


def reads_persons_unrestricted(sql: str) -> bool:
    if not sql.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
        return False
    return MARKER not in sql and bool(_READS_PERSONS.search(sql))


def execute_wrapper(execute, sql, params, many, context):
    if _state.get() == _GUARDED and reads_persons_unrestricted(sql):
        found = _READS_PERSONS.search(sql)
        start = found.start() if found else 0
        message = f"Personer lästes utan fotfaste.access.grounds.restrict: {sql[:120]} … {sql[start : start + 300]}"
        if getattr(settings, "PERSON_QUERY_GUARD", "log") == "raise":
            raise UnrestrictedPersonRead(message)
        logger.error(message)
    return execute(sql, params, many, context)


def install(sender, connection, **kwargs) -> None:
    """connection_created: guard every new connection (installed from AccessConfig.ready)."""
    if execute_wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(execute_wrapper)

"""Consent rules as pure functions: its status on a day, and whether it is in force."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _

from .models import ConsentStatus

# Recorded states a consent can move to from each state. "Utgånget" is never recorded.
TRANSITIONS = {
    ConsentStatus.REQUESTED: {ConsentStatus.GIVEN, ConsentStatus.REFUSED},
    ConsentStatus.GIVEN: {ConsentStatus.WITHDRAWN},
    ConsentStatus.REFUSED: set(),
    ConsentStatus.WITHDRAWN: set(),
}


def status_on(
    status: str, valid_from: date | None, valid_until: date | None, withdrawn_at: datetime | None, day: date
) -> str:
    """The consent's status as a user should read it on `day`."""
    if status == ConsentStatus.GIVEN and withdrawn_at is not None:
        return ConsentStatus.WITHDRAWN
    if status == ConsentStatus.GIVEN and valid_until is not None and valid_until < day:
        return ConsentStatus.EXPIRED
    return status


def in_force(
    status: str, valid_from: date | None, valid_until: date | None, withdrawn_at: datetime | None, day: date
) -> bool:
    """Sharing may rest on the consent on `day`: given, started, not past its last day, not withdrawn."""
    return (
        status_on(status, valid_from, valid_until, withdrawn_at, day) == ConsentStatus.GIVEN
        and valid_from is not None
        and valid_from <= day
    )


def can_move(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, set())


def period_problem(valid_from: date | None, valid_until: date | None) -> str:
    """A Swedish sentence if the validity period is impossible, else ''."""
    if valid_from and valid_until and valid_until < valid_from:
        return _("Sista giltighetsdagen kan inte vara före den första.")
    return ""


def guardian_problem(*, required: bool, age: int, given_by: str, guardian_name: str) -> dict[str, str]:
    """Field → message when a guardian must consent too (under 18, where the agreement says so)."""
    if not required or age >= 18:
        return {}
    problems = {}
    if given_by != "personen_och_vardnadshavare":
        problems["given_by"] = _("Personen är under 18 år: vårdnadshavaren ska också samtycka.")
    if not guardian_name.strip():
        problems["guardian_name"] = _("Skriv vårdnadshavarens namn.")
    return problems

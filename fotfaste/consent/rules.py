"""Consent rules as pure functions: its status on a day, the moves between states, and which unit may
hold which kind of information."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _

from fotfaste.orgs.models import PartyKind
from fotfaste.orgs.roles import CASEWORK_ROLES, Role

from .models import SENSITIVE_KINDS, ConsentStatus, InformationKind

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


def is_kaa_unit(unit_roles: set[str]) -> bool:
    """A unit where anyone works as KAA caseworker: its documentation is KAA documentation."""
    return Role.KAA in unit_roles


def may_hold(kind: str, *, party_kind: str, user_roles: set[str], unit_roles: set[str]) -> bool:
    """Whether a user holding `user_roles` in a unit may record information of `kind` for it.

    The one rule, for records and mappings alike. `unit_roles` are the roles anyone holds in the
    unit. AF registration only at an AF office; income support only by a social worker; sensitive
    kinds (health, income support) never in a unit where anyone works as KAA caseworker, because
    everyone in a unit sees its documentation and KAA documentation holds no sensitive personal
    data (Skolverket); health by a casework role other than KAA.
    """
    if kind in SENSITIVE_KINDS and (is_kaa_unit(unit_roles) or Role.KAA in user_roles):
        return False
    if kind == InformationKind.EMPLOYMENT_SERVICE:
        return party_kind == PartyKind.EMPLOYMENT_SERVICE
    if kind == InformationKind.INCOME_SUPPORT:
        return Role.SOCIAL_WORKER in user_roles
    if kind == InformationKind.HEALTH:
        return bool((set(user_roles) & CASEWORK_ROLES) - {Role.KAA})
    return kind in (InformationKind.OCCUPATION_PLAN, InformationKind.IDENTITY)

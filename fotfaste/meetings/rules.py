"""Meeting rules as pure functions: why a young person belongs on a case review's agenda; talk capacity."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

NEW_MAPPING, PLAN_DUE, STALLED, TURNING_20 = "ny_kartlaggning", "plan_ses_over", "insats_star_still", "fyller_20"
REASON_LABELS = {
    NEW_MAPPING: _("Ny kartläggning"),
    PLAN_DUE: _("Planen ska ses över"),
    STALLED: _("Insats som står still"),
    TURNING_20: _("Fyller 20 snart"),
}
# Those closest to falling out of the municipality's responsibility come first.
REASON_ORDER = (TURNING_20, STALLED, PLAN_DUE, NEW_MAPPING)
NEW_MAPPING_DAYS = 30
TURNING_20_MONTHS = 3
DEFAULT_TALKS_PER_DAY = 4  # Emmaboda's agreement: four mapping talks a day, eighty a month


def twentieth_birthday(birth_date: date) -> date:
    try:
        return birth_date.replace(year=birth_date.year + 20)
    except ValueError:  # born 29 February
        return date(birth_date.year + 20, 3, 1)


def turns_20_within(birth_date: date, day: date, months: int = TURNING_20_MONTHS) -> bool:
    birthday = twentieth_birthday(birth_date)
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    try:
        limit = day.replace(year=year, month=month)
    except ValueError:
        limit = date(year, month, 28)
    return day <= birthday <= limit


def agenda_reasons(
    *, new_mapping: bool, plan_due: bool, stalled_measures: int, birth_date: date, day: date
) -> list[str]:
    """The reasons, in agenda order, that a young person of the collaboration needs the group's attention."""
    found = {
        NEW_MAPPING: new_mapping,
        PLAN_DUE: plan_due,
        STALLED: stalled_measures > 0,
        TURNING_20: turns_20_within(birth_date, day),
    }
    return [r for r in REASON_ORDER if found[r]]


def agenda_sort_key(reasons: list[str], name: str) -> tuple:
    return (min((REASON_ORDER.index(r) for r in reasons), default=len(REASON_ORDER)), -len(reasons), name)


def capacity_left(booked: int, per_day: int) -> int:
    return max(per_day - booked, 0)

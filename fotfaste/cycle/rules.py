"""The annual cycle's rules as pure functions: dates, rotation, status, SCB periods, capacity, the wheel's
geometry. No database, so they are tested without one (tests/unit/test_cycle_rules.py)."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext_lazy as _

MONTHS = range(1, 13)
MONTH_NAMES = (
    _("januari"), _("februari"), _("mars"), _("april"), _("maj"), _("juni"),
    _("juli"), _("augusti"), _("september"), _("oktober"), _("november"), _("december"),
)  # fmt: skip
# Seed 001 (Emmaboda): "4 kartläggningssamtal/dag = 20 samtal/vecka = 80 samtal/månad" — five days a
# week, four weeks a month.
WORKING_DAYS_PER_MONTH = 20
DUE_SOON_DAYS = 30  # Mina uppgifter shows the cycle's occurrences due this many days ahead, and the overdue

DONE, OVERDUE, UPCOMING = "gjord", "forsenad", "kommande"
STATUS_LABELS = {DONE: _("Gjord"), OVERDUE: _("Försenad"), UPCOMING: _("Kommande")}


def due_date(year: int, month: int, day: int) -> date:
    """The day of the month, or the month's last day when the month is shorter: a deadline set to the
    31st falls on 30 April and 28 (29) February, never in the next month."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrence_dates(months: Sequence[int], day: int, year: int) -> list[date]:
    return [due_date(year, m, day) for m in sorted(set(months))]


def clean_months(values: Sequence) -> list[int]:
    """Months as sorted distinct integers 1–12; ValueError (Swedish) for anything else."""
    months = set()
    for v in values:
        try:
            m = int(v)
        except (TypeError, ValueError):
            raise ValueError(_("Månaderna ska vara tal från 1 till 12.")) from None
        if m not in MONTHS:
            raise ValueError(_("Månaderna ska vara tal från 1 till 12."))
        months.add(m)
    if not months:
        raise ValueError(_("Välj minst en månad."))
    return sorted(months)


def rotation_pick(items: Sequence, year: int, position: int, per_year: int):
    """Whose turn it is at the `position`th occurrence (0-based) of `year`, with `per_year` occurrences a
    year: the turn goes on across the new year rather than starting over with the same one each January
    (Örebro's steering group: "Ordförande … skall vara rullande")."""
    if not items:
        return None
    return items[(year * per_year + position) % len(items)]


def status(due_on: date, done_on: date | None, today: date) -> str:
    if done_on:
        return DONE
    return OVERDUE if due_on < today else UPCOMING


def scb_period(due_on: date) -> tuple[date, date]:
    """The half-year a report due on `due_on` covers: the last half-year that ended before it (SCB's periods
    are 1 Jan–30 Jun and 1 Jul–31 Dec)."""
    if due_on.month >= 7:
        return date(due_on.year, 1, 1), date(due_on.year, 6, 30)
    return date(due_on.year - 1, 7, 1), date(due_on.year - 1, 12, 31)


def capacity_per_month(per_day: int | None) -> int | None:
    return per_day * WORKING_DAYS_PER_MONTH if per_day else None


# --- The wheel ------------------------------------------------------------------------------------

WHEEL_SIZE = 360
WHEEL_CENTRE = WHEEL_SIZE / 2
WHEEL_OUTER = 170
WHEEL_INNER = 62


def _point(radius: float, angle: float) -> tuple[float, float]:
    return (
        round(WHEEL_CENTRE + radius * math.sin(angle), 2),
        round(WHEEL_CENTRE - radius * math.cos(angle), 2),
    )


def sector_path(month: int, outer: float = WHEEL_OUTER, inner: float = WHEEL_INNER) -> str:
    """An SVG path for the month's sector of the ring, January at twelve o'clock, clockwise."""
    start, end = (month - 1) * math.pi / 6, month * math.pi / 6
    (x1, y1), (x2, y2) = _point(outer, start), _point(outer, end)
    (x3, y3), (x4, y4) = _point(inner, end), _point(inner, start)
    return f"M{x1} {y1} A{outer} {outer} 0 0 1 {x2} {y2} L{x3} {y3} A{inner} {inner} 0 0 0 {x4} {y4} Z"


def label_point(month: int, radius: float) -> tuple[float, float]:
    """The middle of the month's sector at `radius`: where its name and count are written."""
    return _point(radius, (month - 0.5) * math.pi / 6)


def year_hand(day: date, radius: float = WHEEL_OUTER + 4) -> tuple[float, float]:
    """Where on the wheel a day falls (the "today" hand): within its month's sector, as far as the month has
    gone, since every month has the same sector whatever its length."""
    days = calendar.monthrange(day.year, day.month)[1]
    return _point(radius, (day.month - 1 + (day.day - 0.5) / days) * math.pi / 6)

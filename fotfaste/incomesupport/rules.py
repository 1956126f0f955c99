"""Reading social services' monthly income-support list: pure checks of the header and each row.

No database here: the service (services.py) stores what `read_list` returns, or nothing at all when
it found an error. Messages name the row and the column and are shown to the user as they are, in
Swedish. A personnummer that is wrong is never echoed back: the page names no person, not even in
an error (docs/register-formats.md, `forsorjningsstod`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fotfaste.people.identity import IdentityNumberError, parse_identity_number
from fotfaste.registers.reader import normalise_column_name

PERSONNUMMER = "personnummer"
MONTH = "manad"
REQUIRED = (PERSONNUMMER, MONTH)

# The list is of young people; those outside 16–29 in the month are not counted by any indicator, so
# they are not stored either (data minimisation), only counted in a notice.
MIN_AGE, MAX_AGE = 16, 29
# Before this the agreements this serves did not exist; an earlier month is a typing error.
EARLIEST_MONTH = date(2000, 1, 1)

_MONTH_FORMS = (
    re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})"),
    re.compile(r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})"),
    # An Excel cell where someone typed 2026-03 becomes the date 2026-03-01, which the reader writes out.
    re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-01"),
)


class MonthError(ValueError):
    """Not a month; the message is a Swedish sentence."""


@dataclass(frozen=True)
class Entry:
    """One person on income support in one month, as stored."""

    personnummer: str  # 12 digits
    month: date  # the first of the month
    sex: str  # kvinna or man, from the number
    age: int  # whole years on the month's first day, from the number


@dataclass
class Reading:
    """What a list held: its valid entries (each person and month once), and what was wrong or noted."""

    entries: dict[tuple[str, date], Entry] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: int = 0
    outside_ages: int = 0

    @property
    def persons(self) -> int:
        return len({pnr for pnr, _month in self.entries})

    def per_month(self) -> list[tuple[date, int]]:
        """Persons per month, oldest first."""
        counts: dict[date, int] = {}
        for _pnr, month in self.entries:
            counts[month] = counts.get(month, 0) + 1
        return sorted(counts.items())


def parse_month(text: str, current: date) -> date:
    """'2026-03', '202603' (or Excel's '2026-03-01') → date(2026, 3, 1); not after the month of `current`."""
    value = text.strip()
    if not value:
        raise MonthError(_("månad saknas; skriv ÅÅÅÅ-MM."))
    found = next((m for form in _MONTH_FORMS if (m := form.fullmatch(value))), None)
    if found is None or not 1 <= int(found["month"]) <= 12:
        raise MonthError(_("”%(varde)s” är ingen månad; skriv ÅÅÅÅ-MM.") % {"varde": value[:20]})
    month = date(int(found["year"]), int(found["month"]), 1)
    if month < EARLIEST_MONTH:
        raise MonthError(_("”%(varde)s” är före år 2000; skriv ÅÅÅÅ-MM.") % {"varde": value[:20]})
    if month > current.replace(day=1):
        raise MonthError(
            _("”%(varde)s” är en månad som inte har börjat; listan kan bara gälla denna månad och tidigare.")
            % {"varde": value[:20]}
        )
    return month


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def header_problems(header: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """The positions of the required columns, and a Swedish error for each one missing."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = normalise_column_name(name)
        if key in REQUIRED and key not in positions:
            positions[key] = index
    errors = [
        _("Kolumnen ”%(kolumn)s” saknas i rubrikraden (rad 1).") % {"kolumn": name}
        for name in REQUIRED
        if name not in positions
    ]
    return positions, errors


def read_list(header: tuple[str, ...], rows: Iterable[tuple[int, list[str]]], today: date) -> Reading:
    """Check every row of a monthly list; an empty `errors` means everything in `entries` may be stored."""
    reading = Reading()
    positions, errors = header_problems(header)
    if errors:
        reading.errors.extend(errors)
        return reading
    pnr_at, month_at = positions[PERSONNUMMER], positions[MONTH]
    first_row: dict[tuple[str, date], int] = {}
    for row, values in rows:
        reading.rows += 1
        if len(values) > len(header):
            reading.errors.append(_("Rad %(rad)d har fler värden än rubrikraden har kolumner.") % {"rad": row})
            continue
        month = ident = None
        raw_pnr = values[pnr_at]
        if not raw_pnr:
            reading.errors.append(_("Rad %(rad)d, personnummer: personnummer saknas.") % {"rad": row})
        else:
            try:
                # The century of a 10-digit number is decided as of today; the young on the list are
                # under 30, so there is no ambiguity. Interim numbers are not folkbokföring numbers.
                ident = parse_identity_number(raw_pnr, on=today, allow_interim=False)
            except IdentityNumberError as exc:
                reading.errors.append(_("Rad %(rad)d, personnummer: %(fel)s") % {"rad": row, "fel": exc})
        try:
            month = parse_month(values[month_at], today)
        except MonthError as exc:
            reading.errors.append(_("Rad %(rad)d, manad: %(fel)s") % {"rad": row, "fel": exc})
        if ident is None or month is None:
            continue
        key = (ident.number, month)
        if key in first_row:
            reading.notices.append(
                _("Rad %(rad)d: samma person och månad som rad %(forsta)d; räknas en gång.")
                % {"rad": row, "forsta": first_row[key]}
            )
            continue
        first_row[key] = row
        age = age_on(ident.birth_date, month)
        if not MIN_AGE <= age <= MAX_AGE:
            reading.outside_ages += 1
            continue
        reading.entries[key] = Entry(ident.number, month, ident.sex, age)
    if reading.outside_ages:
        reading.notices.append(
            ngettext(
                "%(antal)d rad gäller en person som inte var 16–29 år den månaden. Den räknas inte och sparas inte.",
                "%(antal)d rader gäller personer som inte var 16–29 år den månaden. De räknas inte och sparas inte.",
                reading.outside_ages,
            )
            % {"antal": reading.outside_ages}
        )
    if not reading.rows and not reading.errors:
        reading.errors.append(_("Filen har ingen rad efter rubrikraden."))
    return reading

"""Follow-up periods: half-years written "2026H1"/"2026H2" and years written "2026". Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:H(?P<half>[12]))?$")


class PeriodError(ValueError):
    """Not a period; the message is Swedish."""


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # the last day of the period
    label: str

    @property
    def is_half_year(self) -> bool:
        return "H" in self.label

    @property
    def year(self) -> int:
        return self.start.year

    def measured_on(self, today: date) -> date:
        """The day a stock figure is taken: the period's last day, or today while the period runs."""
        return min(self.end, today)

    def previous(self, count: int) -> list[Period]:
        """This period and the `count - 1` before it of the same length, oldest first."""
        found, p = [self], self
        for _ in range(count - 1):
            p = p.before()
            found.append(p)
        return list(reversed(found))

    def before(self) -> Period:
        if not self.is_half_year:
            return parse_period(str(self.year - 1))
        if self.label.endswith("H2"):
            return parse_period(f"{self.year}H1")
        return parse_period(f"{self.year - 1}H2")


def parse_period(text: str) -> Period:
    """ "2026H1" → 1 January – 30 June 2026; "2026H2" → 1 July – 31 December; "2026" → the year."""
    found = _PERIOD.match((text or "").strip().upper())
    if not found or not 2000 <= int(found["year"]) <= 2100:
        raise PeriodError(f"Ogiltig period: {text!r}. Skriv ett halvår som 2026H1 eller 2026H2, eller ett år som 2026.")
    year, half = int(found["year"]), found["half"]
    if half == "1":
        return Period(date(year, 1, 1), date(year, 6, 30), f"{year}H1")
    if half == "2":
        return Period(date(year, 7, 1), date(year, 12, 31), f"{year}H2")
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def current_half_year(today: date) -> Period:
    return parse_period(f"{today.year}H{1 if today.month <= 6 else 2}")


def months_between(first: date, last: date) -> int:
    """Whole calendar months from `first` to `last` (the day of the month does not count)."""
    return (last.year - first.year) * 12 + last.month - first.month

"""The half-years of the KAA reporting to SCB: 1 January–30 June (H1) and 1 July–31 December (H2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

PATTERN = re.compile(r"^(\d{4})H([12])$")


class BadHalfYear(ValueError):
    pass


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    @classmethod
    def parse(cls, text: str) -> HalfYear:
        match = PATTERN.match((text or "").strip().upper())
        if not match or not 1900 < int(match.group(1)) < 2200:
            raise BadHalfYear(
                _("Ogiltigt halvår ”%(v)s”: skriv året och H1 eller H2, till exempel 2026H1.") % {"v": text}
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> HalfYear:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def last_day(self, today: date) -> date:
        """The last day the report can speak of: the half-year's end, or today while it runs."""
        return min(self.end, today)

    def previous(self) -> HalfYear:
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    def next(self) -> HalfYear:
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def label(self) -> str:
        return (
            _("1 januari–30 juni %(y)d") % {"y": self.year}
            if self.half == 1
            else _("1 juli–31 december %(y)d") % {"y": self.year}
        )

    def __str__(self) -> str:
        return f"{self.year}H{self.half}"


def recent(today: date, count: int = 4) -> list[HalfYear]:
    """The running half-year and those before it, newest first (the choices a page offers)."""
    found = [HalfYear.of(today)]
    while len(found) < count:
        found.append(found[-1].previous())
    return found


@dataclass(frozen=True, order=True)
class Year:
    """A calendar year, for the annual report: the same questions as a half-year, asked of the whole year."""

    year: int

    @classmethod
    def parse(cls, text: str) -> Year:
        text = (text or "").strip()
        if not (text.isdigit() and len(text) == 4 and 1900 < int(text) < 2200):
            raise BadHalfYear(_("Ogiltigt år ”%(v)s”: skriv fyra siffror, till exempel 2026.") % {"v": text})
        return cls(int(text))

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def last_day(self, today: date) -> date:
        return min(self.end, today)

    def halves(self) -> tuple[HalfYear, HalfYear]:
        return HalfYear(self.year, 1), HalfYear(self.year, 2)

    def label(self) -> str:
        return _("år %(y)d") % {"y": self.year}

    def __str__(self) -> str:
        return str(self.year)

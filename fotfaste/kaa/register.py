"""The KAA register as of a date: the `kaa_register` output (docs/register-formats.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from fotfaste.access.grounds import restrict

from .models import KaaPeriod

HEADER = (
    "personnummer",
    "fornamn",
    "efternamn",
    "kaa_fran",
    "registreringsorsak",
    "kaa_till",
    "avregistreringsorsak",
)


@dataclass(frozen=True)
class RegisterLine:
    person_id: int
    personnummer: str
    first_name: str
    last_name: str
    protection: str
    start: date
    start_reason: str
    end: date | None  # None while the period is still running on the as-of date
    end_reason: str

    def as_csv_row(self) -> list[str]:
        return [
            self.personnummer,
            self.first_name,
            self.last_name,
            self.start.isoformat(),
            self.start_reason,
            self.end.isoformat() if self.end else "",
            self.end_reason,
        ]


def register_periods(user, municipality: str, day: date, *, all_periods: bool) -> QuerySet[KaaPeriod]:
    """Covered on `day` (one row each), or with all_periods every period that started on or before it,
    of the persons `user` may see (the register's keeper: every period in the municipality)."""
    qs = KaaPeriod.objects.filter(
        municipality_id=municipality, start_date__lte=day, person__in=restrict(user, on=day).values("pk")
    )
    if not all_periods:
        qs = qs.filter(end_date__gte=day)
    return qs.order_by("person__personnummer", "start_date")


def register_lines(user, municipality: str, day: date, *, all_periods: bool) -> Iterator[RegisterLine]:
    rows = register_periods(user, municipality, day, all_periods=all_periods).values_list(
        "person_id",
        "person__personnummer",
        "person__first_name",
        "person__last_name",
        "person__protection",
        "start_date",
        "start_reason",
        "end_date",
        "end_reason",
    )
    for pid, pnr, first, last, protection, start, start_reason, end, end_reason in rows.iterator(chunk_size=5000):
        running = end >= day
        yield RegisterLine(
            pid,
            pnr,
            first,
            last,
            protection,
            start,
            start_reason,
            None if running else end,
            "" if running else end_reason,
        )

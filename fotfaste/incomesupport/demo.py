"""Demo monthly lists: the Örebro social-services unit reads in a list for each of the last 24 months.

The young people are the demo's own Örebro persons, taken from the list the demo run already holds
in memory (never read back from the persons table). The count falls gently, about 340 to 300 for
the demo's 3 000 persons, so the dashboard shows a trend. A random sequence of its own, seeded by
the day, so the demo's shared sequence — and every step after this one — is left alone.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from fotfaste.core.demo import DEFAULT_PERSONS, OREBRO, full_name
from fotfaste.people.identity import parse_identity_number

from . import rules, services

MONTHS = 24
FIRST_COUNT, LAST_COUNT = 340, 300  # per DEFAULT_PERSONS young people


def month_starts(today: date, count: int) -> list[date]:
    """The first days of the `count` months up to and including today's, oldest first."""
    year, month = today.year, today.month
    found = []
    for _i in range(count):
        found.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(found))


def demo_lists(numbers: list[str], today: date) -> dict[date, list[str]]:
    """Which of `numbers` had income support each month: the first n of a fixed shuffle who are 18–29 then."""
    rng = random.Random(today.toordinal())
    pool = sorted(numbers)
    rng.shuffle(pool)
    births = {n: parse_identity_number(n).birth_date for n in pool}
    scale = len(pool) / DEFAULT_PERSONS
    months = month_starts(today, MONTHS)
    lists = {}
    for i, month in enumerate(months):
        wanted = round((FIRST_COUNT + (LAST_COUNT - FIRST_COUNT) * i / (MONTHS - 1)) * scale)
        eligible = (n for n in pool if 18 <= rules.age_on(births[n], month) <= rules.MAX_AGE)
        lists[month] = [n for n, _i in zip(eligible, range(wanted), strict=False)]
    return lists


def demo_step(run) -> None:
    unit = run.unit("Försörjningsstöd")
    numbers = [p.personnummer for p in run.people.get(OREBRO, [])]
    added = 0
    with tempfile.TemporaryDirectory() as folder:
        for month, month_numbers in demo_lists(numbers, run.today).items():
            path = Path(folder) / f"forsorjningsstod-{month:%Y-%m}.csv"
            path.write_text(
                "personnummer;manad\n" + "".join(f"{n};{month:%Y-%m}\n" for n in month_numbers), encoding="utf-8"
            )
            result = services.import_list(
                unit=unit,
                path=path,
                file_name=path.name,
                user=run.users.get("socialsekreterare"),
                user_name=full_name("socialsekreterare"),
                today=run.today,
            )
            added += result.added
    run.lines.append(
        _("Försörjningsstöd: %(listor)d månadslistor med %(rader)d personmånader för Örebro")
        % {"listor": MONTHS, "rader": added}
    )

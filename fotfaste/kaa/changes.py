"""The change list after an import: who entered the KAA register and who left it, and why.

"Since the last import" means: covered on the previous import's date according
to the register before this import, compared with covered on this import's date
(never earlier than the previous one's) according to the register after it. That
catches both new facts (a dropout reported) and the passing of time (a 20th
birthday in between).

Set-based: take_snapshot() copies who was covered before the merge into a
scratch table, and record() compares with two INSERT … SELECT statements, so a
municipality with hundreds of thousands in the register costs no Python memory.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from fotfaste.core.bulk import execute, is_postgresql, using_index

from .models import CoverageSnapshot, Direction, KaaChange, KaaPeriod

# A person no longer counted as covered on the earlier date, because the new facts say they never were.
CORRECTED = "rattad"

KP = connection.ops.quote_name(KaaPeriod._meta.db_table)
KC = connection.ops.quote_name(KaaChange._meta.db_table)
SNAP = connection.ops.quote_name(CoverageSnapshot._meta.db_table)


def covered_on(municipality: str, day: date) -> set[int]:
    return set(
        KaaPeriod.objects.filter(municipality_id=municipality, start_date__lte=day, end_date__gte=day).values_list(
            "person_id", flat=True
        )
    )


def take_snapshot(imp, municipality: str, day: date | None) -> None:
    """Remember who is covered on `day` (the previous import's date) before this import changes anything."""
    if day is None:
        return
    execute(
        f"""INSERT INTO {SNAP} (register_import_id, person_id)
            SELECT %s, p.person_id FROM {KP} p
            WHERE p.municipality_id = %s AND p.start_date <= %s AND p.end_date >= %s""",
        [imp.pk, municipality, day, day],
    )


def _day_after(expression: str) -> str:
    if is_postgresql():
        return f"({expression} + 1)"
    return f"date({expression}, '+1 day')"


def record(imp, day: date) -> tuple[int, int]:
    """Store the import's change list as of `day` against the snapshot; returns (entered, left)."""
    municipality = imp.municipality_id
    entered = execute(
        f"""INSERT INTO {KC} (register_import_id, person_id, direction, reason, day)
            SELECT %s, p.person_id, %s, p.start_reason, p.start_date FROM {KP} p
            WHERE p.municipality_id = %s AND p.start_date <= %s AND p.end_date >= %s
              AND NOT EXISTS (SELECT 1 FROM {SNAP} s WHERE s.register_import_id = %s AND s.person_id = p.person_id)""",
        [imp.pk, Direction.ENTERED, municipality, day, day, imp.pk],
    )
    by_person = using_index("kaaperiod_person_muni")
    latest = f"""SELECT {{column}} FROM {KP} q {by_person}
                 WHERE q.person_id = s.person_id AND q.municipality_id = %s AND q.end_date < %s
                 ORDER BY q.end_date DESC LIMIT 1"""
    left = execute(
        f"""INSERT INTO {KC} (register_import_id, person_id, direction, reason, day)
            SELECT %s, s.person_id, %s,
                   COALESCE(({latest.format(column="q.end_reason")}), %s),
                   ({latest.format(column=_day_after("q.end_date"))})
            FROM {SNAP} s
            WHERE s.register_import_id = %s AND NOT EXISTS (
                SELECT 1 FROM {KP} p {by_person} WHERE p.person_id = s.person_id AND p.municipality_id = %s
                  AND p.start_date <= %s AND p.end_date >= %s)""",
        [
            imp.pk,
            Direction.LEFT,
            municipality,
            day,
            CORRECTED,
            municipality,
            day,
            imp.pk,
            municipality,
            day,
            day,
        ],
    )
    execute(f"DELETE FROM {SNAP} WHERE register_import_id = %s", [imp.pk])
    return entered, left

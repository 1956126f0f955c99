"""The change lists after an import: who entered a municipality's KAA register and who left it, and why.

Every municipality whose register the import changed gets one: the importing
municipality always, and another municipality when the file's facts re-derived
persons registered there (a school file names pupils from elsewhere) and someone
entered or left. "Since its previous change list" means: covered on that list's
day according to the register before this import, compared with covered on this
import's date (never earlier than that day) according to the register after it.
That catches both new facts (a dropout reported) and the passing of time (a
20th birthday in between).

Set-based: take_snapshot() copies who was covered before the merge into a
scratch table, and record() compares with two INSERT … SELECT statements, so a
municipality with hundreds of thousands in the register costs no Python memory.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from fotfaste.core.bulk import execute, fetch_all, is_postgresql, using_index
from fotfaste.registers.models import Registration

from .models import CoverageSnapshot, Direction, KaaChange, KaaChangeList, KaaPeriod

# A person no longer counted as covered on the earlier date, because the new facts say they never were.
CORRECTED = "rattad"

KP = connection.ops.quote_name(KaaPeriod._meta.db_table)
KC = connection.ops.quote_name(KaaChange._meta.db_table)
SNAP = connection.ops.quote_name(CoverageSnapshot._meta.db_table)
R = connection.ops.quote_name(Registration._meta.db_table)
CHUNK = 5000


def previous_list(municipality: str) -> KaaChangeList | None:
    """The municipality's latest change list, by whichever import it was made."""
    return KaaChangeList.objects.filter(municipality_id=municipality).order_by("-id").first()


def municipalities_of(person_ids: list[int]) -> set[str]:
    """Where these persons are registered, so where their periods are."""
    found: set[str] = set()
    for i in range(0, len(person_ids), CHUNK):
        chunk = person_ids[i : i + CHUNK]
        if is_postgresql():
            where, params = "person_id = ANY(%s)", [chunk]
        else:
            where, params = f"person_id IN ({', '.join(['%s'] * len(chunk))})", chunk
        found.update(code for (code,) in fetch_all(f"SELECT DISTINCT municipality_id FROM {R} WHERE {where}", params))
    return found


def covered_on(municipality: str, day: date) -> set[int]:
    return set(
        KaaPeriod.objects.filter(municipality_id=municipality, start_date__lte=day, end_date__gte=day).values_list(
            "person_id", flat=True
        )
    )


def take_snapshot(imp, municipality: str, day: date | None) -> None:
    """Remember who is covered on `day` (the previous change list's) before this import changes the periods."""
    if day is None:
        return
    execute(
        f"""INSERT INTO {SNAP} (register_import_id, municipality_id, person_id)
            SELECT %s, %s, p.person_id FROM {KP} p
            WHERE p.municipality_id = %s AND p.start_date <= %s AND p.end_date >= %s""",
        [imp.pk, municipality, municipality, day, day],
    )


def _day_after(expression: str) -> str:
    if is_postgresql():
        return f"({expression} + 1)"
    return f"date({expression}, '+1 day')"


def record(imp, municipality: str, day: date) -> tuple[int, int]:
    """Store the municipality's change list as of `day` against its snapshot; returns (entered, left)."""
    entered = execute(
        f"""INSERT INTO {KC} (register_import_id, municipality_id, person_id, direction, reason, day)
            SELECT %s, %s, p.person_id, %s, p.start_reason, p.start_date FROM {KP} p
            WHERE p.municipality_id = %s AND p.start_date <= %s AND p.end_date >= %s
              AND NOT EXISTS (SELECT 1 FROM {SNAP} s WHERE s.register_import_id = %s AND s.municipality_id = %s
                              AND s.person_id = p.person_id)""",
        [imp.pk, municipality, Direction.ENTERED, municipality, day, day, imp.pk, municipality],
    )
    by_person = using_index("kaaperiod_person_muni")
    latest = f"""SELECT {{column}} FROM {KP} q {by_person}
                 WHERE q.person_id = s.person_id AND q.municipality_id = %s AND q.end_date < %s
                 ORDER BY q.end_date DESC LIMIT 1"""
    left = execute(
        f"""INSERT INTO {KC} (register_import_id, municipality_id, person_id, direction, reason, day)
            SELECT %s, %s, s.person_id, %s,
                   COALESCE(({latest.format(column="q.end_reason")}), %s),
                   ({latest.format(column=_day_after("q.end_date"))})
            FROM {SNAP} s
            WHERE s.register_import_id = %s AND s.municipality_id = %s AND NOT EXISTS (
                SELECT 1 FROM {KP} p {by_person} WHERE p.person_id = s.person_id AND p.municipality_id = %s
                  AND p.start_date <= %s AND p.end_date >= %s)""",
        [
            imp.pk,
            municipality,
            Direction.LEFT,
            municipality,
            day,
            CORRECTED,
            municipality,
            day,
            imp.pk,
            municipality,
            municipality,
            day,
            day,
        ],
    )
    execute(f"DELETE FROM {SNAP} WHERE register_import_id = %s AND municipality_id = %s", [imp.pk, municipality])
    return entered, left

"""Arbetsförmedlingen's own register (af_inskrivning): compare a checked file with the unit's spells, merge
it, and keep the unit's own grounds in step with it (docs/register-formats.md).

A file is a full snapshot of the unit's spells as of its date, but a spell missing from a later file is
left as it was, never deleted. A spell is the unit's, keyed by personnummer, first day and category; a
file at least as recent as the newest file that stated it sets its last day. Every person the unit lists
and Fotfäste knows gets the unit an own ground (basis "register"), from the first day of their first
spell to the last day of their last, open while any spell is; a person Fotfäste learns of later gets it
when the population file that brings them is read in.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.core.bulk import execute, fetch_value, null_safe_equal

from .merge import IMPORTS, SS, P, Preview, _held_back, _store_notices, _streamed, table
from .models import EmploymentSpell

S, G = table(EmploymentSpell), table(OwnGround)
KEY = "e.unit_id = %s AND e.personnummer = s.personnummer AND e.start_date = s.start_date AND e.category = s.category"
REGISTER = OwnBasis.REGISTER.value


def _source_as_of(fact: str) -> str:
    return f"(SELECT x.as_of FROM {IMPORTS} x WHERE x.id = {fact}.source_import_id)"


def preview(import_id: int, unit_id: int) -> Preview:
    """New, changed (another last day) and unchanged spells, as the unit's register holds them."""
    rows = fetch_value(f"SELECT COUNT(*) FROM {SS} WHERE register_import_id = %s", [import_id])
    new = fetch_value(
        f"""SELECT COUNT(*) FROM {SS} s WHERE s.register_import_id = %s
            AND NOT EXISTS (SELECT 1 FROM {S} e WHERE {KEY})""",
        [import_id, unit_id],
    )
    changed = fetch_value(
        f"""SELECT COUNT(*) FROM {SS} s JOIN {S} e ON {KEY}
            WHERE s.register_import_id = %s AND NOT ({null_safe_equal("e.end_date", "s.end_date")})""",
        [unit_id, import_id],
    )
    return Preview(rows, new, changed, rows - new - changed, 0)


def merge(import_id: int, unit_id: int, as_of: date, end_column: str, actor_name: str) -> int:
    """Store a checked file's spells for the unit; returns the notices (last days a newer file already set)."""

    def notices():
        for row_no, newer in _streamed(
            f"""SELECT s.row_no, {_source_as_of("e")} FROM {SS} s JOIN {S} e ON {KEY}
                WHERE s.register_import_id = %s AND NOT ({null_safe_equal("e.end_date", "s.end_date")})
                  AND {_source_as_of("e")} > %s ORDER BY s.row_no""",
            [unit_id, import_id, as_of],
        ):
            yield row_no, end_column, _held_back(newer, what=_("en inskrivningsfil från Arbetsförmedlingen"))

    held_back = _store_notices(import_id, notices())
    same_spell = (
        f"{S}.unit_id = %s AND {S}.personnummer = s.personnummer AND {S}.start_date = s.start_date "
        f"AND {S}.category = s.category"
    )
    # A newer or equally recent file sets the last day; one that states the spell unchanged becomes its source.
    execute(
        f"""UPDATE {S} SET end_date = s.end_date, source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SS} s
            WHERE s.register_import_id = %s AND {same_spell} AND {_source_as_of(S)} <= %s
              AND (NOT ({null_safe_equal(f"{S}.end_date", "s.end_date")}) OR {_source_as_of(S)} < %s)""",
        [import_id, unit_id, as_of, as_of],
    )
    execute(
        f"""INSERT INTO {S} (unit_id, personnummer, start_date, end_date, category, source_import_id, source_row)
            SELECT %s, s.personnummer, s.start_date, s.end_date, s.category, s.register_import_id, s.row_no
            FROM {SS} s WHERE s.register_import_id = %s AND NOT EXISTS (SELECT 1 FROM {S} e WHERE {KEY})""",
        [unit_id, import_id, unit_id],
    )
    keep_grounds(f"SELECT personnummer FROM {SS} WHERE register_import_id = %s", [import_id], actor_name)
    return held_back


def keep_grounds(personnummer_sql: str, params: list, actor_name: str) -> int:
    """Bring the register grounds of the persons selected (by personnummer) in step with their spells, for
    every unit that lists them. Returns how many grounds were opened.

    A ground a user ended ("Avsluta kontakt") stays ended until a spell starts after it; the others follow
    the spells: from the first spell's first day, open while any spell is, else to the last spell's last day.
    """
    spans = f"""SELECT p.id AS person_id, e.unit_id AS unit_id, MIN(e.start_date) AS first_day,
                    MAX(e.start_date) AS latest_start,
                    CASE WHEN COUNT(*) > COUNT(e.end_date) THEN NULL ELSE MAX(e.end_date) END AS last_day
                FROM {S} e JOIN {P} p ON p.personnummer = e.personnummer
                WHERE e.personnummer IN ({personnummer_sql})
                GROUP BY p.id, e.unit_id"""
    opened = execute(
        f"""INSERT INTO {G} (person_id, unit_id, start_date, end_date, basis, created_by_name, created_at,
                end_reason, ended_by_name)
            SELECT d.person_id, d.unit_id, d.first_day, d.last_day, %s, %s, %s, '', ''
            FROM ({spans}) d
            WHERE NOT EXISTS (SELECT 1 FROM {G} g WHERE g.person_id = d.person_id AND g.unit_id = d.unit_id
                              AND g.basis = %s AND (g.end_reason = '' OR g.end_date >= d.latest_start))""",
        [REGISTER, actor_name[:150], timezone.now(), *params, REGISTER],
    )
    span_of = f"""(SELECT {{what}} FROM {S} e JOIN {P} p ON p.personnummer = e.personnummer
                   WHERE p.id = {G}.person_id AND e.unit_id = {G}.unit_id)"""
    first = span_of.format(what="MIN(e.start_date)")
    last = span_of.format(what="CASE WHEN COUNT(*) > COUNT(e.end_date) THEN NULL ELSE MAX(e.end_date) END")
    execute(
        f"""UPDATE {G} SET start_date = {first}, end_date = {last}
            WHERE basis = %s AND end_reason = ''
              AND person_id IN (SELECT p.id FROM {P} p WHERE p.personnummer IN ({personnummer_sql}))
              AND EXISTS (SELECT 1 FROM {S} e JOIN {P} p ON p.personnummer = e.personnummer
                          WHERE p.id = {G}.person_id AND e.unit_id = {G}.unit_id)
              AND (start_date <> {first} OR NOT ({null_safe_equal("end_date", last)}))""",
        [REGISTER, *params],
    )
    return opened


def keep_grounds_of_import(import_id: int, staged_persons_table: str, actor_name: str) -> int:
    """After a population file: the persons it brought that a unit's register already lists."""
    return keep_grounds(
        f"SELECT personnummer FROM {staged_persons_table} WHERE register_import_id = %s", [import_id], actor_name
    )

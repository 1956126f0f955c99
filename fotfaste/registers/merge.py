"""Set-based SQL that compares a checked file in staging with the stored facts, and merges it.

One statement per step, whatever the number of rows; the same SQL runs on
SQLite and PostgreSQL (only NULL-safe comparison differs, see core.bulk).
Nothing here decides access or writes the read log: it runs inside an import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils.translation import gettext as _

from fotfaste.access.models import ChangeLogEntry
from fotfaste.core.bulk import execute, fetch_all, fetch_value, indexes_built_after, null_safe_equal
from fotfaste.kaa.rules import REGISTRATION_MISSING, REGISTRATION_SUPERSEDED
from fotfaste.people.models import Person

from .models import (
    Certificate,
    Enrolment,
    ImportProblem,
    Registration,
    StagedCertificate,
    StagedEnrolment,
    StagedPerson,
)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


P, R = table(Person), table(Registration)
E, C = table(Enrolment), table(Certificate)
SP, SE, SC = table(StagedPerson), table(StagedEnrolment), table(StagedCertificate)
PROBLEMS = table(ImportProblem)
Q_ROW, Q_COLUMN = connection.ops.quote_name("row"), connection.ops.quote_name("column")


@dataclass
class Preview:
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    disappeared: int = 0


# --- Checks that need the whole file ------------------------------------------------


def duplicate_rows(kind: str, import_id: int) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key in the file: one pass over the file's rows."""
    staged, key = {
        "folkbokforing": (SP, "personnummer"),
        "elevregister": (SE, "personnummer, school_form, programme, start_date"),
        "betyg": (SC, "personnummer, kind, issued"),
    }[kind]
    # Grouping finds the few repeated keys without sorting every row of the file.
    same_key = " AND ".join(f"s.{k} = d.{k}" for k in key.split(", "))
    return fetch_all(
        f"""SELECT s.row_no, d.first_row FROM {staged} s JOIN (
                SELECT {key}, MIN(row_no) AS first_row FROM {staged} WHERE register_import_id = %s
                GROUP BY {key} HAVING COUNT(*) > 1) d ON {same_key}
            WHERE s.register_import_id = %s AND s.row_no <> d.first_row ORDER BY s.row_no""",
        [import_id, import_id],
    )


def add_not_in_population_notices(kind: str, import_id: int, municipality: str, column: str) -> int:
    """School rows for people the municipality's population does not list are kept, with a notice."""
    staged = SE if kind == "elevregister" else SC
    return execute(
        f"""INSERT INTO {PROBLEMS} (register_import_id, severity, {Q_ROW}, {Q_COLUMN}, message)
            SELECT %s, 'meddelande', s.row_no, %s, %s FROM {staged} s
            WHERE s.register_import_id = %s AND NOT EXISTS (
                SELECT 1 FROM {P} p JOIN {R} r ON r.person_id = p.id
                WHERE p.personnummer = s.personnummer AND r.municipality_id = %s)""",
        [
            import_id,
            column,
            _("Personen finns inte i kommunens folkbokföring. Raden sparas ändå."),
            import_id,
            municipality,
        ],
    )


# --- Population -----------------------------------------------------------------


def normalise_population_starts(import_id: int, municipality: str) -> None:
    """A row without folkbokford_datum continues the registration already known (missing data is not news)."""
    known = f"""SELECT 1 FROM {R} r JOIN {P} p ON p.id = r.person_id
                WHERE p.personnummer = s.personnummer AND r.municipality_id = %s"""
    execute(
        f"""UPDATE {SP} AS s SET registered_on = (
                SELECT MAX(r.start_date) FROM {R} r JOIN {P} p ON p.id = r.person_id
                WHERE p.personnummer = s.personnummer AND r.municipality_id = %s)
            WHERE s.register_import_id = %s AND s.registered_on IS NULL
              AND EXISTS ({known} AND r.start_date IS NOT NULL)
              AND NOT EXISTS ({known} AND r.start_date IS NULL)""",
        [municipality, import_id, municipality, municipality],
    )


def _registration_as_in_row() -> str:
    return (
        f"SELECT 1 FROM {R} r WHERE r.person_id = p.id AND r.municipality_id = %s "
        f"AND {null_safe_equal('r.start_date', 's.registered_on')} "
        f"AND {null_safe_equal('r.end_date', 's.registration_end')} AND r.end_kind = s.registration_end_kind"
    )


def _population_changed_condition() -> str:
    return f"(p.register_hash <> s.row_hash OR NOT EXISTS ({_registration_as_in_row()}))"


def _disappeared_from() -> str:
    """Registered, not in this snapshot, and not simply aged out of it (snapshots list ages 15–20).

    Parameters: municipality, import id, the day the oldest in the snapshot were born (as_of minus 21 years).
    """
    return f"""FROM {R} r JOIN {P} p ON p.id = r.person_id
               WHERE r.municipality_id = %s AND r.end_date IS NULL AND NOT EXISTS (
                   SELECT 1 FROM {SP} s WHERE s.register_import_id = %s AND s.personnummer = p.personnummer)
               AND p.birth_date > %s"""


def aged_out_birth_date(as_of: date) -> date:
    """Born on or before this day: 21 or older on `as_of`, so no longer in a 15–20 snapshot."""
    try:
        return as_of.replace(year=as_of.year - 21)
    except ValueError:  # 29 February
        return date(as_of.year - 21, 2, 28)


def count_new_persons(import_id: int) -> int:
    return fetch_value(
        f"""SELECT COUNT(*) FROM {SP} s WHERE s.register_import_id = %s
            AND NOT EXISTS (SELECT 1 FROM {P} p WHERE p.personnummer = s.personnummer)""",
        [import_id],
    )


def population_preview(import_id: int, municipality: str, as_of: date) -> Preview:
    rows = fetch_value(f"SELECT COUNT(*) FROM {SP} WHERE register_import_id = %s", [import_id])
    new = count_new_persons(import_id)
    changed = fetch_value(
        f"""SELECT COUNT(*) FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
            WHERE s.register_import_id = %s AND {_population_changed_condition()}""",
        [import_id, municipality],
    )
    disappeared = fetch_value(
        f"SELECT COUNT(*) {_disappeared_from()}", [municipality, import_id, aged_out_birth_date(as_of)]
    )
    return Preview(rows, new, changed, rows - new - changed, disappeared)


# Person fields the population file sets, by canonical column; a column the file lacks leaves the field alone.
PERSON_COLUMNS = (
    ("fornamn", "first_name"),
    ("fornamn", "sort_name"),
    ("efternamn", "last_name"),
    ("efternamn", "sort_name"),
    ("utdelningsadress", "street_address"),
    ("postnummer", "postal_code"),
    ("postort", "postal_town"),
    ("kommunkod", "home_municipality_id"),
    ("skyddad", "protection"),
    ("bakgrund", "background"),
    ("invandrad_datum", "immigrated_on"),
    ("avliden_datum", "died_on"),
)
STAGED_SOURCE = {"home_municipality_id": "municipality_code"}


def _insert_new_persons(import_id: int, now) -> None:
    # Who is known already is asked of the unique index, row by row as they go in: a NOT EXISTS
    # on the table being filled can be planned as a scan of it per row (PostgreSQL, once it knows
    # the table as empty), which grows with every row inserted.
    execute(
        f"""INSERT INTO {P} (personnummer, identity_kind, birth_date, sex, first_name, last_name, sort_name,
                street_address, postal_code, postal_town, phone, email, home_municipality_id, background, protection,
                immigrated_on, died_on, register_hash, source_import_id, source_row, created_at, updated_at)
            SELECT s.personnummer, s.identity_kind, s.birth_date, s.sex, s.first_name, s.last_name, s.sort_name,
                s.street_address, s.postal_code, s.postal_town, '', '', s.municipality_code, s.background, s.protection,
                s.immigrated_on, s.died_on, s.row_hash, s.register_import_id, s.row_no, %s, %s
            FROM {SP} s WHERE s.register_import_id = %s
            ON CONFLICT DO NOTHING""",
        [now, now, import_id],
    )


def _update_known_persons(import_id: int, municipality: str, columns: dict[str, str], now, actor_name: str) -> None:
    """The snapshot's news about persons known before: their register fields and their registrations here."""
    fields = list(dict.fromkeys(field for column, field in PERSON_COLUMNS if column in columns))
    _log_person_changes(import_id, fields, now, actor_name)
    assignments = ", ".join(f"{f} = s.{STAGED_SOURCE.get(f, f)}" for f in fields)
    execute(
        f"""UPDATE {P} SET {assignments}{", " if assignments else ""}register_hash = s.row_hash,
                source_import_id = s.register_import_id, source_row = s.row_no, updated_at = %s
            FROM {SP} s
            WHERE s.register_import_id = %s AND {P}.personnummer = s.personnummer AND {P}.register_hash <> s.row_hash""",
        [now, import_id],
    )

    normalise_population_starts(import_id, municipality)
    # The registration the row describes already exists: bring its end up to date.
    execute(
        f"""UPDATE {R} SET end_date = s.registration_end, end_kind = s.registration_end_kind,
                source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
            WHERE s.register_import_id = %s AND {R}.person_id = p.id AND {R}.municipality_id = %s
              AND {null_safe_equal(f"{R}.start_date", "s.registered_on")}
              AND NOT ({null_safe_equal(f"{R}.end_date", "s.registration_end")} AND {R}.end_kind = s.registration_end_kind)""",
        [import_id, municipality],
    )
    # A new folkbokford_datum: the person moved away and back, so the earlier registration ended then.
    execute(
        f"""UPDATE {R} SET end_date = s.registered_on, end_kind = %s,
                source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
            WHERE s.register_import_id = %s AND {R}.person_id = p.id AND {R}.municipality_id = %s
              AND {R}.end_date IS NULL AND s.registered_on IS NOT NULL
              AND ({R}.start_date IS NULL OR {R}.start_date < s.registered_on)""",
        [REGISTRATION_SUPERSEDED, import_id, municipality],
    )


def merge_population(
    import_id: int, municipality: str, as_of: date, columns: dict[str, str], now, actor_name: str
) -> list[int]:
    """Merge a checked population snapshot; returns the ids of persons whose facts changed."""
    aged_out = aged_out_birth_date(as_of)
    new = count_new_persons(import_id)
    with indexes_built_after(Person, new):
        _insert_new_persons(import_id, now)
    if new < fetch_value(f"SELECT COUNT(*) FROM {SP} WHERE register_import_id = %s", [import_id]):
        # Someone in the snapshot was known before (in a first load, nobody is: nothing to compare).
        _update_known_persons(import_id, municipality, columns, now, actor_name)
    # Every new person has a new registration here. One already known is a conflict with
    # registration_unique_start or, without a start date, registration_unique_birth.
    with indexes_built_after(Registration, new):
        execute(
            f"""INSERT INTO {R} (person_id, municipality_id, start_date, end_date, end_kind, source_import_id, source_row)
                SELECT p.id, %s, s.registered_on, s.registration_end, s.registration_end_kind, s.register_import_id,
                    s.row_no
                FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
                WHERE s.register_import_id = %s
                ON CONFLICT DO NOTHING""",
            [municipality, import_id],
        )
    # Listed before, missing now, no moving date: moved out on the snapshot's date (FORMATS.md rule 1).
    execute(
        f"""UPDATE {R} SET end_date = %s, end_kind = %s, source_import_id = %s, source_row = NULL
            WHERE id IN (SELECT r.id {_disappeared_from()})""",
        [as_of, REGISTRATION_MISSING, import_id, municipality, import_id, aged_out],
    )
    # Everything this import created or changed carries its id (provenance): those are the persons to derive again.
    return column(
        f"SELECT id FROM {P} WHERE source_import_id = %s UNION SELECT person_id FROM {R} WHERE source_import_id = %s",
        [import_id, import_id],
    )


def column(sql: str, params) -> list:
    """The first column of every row, read in batches (a million ids fit, a million tuples would not)."""
    values = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(10_000):
            values.extend(row[0] for row in batch)
    return values


def persons_with_facts_from(import_id: int, facts: str) -> list[int]:
    return column(
        f"SELECT DISTINCT p.id FROM {P} p JOIN {facts} f ON f.personnummer = p.personnummer WHERE f.source_import_id = %s",
        [import_id],
    )


LOGGED_FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "postal_town",
    "home_municipality_id",
    "protection",
    "background",
    "immigrated_on",
    "died_on",
)


def _log_person_changes(import_id: int, fields: list[str], now, actor_name: str) -> None:
    """Before/after of every person the snapshot changes, like any other change to personal data."""
    logged = [f for f in LOGGED_FIELDS if f in fields]
    if not logged:
        return
    select = ", ".join(f"p.{f}, s.{STAGED_SOURCE.get(f, f)}" for f in logged)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT p.id, p.personnummer, {select} FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
                WHERE s.register_import_id = %s AND p.register_hash <> s.row_hash""",
            [import_id],
        )
        while batch := cursor.fetchmany(2000):
            entries = []
            for row in batch:
                before, after = {}, {}
                for i, name in enumerate(logged):
                    old, new = row[2 + 2 * i], row[3 + 2 * i]
                    if _text(old) != _text(new):
                        before[name], after[name] = _text(old), _text(new)
                if after:
                    entries.append(
                        ChangeLogEntry(
                            at=now,
                            username=actor_name,
                            person_id=row[0],
                            personnummer=row[1],
                            action="registerimport",
                            before=before,
                            after=after,
                        )
                    )
            ChangeLogEntry.objects.bulk_create(entries)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- School enrolments ----------------------------------------------------------------

ENROLMENT_KEY = (
    "e.personnummer = s.personnummer AND e.school_form = s.school_form "
    "AND e.programme = s.programme AND e.start_date = s.start_date"
)


def enrolment_preview(import_id: int) -> Preview:
    rows = fetch_value(f"SELECT COUNT(*) FROM {SE} WHERE register_import_id = %s", [import_id])
    new = fetch_value(
        f"""SELECT COUNT(*) FROM {SE} s WHERE s.register_import_id = %s
            AND NOT EXISTS (SELECT 1 FROM {E} e WHERE {ENROLMENT_KEY})""",
        [import_id],
    )
    changed = fetch_value(
        f"""SELECT COUNT(*) FROM {SE} s JOIN {E} e ON {ENROLMENT_KEY}
            WHERE s.register_import_id = %s AND e.row_hash <> s.row_hash""",
        [import_id],
    )
    return Preview(rows, new, changed, rows - new - changed, 0)


def merge_enrolments(import_id: int) -> list[int]:
    execute(
        f"""UPDATE {E} SET school_unit = s.school_unit, end_date = s.end_date, end_cause = s.end_cause,
                row_hash = s.row_hash, source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SE} s
            WHERE s.register_import_id = %s AND {E}.personnummer = s.personnummer
              AND {E}.school_form = s.school_form AND {E}.programme = s.programme
              AND {E}.start_date = s.start_date AND {E}.row_hash <> s.row_hash""",
        [import_id],
    )
    execute(
        f"""INSERT INTO {E} (personnummer, school_form, programme, school_unit, start_date, end_date, end_cause,
                row_hash, source_import_id, source_row)
            SELECT s.personnummer, s.school_form, s.programme, s.school_unit, s.start_date, s.end_date, s.end_cause,
                s.row_hash, s.register_import_id, s.row_no
            FROM {SE} s WHERE s.register_import_id = %s AND NOT EXISTS (SELECT 1 FROM {E} e WHERE {ENROLMENT_KEY})""",
        [import_id],
    )
    return persons_with_facts_from(import_id, E)


# --- Diplomas and certificates ---------------------------------------------------------

CERTIFICATE_KEY = "c.personnummer = s.personnummer AND c.kind = s.kind AND c.issued = s.issued"


def certificate_preview(import_id: int) -> Preview:
    rows = fetch_value(f"SELECT COUNT(*) FROM {SC} WHERE register_import_id = %s", [import_id])
    new = fetch_value(
        f"""SELECT COUNT(*) FROM (SELECT DISTINCT s.personnummer, s.kind, s.issued FROM {SC} s
            WHERE s.register_import_id = %s AND NOT EXISTS (SELECT 1 FROM {C} c WHERE {CERTIFICATE_KEY})) n""",
        [import_id],
    )
    return Preview(rows, new, 0, rows - new, 0)


def merge_certificates(import_id: int) -> list[int]:
    execute(
        f"""INSERT INTO {C} (personnummer, kind, issued, source_import_id, source_row)
            SELECT s.personnummer, s.kind, s.issued, MIN(s.register_import_id), MIN(s.row_no) FROM {SC} s
            WHERE s.register_import_id = %s AND NOT EXISTS (SELECT 1 FROM {C} c WHERE {CERTIFICATE_KEY})
            GROUP BY s.personnummer, s.kind, s.issued""",
        [import_id],
    )
    return persons_with_facts_from(import_id, C)


def clear_staging(import_id: int) -> None:
    for staged in (SP, SE, SC):
        execute(f"DELETE FROM {staged} WHERE register_import_id = %s", [import_id])

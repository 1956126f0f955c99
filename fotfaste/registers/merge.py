"""Set-based SQL that compares a checked file in staging with the stored facts, and merges it.

One statement per step, whatever the number of rows; the same SQL runs on
SQLite and PostgreSQL (only NULL-safe comparison differs, see core.bulk).
Nothing here decides access or writes the read log: it runs inside an import.

Recency: a fact is only replaced by a file at least as recent as the newest file that stated it
(docs/kaa-register.md, "Newer files win"). A municipality's own population snapshots are read in
date order, so they always are; what another municipality's newer file set is left alone, and the
row gets a notice saying so. School facts keep the newest file that stated them as their source.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    ImportStatus,
    RegisterImport,
    RegisterKind,
    Registration,
    Severity,
    StagedCertificate,
    StagedEnrolment,
    StagedPerson,
    StagedSpell,
)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


P, R = table(Person), table(Registration)
E, C = table(Enrolment), table(Certificate)
SP, SE, SC, SS = table(StagedPerson), table(StagedEnrolment), table(StagedCertificate), table(StagedSpell)
IMPORTS = table(RegisterImport)
PROBLEMS = table(ImportProblem)
Q_ROW, Q_COLUMN = connection.ops.quote_name("row"), connection.ops.quote_name("column")
STAGED = {
    RegisterKind.POPULATION: SP,
    RegisterKind.ENROLMENTS: SE,
    RegisterKind.CERTIFICATES: SC,
    RegisterKind.EMPLOYMENT_SERVICE: SS,
}
DONE = ImportStatus.DONE.value
POPULATION = RegisterKind.POPULATION.value


@dataclass
class Preview:
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    disappeared: int = 0


def staged_count(kind: str, import_id: int) -> int:
    return fetch_value(f"SELECT COUNT(*) FROM {STAGED[kind]} WHERE register_import_id = %s", [import_id])


# --- What the newest files said ----------------------------------------------------------------


def latest_snapshot_sql(municipality_column: str) -> str:
    """The date of the municipality's newest population snapshot read in."""
    return f"""(SELECT MAX(l.as_of) FROM {IMPORTS} l
               WHERE l.municipality_id = {municipality_column} AND l.kind = '{POPULATION}' AND l.status = '{DONE}')"""


def registration_claim_sql(r: str) -> str:
    """Up to which file date the registration `r` is vouched for: an open one by its municipality's newest
    snapshot (snapshots are whole: someone missing from one has their registration ended), an ended one by
    the newest snapshot that still listed the person there (confirmed_on), or else the file that set it."""
    return f"""(CASE WHEN {r}.end_date IS NULL THEN {latest_snapshot_sql(f"{r}.municipality_id")}
               ELSE COALESCE({r}.confirmed_on, (SELECT x.as_of FROM {IMPORTS} x WHERE x.id = {r}.source_import_id)) END)"""


def person_claim_sql(p: str, i: str) -> str:
    """Up to which file date a person's register fields are vouched for by the municipality whose file
    (`i`, the person's source import) set them: the newest snapshot of it that listed the person."""
    return f"""(CASE WHEN EXISTS (SELECT 1 FROM {R} o WHERE o.person_id = {p}.id
                                     AND o.municipality_id = {i}.municipality_id AND o.end_date IS NULL)
                THEN {latest_snapshot_sql(f"{i}.municipality_id")}
                ELSE COALESCE((SELECT MAX(o.confirmed_on) FROM {R} o
                               WHERE o.person_id = {p}.id AND o.municipality_id = {i}.municipality_id), {i}.as_of)
                END)"""


def latest_snapshots() -> dict[str, date]:
    """Each municipality's newest population snapshot read in."""
    return {
        code: _as_date(day)
        for code, day in fetch_all(
            f"SELECT municipality_id, MAX(as_of) FROM {IMPORTS} WHERE kind = %s AND status = %s GROUP BY municipality_id",
            [POPULATION, DONE],
        )
    }


def _as_date(value) -> date | None:
    """SQLite gives dates computed in SQL (MAX, CASE) back as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# --- Checks that need the whole file ------------------------------------------------


def duplicate_rows(kind: str, import_id: int) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key in the file: one pass over the file's rows."""
    staged, key = {
        "folkbokforing": (SP, "personnummer"),
        "elevregister": (SE, "personnummer, school_form, programme, start_date"),
        "betyg": (SC, "personnummer, kind, issued"),
        "af_inskrivning": (SS, "personnummer, start_date, category"),
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
    staged = STAGED[kind]
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


def _known_here() -> str:
    """The person of staged row `s` has been registered in the municipality (parameter: municipality)."""
    return f"""EXISTS (SELECT 1 FROM {P} k JOIN {R} kr ON kr.person_id = k.id
                       WHERE k.personnummer = s.personnummer AND kr.municipality_id = %s)"""


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
    """Persons of the file not in the database at all: for loading, never shown (see population_preview)."""
    return fetch_value(
        f"""SELECT COUNT(*) FROM {SP} s WHERE s.register_import_id = %s
            AND NOT EXISTS (SELECT 1 FROM {P} p WHERE p.personnummer = s.personnummer)""",
        [import_id],
    )


def count_disappeared(import_id: int, municipality: str, as_of: date) -> int:
    return fetch_value(f"SELECT COUNT(*) {_disappeared_from()}", [municipality, import_id, aged_out_birth_date(as_of)])


def count_current_registrations(municipality: str, as_of: date) -> int:
    """Registered in the municipality now, of the ages its snapshots list: what a snapshot could end."""
    return fetch_value(
        f"""SELECT COUNT(*) FROM {R} r JOIN {P} p ON p.id = r.person_id
            WHERE r.municipality_id = %s AND r.end_date IS NULL AND p.birth_date > %s""",
        [municipality, aged_out_birth_date(as_of)],
    )


def population_preview(import_id: int, municipality: str, as_of: date) -> Preview:
    """New, changed and unchanged as the municipality knows its residents: by its own registrations.

    Never by the database as a whole, so a preview (a dry run) cannot tell whether a personnummer is
    known to another municipality.
    """
    rows = staged_count(RegisterKind.POPULATION, import_id)
    new = fetch_value(
        f"SELECT COUNT(*) FROM {SP} s WHERE s.register_import_id = %s AND NOT {_known_here()}",
        [import_id, municipality],
    )
    changed = fetch_value(
        f"""SELECT COUNT(*) FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
            WHERE s.register_import_id = %s AND {_known_here()} AND {_population_changed_condition()}""",
        [import_id, municipality, municipality],
    )
    return Preview(rows, new, changed, rows - new - changed, count_disappeared(import_id, municipality, as_of))


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


def _mark_newer_elsewhere(import_id: int, municipality: str) -> int:
    """Staged rows whose person's facts another municipality's file set, with the date it vouches for them.

    Only rows that would change something are looked at; a row is held back (newer_as_of after the
    file's date) when that municipality's newest snapshot listing the person is newer than this file.
    """
    return execute(
        f"""UPDATE {SP} SET newer_as_of = {person_claim_sql("p", "i")}
            FROM {P} p JOIN {IMPORTS} i ON i.id = p.source_import_id
            WHERE {SP}.register_import_id = %s AND p.personnummer = {SP}.personnummer
              AND p.register_hash <> {SP}.row_hash AND i.municipality_id <> %s""",
        [import_id, municipality],
    )


def _may_update(s: str = "s") -> str:
    """The staged row may set the person's fields: no newer file of another municipality did (param: as_of)."""
    return f"({s}.newer_as_of IS NULL OR {s}.newer_as_of <= %s)"


def _update_known_persons(
    import_id: int, municipality: str, as_of: date, columns: dict[str, str], now, actor_name: str
) -> int:
    """The snapshot's news about persons known before: their register fields and their registrations here.

    Returns the number of notices about news held back because another municipality's file is newer.
    """
    fields = list(dict.fromkeys(field for column, field in PERSON_COLUMNS if column in columns))
    marked = _mark_newer_elsewhere(import_id, municipality)
    notices = _held_back_person_notices(import_id, as_of, columns, fields) if marked else 0
    _log_person_changes(import_id, as_of, fields, now, actor_name)
    assignments = [
        # A tie between two municipalities' files of the same date never removes protection.
        f"""{f} = CASE WHEN s.newer_as_of = %s AND {P}.protection <> '' AND s.protection = ''
                       THEN {P}.protection ELSE s.protection END"""
        if f == "protection"
        else f"{f} = s.{STAGED_SOURCE.get(f, f)}"
        for f in fields
    ]
    params = [as_of] if "protection" in fields else []
    execute(
        f"""UPDATE {P} SET {", ".join(assignments)}{", " if assignments else ""}register_hash = s.row_hash,
                source_import_id = s.register_import_id, source_row = s.row_no, updated_at = %s
            FROM {SP} s
            WHERE s.register_import_id = %s AND {P}.personnummer = s.personnummer AND {P}.register_hash <> s.row_hash
              AND {_may_update()}""",
        [*params, now, import_id, as_of],
    )
    return notices


def _update_registrations(import_id: int, municipality: str, as_of: date, previous_as_of: date | None) -> None:
    """The municipality's own registrations, as its snapshot (newer than any of its earlier ones) says."""
    normalise_population_starts(import_id, municipality)
    # The registration the row describes already exists: bring its end up to date.
    execute(
        f"""UPDATE {R} SET end_date = s.registration_end, end_kind = s.registration_end_kind,
                confirmed_on = CASE WHEN s.registration_end IS NULL THEN NULL ELSE %s END,
                source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
            WHERE s.register_import_id = %s AND {R}.person_id = p.id AND {R}.municipality_id = %s
              AND {null_safe_equal(f"{R}.start_date", "s.registered_on")}
              AND NOT ({null_safe_equal(f"{R}.end_date", "s.registration_end")} AND {R}.end_kind = s.registration_end_kind)""",
        [as_of, import_id, municipality],
    )
    # A new folkbokford_datum: the person moved away and back, so the earlier registration ended then.
    # The previous snapshot was the last to list the person under it.
    execute(
        f"""UPDATE {R} SET end_date = s.registered_on, end_kind = %s, confirmed_on = %s,
                source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
            WHERE s.register_import_id = %s AND {R}.person_id = p.id AND {R}.municipality_id = %s
              AND {R}.end_date IS NULL AND s.registered_on IS NOT NULL
              AND ({R}.start_date IS NULL OR {R}.start_date < s.registered_on)""",
        [REGISTRATION_SUPERSEDED, previous_as_of, import_id, municipality],
    )


def merge_population(
    import_id: int, municipality: str, as_of: date, columns: dict[str, str], now, actor_name: str
) -> tuple[list[int], int]:
    """Merge a checked population snapshot; returns the ids of persons whose facts changed, and the notices made."""
    aged_out = aged_out_birth_date(as_of)
    previous_as_of = fetch_value(
        f"SELECT MAX(as_of) FROM {IMPORTS} WHERE municipality_id = %s AND kind = %s AND status = %s AND id <> %s",
        [municipality, POPULATION, DONE, import_id],
    )
    new = count_new_persons(import_id)
    with indexes_built_after(Person, new):
        _insert_new_persons(import_id, now)
    notices = 0
    if new < staged_count(RegisterKind.POPULATION, import_id):
        # Someone in the snapshot was known before (in a first load, nobody is: nothing to compare).
        notices += _update_known_persons(import_id, municipality, as_of, columns, now, actor_name)
        _update_registrations(import_id, municipality, as_of, previous_as_of)
    # Every new person has a new registration here. One already known is a conflict with
    # registration_unique_start or, without a start date, registration_unique_birth.
    with indexes_built_after(Registration, new):
        execute(
            f"""INSERT INTO {R} (person_id, municipality_id, start_date, end_date, end_kind, confirmed_on,
                    source_import_id, source_row)
                SELECT p.id, %s, s.registered_on, s.registration_end, s.registration_end_kind,
                    CASE WHEN s.registration_end IS NULL THEN NULL ELSE %s END, s.register_import_id, s.row_no
                FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
                WHERE s.register_import_id = %s
                ON CONFLICT DO NOTHING""",
            [municipality, as_of, import_id],
        )
    # Listed before, missing now, no moving date: moved out on the snapshot's date (docs/register-formats.md, rule 1).
    # The previous snapshot was the last to list them here.
    execute(
        f"""UPDATE {R} SET end_date = %s, end_kind = %s, confirmed_on = %s, source_import_id = %s, source_row = NULL
            WHERE id IN (SELECT r.id {_disappeared_from()})""",
        [as_of, REGISTRATION_MISSING, previous_as_of, import_id, municipality, import_id, aged_out],
    )
    other_municipalities = fetch_value(f"SELECT 1 FROM {R} WHERE municipality_id <> %s LIMIT 1", [municipality])
    if other_municipalities and new < staged_count(RegisterKind.POPULATION, import_id):
        notices += _registration_elsewhere_notices(import_id, municipality, as_of, columns)
    # Everything this import created or changed carries its id (provenance): those are the persons to derive
    # again. So are those registered here and elsewhere: this snapshot now vouches for their registration
    # here up to its date, which may decide which municipality they count in (kaa.derivation).
    elsewhere = ""
    params: list = [import_id, import_id]
    if other_municipalities:
        elsewhere = f"""UNION SELECT r.person_id FROM {R} r WHERE r.municipality_id = %s AND r.end_date IS NULL
                        AND EXISTS (SELECT 1 FROM {R} o WHERE o.person_id = r.person_id AND o.municipality_id <> %s)"""
        params += [municipality, municipality]
    affected = column(
        f"""SELECT id FROM {P} WHERE source_import_id = %s UNION SELECT person_id FROM {R} WHERE source_import_id = %s
            {elsewhere}""",
        params,
    )
    return affected, notices


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


def _log_person_changes(import_id: int, as_of: date, fields: list[str], now, actor_name: str) -> None:
    """Before/after of every person the snapshot changes, like any other change to personal data."""
    logged = [f for f in LOGGED_FIELDS if f in fields]
    if not logged:
        return
    select = ", ".join(f"p.{f}, s.{STAGED_SOURCE.get(f, f)}" for f in logged)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT p.id, p.personnummer, s.newer_as_of, {select} FROM {SP} s
                JOIN {P} p ON p.personnummer = s.personnummer
                WHERE s.register_import_id = %s AND p.register_hash <> s.row_hash AND {_may_update()}""",
            [import_id, as_of],
        )
        while batch := cursor.fetchmany(2000):
            entries = []
            for row in batch:
                before, after = {}, {}
                tie = _as_date(row[2]) == as_of
                for i, name in enumerate(logged):
                    old, new = row[3 + 2 * i], row[4 + 2 * i]
                    if name == "protection" and tie and old and not new:
                        continue  # kept (see _update_known_persons)
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


# --- Notices: news held back because a newer file said otherwise ----------------------------------

# The canonical column a person field comes from, for naming the file's column in a notice.
FIELD_COLUMN = {field: column for column, field in PERSON_COLUMNS if field != "sort_name"}


def _held_back(newer_as_of: date, what: str = "") -> str:
    """'Uppgiften ändrades inte: ett folkbokföringsuttag per 2026-03-01 från en annan kommun är nyare.'

    The other municipality is never named: where the person is registered now is that municipality's
    information, not the importer's (and for a protected person, where they live must never show).
    """
    day = newer_as_of.isoformat()
    if what:
        return _("Uppgiften ändrades inte: %(vad)s per %(datum)s, som redan är inläst, är nyare.") % {
            "vad": what,
            "datum": day,
        }
    return _("Uppgiften ändrades inte: ett folkbokföringsuttag per %(datum)s från en annan kommun är nyare.") % {
        "datum": day
    }


def _store_notices(import_id: int, rows: Iterator[tuple[int, str, str]]) -> int:
    """(row, column, message) notices, in batches."""
    count = 0
    batch: list[ImportProblem] = []
    for row, column_name, message in rows:
        batch.append(
            ImportProblem(
                register_import_id=import_id, severity=Severity.NOTICE, row=row, column=column_name, message=message
            )
        )
        if len(batch) >= 2000:
            ImportProblem.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    ImportProblem.objects.bulk_create(batch)
    return count + len(batch)


def _streamed(sql: str, params) -> Iterator[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            yield from batch


def _held_back_person_notices(import_id: int, as_of: date, columns: dict[str, str], fields: list[str]) -> int:
    """One notice per field a held-back row would have changed, naming the file's column."""
    shown = [f for f in fields if f != "sort_name"]
    if not shown:
        return 0
    select = ", ".join(f"p.{f}, s.{STAGED_SOURCE.get(f, f)}" for f in shown)

    def notices():
        for row in _streamed(
            f"""SELECT s.row_no, s.newer_as_of, {select}
                FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
                WHERE s.register_import_id = %s AND s.newer_as_of > %s ORDER BY s.row_no""",
            [import_id, as_of],
        ):
            row_no, newer = row[:2]
            message = _held_back(_as_date(newer))
            for i, field in enumerate(shown):
                if _text(row[2 + 2 * i]) != _text(row[3 + 2 * i]):
                    yield row_no, columns.get(FIELD_COLUMN[field], FIELD_COLUMN[field]), message

    return _store_notices(import_id, notices())


def _registration_elsewhere_notices(import_id: int, municipality: str, as_of: date, columns: dict[str, str]) -> int:
    """A row says the person is registered here on the file's date, but a newer file of another municipality
    says they are registered there: the newer file wins (kaa.derivation), and the row gets a notice."""
    column_name = columns.get("kommunkod", "kommunkod")

    def notices():
        for row_no, claim in _streamed(
            f"""SELECT s.row_no, {registration_claim_sql("r")}
                FROM {SP} s JOIN {P} p ON p.personnummer = s.personnummer
                JOIN {R} r ON r.person_id = p.id AND r.municipality_id <> %s
                WHERE s.register_import_id = %s AND (s.registration_end IS NULL OR s.registration_end > %s)
                  AND (r.start_date IS NULL OR r.start_date <= %s) AND (r.end_date IS NULL OR r.end_date > %s)
                ORDER BY s.row_no""",
            [municipality, import_id, as_of, as_of, as_of],
        ):
            claim = _as_date(claim)
            if claim is None or claim <= as_of:
                continue
            # As in _held_back: the other municipality is not named.
            message = _(
                "Personen räknas inte som folkbokförd i kommunen per uttagsdatumet: "
                "ett folkbokföringsuttag per %(datum)s från en annan kommun är nyare."
            ) % {"datum": claim.isoformat()}
            yield row_no, column_name, message

    return _store_notices(import_id, notices())


# --- School facts: who may see them --------------------------------------------------------


def enrolment_visible_sql(e: str) -> str:
    """The municipality (parameter) stated the enrolment `e` itself, or it concerns days on which the
    person was registered there (docs/kaa-register.md, "Who sees what")."""
    return f"""((SELECT x.municipality_id FROM {IMPORTS} x WHERE x.id = {e}.source_import_id) = %s
               OR EXISTS (SELECT 1 FROM {P} vp JOIN {R} vr ON vr.person_id = vp.id
                          WHERE vp.personnummer = {e}.personnummer AND vr.municipality_id = %s
                            AND (vr.end_date IS NULL OR vr.end_date > {e}.start_date)
                            AND ({e}.end_date IS NULL OR vr.start_date IS NULL OR vr.start_date <= {e}.end_date)))"""


def certificate_visible_sql(c: str) -> str:
    """A certificate concerns every day from its date on: the person holds it."""
    return f"""((SELECT x.municipality_id FROM {IMPORTS} x WHERE x.id = {c}.source_import_id) = %s
               OR EXISTS (SELECT 1 FROM {P} vp JOIN {R} vr ON vr.person_id = vp.id
                          WHERE vp.personnummer = {c}.personnummer AND vr.municipality_id = %s
                            AND (vr.end_date IS NULL OR vr.end_date > {c}.issued)))"""


def _source_as_of(fact: str) -> str:
    return f"(SELECT x.as_of FROM {IMPORTS} x WHERE x.id = {fact}.source_import_id)"


# --- School enrolments ----------------------------------------------------------------

ENROLMENT_KEY = (
    "e.personnummer = s.personnummer AND e.school_form = s.school_form "
    "AND e.programme = s.programme AND e.start_date = s.start_date"
)
ENROLMENT_FIELDS = (("school_unit", "skolenhet"), ("end_date", "slutdatum"), ("end_cause", "slutorsak"))


def enrolment_preview(import_id: int, municipality: str) -> Preview:
    """New and changed as the municipality sees enrolments, never as the database holds them all."""
    rows = staged_count(RegisterKind.ENROLMENTS, import_id)
    new = fetch_value(
        f"""SELECT COUNT(*) FROM {SE} s WHERE s.register_import_id = %s
            AND NOT EXISTS (SELECT 1 FROM {E} e WHERE {ENROLMENT_KEY} AND {enrolment_visible_sql("e")})""",
        [import_id, municipality, municipality],
    )
    changed = fetch_value(
        f"""SELECT COUNT(*) FROM {SE} s JOIN {E} e ON {ENROLMENT_KEY}
            WHERE s.register_import_id = %s AND e.row_hash <> s.row_hash AND {enrolment_visible_sql("e")}""",
        [import_id, municipality, municipality],
    )
    return Preview(rows, new, changed, rows - new - changed, 0)


def merge_enrolments(import_id: int, municipality: str, as_of: date, columns: dict[str, str]) -> tuple[list[int], int]:
    """Merge a checked enrolment file; returns the persons whose facts (or who may see them) changed, and notices.

    A later file updates an enrolment only when it is at least as recent as the newest file that stated it;
    a file that states it again unchanged becomes its source, so an older file arriving later cannot undo it.
    """
    names = {field: columns.get(name, name) for field, name in ENROLMENT_FIELDS}

    def notices():
        for row in _streamed(
            f"""SELECT s.row_no, {_source_as_of("e")}, e.school_unit, s.school_unit, e.end_date, s.end_date,
                    e.end_cause, s.end_cause
                FROM {SE} s JOIN {E} e ON {ENROLMENT_KEY}
                WHERE s.register_import_id = %s AND e.row_hash <> s.row_hash AND {_source_as_of("e")} > %s
                ORDER BY s.row_no""",
            [import_id, as_of],
        ):
            message = _held_back(_as_date(row[1]), what=_("ett elevregister"))
            for i, (field, _name) in enumerate(ENROLMENT_FIELDS):
                if _text(row[2 + 2 * i]) != _text(row[3 + 2 * i]):
                    yield row[0], names[field], message

    held_back = _store_notices(import_id, notices())
    execute(
        f"""UPDATE {E} SET school_unit = s.school_unit, end_date = s.end_date, end_cause = s.end_cause,
                row_hash = s.row_hash, source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SE} s
            WHERE s.register_import_id = %s AND {E}.personnummer = s.personnummer
              AND {E}.school_form = s.school_form AND {E}.programme = s.programme
              AND {E}.start_date = s.start_date AND {E}.row_hash <> s.row_hash AND {_source_as_of(E)} <= %s""",
        [import_id, as_of],
    )
    execute(
        f"""INSERT INTO {E} (personnummer, school_form, programme, school_unit, start_date, end_date, end_cause,
                row_hash, source_import_id, source_row)
            SELECT s.personnummer, s.school_form, s.programme, s.school_unit, s.start_date, s.end_date, s.end_cause,
                s.row_hash, s.register_import_id, s.row_no
            FROM {SE} s WHERE s.register_import_id = %s AND NOT EXISTS (SELECT 1 FROM {E} e WHERE {ENROLMENT_KEY})""",
        [import_id],
    )
    affected = set(persons_with_facts_from(import_id, E))
    # Unchanged, stated again by a newer file: it becomes the source. Where that moves the fact to another
    # municipality's file, who may use it changes, so the person is derived again.
    affected.update(
        column(
            f"""SELECT DISTINCT p.id FROM {SE} s JOIN {E} e ON {ENROLMENT_KEY} JOIN {P} p ON p.personnummer = e.personnummer
                WHERE s.register_import_id = %s AND e.row_hash = s.row_hash AND {_source_as_of("e")} < %s
                  AND (SELECT x.municipality_id FROM {IMPORTS} x WHERE x.id = e.source_import_id) <> %s""",
            [import_id, as_of, municipality],
        )
    )
    execute(
        f"""UPDATE {E} SET source_import_id = s.register_import_id, source_row = s.row_no
            FROM {SE} s
            WHERE s.register_import_id = %s AND {E}.personnummer = s.personnummer
              AND {E}.school_form = s.school_form AND {E}.programme = s.programme
              AND {E}.start_date = s.start_date AND {E}.row_hash = s.row_hash AND {_source_as_of(E)} < %s""",
        [import_id, as_of],
    )
    return sorted(affected), held_back


# --- Diplomas and certificates ---------------------------------------------------------

CERTIFICATE_KEY = "c.personnummer = s.personnummer AND c.kind = s.kind AND c.issued = s.issued"


def certificate_preview(import_id: int, municipality: str) -> Preview:
    rows = staged_count(RegisterKind.CERTIFICATES, import_id)
    new = fetch_value(
        f"""SELECT COUNT(*) FROM (SELECT DISTINCT s.personnummer, s.kind, s.issued FROM {SC} s
            WHERE s.register_import_id = %s
              AND NOT EXISTS (SELECT 1 FROM {C} c WHERE {CERTIFICATE_KEY} AND {certificate_visible_sql("c")})) n""",
        [import_id, municipality, municipality],
    )
    return Preview(rows, new, 0, rows - new, 0)


def merge_certificates(import_id: int, municipality: str, as_of: date) -> list[int]:
    execute(
        f"""INSERT INTO {C} (personnummer, kind, issued, source_import_id, source_row)
            SELECT s.personnummer, s.kind, s.issued, MIN(s.register_import_id), MIN(s.row_no) FROM {SC} s
            WHERE s.register_import_id = %s AND NOT EXISTS (SELECT 1 FROM {C} c WHERE {CERTIFICATE_KEY})
            GROUP BY s.personnummer, s.kind, s.issued""",
        [import_id],
    )
    affected = set(persons_with_facts_from(import_id, C))
    # Stated again by a newer file: it becomes the source (see merge_enrolments).
    stated_again = f"""EXISTS (SELECT 1 FROM {SC} s WHERE s.register_import_id = %s AND {CERTIFICATE_KEY})
                       AND {_source_as_of("c")} < %s"""
    affected.update(
        column(
            f"""SELECT DISTINCT p.id FROM {C} c JOIN {P} p ON p.personnummer = c.personnummer
                WHERE {stated_again} AND (SELECT x.municipality_id FROM {IMPORTS} x WHERE x.id = c.source_import_id) <> %s""",
            [import_id, as_of, municipality],
        )
    )
    execute(
        f"""UPDATE {C} SET source_import_id = %s, source_row = (
                SELECT MIN(s.row_no) FROM {SC} s WHERE s.register_import_id = %s AND s.personnummer = {C}.personnummer
                  AND s.kind = {C}.kind AND s.issued = {C}.issued)
            WHERE id IN (SELECT c.id FROM {C} c WHERE {stated_again})""",
        [import_id, import_id, import_id, as_of],
    )
    return sorted(affected)


def clear_staging(import_id: int) -> None:
    for staged in STAGED.values():
        execute(f"DELETE FROM {staged} WHERE register_import_id = %s", [import_id])

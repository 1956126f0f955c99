"""Keeping the KAA register current: load the facts, apply the rules, store the periods.

Runs inside an import's commit, for the persons whose facts changed, in chunks:
three set-based reads per chunk, the pure rules in memory, one delete and one
bulk insert. Facts are referred to as "registration:12", "enrolment:7",
"certificate:3", so a period can say exactly which register row explains it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from fotfaste.core.bulk import execute, fetch_all, insert_rows, is_postgresql
from fotfaste.people.models import Person
from fotfaste.registers.models import Certificate, Enrolment, Registration

from . import rules
from .models import KaaPeriod

CHUNK = 5000


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


P, R, E, C, KP = (_table(m) for m in (Person, Registration, Enrolment, Certificate, KaaPeriod))

PERIOD_FIELDS = (
    "person_id",
    "municipality_id",
    "start_date",
    "end_date",
    "start_reason",
    "end_reason",
    "start_fact",
    "end_fact",
    "basis",
    "derived_at",
)


def ref(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_ref(value: str) -> tuple[str, int] | None:
    if not value or ":" not in value:
        return None
    kind, _sep, pk = value.partition(":")
    return (kind, int(pk)) if pk.isdigit() else None


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    municipality: str
    facts: rules.Facts


def _ids_condition(column: str, ids: list[int]) -> tuple[str, list]:
    """column in ids: one array parameter on PostgreSQL, a list of parameters on SQLite."""
    if is_postgresql():
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def load_facts(person_ids: Iterable[int]) -> Iterator[PersonFacts]:
    """The rules' input for each (person, municipality where the person has been registered).

    Four set-based reads per chunk; enrolments and certificates are joined to the persons by
    personnummer in the database, so no identity numbers travel back and forth.
    """
    ids = list(person_ids)
    persons_where, params = _ids_condition("p.id", ids)
    persons = {
        pid: (birth, immigrated)
        for pid, birth, immigrated in fetch_all(
            f"SELECT p.id, p.birth_date, p.immigrated_on FROM {P} p WHERE {persons_where}", params
        )
    }
    registrations: dict[int, dict[str, list[rules.Registration]]] = defaultdict(lambda: defaultdict(list))
    where, params = _ids_condition("r.person_id", ids)
    for pk, pid, muni, start, end, kind in fetch_all(
        f"SELECT r.id, r.person_id, r.municipality_id, r.start_date, r.end_date, r.end_kind FROM {R} r WHERE {where}",
        params,
    ):
        registrations[pid][muni].append(rules.Registration(start, end, kind, ref("registration", pk)))
    enrolments: dict[int, list[rules.Enrolment]] = defaultdict(list)
    for pk, pid, form, programme, start, end, cause in fetch_all(
        f"""SELECT e.id, p.id, e.school_form, e.programme, e.start_date, e.end_date, e.end_cause
            FROM {E} e JOIN {P} p ON p.personnummer = e.personnummer WHERE {persons_where}""",
        _ids_condition("p.id", ids)[1],
    ):
        enrolments[pid].append(rules.Enrolment(form, programme, start, end, cause, ref("enrolment", pk)))
    certificates: dict[int, list[rules.Certificate]] = defaultdict(list)
    for pk, pid, kind, issued in fetch_all(
        f"""SELECT c.id, p.id, c.kind, c.issued FROM {C} c JOIN {P} p ON p.personnummer = c.personnummer
            WHERE {persons_where}""",
        _ids_condition("p.id", ids)[1],
    ):
        certificates[pid].append(rules.Certificate(kind, issued, ref("certificate", pk)))
    for pid, (birth, immigrated) in persons.items():
        for muni, regs in registrations.get(pid, {}).items():
            yield PersonFacts(
                pid,
                muni,
                rules.Facts(
                    birth_date=birth,
                    immigrated=immigrated,
                    registrations=tuple(regs),
                    enrolments=tuple(enrolments.get(pid, ())),
                    certificates=tuple(certificates.get(pid, ())),
                ),
            )


def basis(period: rules.Period) -> dict:
    """What the period's first day and the day after its last rested on, for the explanation."""
    first, after = period.start_status, period.end_status
    compulsory = first.compulsory_school
    return {
        "registration": first.registration.ref if first.registration else "",
        "compulsory": compulsory.ref if isinstance(compulsory, rules.Certificate) else (compulsory or ""),
        "end_rules": after.failed_rules(),
        "end_registration": after.registration.ref if after.registration else "",
    }


def period_rows(items: Iterable[PersonFacts], now) -> Iterator[tuple]:
    for item in items:
        for p in rules.derive_periods(item.facts):
            yield (
                item.person_id,
                item.municipality,
                p.start,
                p.end,
                p.start_reason,
                p.end_reason,
                p.start_fact or "",
                p.end_fact or "",
                basis(p),
                now,
            )


def rederive(person_ids: Iterable[int], progress=None) -> int:
    """Derive and store the periods of these persons again; returns how many periods they now have.

    The caller holds the transaction, so the register never shows a half-derived state.
    """
    ids = sorted(set(person_ids))
    now = timezone.now()
    written = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        rows = list(period_rows(load_facts(chunk), now))
        where, params = _ids_condition("person_id", chunk)
        execute(f"DELETE FROM {KP} WHERE {where}", params)
        if rows:
            # JSON goes in as text on both databases.
            written += insert_rows(KaaPeriod, PERIOD_FIELDS, ((*r[:8], _json(r[8]), r[9]) for r in rows))
        if progress:
            progress(min(i + CHUNK, len(ids)), len(ids))
    return written


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))

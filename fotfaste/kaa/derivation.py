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
from datetime import date

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from fotfaste.core.bulk import execute, fetch_all, insert_rows, is_postgresql
from fotfaste.people.models import Person
from fotfaste.registers.models import Certificate, Enrolment, ImportStatus, RegisterImport, RegisterKind, Registration

from . import rules
from .models import KaaPeriod

CHUNK = 5000


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


P, R, E, C, KP, IMP = (_table(m) for m in (Person, Registration, Enrolment, Certificate, KaaPeriod, RegisterImport))

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


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    municipality: str
    facts: rules.Facts


# The end of a registration that counts only until a registration in another municipality, vouched for by a
# newer file, begins (see effective_registrations). The rules read it as having moved.
REGISTRATION_ELSEWHERE = "annan_kommun"


@dataclass(frozen=True)
class StoredRegistration:
    """A registration as its municipality's files gave it, and up to which file date they vouch for it."""

    pk: int
    municipality: str
    start: date | None
    end: date | None
    end_kind: str
    claim: date | None


@dataclass(frozen=True)
class SchoolFact:
    """An enrolment or certificate for the rules, with the municipality whose file last stated it."""

    fact: rules.Enrolment | rules.Certificate
    source_municipality: str | None


def _ids_condition(column: str, ids: list[int]) -> tuple[str, list]:
    """column in ids: one array parameter on PostgreSQL, a list of parameters on SQLite."""
    if is_postgresql():
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _as_date(value) -> date | None:
    """SQLite gives dates computed in SQL back as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def latest_snapshots() -> dict[str, date]:
    """Each municipality's newest population snapshot read in (one being read in counts: it is marked done
    first thing in the transaction that derives)."""
    return {
        code: _as_date(day)
        for code, day in fetch_all(
            f"SELECT municipality_id, MAX(as_of) FROM {IMP} WHERE kind = %s AND status = %s GROUP BY municipality_id",
            [RegisterKind.POPULATION.value, ImportStatus.DONE.value],
        )
    }


# --- One municipality at a time ------------------------------------------------------------


def _start_key(start: date | None) -> date:
    return start or date.min


def _overlap(a: StoredRegistration, b: StoredRegistration) -> bool:
    return (a.start is None or b.end is None or a.start < b.end) and (
        b.start is None or a.end is None or b.start < a.end
    )


def _beats(a: StoredRegistration, b: StoredRegistration) -> bool:
    """Where `a` and `b` (different municipalities) claim the same days, the newer file wins; between files
    of the same date the later move (start) does, and then, so that the answer never depends on the order the
    files came in, the lower municipality code."""
    key_a = (a.claim or date.min, _start_key(a.start))
    key_b = (b.claim or date.min, _start_key(b.start))
    return key_a > key_b or (key_a == key_b and a.municipality < b.municipality)


def effective_registrations(stored: Iterable[StoredRegistration]) -> dict[str, list[rules.Registration]]:
    """The registrations the rules count, per municipality: a person is registered in one municipality at a time.

    Each municipality's own snapshots are read in date order, so its registrations are as its newest one
    says. Where two municipalities' registrations claim the same days, the one a newer file vouches for wins
    (_beats): the other ends where the winner begins, or counts not at all when the winner began first. An
    older file never takes days from a newer one, and the result does not depend on the order files came in.
    """
    regs = list(stored)
    result: dict[str, list[rules.Registration]] = defaultdict(list)
    alone = len({r.municipality for r in regs}) <= 1  # as for nearly everyone: nothing to weigh
    for r in regs:
        if alone:
            result[r.municipality].append(rules.Registration(r.start, r.end, r.end_kind, ref("registration", r.pk)))
            continue
        end, end_kind, empty = r.end, r.end_kind, False
        for o in regs:
            if o.municipality == r.municipality or not _overlap(o, r) or not _beats(o, r):
                continue
            if o.start is None or (r.start is not None and o.start <= r.start):
                empty = True
                break
            if end is None or o.start < end:
                end, end_kind = o.start, REGISTRATION_ELSEWHERE
        if not empty:
            result[r.municipality].append(rules.Registration(r.start, end, end_kind, ref("registration", r.pk)))
    return {m: sorted(found, key=lambda x: _start_key(x.start)) for m, found in sorted(result.items())}


def school_fact_visible(fact: SchoolFact, municipality: str, registrations: Iterable[rules.Registration]) -> bool:
    """May the municipality use (and show) this school fact?

    When its own file stated it, or when it concerns days on which the person was registered there: an
    enrolment its days from start to end, a certificate every day from its date (the person holds it). The
    organiser of the education tells the pupil's home municipality when the pupil starts and stops (skollagen
    15 kap. 15 §, 18 kap. 15 §), for the home municipality's duty (29 kap. 9 §); what another municipality's
    file says about days the person lived elsewhere is not its business.
    """
    if fact.source_municipality == municipality:
        return True
    f = fact.fact
    if isinstance(f, rules.Enrolment):
        return any(
            (r.end is None or r.end > f.start) and (f.end is None or r.start is None or r.start <= f.end)
            for r in registrations
        )
    return any(r.end is None or r.end > f.issued for r in registrations)


def load_facts(person_ids: Iterable[int], latest: dict[str, date] | None = None) -> Iterator[PersonFacts]:
    """The rules' input for each (person, municipality where the person counts as registered).

    Four set-based reads per chunk; enrolments and certificates are joined to the persons by
    personnummer in the database, so no identity numbers travel back and forth.
    """
    ids = list(person_ids)
    latest = latest_snapshots() if latest is None else latest
    persons_where, params = _ids_condition("p.id", ids)
    persons = {
        pid: (birth, immigrated)
        for pid, birth, immigrated in fetch_all(
            f"SELECT p.id, p.birth_date, p.immigrated_on FROM {P} p WHERE {persons_where}", params
        )
    }
    registrations = stored_registrations(ids, latest)
    enrolments, certificates = school_facts(ids)
    for pid, (birth, immigrated) in persons.items():
        for muni, regs in effective_registrations(registrations.get(pid, ())).items():
            yield PersonFacts(
                pid,
                muni,
                rules.Facts(
                    birth_date=birth,
                    immigrated=immigrated,
                    registrations=tuple(regs),
                    enrolments=tuple(f.fact for f in enrolments.get(pid, ()) if school_fact_visible(f, muni, regs)),
                    certificates=tuple(f.fact for f in certificates.get(pid, ()) if school_fact_visible(f, muni, regs)),
                ),
            )


def stored_registrations(person_ids: list[int], latest: dict[str, date]) -> dict[int, list[StoredRegistration]]:
    where, params = _ids_condition("r.person_id", person_ids)
    found: dict[int, list[StoredRegistration]] = defaultdict(list)
    for pk, pid, muni, start, end, kind, confirmed, source_as_of in fetch_all(
        f"""SELECT r.id, r.person_id, r.municipality_id, r.start_date, r.end_date, r.end_kind, r.confirmed_on, i.as_of
            FROM {R} r LEFT JOIN {IMP} i ON i.id = r.source_import_id WHERE {where}""",
        params,
    ):
        claim = latest.get(muni) if end is None else (confirmed or source_as_of)
        found[pid].append(StoredRegistration(pk, muni, start, end, kind, _as_date(claim)))
    return found


def school_facts(person_ids: list[int]) -> tuple[dict[int, list[SchoolFact]], dict[int, list[SchoolFact]]]:
    """Each person's enrolments and certificates, with the municipality whose file last stated them."""
    persons_where, params = _ids_condition("p.id", person_ids)
    enrolments: dict[int, list[SchoolFact]] = defaultdict(list)
    for pk, pid, form, programme, start, end, cause, source in fetch_all(
        f"""SELECT e.id, p.id, e.school_form, e.programme, e.start_date, e.end_date, e.end_cause, i.municipality_id
            FROM {E} e JOIN {P} p ON p.personnummer = e.personnummer LEFT JOIN {IMP} i ON i.id = e.source_import_id
            WHERE {persons_where}""",
        params,
    ):
        enrolment = rules.Enrolment(form, programme, start, end, cause, ref("enrolment", pk))
        enrolments[pid].append(SchoolFact(enrolment, source))
    certificates: dict[int, list[SchoolFact]] = defaultdict(list)
    for pk, pid, kind, issued, source in fetch_all(
        f"""SELECT c.id, p.id, c.kind, c.issued, i.municipality_id FROM {C} c JOIN {P} p ON p.personnummer = c.personnummer
            LEFT JOIN {IMP} i ON i.id = c.source_import_id WHERE {persons_where}""",
        params,
    ):
        certificates[pid].append(SchoolFact(rules.Certificate(kind, issued, ref("certificate", pk)), source))
    return enrolments, certificates


# --- The same, for model instances (the person page) -------------------------------------------


def latest_snapshot_of(municipality_field: str):
    """Annotation: the newest population snapshot read in for the row's municipality."""
    return Subquery(
        RegisterImport.objects.filter(
            municipality_id=OuterRef(municipality_field), kind=RegisterKind.POPULATION, status=ImportStatus.DONE
        )
        .order_by("-as_of")
        .values("as_of")[:1]
    )


def stored_registration(r: Registration) -> StoredRegistration:
    """A Registration annotated with latest_snapshot_of("municipality_id") and its source_import selected."""
    if r.end_date is None:
        claim = r.latest_snapshot
    else:
        claim = r.confirmed_on or (r.source_import.as_of if r.source_import else None)
    return StoredRegistration(r.pk, r.municipality_id, r.start_date, r.end_date, r.end_kind, _as_date(claim))


def school_fact(fact: Enrolment | Certificate) -> SchoolFact:
    """An Enrolment or Certificate with its source_import selected."""
    source = fact.source_import.municipality_id if fact.source_import else None
    if isinstance(fact, Enrolment):
        return SchoolFact(
            rules.Enrolment(fact.school_form, fact.programme, fact.start_date, fact.end_date, fact.end_cause), source
        )
    return SchoolFact(rules.Certificate(fact.kind, fact.issued), source)


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
    latest = latest_snapshots()
    written = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        rows = list(period_rows(load_facts(chunk, latest), now))
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

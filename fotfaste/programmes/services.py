"""Programmes and eligibility for a user: which programmes, whose facts, what is logged.

The pure rules live in rules.py, the facts a viewer may know in facts.py. Here: an agreement's
programmes (or, where it has configured none with rules, the four shipped), the assessment of one person
for the person page and the API, and the lists of who is eligible now or soon for one programme.
"""

from __future__ import annotations

import copy
import heapq
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads
from fotfaste.core import versioning
from fotfaste.core.dates import add_months
from fotfaste.orgs.models import Agreement
from fotfaste.reference.models import Municipality

from . import catalogue, rules
from .facts import facts_for
from .models import CLOSED_STATUSES, AgreementProgramme

SOON_MONTHS = 3
BATCH = 2000


@dataclass(frozen=True)
class RuleProgramme:
    """A programme whose rules can be evaluated: the agreement's entry (None for a shipped default)."""

    entry: AgreementProgramme | None
    rule: rules.Programme

    @property
    def code(self) -> str:
        return self.rule.code


@dataclass(frozen=True)
class Assessment:
    programme: RuleProgramme
    result: rules.Eligibility

    @property
    def soon(self) -> bool:
        return self.result.becomes_eligible is not None


def municipality_names(agreement_ids) -> dict[str, str]:
    return dict(Municipality.objects.filter(agreements__in=list(agreement_ids)).distinct().values_list("code", "name"))


def agreement_ids(user) -> set[int]:
    return {agreement for agreement, _role in scope_for(user).agreement_roles}


def with_rules(entries) -> list[RuleProgramme]:
    """The entries that have rules, as rules; an entry whose rules make no sense is left out, not guessed."""
    entries = list(entries)
    names = municipality_names({e.agreement_id for e in entries})
    found = []
    for entry in entries:
        if not entry.has_rules:
            continue
        try:
            found.append(RuleProgramme(entry, entry.as_rule(names)))
        except rules.RuleDataError:
            continue
    return found


def shipped() -> list[RuleProgramme]:
    return [RuleProgramme(None, p) for p in rules.SHIPPED.values()]


def programmes_for(agreements) -> list[RuleProgramme]:
    """The agreements' active programmes with rules; the four shipped when none has configured any."""
    entries = AgreementProgramme.objects.filter(agreement__in=list(agreements), active=True).order_by("name", "id")
    found = with_rules(entries)
    return found or shipped()


def programme_for_municipality(code: str, programme: str) -> RuleProgramme | None:
    """`programme` as the municipality's agreements run it, else the shipped one of that code."""
    entries = AgreementProgramme.objects.filter(agreement__municipalities=code, code=programme, active=True)
    found = with_rules(entries.order_by("agreement_id"))
    if found:
        return found[0]
    if programme in rules.SHIPPED:
        return RuleProgramme(None, rules.SHIPPED[programme])
    return None


def known_codes(code: str) -> list[str]:
    configured = AgreementProgramme.objects.filter(agreement__municipalities=code, active=True).exclude(conditions=[])
    return sorted(set(rules.SHIPPED) | set(configured.values_list("code", flat=True)))


def _log_consents(actor: Actor, person, consents: set[int], what: str) -> None:
    for consent_id in sorted(consents):
        log_reads(actor, [person], what, consent_id=consent_id)


def assess_person(
    actor: Actor, person, day: date, programmes: list[RuleProgramme] | None = None, *, known_on: date | None = None
) -> list[Assessment]:
    """Every programme of the user's agreements for one person the user may see (opened by the caller), on
    `day`, with the facts the user may know on `known_on` (default `day`: what may be known is today's)."""
    programmes = programmes if programmes is not None else programmes_for(agreement_ids(actor.user))
    facts = known_facts(actor, person, known_on or day, needs=needs_of(programmes))
    return assess(programmes, facts, day)


def needs_of(programmes: list[RuleProgramme]) -> frozenset[str]:
    return rules.needed_facts(p.rule for p in programmes)


def known_facts(actor: Actor, person, on: date, sharing=None, *, needs) -> rules.Facts:
    """One person's facts as the user may know them; the consents they rest on are logged."""
    known = facts_for(actor.user, [person], on, sharing=sharing, needs=needs)
    _log_consents(actor, person, known.consents.get(person.pk, set()), _("programbehörighet"))
    return known.facts[person.pk]


def assess(programmes: list[RuleProgramme], facts: rules.Facts, day: date) -> list[Assessment]:
    return [Assessment(p, rules.eligibility(p.rule, facts, day)) for p in programmes]


def _age_window(programme: rules.Programme, day: date, months: int) -> Q:
    """Birth dates that can satisfy the programme's age conditions between `day` and `months` later: a
    cheap filter in SQL before the rules run in Python for each person."""
    condition = Q()
    last = add_months(day, months)
    for c in programme.conditions:
        if isinstance(c, rules.Age):
            # Turned `low` by the last day, and not yet `high` on the first (a day's slack for 29 February).
            condition &= Q(birth_date__lte=add_months(last, -12 * c.low) + timedelta(days=1)) & Q(
                birth_date__gt=add_months(day, -12 * c.high) - timedelta(days=1)
            )
    return condition


@dataclass
class Candidates:
    eligible: list  # (person, Eligibility), by name: the first `limit`
    soon: list  # (person, Eligibility), by the day they become eligible: the first `limit`
    checked: int
    eligible_count: int = 0
    soon_count: int = 0


def candidates(
    actor: Actor, programme: RuleProgramme, day: date, months: int = SOON_MONTHS, *, sex: str = "", limit: int = 200
) -> Candidates:
    """Who of the persons the user may see is eligible on `day`, and who becomes so within `months`: the
    counts, and the first `limit` of each list (memory stays flat however large the caseload).

    Not logged here: the caller logs what it shows (and the consents the shown rows rested on).
    """
    rule = programme.rule
    persons = restrict(actor.user, on=day).filter(_age_window(rule, day, months)).order_by("sort_name", "pk")
    if sex:
        persons = persons.filter(sex=sex)
    last = add_months(day, months)
    found = Candidates([], [], 0)
    soon_heap: list = []  # (-day, -sort key) max-heap of the `limit` soonest
    needs = needs_of([programme])

    def run(batch):
        known = facts_for(actor.user, batch, day, needs=needs)
        for person in batch:
            result = rules.eligibility(rule, known.facts[person.pk], day, months)
            if result.eligible:
                found.eligible_count += 1
                if len(found.eligible) < limit:  # persons come by name
                    person.programme_consents = known.consents.get(person.pk, set())
                    found.eligible.append((person, result))
            elif result.becomes_eligible and result.becomes_eligible <= last:
                found.soon_count += 1
                person.programme_consents = known.consents.get(person.pk, set())
                key = (result.becomes_eligible.toordinal(), found.soon_count)
                item = ((-key[0], -key[1]), person, result)
                if len(soon_heap) < limit:
                    heapq.heappush(soon_heap, item)
                elif item[0] > soon_heap[0][0]:
                    heapq.heapreplace(soon_heap, item)

    batch: list = []
    for person in persons.iterator(chunk_size=BATCH):
        batch.append(person)
        found.checked += 1
        if len(batch) >= BATCH:
            run(batch)
            batch = []
    run(batch)
    # Soonest first; among the same day, by name (the order they came in).
    found.soon = [(p, r) for _key, p, r in sorted(soon_heap, key=lambda item: item[0], reverse=True)]
    return found


def log_shown(actor: Actor, shown, what: str) -> None:
    """The persons a list showed: one read each, and a read under each consent its facts rested on."""
    shown = list(shown)
    if not shown:
        return
    log_reads(actor, shown, what)
    for person in shown:
        _log_consents(actor, person, getattr(person, "programme_consents", set()), what)


# --- Configuring an agreement's programmes ------------------------------------------------------------


def catalogue_entries_not_taken(agreement: Agreement) -> list[dict]:
    taken = set(agreement.programmes.values_list("code", flat=True))
    return [e for e in catalogue.CATALOGUE if e["kod"] not in taken]


@transaction.atomic
def add_from_catalogue(agreement: Agreement, code: str) -> AgreementProgramme:
    """The agreement takes a catalogue entry as its own; it can then configure it. Taking it twice is one."""
    entry = catalogue.BY_CODE.get(code)
    if entry is None:
        raise ValueError(_("Programmet ”%(kod)s” finns inte i katalogen.") % {"kod": code})
    programme, _created = AgreementProgramme.objects.get_or_create(
        agreement=agreement,
        code=code,
        defaults={
            "name": entry["namn"],
            "owner": entry["huvudman"],
            "target_group": entry["malgrupp"],
            "source": entry["kalla"],
            # Copies: the new row's lists would otherwise be the catalogue's own, and a change to one
            # programme's steps in this process would change every later programme's.
            "conditions": copy.deepcopy(entry["villkor"]),
            "unemployed_categories": sorted(rules.DEFAULT_UNEMPLOYED, key=int),
            "steps": copy.deepcopy(entry["steg"]),
            "valid_from": date.fromisoformat(entry["fran"]) if entry.get("fran") else None,
            "valid_until": date.fromisoformat(entry["till"]) if entry.get("till") else None,
        },
    )
    return programme


@transaction.atomic
def update_programme(programme: AgreementProgramme, *, version: int, **fields) -> AgreementProgramme:
    """Save a coordinator's changes if nobody saved the programme since they opened it (else EditConflict),
    and never with fewer steps than someone is in (ValidationError on "steps"), both under the programme's
    row lock, which a step move also takes: a move cannot slip past a shrinking routine."""
    versioning.lock(programme, version)
    in_routine = programme.participations.exclude(status__in=CLOSED_STATUSES).aggregate(last=Max("step"))["last"]
    if in_routine is not None and in_routine >= len(fields["steps"]):
        raise ValidationError(
            {
                "steps": _("Det finns deltagare i steg %(nr)d. Behåll minst %(nr)d steg, eller flytta dem först.")
                % {"nr": in_routine + 1}
            }
        )
    versioning.bump(programme, version, **fields)
    return programme

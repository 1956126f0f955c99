"""What Fotfäste knows of persons for the eligibility rules, as a given viewer may know it.

- Birth date and municipality of registration: the person's identity, seen with the person.
- AF's spells (af_inskrivning) are information of the kind "af" held by the AF unit that read them in:
  a viewer of that unit knows its spells; another knows the spells of an AF unit that discloses "af" to
  them under a consent it confirmed; anyone else does not know whether the person is registered at AF.
- Diplomas come from the municipality's school registers: known to a viewer with the KAA duty towards
  the person, or under a consent a municipal unit confirmed that shares "sysselsattning_plan" (the
  person's occupation and plans) with the viewer; for anyone else unknown.

Unknown is None, never an empty list, so a rule says "kan inte avgöras" instead of a wrong "nej". Every
read here is of persons the caller already holds through restrict(); the consents used are returned so
that the caller logs them. `everything=True` is for the eligibility command, which reads all facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.sharing import disclosed_by
from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import PartyKind, Unit
from fotfaste.registers.models import Certificate, EmploymentSpell

from . import rules

KAA_DUTY = "kaa"


@dataclass
class Known:
    facts: dict[int, rules.Facts] = field(default_factory=dict)  # person id -> facts
    consents: dict[int, set[int]] = field(default_factory=dict)  # person id -> consents the facts rested on


def _spells_by_number(numbers: list[str], unit_ids: set[int] | None) -> dict[str, list[tuple[int, rules.Spell]]]:
    found: dict[str, list[tuple[int, rules.Spell]]] = defaultdict(list)
    qs = EmploymentSpell.objects.filter(personnummer__in=numbers)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for pnr, unit_id, start, end, category in qs.values_list(
        "personnummer", "unit_id", "start_date", "end_date", "category"
    ):
        found[pnr].append((unit_id, rules.Spell(start, end, category)))
    return found


def _certificates_by_number(numbers: list[str]) -> dict[str, list[tuple[str, date]]]:
    found: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for pnr, kind, issued in Certificate.objects.filter(personnummer__in=numbers).values_list(
        "personnummer", "kind", "issued"
    ):
        found[pnr].append((kind, issued))
    return found


def _from_sharing(sharing, scope, person_id: int, kinds) -> tuple[dict, set[int]]:
    """For one person on a page that already holds its Sharing: who discloses what, and the viewer's AF
    units, from one query of the units concerned (the consents are already read)."""
    holders = {u for c in sharing.consents for u in c.confirmed_units}
    units = {
        pk: (party_id, kind)
        for pk, party_id, kind in Unit.objects.filter(pk__in=holders | set(scope.unit_ids)).values_list(
            "pk", "party_id", "party__kind"
        )
    }
    own_af = {u for u in scope.unit_ids if units.get(u, (None, None))[1] == PartyKind.EMPLOYMENT_SERVICE}
    found: dict[str, dict[int, dict[int, tuple[int, int, str]]]] = {kind: {} for kind in kinds}
    for kind in kinds:
        for unit_id in holders:
            party_id, party_kind = units.get(unit_id, (None, None))
            consent_id = sharing.consent_for(kind, unit_id, party_id)
            if consent_id is not None:
                found[kind].setdefault(person_id, {})[unit_id] = (consent_id, party_id, party_kind)
    return found, own_af


def facts_for(user, persons, on: date, *, everything: bool = False, sharing=None) -> Known:
    """The facts of `persons` (already restricted to the user) as `user` may know them on `on`.

    `sharing`: the person page's Sharing for its one person, which saves reading the consents again.
    """
    persons = list(persons)
    if not persons:
        return Known()
    numbers = [p.personnummer for p in persons]
    known = Known(consents={p.pk: set() for p in persons})
    if everything:
        spells = _spells_by_number(numbers, None)
        certificates = _certificates_by_number(numbers)
        for p in persons:
            known.facts[p.pk] = rules.Facts(
                p.birth_date,
                tuple(s for _unit, s in spells.get(p.personnummer, ())),
                tuple(certificates.get(p.personnummer, ())),
                p.home_municipality_id,
            )
        return known

    scope = scope_for(user)
    ids = [p.pk for p in persons]
    af, plan = InformationKind.EMPLOYMENT_SERVICE, InformationKind.OCCUPATION_PLAN
    if sharing is not None and len(persons) == 1:
        shared, own_af = _from_sharing(sharing, scope, persons[0].pk, (af, plan))
    else:
        shared = disclosed_by(scope, on, (af, plan), ids)
        own_af = set(
            Unit.objects.filter(pk__in=scope.unit_ids, party__kind=PartyKind.EMPLOYMENT_SERVICE).values_list(
                "pk", flat=True
            )
        )
    af_shared = {pid: {u: c for u, (c, _p, _k) in units.items()} for pid, units in shared[af].items()}
    # Diplomas are the municipality's: only a municipal holder's consent discloses them.
    school_shared = {
        pid: {c for _u, (c, _p, kind) in units.items() if kind == PartyKind.MUNICIPALITY}
        for pid, units in shared[plan].items()
    }
    # The viewer's own units and the disclosing ones: never empty for a casework user, so one query always.
    spells = _spells_by_number(numbers, set(scope.unit_ids) | {u for units in af_shared.values() for u in units})
    under_duty = set(restrict(user, on=on, duty=KAA_DUTY).filter(pk__in=ids).values_list("pk", flat=True))
    certificates = _certificates_by_number(numbers)

    for p in persons:
        af_units = own_af | set(af_shared.get(p.pk, {}))
        person_spells = None
        if af_units:
            person_spells = tuple(s for unit, s in spells.get(p.personnummer, ()) if unit in af_units)
            known.consents[p.pk].update(c for u, c in af_shared.get(p.pk, {}).items() if u not in own_af)
        person_certificates = None
        school_consents = school_shared.get(p.pk, set())
        if p.pk in under_duty or school_consents:
            person_certificates = tuple(certificates.get(p.personnummer, ()))
            if p.pk not in under_duty:
                known.consents[p.pk].update(school_consents)
        known.facts[p.pk] = rules.Facts(p.birth_date, person_spells, person_certificates, p.home_municipality_id)
    return known

"""What Fotfäste knows of persons for the eligibility rules, as a given viewer may know it.

- Birth date and municipality of registration: the person's identity, seen with the person.
- AF's spells (af_inskrivning) are information of the kind "af" held by the AF unit that read them in:
  a viewer of that unit knows its spells; another knows the spells of an AF unit that discloses "af" to
  them under a consent it confirmed; anyone else does not know whether the person is registered at AF.
- Diplomas come from the municipality's school registers: known to a viewer with the KAA duty towards
  the person, or under a consent a municipal unit confirmed that shares "sysselsattning_plan" (the
  person's occupation and plans) with the viewer; for anyone else unknown.
- Income support (social services' records of the kind "forsorjningsstod"): known to a social worker
  of the unit, or under a consent that unit confirmed sharing "forsorjningsstod".
- The need level: the latest of the person's current mappings the viewer may see (own units', or
  under a consent sharing "sysselsattning_plan"); unknown when there is none.

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
from fotfaste.mapping.models import Mapping
from fotfaste.orgs.models import Membership, PartyKind, Unit
from fotfaste.orgs.roles import Role
from fotfaste.records.models import PartyRecord
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


ALL_FACTS = frozenset({"spells", "certificates", "income_support", "need_level"})
INCOME_SUPPORT = "forsorjningsstod"


def _income_support(ids: list[int], units: set[int] | None) -> dict[int, list[tuple[int, date, date | None]]]:
    found: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    qs = PartyRecord.objects.filter(person_id__in=ids, kind=INCOME_SUPPORT)
    if units is not None:
        qs = qs.filter(unit_id__in=units)
    for pid, unit_id, start, end in qs.values_list("person_id", "unit_id", "start_date", "end_date"):
        found[pid].append((unit_id, start, end))
    return found


def _need_levels(ids: list[int], units: set[int] | None) -> dict[int, list[tuple[int, int, str]]]:
    """Each person's current mappings with a need level, the latest talk first: (unit, order, name)."""
    found: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    qs = Mapping.objects.filter(person_id__in=ids, superseded_at__isnull=True, need_level__isnull=False)
    if units is not None:
        qs = qs.filter(unit_id__in=units)
    for pid, unit_id, order, name in qs.order_by("person_id", "-talk_date", "-created_at").values_list(
        "person_id", "unit_id", "need_level__order", "need_level__name"
    ):
        found[pid].append((unit_id, order, name))
    return found


def _everything(persons, numbers: list[str], needs: frozenset[str]) -> Known:
    """The operator's run: every fact Fotfäste holds that the rules need."""
    known = Known(consents={p.pk: set() for p in persons})
    ids = [p.pk for p in persons]
    spells = _spells_by_number(numbers, None) if "spells" in needs else {}
    certificates = _certificates_by_number(numbers) if "certificates" in needs else {}
    support = _income_support(ids, None) if "income_support" in needs else {}
    levels = _need_levels(ids, None) if "need_level" in needs else {}
    for p in persons:
        level = levels.get(p.pk)
        known.facts[p.pk] = rules.Facts(
            p.birth_date,
            tuple(s for _unit, s in spells.get(p.personnummer, ())),
            tuple(certificates.get(p.personnummer, ())),
            p.home_municipality_id,
            tuple((start, end) for _u, start, end in support.get(p.pk, ())),
            (level[0][1], level[0][2]) if level else None,
        )
    return known


def facts_for(user, persons, on: date, *, everything: bool = False, sharing=None, needs=ALL_FACTS) -> Known:
    """The facts of `persons` (already restricted to the user) as `user` may know them on `on`.

    Only the facts in `needs` are read (the others stay unknown): a rule that does not ask about income
    support does not read it. `sharing`: the person page's Sharing for its one person, which saves
    reading the consents again.
    """
    persons = list(persons)
    if not persons:
        return Known()
    numbers = [p.personnummer for p in persons]
    if everything:
        return _everything(persons, numbers, frozenset(needs))
    known = Known(consents={p.pk: set() for p in persons})
    scope = scope_for(user)
    ids = [p.pk for p in persons]
    af, plan, income = (
        InformationKind.EMPLOYMENT_SERVICE,
        InformationKind.OCCUPATION_PLAN,
        InformationKind.INCOME_SUPPORT,
    )
    kinds = (af, plan, income)
    if sharing is not None and len(persons) == 1:
        shared, own_af = _from_sharing(sharing, scope, persons[0].pk, kinds)
    else:
        shared = disclosed_by(scope, on, kinds, ids)
        own_af = set(
            Unit.objects.filter(pk__in=scope.unit_ids, party__kind=PartyKind.EMPLOYMENT_SERVICE).values_list(
                "pk", flat=True
            )
        )

    def consents_of(kind, pid, *, only_kind=None) -> dict[int, int]:
        """unit -> consent for the units disclosing `kind` about the person (of a party kind, if given)."""
        return {u: c for u, (c, _p, k) in shared[kind].get(pid, {}).items() if only_kind is None or k == only_kind}

    spells = certificates = support = levels = {}
    under_duty: set[int] = set()
    own_social: set[int] = set()
    if "spells" in needs:
        # The viewer's own units and the disclosing ones: never empty for a casework user, so one query.
        disclosing = {u for units in shared[af].values() for u in units}
        spells = _spells_by_number(numbers, set(scope.unit_ids) | disclosing)
    if "certificates" in needs:
        under_duty = set(restrict(user, on=on, duty=KAA_DUTY).filter(pk__in=ids).values_list("pk", flat=True))
        certificates = _certificates_by_number(numbers)
    if "income_support" in needs:
        own_social = (
            set(
                Membership.objects.filter(
                    user=user, active=True, role=Role.SOCIAL_WORKER, unit_id__in=scope.unit_ids
                ).values_list("unit_id", flat=True)
            )
            if getattr(user, "is_authenticated", False)
            else set()
        )
        disclosing = {u for units in shared[income].values() for u in units}
        support = _income_support(ids, own_social | disclosing)
    if "need_level" in needs:
        disclosing = {u for units in shared[plan].values() for u in units}
        levels = _need_levels(ids, set(scope.unit_ids) | disclosing)

    for p in persons:
        used = known.consents[p.pk]
        person_spells = person_certificates = person_support = person_level = None
        if "spells" in needs:
            af_consents = consents_of(af, p.pk)
            af_units = own_af | set(af_consents)
            if af_units:
                person_spells = tuple(s for unit, s in spells.get(p.personnummer, ()) if unit in af_units)
                used.update(c for u, c in af_consents.items() if u not in own_af)
        if "certificates" in needs:
            # Diplomas are the municipality's: only a municipal holder's consent discloses them.
            school = set(consents_of(plan, p.pk, only_kind=PartyKind.MUNICIPALITY).values())
            if p.pk in under_duty or school:
                person_certificates = tuple(certificates.get(p.personnummer, ()))
                if p.pk not in under_duty:
                    used.update(school)
        if "income_support" in needs:
            income_consents = consents_of(income, p.pk)
            if own_social or income_consents:
                rows = [(u, start, end) for u, start, end in support.get(p.pk, ())]
                person_support = tuple((start, end) for _u, start, end in rows)
                used.update(income_consents[u] for u, _s, _e in rows if u in income_consents and u not in own_social)
        if "need_level" in needs:
            plan_consents = consents_of(plan, p.pk)
            rows = levels.get(p.pk, [])
            if rows:
                unit_id, order, name = rows[0]
                person_level = (order, name)
                if unit_id not in scope.unit_ids and unit_id in plan_consents:
                    used.add(plan_consents[unit_id])
        known.facts[p.pk] = rules.Facts(
            p.birth_date,
            person_spells,
            person_certificates,
            p.home_municipality_id,
            person_support,
            person_level,
        )
    return known

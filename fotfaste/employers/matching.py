"""Matching suggestions: young people for a placement and placements for a young person, each explained.

Pure functions score one person's facts against one placement's (`score`), with the weights and the ladder
fit as data (WEIGHTS, LADDER_FIT; docs/employers.md). The service below loads the facts of many persons in a
few queries, and only what the viewer may see: persons in `restrict(user)`, their latest mapping held by the
viewer's units or shared under a consent (`visible_records`), and their open joint plan likewise. A
suggestion is only shown: a person becomes a candidate when a user proposes them (course.propose).

Distance: Fotfäste knows no coordinates, only the person's home municipality and postal code and the
employer's; "samma postnummerområde" means the same first three digits. A protected identity's postal code
is never used, and an employer the viewer may not see gives no postal area (its municipality is public).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.sharing import visible_records
from fotfaste.mapping.models import Mapping
from fotfaste.mapping.rules import latest_per_person
from fotfaste.plans.models import Plan
from fotfaste.plans.services import PLAN_KIND

from .candidacies import visible
from .models import LadderStep, Placement
from .placements import visible_placements

# Points for each kind of reason; negative ones are what speaks against.
WEIGHTS = {
    "interest": 3,
    "experience": 2,
    "goal": 2,
    "plan_goal_work": 1,
    "plan_goal_studies": -1,
    "licence": 1,
    "no_licence": -4,
    "same_postal_area": 2,
    "same_municipality": 1,
}

# How well each step of the ladder fits a need level, by the level's order in the agreement's scale
# (1 = least support needed … 4 = not available for work now; Eslöv's four by default, seed 002). A high
# need fits a sheltered (skyddad) or semi-sheltered step better than a real workplace (seed 001).
LADDER_FIT = {
    1: {LadderStep.REAL: 2, LadderStep.SEMI_SHELTERED: 1, LadderStep.SHELTERED: 0},
    2: {LadderStep.REAL: 1, LadderStep.SEMI_SHELTERED: 2, LadderStep.SHELTERED: 1},
    3: {LadderStep.REAL: -2, LadderStep.SEMI_SHELTERED: 1, LadderStep.SHELTERED: 2},
    4: {LadderStep.REAL: -4, LadderStep.SEMI_SHELTERED: -3, LadderStep.SHELTERED: -1},
}

# Words of occupation names and titles that say nothing about the work itself.
STOP_WORDS = frozenset(
    [
        "yrke",
        "yrken",
        "krav",
        "inom",
        "samt",
        "eller",
        "andra",
        "annan",
        "annat",
        "övriga",
        "kortare",
        "längre",
        "utbildning",
        "introduktion",
        "fördjupad",
        "högskolekompetens",
        "motsvarande",
        "arbete",
        "arbeten",
        "arbetar",
        "praktik",
        "plats",
        "platsen",
        "jobb",
        "tjänst",
        "med",
        "för",
        "och",
        "till",
        "från",
        "som",
    ]
)
WORD = re.compile(r"[a-zåäöéü]+")
MIN_WORD = 4
MIN_SHARED_PREFIX = 5


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    interests: str = ""
    experience: str = ""
    goals: str = ""
    driving_licence: str = ""  # the mapping's value; "" when there is no mapping
    need_order: int | None = None
    need_name: str = ""
    plan_goal_kind: str = ""
    plan_goal: str = ""
    municipality: str = ""
    postal_area: str = ""  # "" for a protected identity


@dataclass(frozen=True)
class PlacementFacts:
    placement_id: int
    words: frozenset[str]
    step: str
    requires_driving_licence: bool = False
    municipality: str = ""
    postal_area: str = ""  # "" when the viewer may not see who the employer is


@dataclass(frozen=True)
class Suggestion:
    person_id: int
    placement_id: int
    score: int
    reasons: tuple[str, ...] = ()
    against: tuple[str, ...] = ()

    @property
    def explained(self) -> str:
        return "; ".join(self.reasons)

    @property
    def objections(self) -> str:
        return "; ".join(self.against)


def words(text: str) -> list[str]:
    """The words of a text that can carry meaning, lower case, in order, once each."""
    seen: dict[str, None] = {}
    for w in WORD.findall((text or "").lower()):
        if len(w) >= MIN_WORD and w not in STOP_WORDS:
            seen.setdefault(w, None)
    return list(seen)


def related(a: str, b: str) -> bool:
    """Whether two words are about the same thing: one begins the other ("lager", "lagerarbete"), or they
    share a long beginning (Swedish compounds: "lagerarbetare", "lagerarbete")."""
    if a.startswith(b) or b.startswith(a):
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= MIN_SHARED_PREFIX


def matching_words(text: str, wanted: Iterable[str]) -> list[str]:
    """The words of `text` related to any of `wanted`, as the person wrote them."""
    wanted = list(wanted)
    return [w for w in words(text) if any(related(w, x) for x in wanted)]


def postal_area(postal_code: str) -> str:
    digits = "".join(ch for ch in postal_code or "" if ch.isdigit())
    return digits[:3] if len(digits) >= 3 else ""


def need_fit(need_order: int | None, step: str) -> int | None:
    if need_order is None:
        return None
    return LADDER_FIT[min(max(need_order, 1), 4)].get(step)


def score(person: PersonFacts, placement: PlacementFacts) -> Suggestion:
    """One person against one placement: the points, and the reasons for and against in Swedish."""
    points, reasons, against = 0, [], []
    for key, text, label in (
        ("interest", person.interests, _("intresse")),
        ("experience", person.experience, _("erfarenhet")),
        ("goal", f"{person.goals} {person.plan_goal}", _("mål")),
    ):
        found = matching_words(text, placement.words)
        if found:
            points += WEIGHTS[key]
            reasons.append(f"{label}: {', '.join(found[:3])}")
    if person.plan_goal_kind == "arbete":
        points += WEIGHTS["plan_goal_work"]
        reasons.append(_("planens mål är arbete"))
    elif person.plan_goal_kind == "studier":
        points += WEIGHTS["plan_goal_studies"]
        against.append(_("planens mål är studier"))
    if placement.requires_driving_licence and person.driving_licence:
        if person.driving_licence == "b":
            points += WEIGHTS["licence"]
            reasons.append(_("har B-körkort"))
        else:
            points += WEIGHTS["no_licence"]
            against.append(_("kräver B-körkort, har inget"))
    if person.postal_area and placement.postal_area and person.postal_area == placement.postal_area:
        points += WEIGHTS["same_postal_area"]
        reasons.append(_("samma postnummerområde"))
    elif person.municipality and person.municipality == placement.municipality:
        points += WEIGHTS["same_municipality"]
        reasons.append(_("bor i samma kommun"))
    fit = need_fit(person.need_order, placement.step)
    if fit:
        step = str(LadderStep(placement.step).label).lower()
        points += fit
        if fit > 0:
            reasons.append(_("behovsnivå %(niva)s passar %(steg)s praktik") % {"niva": person.need_name, "steg": step})
        else:
            against.append(
                _("behovsnivå %(niva)s: %(steg)s praktik kan vara för tidigt")
                % {"niva": person.need_name, "steg": step}
            )
    return Suggestion(person.person_id, placement.placement_id, points, tuple(reasons), tuple(against))


def is_suggestion(s: Suggestion) -> bool:
    """Worth showing: something speaks for it and more for than against."""
    return bool(s.reasons) and s.score > 0


def rank(suggestions: Iterable[Suggestion], limit: int) -> list[Suggestion]:
    """The best first: points, then fewer objections; ties in a stable order."""
    kept = [s for s in suggestions if is_suggestion(s)]
    kept.sort(key=lambda s: (-s.score, len(s.against), s.person_id, s.placement_id))
    return kept[:limit]


# --- Loading the facts the viewer may see ------------------------------------------------------------------


def placement_facts(placement: Placement) -> PlacementFacts:
    """A placement annotated `employer_shown` (placements.visible_placements), with its employer loaded."""
    employer = placement.employer
    text = f"{placement.title} {placement.occupation.name if placement.occupation_id else ''}"
    return PlacementFacts(
        placement_id=placement.pk,
        words=frozenset(words(text)),
        step=placement.step,
        requires_driving_licence=placement.requires_driving_licence,
        municipality=employer.municipality_id or "",
        postal_area=postal_area(employer.postal_code) if getattr(placement, "employer_shown", False) else "",
    )


def person_facts(user, today: date, person_ids: Iterable[int] | None = None) -> dict[int, PersonFacts]:
    """The facts of the persons the user may see and whose mapping the user may see, in four queries:
    the latest visible mapping each, the open visible plan each, and where they live (persons through
    restrict(), a protected identity without its postal code)."""
    scope = scope_for(user)
    if not scope.unit_ids:
        return {}
    persons = restrict(user, on=today)
    if person_ids is not None:
        persons = persons.filter(pk__in=list(person_ids))
    mappings = Mapping.objects.filter(superseded_at__isnull=True, person__in=persons).filter(
        visible_records(scope, today, Mapping.KIND)
    )
    # Values, not model instances (tens of thousands for a KAA unit), and the other two queries take the mapped
    # persons as a subquery: an IN list of every id was slow, and on SQLite has a ceiling on its length.
    latest = latest_per_person(
        mappings.values_list(
            "pk",
            "person_id",
            "talk_date",
            "created_at",
            "interests",
            "work_experience",
            "goals",
            "driving_licence",
            "need_level__order",
            "need_level__name",
            named=True,
        )
    )
    if not latest:
        return {}
    mapped = mappings.values("person_id")
    plans = {}
    for person_id, goal_kind, goal in (
        Plan.objects.filter(closed_on__isnull=True, person__in=persons, person_id__in=mapped)
        .filter(visible_records(scope, today, PLAN_KIND))
        .order_by("created_at", "pk")
        .values_list("person_id", "goal_kind", "goal")
    ):
        plans[person_id] = (goal_kind, goal)
    homes = {
        pk: (municipality or "", "" if protection else postal_area(code))
        for pk, municipality, code, protection in persons.filter(pk__in=mapped).values_list(
            "pk", "home_municipality_id", "postal_code", "protection"
        )
    }
    facts = {}
    for person_id, m in latest.items():
        if person_id not in homes:
            continue
        goal_kind, goal = plans.get(person_id, ("", ""))
        municipality, area = homes[person_id]
        facts[person_id] = PersonFacts(
            person_id=person_id,
            interests=m.interests,
            experience=m.work_experience,
            goals=m.goals,
            driving_licence=m.driving_licence,
            need_order=m.need_level__order,
            need_name=m.need_level__name or "",
            plan_goal_kind=goal_kind,
            plan_goal=goal,
            municipality=municipality,
            postal_area=area,
        )
    return facts


# --- The suggestions ----------------------------------------------------------------------------------------


def for_placement(user, placement: Placement, today: date, limit: int = 50) -> list[Suggestion]:
    """The persons best suited to the placement among those the user may see with a mapping the user may
    see, best first; those already candidates on it that the user can see are left out (one the user cannot
    see must not change the list either)."""
    facts = person_facts(user, today)
    taken = set(visible(user, today).filter(placement=placement).values_list("person_id", flat=True))
    wanted = placement_facts(placement)
    return rank((score(f, wanted) for pid, f in facts.items() if pid not in taken), limit)


def for_person(user, person_id: int, today: date, limit: int = 20) -> list[tuple[Placement, Suggestion]]:
    """The open placements of the user's agreements best suited to the person (the employer as the viewer may
    see it), best first; placements the person is already a candidate on are left out."""
    facts = person_facts(user, today, [person_id]).get(person_id)
    if facts is None:
        return []
    placements = {
        p.pk: p
        for p in visible_placements(user)
        .filter(closed=False, end_date__gte=today)
        .exclude(pk__in=visible(user, today).filter(person_id=person_id).values("placement_id"))
        .select_related("employer__municipality", "occupation", "unit__party")
    }
    ranked = rank((score(facts, placement_facts(p)) for p in placements.values()), limit)
    return [(placements[s.placement_id], s) for s in ranked]

"""Placements and jobs on the placement ladder, and what each party may see of them.

Every casework role of the agreement sees the agreement's placements. An anonymous listing (as Matchning.nu
publishes them) hides who the employer is from users of other parties than the publishing unit's, until a
candidate that one of the viewer's own units proposed is shortlisted (CV sent or later): then that party
needs the name to go on. The publishing party always sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.orgs.models import Unit

from . import occupations
from .models import SHORTLISTED, Candidate, Employer, LadderStep, Occupation, Placement, PlacementKind
from .register import agreement_ids, units_in, user_name


def visible_placements(user) -> QuerySet[Placement]:
    """The placements of the user's agreements, each annotated `employer_shown`: whether this user may
    see who the employer is."""
    scope = scope_for(user)
    shortlisted_here = Candidate.objects.filter(
        placement=OuterRef("pk"), unit_id__in=scope.unit_ids, stage__in=sorted(SHORTLISTED)
    )
    return Placement.objects.filter(employer__agreement_id__in=agreement_ids(user)).annotate(
        employer_shown=Q(anonymous=False) | Q(unit__party_id__in=scope.party_ids) | Q(Exists(shortlisted_here))
    )


def placement_for(user, pk: int) -> Placement:
    found = visible_placements(user).select_related("employer", "occupation", "unit__party").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def hidden_employer_ids(user) -> set[int]:
    """Employers whose anonymous listings this user may not tie to them: their pages leave those out."""
    return set(visible_placements(user).filter(employer_shown=False).values_list("employer_id", flat=True))


@dataclass(frozen=True)
class Listing:
    """A placement as one viewer may see it: the employer only where it is shown."""

    placement: Placement
    employer: Employer | None


def as_listing(placement: Placement) -> Listing:
    return Listing(placement, placement.employer if placement.employer_shown else None)


def resolve_occupation(code: str) -> Occupation:
    """The occupation for an SSYK 2012 code: the code itself, or its nearest level Fotfäste knows."""
    code = (code or "").strip()
    problem = occupations.code_problem(code)
    if problem:
        raise ValidationError({"ssyk": problem})
    prefixes = [code[:n] for n in range(len(code), 0, -1)]
    known = {o.code: o for o in Occupation.objects.filter(code__in=prefixes)}
    level = occupations.known_level(code, set(known))
    if level is None:
        raise ValidationError(
            {"ssyk": _("SSYK-koden %(kod)s finns inte i den klassificering som är inläst.") % {"kod": code}}
        )
    return known[level]


def placement_problems(*, places, start_date, end_date, step, kind) -> dict[str, str]:
    problems = {}
    if step not in LadderStep.values:
        problems["step"] = _("Ange steget på praktiktrappan: %(val)s.") % {"val": ", ".join(LadderStep.values)}
    if kind not in PlacementKind.values:
        problems["kind"] = _("Ange typen: %(val)s.") % {"val": ", ".join(PlacementKind.values)}
    if not isinstance(places, int) or isinstance(places, bool) or places < 1:
        problems["places"] = _("Ange antalet platser som ett heltal, minst 1.")
    elif places > 1000:
        problems["places"] = _("Högst 1 000 platser i en annons.")
    if start_date is None:
        problems["start_date"] = _("Ange första dagen som ÅÅÅÅ-MM-DD.")
    if end_date is None:
        problems["end_date"] = _("Ange sista dagen som ÅÅÅÅ-MM-DD.")
    elif start_date is not None and end_date < start_date:
        problems["end_date"] = _("Sista dagen kan inte vara före den första.")
    return problems


def publishing_unit(user, employer: Employer, unit_id: int | None) -> Unit:
    """The user's casework unit in the employer's agreement that publishes: the one given or the only one."""
    units = units_in(user, employer.agreement_id)
    if unit_id is not None:
        units = [u for u in units if u.pk == unit_id]
    if len(units) != 1:
        raise ValidationError(
            {"unit": _("Ange vilken av dina enheter i arbetsgivarens överenskommelse som publicerar platsen.")}
        )
    return units[0]


def create_placement(
    user,
    employer: Employer,
    unit: Unit,
    *,
    ssyk: str,
    step: str,
    places: int,
    start_date: date | None,
    end_date: date | None,
    anonymous: bool = False,
    kind: str = PlacementKind.PLACEMENT,
    **more,
) -> Placement:
    """Publish a placement for one of the user's units. ValidationError by field; nothing saved on error."""
    if employer.agreement_id not in agreement_ids(user):
        raise Http404
    if unit.pk not in scope_for(user).unit_ids or unit.party.agreement_id != employer.agreement_id:
        raise ValidationError({"unit": _("Ange en av dina egna enheter i arbetsgivarens överenskommelse.")})
    problems = placement_problems(places=places, start_date=start_date, end_date=end_date, step=step, kind=kind)
    occupation = None
    try:
        occupation = resolve_occupation(ssyk)
    except ValidationError as exc:
        problems.update({k: v[0] for k, v in exc.message_dict.items()})
    if problems:
        raise ValidationError(problems)
    return Placement.objects.create(
        employer=employer,
        unit=unit,
        kind=kind,
        occupation=occupation,
        ssyk=ssyk.strip(),
        step=step,
        places=places,
        start_date=start_date,
        end_date=end_date,
        anonymous=bool(anonymous),
        created_by_name=user_name(user),
        **more,
    )

"""The placements list, and editing and closing a placement: over placements.py's visibility and validation.

The list shows every placement of the user's agreements with the employer only where the viewer may see it
(placements.visible_placements' `employer_shown`). Only the publishing party edits or closes a placement:
other parties see it, they do not hold it. Every change compares and sets `version`, so two people saving at
once never overwrite each other; starting a candidate (course.py) bumps the same number, because it uses one
of the places the editor may be changing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.core.keyset import keyset_page
from fotfaste.core.versioning import EditConflict, bump

from .models import LadderStep, Placement, Stage
from .placements import placement_problems, resolve_occupation, visible_placements

PAGE_SIZE = 50
# What the holder may change after publishing; the employer and the publishing unit stay.
EDITABLE = (
    "kind",
    "title",
    "ssyk",
    "step",
    "description",
    "supervisor",
    "places",
    "start_date",
    "end_date",
    "requires_driving_licence",
    "language_requirement",
    "other_requirements",
    "insurance",
    "payment",
    "paperwork_by",
    "anonymous",
)


@dataclass(frozen=True)
class Filters:
    step: str = ""
    group: str = ""  # an SSYK major group, one digit
    open_only: bool = False

    @classmethod
    def parse(cls, params) -> Filters:
        step = params.get("steg", "")
        group = params.get("yrkesomrade", "")
        return cls(
            step=step if step in LadderStep.values else "",
            group=group if len(group) == 1 and group.isdigit() else "",
            open_only=params.get("oppna") == "1",
        )


def with_started(qs: QuerySet[Placement]) -> QuerySet[Placement]:
    """Each placement with how many candidates are on it now (a number: no one is named by it)."""
    return qs.annotate(started=Count("candidates", filter=Q(candidates__stage=Stage.STARTED), distinct=True))


def placement_list(user, filters: Filters, today: date, cursor: str | None = None, size: int = PAGE_SIZE):
    """A page of the user's agreements' placements, newest period first; (rows, next cursor)."""
    qs = visible_placements(user).select_related("employer__municipality", "occupation", "unit__party")
    if filters.step:
        qs = qs.filter(step=filters.step)
    if filters.group:
        qs = qs.filter(ssyk__startswith=filters.group)
    if filters.open_only:
        qs = qs.filter(closed=False, end_date__gte=today)
    return keyset_page(with_started(qs), ("-start_date", "id"), cursor, size)


def is_holder(user, placement: Placement) -> bool:
    return placement.unit.party_id in scope_for(user).party_ids


def require_holder(user, placement: Placement) -> None:
    if not is_holder(user, placement):
        raise PermissionDenied(
            _("Platsen publicerades av %(part)s; bara den parten kan ändra eller stänga den.")
            % {"part": placement.unit.party.name}
        )


def started_count(placement_id: int) -> int:
    return Placement.objects.get(pk=placement_id).candidates.filter(stage=Stage.STARTED).count()


@transaction.atomic
def update_placement(user, placement: Placement, *, version: int, **fields) -> Placement:
    """Change what the holder may change. ValidationError by field; EditConflict on a stale version."""
    require_holder(user, placement)
    current = Placement.objects.select_for_update().get(pk=placement.pk)
    if current.version != version:
        raise EditConflict(current)
    data = {f: fields.get(f, getattr(current, f)) for f in EDITABLE}
    problems = placement_problems(
        places=data["places"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        step=data["step"],
        kind=data["kind"],
    )
    occupation = None
    try:
        occupation = resolve_occupation(data["ssyk"])
    except ValidationError as exc:
        problems.update({k: v[0] for k, v in exc.message_dict.items()})
    started = current.candidates.filter(stage=Stage.STARTED).count()
    if "places" not in problems and data["places"] < started:
        problems["places"] = _("%(n)d har redan börjat på platsen; ange minst så många platser.") % {"n": started}
    if problems:
        raise ValidationError(problems)
    data["ssyk"] = data["ssyk"].strip()
    data["anonymous"] = bool(data["anonymous"])
    bump(placement, version, occupation=occupation, **data)
    return placement


@transaction.atomic
def close_placement(user, placement: Placement, *, version: int) -> Placement:
    """No more candidates: the placement leaves the open list. Those already on it go on."""
    require_holder(user, placement)
    current = Placement.objects.select_for_update().get(pk=placement.pk)
    if current.version != version:
        raise EditConflict(current)  # before any write: a stale or forged form changes nothing
    if current.closed:
        raise ValidationError({"version": _("Platsen är redan stängd.")})
    bump(placement, version, closed=True)
    return placement

"""The person page's section on placements: the person's candidacies the viewer may see, and the open
placements that suit the person (matching.for_person), the employer as the viewer may see it."""

from __future__ import annotations

from fotfaste.access.scope import scope_for
from fotfaste.access.services import shown_to
from fotfaste.access.sharing import visible_records

from . import matching
from .course import KIND
from .models import Candidate
from .placements import as_listing, visible_placements
from .register import agreement_ids

SUGGESTED_PLACEMENTS = 10


def placements_section(actor, person, sharing, today) -> dict | None:
    user = actor.user
    scope = scope_for(user)
    agreements = agreement_ids(user)
    if not scope.unit_ids or not agreements:
        return None
    # The person is the page's, opened through restrict(): filtering by its id reads no other person.
    rows = (
        Candidate.objects.filter(person_id=person.pk, placement__employer__agreement_id__in=agreements)
        .filter(visible_records(scope, today, KIND))
        .select_related("unit__party")
        .order_by("-created_at", "-id")
    )
    shown = shown_to(actor, person, sharing, rows, kind=KIND, what="kandidat till praktikplats")
    placements = {
        p.pk: p
        for p in visible_placements(user)
        .filter(pk__in=[c.placement_id for c in shown])
        .select_related("employer", "occupation")
    }
    candidacies = [(c, as_listing(placements[c.placement_id])) for c in shown if c.placement_id in placements]
    suggestions = [(as_listing(p), s) for p, s in matching.for_person(user, person.pk, today, SUGGESTED_PLACEMENTS)]
    # A casework role in an agreement is a unit in it: the user may propose from the placement's page.
    return {"candidacies": candidacies, "suggestions": suggestions, "may_propose": True}

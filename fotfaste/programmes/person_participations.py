"""The person page's section of the person's participations in programmes the viewer may see."""

from __future__ import annotations

from fotfaste.access.scope import scope_for
from fotfaste.access.services import shown_to
from fotfaste.access.sharing import visible_records

from .models import Participation
from .participation import KIND


def participations_section(actor, person, sharing, today) -> dict | None:
    scope = scope_for(actor.user)
    if not scope.unit_ids:
        return None
    # The person is the page's, opened through restrict(): filtering by its id reads no other person.
    rows = (
        Participation.objects.filter(person_id=person.pk)
        .filter(visible_records(scope, today, KIND))
        .select_related("programme", "unit__party")
        .order_by("-created_at", "-id")
    )
    shown = shown_to(actor, person, sharing, rows, kind=KIND, what="deltagande i program")
    if not shown:
        return None
    return {"participations": shown}

"""The person page's meetings section: agenda items, three-party talks and booked mapping talks."""

from __future__ import annotations

from django.utils import timezone

from fotfaste.access.scope import scope_for

from . import services
from .models import MappingTalk


def meetings_section(actor, person, sharing, today):
    if not scope_for(actor.user).unit_ids:
        return None
    # Booked talks are the booking unit's; shown to that unit (a time and a place, no content).
    talks = MappingTalk.objects.filter(
        person=person, cancelled=False, unit_id__in=sharing.own_unit_ids, starts_at__gte=timezone.now()
    ).select_related("unit")
    return {"items": services.person_meetings(actor, person, sharing), "talks": list(talks)}

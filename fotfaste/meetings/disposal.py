"""Past meetings' items, invitations and booked talks: this app's part of the disposal category `samverkan` (fotfaste.disposal.collaboration),
registered from the app's ready()."""

from fotfaste.disposal.categories import delete
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import AgendaItem, Invitation, MappingTalk


def _past_meetings(scope: Scope) -> dict[str, int]:
    persons, start = scope.persons, scope.start
    items = AgendaItem.objects.filter(person__in=persons, meeting__starts_at__lt=start)
    invitations = Invitation.objects.filter(person__in=persons, meeting__starts_at__lt=start)
    talks = MappingTalk.objects.filter(person__in=persons, starts_at__lt=start)
    return {
        "agenda_items": delete(items, allowed={"meetings.Action"}).get("meetings.AgendaItem", 0),
        "invitations": delete(invitations).get("meetings.Invitation", 0),
        "mapping_talks": delete(talks).get("meetings.MappingTalk", 0),
    }


register_part(Part("meetings", 70, _past_meetings))

"""Ended team memberships: this app's part of the disposal category `samverkan` (fotfaste.disposal.collaboration),
registered from the app's ready()."""

from fotfaste.disposal.categories import delete
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import TeamMember


def _ended_memberships(scope: Scope) -> dict[str, int]:
    ended = TeamMember.objects.filter(person__in=scope.persons, end_date__lt=scope.cutoff)
    return {"team_members": delete(ended).get("team.TeamMember", 0)}


register_part(Part("team", 30, _ended_memberships))

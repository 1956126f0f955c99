"""Superseded mappings: this app's part of the disposal category `samverkan` (fotfaste.disposal.collaboration),
registered from the app's ready()."""

from fotfaste.disposal.categories import delete
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import Mapping


def _superseded_mappings(scope: Scope) -> dict[str, int]:
    superseded = Mapping.objects.filter(person__in=scope.persons, superseded_at__lt=scope.start)
    return {"mappings": delete(superseded, allowed={"mapping.SensitiveBarrier"}).get("mapping.Mapping", 0)}


register_part(Part("mapping", 60, _superseded_mappings))

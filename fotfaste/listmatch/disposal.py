"""List-matching runs of the municipality: this app's part of the disposal category `samverkan` (fotfaste.disposal.collaboration),
registered from the app's ready()."""

from fotfaste.disposal.categories import delete, in_scope
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import MatchRun


def _old_runs(scope: Scope) -> dict[str, int]:
    runs = in_scope(MatchRun.objects.all(), "municipality_id", scope.municipality, scope.exclude)
    runs = runs.filter(created_at__lt=scope.start)
    return {"match_runs": delete(runs, allowed={"listmatch.MatchRunPerson"}).get("listmatch.MatchRun", 0)}


register_part(Part("listmatch", 80, _old_runs))

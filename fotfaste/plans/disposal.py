"""Closed plans with their measures and versions: this app's part of the disposal category `samverkan` (fotfaste.disposal.collaboration),
registered from the app's ready()."""

from fotfaste.disposal.categories import delete
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import Plan


def _closed_plans(scope: Scope) -> dict[str, int]:
    closed = Plan.objects.filter(person__in=scope.persons, closed_on__lt=scope.cutoff)
    per_model = delete(closed, allowed={"plans.Measure", "plans.PlanRevision"})
    return {"plans": per_model.get("plans.Plan", 0), "measures": per_model.get("plans.Measure", 0)}


register_part(Part("plans", 50, _closed_plans))

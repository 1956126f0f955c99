"""Monthly income-support lists: this app's part of the disposal category `samverkan`
(fotfaste.disposal.collaboration). A list read in before the rule's cutoff goes with its rows.
Registered from the app's ready()."""

from fotfaste.disposal.categories import delete, in_scope
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import IncomeSupportList


def _old_lists(scope: Scope) -> dict[str, int]:
    lists = in_scope(IncomeSupportList.objects.all(), "municipality_id", scope.municipality, scope.exclude)
    removed = delete(lists.filter(created_at__lt=scope.start), allowed={"incomesupport.IncomeSupportMonth"})
    return {"income_support_lists": removed.get("incomesupport.IncomeSupportList", 0)}


register_part(Part("incomesupport", 86, _old_lists))

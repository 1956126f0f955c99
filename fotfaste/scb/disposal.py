"""Files made for SCB: this app's part of the disposal category `samverkan` (fotfaste.disposal.collaboration).

A file holds the personnummer of everyone reported; once the rule's cutoff has passed its making, it goes
(SCB keeps what was uploaded). Registered from the app's ready()."""

from fotfaste.disposal.categories import delete, in_scope
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import ScbExport


def _old_files(scope: Scope) -> dict[str, int]:
    files = in_scope(ScbExport.objects.all(), "municipality_id", scope.municipality, scope.exclude)
    return {"scb_exports": delete(files.filter(created_at__lt=scope.start)).get("scb.ScbExport", 0)}


register_part(Part("scb", 85, _old_files))

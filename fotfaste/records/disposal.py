"""Ended party records: this app's part of the disposal category `samverkan` (fotfaste.disposal.collaboration),
registered from the app's ready()."""

from fotfaste.disposal.categories import delete
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import PartyRecord


def _ended_records(scope: Scope) -> dict[str, int]:
    ended = PartyRecord.objects.filter(person__in=scope.persons, end_date__lt=scope.cutoff)
    return {"records": delete(ended).get("records.PartyRecord", 0)}


register_part(Part("records", 40, _ended_records))

"""Compare-and-set on a record's `version`: two people saving at once never overwrite each other.

`lock` takes the row (SELECT … FOR UPDATE on PostgreSQL) and refuses a stale version; `bump` saves the
fields with the next version in one conditional UPDATE, so a racing save on a database without row locks
(SQLite) cannot slip in between either. Either raises EditConflict carrying what was saved meanwhile, and
nothing is saved.
"""

from __future__ import annotations

from django.db.models import F, Model
from django.utils import timezone


class EditConflict(Exception):
    """Someone saved the record after the editor opened it; `current` is what they saved."""

    def __init__(self, current: Model):
        super().__init__("conflict")
        self.current = current


def lock(record: Model, version: int, *related: str) -> Model:
    rows = type(record).objects.select_for_update()
    if related:  # select_related() with no names would follow every foreign key, persons included
        rows = rows.select_related(*related)
    current = rows.get(pk=record.pk)
    if current.version != version:
        raise EditConflict(current)
    return current


def bump(record: Model, version: int, **fields) -> None:
    """Save `fields` and the next version, only if nobody saved since `version`; `record` follows."""
    model = type(record)
    stamp = {"updated_at": timezone.now()} if any(f.name == "updated_at" for f in model._meta.fields) else {}
    changed = model.objects.filter(pk=record.pk, version=version).update(**fields, **stamp, version=F("version") + 1)
    if not changed:
        raise EditConflict(model.objects.get(pk=record.pk))
    for name, value in fields.items():
        setattr(record, name, value)
    record.version = version + 1

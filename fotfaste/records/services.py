"""Party records: each unit's own, and other units' as far as a consent shares them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, shown_to
from fotfaste.access.sharing import Sharing
from fotfaste.orgs.models import Membership, Unit

from .models import PartyRecord
from .rules import kinds_unit_may_record


def recordable(user) -> list[tuple[Unit, list[str]]]:
    """(unit, kinds) for each of the user's casework units."""
    scope = scope_for(user)
    roles_by_unit: dict[int, set[str]] = {}
    units: dict[int, Unit] = {}
    memberships = Membership.objects.filter(user=user, active=True, unit_id__in=scope.unit_ids).select_related(
        "unit__party"
    )
    for m in memberships:
        roles_by_unit.setdefault(m.unit_id, set()).add(m.role)
        units[m.unit_id] = m.unit
    ordered = sorted(units.values(), key=lambda u: u.name)
    return [(u, kinds_unit_may_record(u.party.kind, roles_by_unit[u.pk])) for u in ordered]


def add_record(
    actor: Actor,
    person,
    *,
    unit: Unit,
    kind: str,
    title: str,
    start_date: date,
    end_date: date | None = None,
    note: str = "",
) -> PartyRecord:
    allowed = dict((u.pk, kinds) for u, kinds in recordable(actor.user))
    if unit.pk not in allowed:
        raise PermissionDenied
    if kind not in allowed[unit.pk]:
        raise ValidationError({"kind": _("Din enhet kan inte registrera den typen av uppgift.")})
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    return PartyRecord.objects.create(
        person=person,
        unit=unit,
        kind=kind,
        title=title,
        start_date=start_date,
        end_date=end_date,
        note=note,
        recorded_by=actor.user,
        recorded_by_name=actor.user.username,
    )


def records_for(actor: Actor, person, sharing: Sharing) -> list[PartyRecord]:
    """The person's records the viewer may see; a record seen by consent is logged with that consent."""
    rows = list(
        PartyRecord.objects.filter(person=person).select_related("unit__party").order_by("kind", "-start_date", "-id")
    )
    return shown_to(actor, person, sharing, rows, kind=lambda r: r.kind, what=lambda kind: f"uppgifter: {kind}")


def is_current(record: PartyRecord, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return record.start_date <= today and (record.end_date is None or record.end_date >= today)

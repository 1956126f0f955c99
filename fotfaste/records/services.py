"""Party records: each unit's own, and other units' as far as the holder discloses them by consent."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import WorkSource, note_work
from fotfaste.access.scope import casework_units_with_roles
from fotfaste.access.services import Actor, log_change, shown_to
from fotfaste.access.sharing import Sharing
from fotfaste.orgs.models import Unit

from .models import RECORD_KINDS, PartyRecord
from .rules import kinds_unit_may_record


def recordable(user) -> list[tuple[Unit, list[str]]]:
    """(unit, kinds) for each of the user's casework units."""
    return [
        (cu.unit, kinds_unit_may_record(cu.unit.party.kind, set(cu.user_roles), set(cu.unit_roles)))
        for cu in casework_units_with_roles(user)
    ]


@transaction.atomic
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
    """Record what the user's own unit knows; it is the unit's information, disclosed only by its consent."""
    allowed = {u.pk: kinds for u, kinds in recordable(actor.user)}
    if unit.pk not in allowed:
        raise PermissionDenied(_("Du kan bara registrera uppgifter för din egen enhet."))
    if kind not in dict(RECORD_KINDS):
        raise ValidationError({"kind": _("Okänd typ av uppgift.")})
    if kind not in allowed[unit.pk]:
        raise ValidationError({"kind": _("Din enhet kan inte registrera den typen av uppgift.")})
    if not title.strip():
        raise ValidationError({"title": _("Skriv vad uppgiften gäller.")})
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    record = PartyRecord.objects.create(
        person=person,
        unit=unit,
        kind=kind,
        title=title.strip()[:200],
        start_date=start_date,
        end_date=end_date,
        note=note,
        recorded_by=actor.user,
        recorded_by_name=_name(actor.user),
    )
    note_work(actor, person, unit, day=start_date)
    log_change(actor, person, "uppgift: ny", {"enhet": unit.name, "typ": kind})
    return record


def records_for(actor: Actor, person, sharing: Sharing) -> list[PartyRecord]:
    """The person's records the viewer may see; a record seen by consent is logged with that consent."""
    rows = list(
        PartyRecord.objects.filter(person=person).select_related("unit__party").order_by("kind", "-start_date", "-id")
    )
    return shown_to(actor, person, sharing, rows, kind=lambda r: r.kind, what=lambda kind: f"uppgifter: {kind}")


def is_current(record: PartyRecord, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return record.start_date <= today and (record.end_date is None or record.end_date >= today)


def _spans(person_id: int, unit_id: int):
    return PartyRecord.objects.filter(person_id=person_id, unit_id=unit_id).values_list("start_date", "end_date")


def _name(user) -> str:
    display = getattr(user, "display_name", None)
    return (display() if callable(display) else user.username)[:150]


# A unit's records keep its own ground open until the last one ends (records stay as history when
# the contact is ended: they are documentation, not work in progress).
WORK = WorkSource("records", _spans)

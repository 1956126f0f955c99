"""The team around a young person: each unit adds and ends its own members; one main contact.

A membership is the member's unit's information: only that unit records or ends it, and others see
it only when the unit discloses team information by a consent it has confirmed. Joining the team is
work with the person, so it keeps the unit's own ground open — or opens one for a unit with a duty —
but never under a consent alone (fotfaste.access.grounds.note_work).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import WorkSource, note_work, settle_unit
from fotfaste.access.models import OwnBasis
from fotfaste.access.scope import casework_units, scope_for
from fotfaste.access.services import Actor, log_change, shown_to
from fotfaste.access.sharing import Sharing
from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import Membership, Unit

from .models import TeamMember

TEAM_KIND = InformationKind.OCCUPATION_PLAN


def team_for(actor: Actor, person, sharing: Sharing, today: date | None = None) -> list[TeamMember]:
    """Current members the viewer may see: their own units', and others' that the holder discloses to them."""
    today = today or timezone.localdate()
    members = (
        TeamMember.objects.filter(person=person, start_date__lte=today)
        .exclude(end_date__lt=today)
        .select_related("unit__party", "user")
    )
    return shown_to(actor, person, sharing, members, kind=TEAM_KIND, what="teamet")


def candidate_units(user) -> list[Unit]:
    """Units a member can come from: the user's own. Each party adds its own people to the team."""
    return list(casework_units(user))


def _current_main_contact(person, start_date: date) -> TeamMember | None:
    return (
        TeamMember.objects.select_for_update()
        .filter(person=person, is_main_contact=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .first()
    )


@transaction.atomic
def add_member(
    actor: Actor,
    person,
    *,
    unit: Unit,
    user=None,
    name: str = "",
    role: str,
    is_main_contact: bool = False,
    start_date: date,
) -> TeamMember:
    """A member of the user's own unit joins the team (the user, a colleague, or someone outside
    Fotfäste by name)."""
    if unit.pk not in scope_for(actor.user).unit_ids:
        raise ValidationError({"unit": _("Du kan bara lägga till personer från din egen enhet i teamet.")})
    if user is not None and not Membership.objects.filter(user=user, unit=unit, active=True).exists():
        raise ValidationError({"user": _("Användaren har ingen roll i den valda enheten.")})
    name = name.strip() or (user.display_name() if user else "")
    if not name:
        raise ValidationError({"name": _("Välj en användare eller skriv namnet på den som ingår i teamet.")})
    if is_main_contact:
        current = _current_main_contact(person, start_date)
        if current is not None and current.unit_id != unit.pk:
            # Whether the young person has a main contact is the one fact of the team every unit that
            # works with them learns: "en väg in" needs that nobody appoints a second.
            raise ValidationError(
                {
                    "is_main_contact": _(
                        "Personen har redan en huvudkontakt i en annan enhet. Den enheten lämnar över uppdraget "
                        "genom att avsluta huvudkontakten; lägg sedan till er medlem som huvudkontakt."
                    )
                }
            )
        if current is not None:
            # "En väg in": within the unit, the new main contact takes over from the previous one.
            TeamMember.objects.filter(pk=current.pk).update(is_main_contact=False)
    member = TeamMember.objects.create(
        person=person,
        unit=unit,
        user=user,
        name=name,
        role=role,
        is_main_contact=is_main_contact,
        start_date=start_date,
        added_by=actor.user,
    )
    note_work(actor, person, unit, basis=OwnBasis.TEAM, day=start_date)
    log_change(
        actor,
        person,
        "team: ny medlem",
        {"namn": name, "enhet": unit.name, "huvudkontakt": "ja" if is_main_contact else "nej"},
    )
    return member


@transaction.atomic
def end_member(actor: Actor, person, member: TeamMember, *, end_date: date) -> TeamMember:
    """Only the member's own unit ends a membership (the main contact's included)."""
    if member.person_id != person.pk or member.unit_id not in scope_for(actor.user).unit_ids:
        raise PermissionDenied(_("Bara den egna enheten kan avsluta en medlem i teamet."))
    if member.end_date is not None and member.end_date < timezone.localdate():
        raise ValidationError({"end_date": _("Medlemskapet är redan avslutat.")})
    if end_date < member.start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    member.end_date = end_date
    member.save(update_fields=["end_date"])
    log_change(actor, person, "team: avslutad", {"namn": member.name, "till": end_date.isoformat()})
    settle_unit(person.pk, member.unit_id)
    return member


def _spans(person_id: int, unit_id: int):
    return TeamMember.objects.filter(person_id=person_id, unit_id=unit_id).values_list("start_date", "end_date")


def _end_open(person_id: int, unit_id: int, last_day: date) -> None:
    """The contact is ended: the unit's members leave the team (a membership not yet begun never begins)."""
    TeamMember.objects.filter(person_id=person_id, unit_id=unit_id).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=last_day)
    ).update(end_date=last_day)


# A unit's team memberships keep its own ground open; ending the contact ends them.
WORK = WorkSource("team", _spans, _end_open)

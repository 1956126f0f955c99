"""The team around a young person: adding and ending members, the main contact."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change, shown_to
from fotfaste.access.sharing import Sharing
from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import Membership, Unit
from fotfaste.people.models import Involvement

from .models import TeamMember

TEAM_KIND = InformationKind.OCCUPATION_PLAN


def team_for(actor: Actor, person, sharing: Sharing, today: date | None = None) -> list[TeamMember]:
    """Current members the viewer may see: their own units', and others' that a consent shares with them."""
    today = today or timezone.localdate()
    members = (
        TeamMember.objects.filter(person=person, start_date__lte=today)
        .exclude(end_date__lt=today)
        .select_related("unit__party", "user")
    )
    return shown_to(actor, person, sharing, members, kind=TEAM_KIND, what="teamet")


def candidate_units(user, sharing: Sharing) -> list[Unit]:
    """Units a member can come from: the user's own, and those a consent shares identity and team with."""
    units = Unit.objects.filter(party__agreement__parties__units__in=scope_for(user).unit_ids).distinct()
    units = units.select_related("party").order_by("party__name", "name")
    return [u for u in units if may_add_from(u, sharing)]


def may_add_from(unit: Unit, sharing: Sharing) -> bool:
    if unit.pk in sharing.own_unit_ids:
        return True
    return (
        sharing.consent_for(InformationKind.IDENTITY, unit.pk, unit.party_id) is not None
        and sharing.consent_for(TEAM_KIND, unit.pk, unit.party_id) is not None
    )


@transaction.atomic
def add_member(
    actor: Actor,
    person,
    sharing: Sharing,
    *,
    unit: Unit,
    user=None,
    name: str = "",
    role: str,
    is_main_contact: bool = False,
    start_date: date,
) -> TeamMember:
    if not may_add_from(unit, sharing):
        raise ValidationError(
            {
                "unit": _(
                    "Det finns inget gällande samtycke som delar identitet och planering med %(enhet)s. "
                    "Registrera samtycket först."
                )
                % {"enhet": unit.name}
            }
        )
    if user is not None and not Membership.objects.filter(user=user, unit=unit, active=True).exists():
        raise ValidationError({"user": _("Användaren har ingen roll i den valda enheten.")})
    name = name.strip() or (user.display_name() if user else "")
    if not name:
        raise ValidationError({"name": _("Välj en användare eller skriv namnet på den som ingår i teamet.")})
    if is_main_contact:
        # "En väg in": the new main contact takes over from the previous one.
        TeamMember.objects.select_for_update().filter(person=person, is_main_contact=True).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)
        ).update(is_main_contact=False)
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
    if unit.pk in scope_for(actor.user).unit_ids and not (
        Involvement.objects.active_on(start_date).filter(person=person, unit=unit).exists()
    ):
        # A member from one's own unit means the unit works with the person: it is in its caseload.
        Involvement.objects.create(person=person, unit=unit, start_date=start_date, created_by=actor.user)
    log_change(
        actor,
        person,
        "team: ny medlem",
        {"namn": name, "enhet": unit.name, "huvudkontakt": "ja" if is_main_contact else "nej"},
    )
    return member


@transaction.atomic
def end_member(actor: Actor, person, sharing: Sharing, member: TeamMember, *, end_date: date) -> TeamMember:
    if member.person_id != person.pk or not (
        member.unit_id in sharing.own_unit_ids or sharing.consent_for(TEAM_KIND, member.unit_id, member.unit.party_id)
    ):
        raise PermissionDenied
    if end_date < member.start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    member.end_date = end_date
    member.save(update_fields=["end_date"])
    log_change(actor, person, "team: avslutad", {"namn": member.name, "till": end_date.isoformat()})
    return member

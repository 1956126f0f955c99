"""The grounds of access: the only reasons a user may see a person.

- **own** (`egen`): the user's unit works with the person on its own account (`OwnGround`);
- **consent** (`samtycke`): a consent in force shares the person's identity with the user's unit,
  confirmed by a unit that holds it on its own ground;
- **duty** (`uppdrag`): a legal duty, such as the KAA role's towards the young people in the
  municipality's register (registered by the app that knows the duty, see `register_duty`).

`restrict(user)` is the one queryset of persons: every view, API endpoint, export, PDF and
command starts from it (a guard in `access.guard` refuses any other read of the persons table).
An own ground is created only by a unit that already has one or a duty (`note_work`), never by
something done under a consent, and it ends with the unit's last work with the person
(`settle`) or when a user ends the contact (`end_contact`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.consent.models import Consent, ConsentConfirmation, ConsentRecipient, ConsentStatus
from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person

from .models import OwnBasis, OwnGround
from .scope import Scope, scope_for

# Every restricted query carries this comment, by which access.guard recognises it.
MARKER = "/* fotfaste:restrict */"


class GroundKind:
    OWN = "egen"
    CONSENT = "samtycke"
    DUTY = "uppdrag"

    LABELS = {
        OWN: gettext_lazy("Egen"),
        CONSENT: gettext_lazy("Samtycke"),
        DUTY: gettext_lazy("Uppdrag enligt lag"),
    }


@dataclass(frozen=True)
class Ground:
    """One reason the user may see the person, as the person page and the API state it."""

    kind: str
    unit_id: int | None
    unit_name: str
    start: date | None
    end: date | None
    consent_id: int | None = None
    because: str = ""  # a Swedish clause: "… eftersom {because}"


# --- Duties, registered by the apps that know them -------------------------------------


@dataclass(frozen=True)
class DutySource:
    """A legal duty towards persons, e.g. the KAA role's towards the municipality's register.

    condition(scope, on) -> Q on Person: the persons the scope's duty covers on `on`;
    grounds(scope, person_id, on) -> list[Ground]: that duty towards one person, explained;
    units(person_id, unit_ids, on) -> set of those units whose duty covers the person.
    """

    name: str
    condition: Callable[[Scope, date], Q | None]
    grounds: Callable[[Scope, int, date], list[Ground]]
    units: Callable[[int, Iterable[int], date], set[int]]


@dataclass(frozen=True)
class WorkSource:
    """A kind of work a unit does with a person (team membership, records, a plan part).

    spans(person_id, unit_id) -> (first day, last day or None) of each item; end_open(person_id,
    unit_id, last_day) ends the open items when the contact is ended (None: they stay as history).
    """

    name: str
    spans: Callable[[int, int], Iterable[tuple[date, date | None]]]
    end_open: Callable[[int, int, date], None] | None = None


_duties: dict[str, DutySource] = {}
_work: dict[str, WorkSource] = {}


def register_duty(source: DutySource) -> None:
    _duties[source.name] = source


def register_work(source: WorkSource) -> None:
    _work[source.name] = source


# --- The one queryset of persons ----------------------------------------------------------


def own_condition(scope: Scope, on: date) -> Q:
    # The keeper of records (a command or an aggregate, never a user: scope_for never makes one) counts
    # every ground its units had by `on`, ended or not, as the register's keeper sees every KAA period:
    # the units' own statistics over what they still hold until disposal (the follow-up of programmes).
    grounds = OwnGround.objects.filter(start_date__lte=on) if scope.register_keeper else OwnGround.objects.active_on(on)
    own = grounds.filter(person=OuterRef("pk"), unit_id__in=scope.unit_ids)
    return Q(Exists(own))


def duty_condition(scope: Scope, on: date) -> Q | None:
    conditions = [c for c in (d.condition(scope, on) for d in _duties.values()) if c is not None]
    if not conditions:
        return None
    combined = conditions[0]
    for c in conditions[1:]:
        combined |= c
    return combined


def consents_in_force(on: date) -> QuerySet[Consent]:
    """Given, started, not past the last day, not withdrawn (withdrawal takes effect at once)."""
    return Consent.objects.filter(status=ConsentStatus.GIVEN, valid_from__lte=on, withdrawn_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def names_viewer(scope: Scope) -> Q:
    """A consent recipient row that names one of the viewer's casework units, or its whole party."""
    return Q(unit_id__in=scope.unit_ids) | Q(unit__isnull=True, party_id__in=scope.party_ids)


def identity_consents(scope: Scope, on: date) -> QuerySet[Consent]:
    """Consents in force that share identity with the viewer, confirmed by a unit that held the
    identity on its own ground when it confirmed: a recipient cannot pass on what it only received."""
    named = ConsentRecipient.objects.filter(names_viewer(scope), consent=OuterRef("pk"))
    confirmed = ConsentConfirmation.objects.filter(consent=OuterRef("pk"), holds_identity=True)
    return consents_in_force(on).filter(Exists(named), Exists(confirmed), covers_identity=True)


def consent_condition(scope: Scope, on: date) -> Q:
    return Q(Exists(identity_consents(scope, on).filter(person=OuterRef("pk"))))


def grounds_condition(scope: Scope, on: date) -> Q:
    condition = own_condition(scope, on) | consent_condition(scope, on)
    duty = duty_condition(scope, on)
    return condition | duty if duty is not None else condition


def restrict(user, *, on: date | None = None, duty: str | None = None) -> QuerySet[Person]:
    """The persons `user` may see on day `on` (default today): the only way to persons.

    Empty for roles that never see a person (the steering group, administrators). With `duty`
    (a registered duty's name) only the persons that duty covers: a subset, for the lists that
    belong to the duty (the KAA worklist). Databases plan one EXISTS far better than the OR of
    every ground: with 61,000 in one KAA register, the query of a worklist page sorted by name takes
    12 ms instead of 140 on PostgreSQL.
    """
    scope = scope_for(user)
    if not scope.sees_persons:
        return Person.objects.none()
    on = on or timezone.localdate()
    if duty is not None:
        condition = _duties[duty].condition(scope, on)
        return marked(Person.objects.filter(condition)) if condition is not None else Person.objects.none()
    return marked(Person.objects.filter(grounds_condition(scope, on)))


def marked(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Tag a queryset of persons as restricted. Only this module may call it."""
    return qs.extra(where=[f"1 = 1 {MARKER}"])


# --- Grounds towards one person, explained --------------------------------------------------


def grounds_for(user, person_id: int, on: date | None = None) -> list[Ground]:
    """Every ground the user has to see the person on `on`: what the page and the API state."""
    scope = scope_for(user)
    if not scope.sees_persons:
        return []
    on = on or timezone.localdate()
    found: list[Ground] = []
    for g in (
        OwnGround.objects.active_on(on)
        .filter(person_id=person_id, unit_id__in=scope.unit_ids)
        .select_related("unit")
        .order_by("start_date", "pk")
    ):
        found.append(
            Ground(
                GroundKind.OWN,
                g.unit_id,
                g.unit.name,
                g.start_date,
                g.end_date,
                because=_("%(enhet)s arbetar med personen (%(grund)s)")
                % {"enhet": g.unit.name, "grund": OwnBasis(g.basis).label.lower()},
            )
        )
    for duty in _duties.values():
        found.extend(duty.grounds(scope, person_id, on))
    consents = list(identity_consents(scope, on).filter(person_id=person_id).order_by("pk"))
    if consents:
        named: dict[int, list[tuple[int, int | None]]] = {}
        for consent_id, party_id, unit_id in ConsentRecipient.objects.filter(
            names_viewer(scope), consent__in=consents
        ).values_list("consent_id", "party_id", "unit_id"):
            named.setdefault(consent_id, []).append((party_id, unit_id))
        for c in consents:
            unit_id = _viewer_unit(named.get(c.pk, []), scope)
            found.append(
                Ground(
                    GroundKind.CONSENT,
                    unit_id,
                    scope.unit_name(unit_id),
                    c.valid_from,
                    c.valid_until,
                    c.pk,
                    because=_("personen har lämnat samtycke nr %(nr)d till att uppgifter delas med %(enhet)s")
                    % {"nr": c.pk, "enhet": scope.unit_name(unit_id)},
                )
            )
    return found


def _viewer_unit(rows: list[tuple[int, int | None]], scope: Scope) -> int | None:
    """The viewer's unit a consent names: by name, or else the first of theirs in a named whole party."""
    for _party, unit in rows:
        if unit in scope.unit_ids:
            return unit
    parties = {party for party, unit in rows if unit is None}
    for unit_id, _name in sorted(scope.unit_names, key=lambda item: item[1]):
        if unit_id in scope.unit_ids and _party_of(unit_id, scope) in parties:
            return unit_id
    return None


def _party_of(unit_id: int, scope: Scope) -> int | None:
    return dict(scope.unit_parties).get(unit_id)


def units_with_own_ground(person_id: int, unit_ids: Iterable[int], on: date) -> set[int]:
    return set(
        OwnGround.objects.active_on(on)
        .filter(person_id=person_id, unit_id__in=list(unit_ids))
        .values_list("unit_id", flat=True)
    )


def units_with_duty(person_id: int, unit_ids: Iterable[int], on: date) -> set[int]:
    units = list(unit_ids)
    found: set[int] = set()
    for duty in _duties.values():
        found |= duty.units(person_id, units, on)
    return found


def holding_units(person_id: int, unit_ids: Iterable[int], on: date) -> set[int]:
    """Those of the units that hold the person on their own account today: an own ground or a duty."""
    units = list(unit_ids)
    return units_with_own_ground(person_id, units, on) | units_with_duty(person_id, units, on)


def has_work(person_id: int, unit_id: int) -> bool:
    """The unit has recorded work with the person (a team membership, a record, a plan part), on any
    ground: something it holds that a consent could disclose."""
    return any(next(iter(source.spans(person_id, unit_id)), None) is not None for source in _work.values())


# --- Own grounds: created by work, ended with it ----------------------------------------------


def note_work(actor, person, unit: Unit, *, basis: str = OwnBasis.WORK, day: date | None = None) -> OwnGround | None:
    """A user has recorded work of their own unit with the person: keep the unit's own ground open.

    Only a unit that holds the person on its own account (an own ground or a duty) gets or keeps an
    own ground this way; work done under a consent gives none, so a consent never outlives itself.
    """
    today = timezone.localdate()
    scope = scope_for(actor.user)
    if unit.pk not in scope.unit_ids:
        return None
    ground = OwnGround.objects.active_on(today).filter(person=person, unit=unit).order_by("-start_date").first()
    if ground is None:
        if not units_with_duty(person.pk, [unit.pk], today):
            return None
        ground = OwnGround.objects.create(
            person=person,
            unit=unit,
            start_date=min(day or today, today),
            basis=basis,
            created_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
            created_by_name=_name(actor.user),
        )
    settle(ground)
    return ground


def settle(ground: OwnGround) -> OwnGround:
    """The ground lasts as long as the unit's work with the person: open while any item is open,
    else until the last item's last day. A register's ground is the register's to end."""
    if ground.basis == OwnBasis.REGISTER:
        return ground
    spans = [s for source in _work.values() for s in source.spans(ground.person_id, ground.unit_id)]
    if not spans:
        return ground
    end = None if any(last is None for _first, last in spans) else max(last for _first, last in spans)
    if end != ground.end_date:
        ground.end_date = end
        OwnGround.objects.filter(pk=ground.pk).update(end_date=end)
    return ground


def settle_unit(person_id: int, unit_id: int) -> None:
    """After the unit's work with the person changed: bring its current own ground up to date."""
    today = timezone.localdate()
    for ground in OwnGround.objects.active_on(today).filter(person_id=person_id, unit_id=unit_id):
        settle(ground)


@transaction.atomic
def end_contact(actor, person, unit: Unit, *, reason: str) -> OwnGround:
    """ "Avsluta kontakt": the unit no longer works with the person, from now on, for the reason given."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför kontakten avslutas.")})
    if unit.pk not in scope_for(actor.user).unit_ids:
        raise PermissionDenied(_("Du kan bara avsluta din egen enhets kontakt."))
    today = timezone.localdate()
    grounds = list(OwnGround.objects.select_for_update().active_on(today).filter(person=person, unit=unit))
    if not grounds:
        raise ValidationError({"reason": _("%(enhet)s har ingen egen kontakt med personen.") % {"enhet": unit.name}})
    yesterday = today - timedelta(days=1)
    for source in _work.values():
        if source.end_open:
            source.end_open(person.pk, unit.pk, yesterday)
    for g in grounds:
        g.end_date, g.end_reason, g.ended_by_name = yesterday, reason[:500], _name(actor.user)
        g.save(update_fields=["end_date", "end_reason", "ended_by_name"])
    return grounds[0]


def _name(user) -> str:
    display = getattr(user, "display_name", None)
    return (display() if callable(display) else getattr(user, "username", ""))[:150]

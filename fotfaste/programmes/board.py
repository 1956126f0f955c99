"""A programme's routine: bringing young people into it, the board of who is at which step, moving them on.

A participation is information of the kind "sysselsattning_plan" held by the unit that recorded it: a
viewer sees their own units' participations and others' only under a consent the holder confirmed
(access.sharing.visible_records), and only of persons they may see (restrict). Recording one is the
unit's work with the person, so it keeps the unit's own ground open while the participation is (WORK).
Every change compares and sets `version`: two people moving the same card never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import WorkSource, note_work, restrict, settle_unit
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change, log_reads, with_basis
from fotfaste.access.sharing import disclosed_by, visible_records
from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import Unit
from fotfaste.orgs.roles import CASEWORK_ROLES, Role

from .models import CLOSED_STATUSES, AgreementProgramme, Participation, ParticipationStatus, StepMove

KIND = InformationKind.OCCUPATION_PLAN
# A step without its own "dagar" is overdue after this many days.
DEFAULT_STEP_DAYS = 14
CLOSED = sorted(CLOSED_STATUSES)
# The ways a participation ends from the board; selection (vald, väntelista, ej vald) is the period's page's.
ENDINGS = (ParticipationStatus.DECLINED, ParticipationStatus.ENDED_EARLY)


class StaleVersion(Exception):
    """Someone changed the participation after the user opened the page; nothing was changed."""

    def __init__(self, current: Participation):
        super().__init__("stale")
        self.current = current


def user_name(user) -> str:
    display = getattr(user, "display_name", None)
    return (display() if callable(display) else getattr(user, "username", ""))[:150]


# --- Who may do what -----------------------------------------------------------------------------------


def casework_agreements(user) -> set[int]:
    return {a for a, role in scope_for(user).agreement_roles if role in CASEWORK_ROLES}


def coordinating_agreements(user) -> set[int]:
    return {a for a, role in scope_for(user).agreement_roles if role == Role.COORDINATOR}


def programme_for(user, agreement_id: int, code: str) -> AgreementProgramme:
    """The agreement's programme, for a user with a casework role in that agreement; otherwise 404."""
    if agreement_id not in casework_agreements(user):
        raise Http404
    return get_object_or_404(AgreementProgramme, agreement_id=agreement_id, code=code)


def adding_units(user, programme: AgreementProgramme) -> list[Unit]:
    """The user's casework units in the programme's agreement: those that can take a person into its routine."""
    return list(
        Unit.objects.filter(pk__in=scope_for(user).unit_ids, party__agreement_id=programme.agreement_id)
        .select_related("party")
        .order_by("party__name", "name")
    )


# --- What a user sees, and the reads logged -------------------------------------------------------------


def visible_participations(user, day: date, programme: AgreementProgramme | None = None) -> QuerySet[Participation]:
    """The participations the user may see: their own units', others' under a confirmed consent, and only of
    persons the user may see."""
    qs = Participation.objects.filter(
        visible_records(scope_for(user), day, KIND), person__in=restrict(user, on=day)
    ).select_related("unit__party", "place_period")
    return qs.filter(programme=programme) if programme is not None else qs


def persons_of(user, rows: Iterable, day: date) -> dict:
    """The persons of the rows (anything with `person_id`), read through restrict with the basis of each read."""
    ids = {r.person_id for r in rows}
    if not ids:
        return {}
    return {p.pk: p for p in with_basis(restrict(user, on=day).filter(pk__in=ids), user, day)}


def log_shown(actor: Actor, rows: Iterable, persons: dict, what: str, day: date) -> None:
    """The persons of the rows shown (rows: records with `person_id` and `unit_id`), one read each; a row held
    by another unit was seen under a consent, and that read names it."""
    rows = [r for r in rows if r.person_id in persons]
    if not rows:
        return
    log_reads(actor, [persons[pid] for pid in dict.fromkeys(r.person_id for r in rows)], what)
    scope = scope_for(actor.user)
    others = [r for r in rows if r.unit_id not in scope.unit_ids]
    if not others:
        return
    consents = disclosed_by(scope, day, [KIND], {r.person_id for r in others})[KIND]
    used = sorted({(r.person_id, consents.get(r.person_id, {}).get(r.unit_id, (None,))[0]) for r in others})
    for person_id, consent_id in used:
        if consent_id is not None:
            log_reads(actor, [persons[person_id]], what, consent_id=consent_id)


# --- The board ----------------------------------------------------------------------------------------


def step_days(step: dict) -> int:
    """The days a participation may be in the step before it is overdue (the step's "dagar", else 14)."""
    try:
        days = int(step.get("dagar"))
    except (TypeError, ValueError):
        return DEFAULT_STEP_DAYS
    return days if days > 0 else DEFAULT_STEP_DAYS


def role_label(value: str) -> str:
    try:
        return str(Role(value).label)
    except ValueError:
        return value or ""


def steps_of(programme: AgreementProgramme) -> list[dict]:
    """The routine's steps; a programme without any has one, so that its participants still show."""
    steps = [s for s in (programme.steps or []) if isinstance(s, dict)]
    return steps or [{"namn": _("I rutinen"), "roll": "", "beskrivning": ""}]


def step_name(programme: AgreementProgramme, index: int) -> str:
    steps = steps_of(programme)
    return steps[min(index, len(steps) - 1)].get("namn", "")


@dataclass
class Card:
    participation: Participation
    person: object
    days: int  # in the step
    overdue: bool
    first: bool  # at the routine's first step: cannot go back
    last: bool  # at its last step: cannot go on
    may_change: bool = True  # the holding unit's or a coordinator's: moved and ended from the board


@dataclass
class Column:
    index: int
    name: str
    role: str
    description: str
    max_days: int
    cards: list[Card] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def overdue(self) -> int:
        return sum(1 for c in self.cards if c.overdue)


@dataclass
class Board:
    columns: list[Column]
    closed: int  # participations the user sees that have ended

    @property
    def total(self) -> int:
        return sum(len(c.cards) for c in self.columns)

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.columns)


def board(actor: Actor, programme: AgreementProgramme, day: date) -> Board:
    """Who of those the user may see is at which step of the routine, how long, and who is overdue; the
    persons shown are logged."""
    steps = steps_of(programme)
    columns = [
        Column(i, s.get("namn", ""), role_label(s.get("roll", "")), s.get("beskrivning", ""), step_days(s))
        for i, s in enumerate(steps)
    ]
    visible = visible_participations(actor.user, day, programme)
    rows = list(visible.exclude(status__in=CLOSED).order_by("step", "step_since", "id"))
    persons = persons_of(actor.user, rows, day)
    own_units = scope_for(actor.user).unit_ids
    coordinates = programme.agreement_id in coordinating_agreements(actor.user)
    for p in rows:
        person = persons.get(p.person_id)
        if person is None:
            continue
        column = columns[min(p.step, len(columns) - 1)]
        days = (day - p.step_since).days
        may_change = coordinates or p.unit_id in own_units
        column.cards.append(
            Card(p, person, days, days > column.max_days, p.step == 0, p.step >= len(columns) - 1, may_change)
        )
    log_shown(actor, rows, persons, _("tavla för %(program)s") % {"program": programme.name}, day)
    return Board(columns, visible.filter(status__in=CLOSED).count())


# --- Changing participations --------------------------------------------------------------------------


@transaction.atomic
def add_participation(
    actor: Actor, programme: AgreementProgramme, person_id: int, unit_id: int | None, day: date
) -> Participation:
    """Take a person the user may see into the programme's routine, at its first step, for one of the user's
    units in the programme's agreement. A person the user may not see: 404."""
    person = with_basis(restrict(actor.user, on=day).filter(pk=person_id), actor.user, day).first()
    if person is None:
        raise Http404
    units = {u.pk: u for u in adding_units(actor.user, programme)}
    if not units:
        raise PermissionDenied(_("Du har ingen enhet i samverkan som programmet hör till."))
    if unit_id is None and len(units) == 1:
        unit_id = next(iter(units))
    unit = units.get(unit_id)
    if unit is None:
        raise ValidationError({"enhet": _("Välj för vilken av dina enheter personen läggs till i rutinen.")})
    if not programme.active:
        raise ValidationError(_("%(program)s är inte aktivt i samverkan.") % {"program": programme.name})
    seen = visible_participations(actor.user, day, programme).filter(person=person).first()
    if seen is not None:
        raise ValidationError(
            _("%(namn)s finns redan i rutinen för %(program)s (steg %(steg)d, %(status)s).")
            % {
                "namn": f"{person.first_name} {person.last_name}",
                "program": programme.name,
                "steg": seen.step + 1,
                "status": seen.get_status_display().lower(),
            }
        )
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                programme=programme,
                person=person,
                unit=unit,
                step=0,
                step_since=day,
                status=ParticipationStatus.IN_ROUTINE,
                created_by_name=user_name(actor.user),
            )
    except IntegrityError:
        # Another unit has the person in this routine, and does not share it with the user.
        raise ValidationError(
            _(
                "%(namn)s finns redan i rutinen för %(program)s hos en annan enhet, som inte delar det med dig. "
                "Kontakta programmets samordnare."
            )
            % {"namn": f"{person.first_name} {person.last_name}", "program": programme.name}
        ) from None
    StepMove.objects.create(participation=participation, step=0, on=day, moved_by_name=user_name(actor.user))
    note_work(actor, person, unit, day=day)
    settle_unit(person.pk, unit.pk)
    log_change(actor, person, "program", {"program": programme.code, "enhet": unit.name, "status": "aktuell"})
    log_reads(actor, [person], _("lagt till i rutinen för %(program)s") % {"program": programme.name})
    return participation


def _locked(actor: Actor, programme: AgreementProgramme, participation_id: int, day: date) -> Participation:
    found = (
        visible_participations(actor.user, day, programme)
        .select_related("person")
        .select_for_update(of=("self",))
        .filter(pk=participation_id)
        .first()
    )
    if found is None:
        raise Http404
    # A consent shares the participation, not the holder's record: the holding unit changes it, and so do
    # the agreement's coordinators, who run the routine for every party.
    scope = scope_for(actor.user)
    if found.unit_id not in scope.unit_ids and programme.agreement_id not in coordinating_agreements(actor.user):
        raise PermissionDenied(
            _("Bara enheten som har deltagandet, eller samverkans samordnare, kan flytta eller avsluta det.")
        )
    return found


def _compare_and_set(participation: Participation, version: int, **changes) -> None:
    changed = Participation.objects.filter(pk=participation.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not changed:
        raise StaleVersion(participation)


@transaction.atomic
def move(
    actor: Actor, programme: AgreementProgramme, participation_id: int, *, version: int, direction: int, day: date
) -> Participation:
    """One step on (direction 1) or back (-1), if nobody moved it since the user saw it (else StaleVersion)."""
    if direction not in (1, -1):
        raise ValidationError(_("Välj om deltagandet ska flyttas till nästa eller föregående steg."))
    # The routine as saved now, under the row lock a coordinator's edit takes too (services.update_programme):
    # a step the edit is removing cannot be moved into meanwhile. Programme first, then participation.
    programme = AgreementProgramme.objects.select_for_update().get(pk=programme.pk)
    participation = _locked(actor, programme, participation_id, day)
    if participation.status in CLOSED_STATUSES:
        raise ValidationError(_("Deltagandet är avslutat och kan inte flyttas."))
    target = participation.step + direction
    if not 0 <= target < len(steps_of(programme)):
        raise ValidationError(
            _("Deltagandet är redan i rutinens första steg.")
            if target < 0
            else _("Deltagandet är redan i rutinens sista steg.")
        )
    _compare_and_set(participation, version, step=target, step_since=day)
    StepMove.objects.create(participation=participation, step=target, on=day, moved_by_name=user_name(actor.user))
    log_change(
        actor,
        participation.person,
        "program: steg",
        {"program": programme.code, "steg": target + 1, "namn": step_name(programme, target)},
        {"steg": participation.step + 1},
    )
    participation.refresh_from_db()
    return participation


@transaction.atomic
def end(
    actor: Actor,
    programme: AgreementProgramme,
    participation_id: int,
    *,
    version: int,
    status: str,
    reason: str,
    day: date,
) -> Participation:
    """The young person declines (avstår) or the participation ends early (avbruten, with a reason). A place
    it held is free again."""
    reason = (reason or "").strip()
    if status not in ENDINGS:
        raise ValidationError({"status": _("Välj Avstår eller Avbruten.")})
    if status == ParticipationStatus.ENDED_EARLY and not reason:
        raise ValidationError({"reason": _("Skriv varför deltagandet avbröts.")})
    participation = _locked(actor, programme, participation_id, day)
    if participation.status in CLOSED_STATUSES:
        raise ValidationError(_("Deltagandet är redan avslutat."))
    _compare_and_set(participation, version, status=status, ended_on=day, end_reason=reason[:500], waiting_rank=None)
    log_change(
        actor,
        participation.person,
        "program: avslut",
        {"program": programme.code, "status": status, "datum": str(day)},
        {"status": participation.status},
    )
    settle_unit(participation.person_id, participation.unit_id)
    participation.refresh_from_db()
    return participation


# --- The work that keeps a unit's own ground open ------------------------------------------------------


def _spans(person_id: int, unit_id: int):
    """Each participation the unit recorded: open while it is, else until the day it ended."""
    for created, status, ended_on, updated in Participation.objects.filter(
        person_id=person_id, unit_id=unit_id
    ).values_list("created_at", "status", "ended_on", "updated_at"):
        first = timezone.localdate(created)
        if status in CLOSED_STATUSES:
            yield first, max(first, ended_on or timezone.localdate(updated))
        else:
            yield first, None


def _end_open(person_id: int, unit_id: int, last_day: date) -> None:
    """The unit ended its contact with the person: its open participations end too (a place they held is free)."""
    Participation.objects.filter(person_id=person_id, unit_id=unit_id).exclude(status__in=CLOSED).update(
        status=ParticipationStatus.ENDED_EARLY,
        ended_on=last_day,
        end_reason=_("Kontakten avslutades"),
        waiting_rank=None,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )


WORK = WorkSource("programmes", _spans, _end_open)


# --- For the programme's and the person's pages ----------------------------------------------------------


def candidate_context(user, programme: AgreementProgramme | None, day: date) -> dict:
    """What the lists of who is eligible need to offer "Lägg till i rutinen": the user's units, and whom
    the user already sees in the routine."""
    if programme is None or not programme.active:
        return {"add_units": [], "in_routine": set()}
    units = adding_units(user, programme)
    in_routine = (
        set(visible_participations(user, day, programme).values_list("person_id", flat=True)) if units else set()
    )
    return {"add_units": units, "in_routine": in_routine}


def person_routines(actor: Actor, person, day: date, assessments) -> dict:
    """For the person page: the programmes (eligible now or soon, run by the agreement) the user can take the
    person into. The participations themselves are listed, and their reads logged, by the section
    "Deltagande i program" (person_participations.py); here they only keep a programme from being offered."""
    taken = set(visible_participations(actor.user, day).filter(person=person).values_list("programme_id", flat=True))
    offers = []
    for a in assessments:
        entry = a.programme.entry
        if entry is None or not entry.active or entry.pk in taken:
            continue
        units = adding_units(actor.user, entry)
        if units:
            offers.append({"programme": entry, "units": units})
            taken.add(entry.pk)
    return {"offers": offers}

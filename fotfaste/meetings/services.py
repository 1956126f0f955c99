"""Meetings: the case review's agenda from who needs it, decisions and actions, talks and bookings.

Only persons the organiser may see, and of other units' plans and mappings only what a consent
shares with the organiser, can be put on an agenda; everyone who opens a meeting sees only the
agenda items they may see themselves (`visible_items`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change, log_reads, shown_to
from fotfaste.access.sharing import visible_records
from fotfaste.accounts.models import User
from fotfaste.consent.models import InformationKind
from fotfaste.mapping.models import Mapping
from fotfaste.orgs.models import Unit
from fotfaste.orgs.roles import CASEWORK_ROLES
from fotfaste.people.identity import IdentityNumberError, normalise
from fotfaste.people.presenters import address_lines
from fotfaste.plans import rules as plan_rules
from fotfaste.plans.models import Measure, MeasureStatus, Plan

from . import rules
from .models import Action, AgendaItem, Invitation, MappingTalk, Meeting, MeetingKind, TalkCapacity

KIND = InformationKind.OCCUPATION_PLAN


def my_meetings(user) -> QuerySet[Meeting]:
    """Meetings organised by the user's units."""
    return Meeting.objects.filter(unit_id__in=scope_for(user).unit_ids).select_related("unit__party")


def get_meeting(user, meeting_id: int) -> Meeting:
    meeting = my_meetings(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def visible_items(actor: Actor, meeting: Meeting, *, log: str = "möte") -> list[AgendaItem]:
    """The meeting's agenda items the viewer may see; each person shown is in the read log."""
    scope = scope_for(actor.user)
    today = timezone.localdate()
    items = list(
        AgendaItem.objects.filter(meeting=meeting, person__in=restrict(actor.user, on=today))
        .filter(visible_records(scope, today, KIND, person="person", unit="meeting__unit"))
        .select_related("person")
        .prefetch_related("actions__responsible")
    )
    log_reads(actor, [i.person for i in items], log)
    return items


def candidates(user, day: date) -> list[tuple[object, list[str]]]:
    """The collaboration's young people who need the group's attention on `day`, with the reasons.

    The collaboration's young people: those with an open plan the organiser may see. Set-based:
    four queries whatever the number of persons.
    """
    scope = scope_for(user)
    visible = restrict(user, on=day)
    plans = (
        Plan.objects.filter(closed_on__isnull=True, person__in=visible)
        .filter(visible_records(scope, day, KIND))
        .select_related("person")
    )
    persons = {p.person_id: p.person for p in plans}
    plan_due = {p.person_id for p in plans if plan_rules.due_for_revision(p, day)}
    stalled: dict[int, int] = defaultdict(int)
    measures = Measure.objects.filter(
        plan__in=[p.pk for p in plans], status__in=(MeasureStatus.PLANNED, MeasureStatus.ONGOING)
    ).select_related("plan")
    for m in measures:
        if plan_rules.stalled(m, day):
            stalled[m.plan.person_id] += 1
    mapped = set(
        Mapping.objects.filter(person_id__in=persons, talk_date__gte=day - timedelta(days=rules.NEW_MAPPING_DAYS))
        .filter(visible_records(scope, day, KIND))
        .values_list("person_id", flat=True)
    )
    found = []
    for pid, person in persons.items():
        reasons = rules.agenda_reasons(
            new_mapping=pid in mapped,
            plan_due=pid in plan_due,
            stalled_measures=stalled[pid],
            birth_date=person.birth_date,
            day=day,
        )
        if reasons:
            found.append((person, reasons))
    found.sort(key=lambda pr: rules.agenda_sort_key(pr[1], pr[0].sort_name))
    return found


def create_meeting(actor: Actor, *, kind: str, unit: Unit, title: str, starts_at: datetime, place: str = "") -> Meeting:
    if unit.pk not in scope_for(actor.user).unit_ids:
        raise PermissionDenied
    return Meeting.objects.create(
        kind=kind, unit=unit, title=title, starts_at=starts_at, place=place, created_by=actor.user
    )


@transaction.atomic
def generate_agenda(actor: Actor, meeting: Meeting) -> int:
    """Put everyone who needs it on the case review's agenda; returns how many were added."""
    if meeting.kind != MeetingKind.CASE_REVIEW:
        raise ValidationError(_("Bara en ärendedragning har en dagordning."))
    on_it = set(meeting.items.values_list("person_id", flat=True))
    start = (meeting.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    new = [
        AgendaItem(meeting=meeting, person=person, reasons=reasons, order=start + i)
        for i, (person, reasons) in enumerate(
            pr for pr in candidates(actor.user, timezone.localtime(meeting.starts_at).date()) if pr[0].pk not in on_it
        )
    ]
    AgendaItem.objects.bulk_create(new)
    return len(new)


def record_decision(actor: Actor, meeting: Meeting, item: AgendaItem, decision: str) -> None:
    item.decision = decision
    item.save(update_fields=["decision"])
    log_change(actor, item.person, "möte: beslut", {"möte": meeting.pk, "beslut": decision[:100]})


ASSIGNEE_ERROR = gettext_lazy(
    "Välj någon som arbetar med unga i samverkan och som har tillgång till personen – ingen annan skulle se åtgärden."
)


def assignees(meeting: Meeting, persons) -> dict[int, QuerySet[User]]:
    """For each person, the users an action about them can be given to.

    Only someone who holds a casework role in a unit of the meeting's agreement and who may see the
    person: anyone else (the administrator, the steering group, a caseworker without access) would
    never see the action in Mina uppgifter, and it would be silently lost. One query for those with
    a casework role, then one per such user for whom of `persons` they may see.
    """
    person_ids = {p.pk for p in persons}
    candidates = (
        User.objects.filter(
            is_active=True,
            memberships__active=True,
            memberships__role__in=CASEWORK_ROLES,
            memberships__unit__party__agreement_id=meeting.unit.party.agreement_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    allowed: dict[int, list[int]] = {pk: [] for pk in person_ids}
    for user in candidates:
        for pk in restrict(user).filter(pk__in=person_ids).values_list("pk", flat=True):
            allowed[pk].append(user.pk)
    return {
        pk: User.objects.filter(pk__in=user_ids).order_by("first_name", "last_name", "username")
        for pk, user_ids in allowed.items()
    }


def add_action(
    actor: Actor, meeting: Meeting, item: AgendaItem, *, description: str, responsible, due_on: date
) -> Action:
    if not assignees(meeting, [item.person])[item.person_id].filter(pk=responsible.pk).exists():
        raise ValidationError({"responsible": ASSIGNEE_ERROR})
    action = Action.objects.create(item=item, description=description, responsible=responsible, due_on=due_on)
    log_change(actor, item.person, "möte: åtgärd", {"möte": meeting.pk, "åtgärd": description[:100]})
    return action


def complete_action(actor: Actor, action: Action, day: date) -> None:
    if action.responsible_id != actor.user.pk and action.item.meeting.unit_id not in scope_for(actor.user).unit_ids:
        raise PermissionDenied
    action.done_on = day
    action.save(update_fields=["done_on"])


@transaction.atomic
def record_three_party_talk(
    actor: Actor,
    person,
    *,
    unit: Unit,
    starts_at: datetime,
    participants: str,
    notes: str,
    agreed: str,
    person_present: bool,
) -> Meeting:
    meeting = create_meeting(
        actor, kind=MeetingKind.THREE_PARTY, unit=unit, title=_("Trepartssamtal"), starts_at=starts_at
    )
    meeting.participants, meeting.notes = participants, notes
    meeting.save(update_fields=["participants", "notes"])
    AgendaItem.objects.create(meeting=meeting, person=person, decision=agreed, person_present=person_present)
    log_change(actor, person, "trepartssamtal", {"möte": meeting.pk})
    return meeting


def person_meetings(actor: Actor, person, sharing) -> list[AgendaItem]:
    """The person's agenda items and talks the viewer may see (the organising unit's, or shared by consent)."""
    items = (
        AgendaItem.objects.filter(person=person)
        .select_related("meeting__unit__party")
        .prefetch_related("actions__responsible")
    )
    rows = items.order_by("-meeting__starts_at")
    return shown_to(actor, person, sharing, rows, kind=KIND, unit=lambda item: item.meeting.unit, what="möten")


# --- Information meetings and mapping talks --------------------------------------------------


@transaction.atomic
def invite_group(actor: Actor, meeting: Meeting, text: str, channel: str) -> list[Invitation]:
    """Invite everyone in `text` (one personnummer per line), or nobody: any bad line is named and stops it."""
    if meeting.kind != MeetingKind.INFORMATION:
        raise ValidationError(_("Bara till ett informationsmöte bjuder man in en grupp."))
    lines = [(i, line.strip()) for i, line in enumerate(text.splitlines(), start=1) if line.strip()]
    numbers, problems = {}, []
    for row, line in lines:
        try:
            numbers[row] = normalise(line)
        except (IdentityNumberError, ValueError):
            problems.append(
                _("Rad %(rad)d: ”%(varde)s” är inte ett giltigt personnummer.") % {"rad": row, "varde": line[:20]}
            )
    found = {p.personnummer: p for p in restrict(actor.user).filter(personnummer__in=set(numbers.values()))}
    # Only among those the user sees: whom else the meeting invited is not theirs to learn.
    invited = set(
        meeting.invitations.filter(person_id__in=[p.pk for p in found.values()]).values_list("person_id", flat=True)
    )
    for row, number in numbers.items():
        if number not in found:
            # The same words whether the number is unknown or the person is someone the user may not see.
            problems.append(_("Rad %(rad)d: hittar ingen person med det numret som du har rätt att se.") % {"rad": row})
        elif found[number].pk in invited:
            problems.append(_("Rad %(rad)d: personen är redan inbjuden.") % {"rad": row})
    if problems:
        raise ValidationError({"personnummer": problems})
    people = list(dict.fromkeys(found[n] for n in numbers.values()))
    return Invitation.objects.bulk_create(Invitation(meeting=meeting, person=p, channel=channel) for p in people)


def send_list(actor: Actor, meeting: Meeting, channel: str) -> list[dict[str, str]]:
    """The invited with the contact details their channel needs; a protected person's address is never given."""
    rows = []
    invitations = (
        meeting.invitations.filter(channel=channel, person__in=restrict(actor.user))
        .select_related("person")
        .order_by("person__sort_name", "id")
    )
    persons = []
    for i in invitations:
        p = i.person
        persons.append(p)
        row = {"fornamn": p.first_name, "efternamn": p.last_name}
        if channel == Invitation.Channel.SMS:
            row["telefon"] = p.phone
        elif channel == Invitation.Channel.EMAIL:
            row["epost"] = p.email
        else:
            lines = address_lines(p)
            row["adress"] = ", ".join(lines)
            row["skyddad"] = _("ja – skicka via Skatteverket") if p.is_protected else ""
        rows.append(row)
    log_reads(actor, persons, f"export: utskickslista ({channel})")
    return rows


def visible_invitations(actor: Actor, meeting: Meeting) -> list[Invitation]:
    invitations = list(
        meeting.invitations.filter(person__in=restrict(actor.user))
        .select_related("person")
        .order_by("person__sort_name", "id")
    )
    log_reads(actor, [i.person for i in invitations], "informationsmöte")
    return invitations


def record_attendance(actor: Actor, meeting: Meeting, attended_ids: set[int]) -> int:
    """Who of the invited the actor may see came (`attended_ids`) and who did not; returns how many rows.

    Only rows of persons the actor may see change: others' attendance, recorded by a colleague who
    sees them, is neither reset nor touched (an id the actor may not see is ignored).
    """
    visible = meeting.invitations.filter(person__in=restrict(actor.user))
    changed = visible.exclude(pk__in=attended_ids).update(attended=False)
    return changed + visible.filter(pk__in=attended_ids).update(attended=True)


def talks_per_day(unit: Unit) -> int:
    capacity = TalkCapacity.objects.filter(agreement_id=unit.party.agreement_id).first()
    return capacity.per_day if capacity else rules.DEFAULT_TALKS_PER_DAY


def booked_by_day(unit: Unit, first: date, days: int) -> dict[date, int]:
    start = timezone.make_aware(datetime.combine(first, time.min))
    rows = MappingTalk.objects.filter(
        unit=unit, cancelled=False, starts_at__gte=start, starts_at__lt=start + timedelta(days=days)
    ).values_list("starts_at", flat=True)
    counts: dict[date, int] = defaultdict(int)
    for when in rows:
        counts[timezone.localtime(when).date()] += 1
    return counts


@transaction.atomic
def book_talk(actor: Actor, person, *, unit: Unit, starts_at: datetime, meeting: Meeting | None = None) -> MappingTalk:
    """Book a mapping talk if the unit has room that day (its capacity per day); else a Swedish error."""
    if unit.pk not in scope_for(actor.user).unit_ids:
        raise PermissionDenied
    day = timezone.localtime(starts_at).date()
    # Lock the unit's row so that two bookings for the last slot of a day cannot both pass.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    per_day = talks_per_day(unit)
    booked = booked_by_day(unit, day, 1).get(day, 0)
    if rules.capacity_left(booked, per_day) == 0:
        raise ValidationError(
            {
                "starts_at": _("Dagen är fullbokad (%(n)d av %(max)d kartläggningssamtal). Välj en annan dag.")
                % {"n": booked, "max": per_day}
            }
        )
    if MappingTalk.objects.filter(person=person, starts_at=starts_at, cancelled=False).exists():
        raise ValidationError({"starts_at": _("Personen har redan ett samtal den tiden.")})
    talk = MappingTalk.objects.create(
        person=person, unit=unit, starts_at=starts_at, meeting=meeting, booked_by=actor.user
    )
    log_change(actor, person, "kartläggning bokad", {"tid": timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")})
    return talk


def open_actions(user, until: date) -> QuerySet[Action]:
    """The user's actions from meetings not yet done and due by `until` (for Mina uppgifter)."""
    return (
        Action.objects.filter(responsible=user, done_on__isnull=True, due_on__lte=until)
        .filter(item__person__in=restrict(user))
        .select_related("item__person", "item__meeting")
        .order_by("due_on", "id")
    )


def attendance_counts(actor: Actor, meeting: Meeting) -> dict:
    """Invited, came and did not come, among the invited the actor may see: a count of all would tell
    how many the actor may not see (docs/plans-and-meetings.md)."""
    return meeting.invitations.filter(person__in=restrict(actor.user)).aggregate(
        invited=Count("id"), came=Count("id", filter=Q(attended=True)), not_came=Count("id", filter=Q(attended=False))
    )

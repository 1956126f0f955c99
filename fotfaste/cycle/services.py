"""The annual cycle's services: who may do what, the default wheel, a year's occurrences, marking done.

Who may do what (docs/annual-cycle.md):
- anyone with an active role in the agreement sees its year view (no person is ever shown);
- the agreement's administrators (access.scope.admin_scope_for, as meetings and the fund decide it) and
  its coordinators (Role.COORDINATOR) edit activities, load the default wheel and create occurrences;
- the responsible user marks an occurrence done (and so may the editors, who run the wheel);
- administrators reassign an occurrence.
Everything else answers as missing (404): an object of an agreement one has no part in does not exist.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from fotfaste.access.scope import admin_scope_for, scope_for
from fotfaste.accounts.models import User
from fotfaste.meetings.models import TalkCapacity
from fotfaste.meetings.rules import DEFAULT_TALKS_PER_DAY
from fotfaste.orgs.models import Agreement, Membership
from fotfaste.orgs.roles import Role

from . import rules
from .models import ActivityKind, CycleActivity, CycleOccurrence, Rotation

DEFAULT_WHEEL = Path(__file__).resolve().parent / "default_wheel.json"


# --- Who may do what ------------------------------------------------------------------------------


def member_agreement_ids(user) -> set[int] | None:
    """The agreements whose cycle the user sees; None for the installation's administrator (all)."""
    if admin_scope_for(user).installation:
        return None
    return {a for a, _role in scope_for(user).agreement_roles}


def editor_agreement_ids(user) -> set[int] | None:
    """The agreements whose cycle the user edits: as administrator or coordinator; None means all."""
    admin = admin_scope_for(user)
    if admin.installation:
        return None
    coordinating = {a for a, role in scope_for(user).agreement_roles if role == Role.COORDINATOR}
    return set(admin.agreement_ids) | coordinating


def _within(qs: QuerySet, ids: set[int] | None, path: str) -> QuerySet:
    return qs if ids is None else qs.filter(**{f"{path}__in": ids})


def visible_agreements(user) -> QuerySet[Agreement]:
    return _within(Agreement.objects.all(), member_agreement_ids(user), "pk").order_by("name")


def editable_agreements(user) -> QuerySet[Agreement]:
    return _within(Agreement.objects.all(), editor_agreement_ids(user), "pk")


def editable_activities(user) -> QuerySet[CycleActivity]:
    return _within(CycleActivity.objects.select_related("agreement"), editor_agreement_ids(user), "agreement_id")


def visible_occurrences(user) -> QuerySet[CycleOccurrence]:
    qs = CycleOccurrence.objects.select_related("activity__agreement", "responsible", "chair_party")
    return _within(qs, member_agreement_ids(user), "activity__agreement_id")


def markable_occurrences(user) -> QuerySet[CycleOccurrence]:
    """Those the user may mark done: their own, within an agreement they still have a role in, or any of an
    agreement they edit."""
    editors = editor_agreement_ids(user)
    if editors is None:
        return visible_occurrences(user)
    return visible_occurrences(user).filter(Q(responsible=user) | Q(activity__agreement_id__in=editors))


def may_reassign(user, agreement_id: int) -> bool:
    admin = admin_scope_for(user)
    return admin.installation or agreement_id in admin.agreement_ids


def may_edit(user, agreement_id: int) -> bool:
    ids = editor_agreement_ids(user)
    return ids is None or agreement_id in ids


def agreement_members(agreement: Agreement) -> QuerySet[User]:
    """The active users with an active role in the agreement: those an occurrence may be given to."""
    return (
        User.objects.filter(is_active=True, memberships__active=True, memberships__unit__party__agreement=agreement)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- The default wheel ----------------------------------------------------------------------------


def default_wheel() -> list[dict]:
    return json.loads(DEFAULT_WHEEL.read_text(encoding="utf-8"))["activities"]


@transaction.atomic
def load_default_wheel(agreement: Agreement) -> int:
    """Add the default wheel's activities the agreement does not have (by name): loading twice adds nothing,
    and an activity the agreement has changed is left as it is. Returns how many were added."""
    have = set(agreement.cycle_activities.values_list("name", flat=True))
    per_day = (
        TalkCapacity.objects.filter(agreement=agreement).values_list("per_day", flat=True).first()
        or DEFAULT_TALKS_PER_DAY
    )
    added = 0
    for spec in default_wheel():
        if spec["name"] in have:
            continue
        day = settings.CYCLE_SCB_REPORT_DAY if spec["day"] == "scb" else spec["day"]
        CycleActivity.objects.create(
            agreement=agreement,
            name=spec["name"],
            description=spec.get("description", ""),
            kind=ActivityKind(spec["kind"]),
            months=rules.clean_months(spec["months"]),
            day=day,
            date_note=spec.get("date_note", ""),
            responsible_role=spec.get("responsible_role", ""),
            rotation=Rotation.PARTIES if spec.get("rotation") == "parties" else Rotation.NONE,
            capacity_per_day=per_day if spec.get("capacity_from_agreement") else None,
            source=spec.get("source", ""),
        )
        added += 1
    return added


# --- A year's occurrences -------------------------------------------------------------------------


class Holders:
    """The agreement's active role holders, read once: (role) -> users and (role, party) -> users, in a
    fixed order (party, unit, user) so that the same data always gives the same responsible."""

    def __init__(self, agreement: Agreement):
        self.by_role: dict[str, list[int]] = defaultdict(list)
        self.by_role_party: dict[tuple[str, int], list[int]] = defaultdict(list)
        rows = (
            Membership.objects.filter(active=True, user__is_active=True, unit__party__agreement=agreement)
            .order_by("unit__party__name", "unit__name", "user_id")
            .values_list("role", "unit__party_id", "user_id")
        )
        for role, party_id, user_id in rows:
            if user_id not in self.by_role[role]:
                self.by_role[role].append(user_id)
            self.by_role_party[(role, party_id)].append(user_id)

    def first(self, role: str, party_id: int | None = None) -> int | None:
        found = self.by_role_party.get((role, party_id)) if party_id else None
        found = found or self.by_role.get(role)
        return found[0] if found else None


def responsible_for(activity: CycleActivity, holders: Holders, year: int, position: int, parties, users):
    """(responsible user id, chair party id) of the `position`th occurrence of `year`."""
    per_year = len(activity.months) or 1
    chair = None
    if activity.rotation == Rotation.PARTIES:
        chair = rules.rotation_pick(parties, year, position, per_year)
        # The chairing party's holder of the role (its steering-group member) answers for the meeting.
        held = holders.first(activity.responsible_role, chair) if activity.responsible_role else None
        return held or activity.responsible_user_id, chair
    if activity.rotation == Rotation.USERS and users:
        return rules.rotation_pick(users, year, position, per_year), None
    if activity.responsible_user_id:
        return activity.responsible_user_id, None
    return (holders.first(activity.responsible_role) if activity.responsible_role else None), None


@transaction.atomic
def generate_year(agreement: Agreement, year: int) -> int:
    """Create the year's occurrences of the agreement's active activities that do not exist yet; returns how
    many were made. Creating a year twice changes nothing (unique activity and date; a racing second run's
    rows are ignored as conflicts), and an occurrence already made keeps its responsible and state."""
    holders = Holders(agreement)
    all_parties = list(agreement.parties.order_by("name", "pk").values_list("pk", flat=True))
    activities = list(
        agreement.cycle_activities.filter(active=True).prefetch_related("rotation_parties", "rotation_users")
    )
    existing = set(
        CycleOccurrence.objects.filter(activity__in=activities, due_on__year=year).values_list("activity_id", "due_on")
    )
    rows = []
    for activity in activities:
        parties = [p.pk for p in sorted(activity.rotation_parties.all(), key=lambda p: (p.name, p.pk))]
        users = [u.pk for u in sorted(activity.rotation_users.all(), key=lambda u: (u.last_name, u.first_name, u.pk))]
        for position, due in enumerate(rules.occurrence_dates(activity.months, activity.day, year)):
            if (activity.pk, due) in existing:
                continue
            responsible, chair = responsible_for(activity, holders, year, position, parties or all_parties, users)
            rows.append(
                CycleOccurrence(activity=activity, due_on=due, responsible_id=responsible, chair_party_id=chair)
            )
    CycleOccurrence.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- Done and reassigned --------------------------------------------------------------------------


def mark_done(user, occurrence: CycleOccurrence, day: date, note: str = "") -> bool:
    """Mark the occurrence done, once: a conditional UPDATE, so two racing requests cannot both record
    theirs (the second is told it was already done, and the first one's note stands)."""
    updated = CycleOccurrence.objects.filter(pk=occurrence.pk, done_on__isnull=True).update(
        done_on=day, done_by=user, done_by_name=user.display_name(), note=note.strip()
    )
    return bool(updated)


def reassign(occurrence: CycleOccurrence, responsible: User) -> bool:
    """Give an open occurrence to another member of the agreement; a done one keeps who was responsible."""
    return bool(CycleOccurrence.objects.filter(pk=occurrence.pk, done_on__isnull=True).update(responsible=responsible))


# --- What the pages show --------------------------------------------------------------------------


def open_for(user, today: date, days: int = rules.DUE_SOON_DAYS) -> QuerySet[CycleOccurrence]:
    """The user's open occurrences, overdue or due within `days` (Mina uppgifter and its reminder), of
    agreements they still hold a role in."""
    qs = CycleOccurrence.objects.filter(
        responsible=user, done_on__isnull=True, activity__active=True, due_on__lte=today + timedelta(days=days)
    )
    return (
        _within(qs, member_agreement_ids(user), "activity__agreement_id")
        .select_related("activity__agreement", "chair_party")
        .order_by("due_on", "id")
    )


@dataclass
class Row:
    """One line of the year's list: an occurrence, or a date planned for which none is created yet."""

    activity: CycleActivity
    due_on: date
    occurrence: CycleOccurrence | None
    status: str
    scb_period: tuple[date, date] | None = None

    @property
    def status_label(self) -> str:
        return str(rules.STATUS_LABELS.get(self.status, "")) if self.occurrence else ""

    @property
    def capacity_per_month(self) -> int | None:
        return rules.capacity_per_month(self.activity.capacity_per_day)


@dataclass
class MonthView:
    number: int
    name: str
    rows: list[Row] = field(default_factory=list)
    path: str = ""
    label_at: tuple[float, float] = (0, 0)
    count_at: tuple[float, float] = (0, 0)

    @property
    def open(self) -> int:
        return sum(1 for r in self.rows if r.status != rules.DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.status == rules.OVERDUE)

    @property
    def css(self) -> str:
        """The sector's look: status is also said in words and by pattern (not colour alone)."""
        if not self.rows:
            return "wheel__month--empty"
        if self.overdue:
            return "wheel__month--overdue"
        if not self.open:
            return "wheel__month--done"
        return "wheel__month--open"


def year_view(agreement: Agreement, year: int, today: date) -> list[MonthView]:
    """The twelve months of the year with their occurrences (and planned dates not yet created)."""
    months = [
        MonthView(
            m,
            str(rules.MONTH_NAMES[m - 1]),
            path=rules.sector_path(m),
            label_at=rules.label_point(m, 135),
            count_at=rules.label_point(m, 100),
        )
        for m in rules.MONTHS
    ]
    occurrences = (
        CycleOccurrence.objects.filter(activity__agreement=agreement, due_on__year=year)
        .select_related("activity", "responsible", "chair_party")
        .order_by("due_on", "activity__name", "id")
    )
    made = set()
    rows: list[Row] = []
    for o in occurrences:
        made.add((o.activity_id, o.due_on))
        rows.append(Row(o.activity, o.due_on, o, rules.status(o.due_on, o.done_on, today)))
    for activity in agreement.cycle_activities.filter(active=True):
        for due in rules.occurrence_dates(activity.months, activity.day, year):
            if (activity.pk, due) not in made:
                rows.append(Row(activity, due, None, rules.status(due, None, today)))
    for row in sorted(rows, key=lambda r: (r.due_on, r.activity.name, r.activity.pk)):
        if row.activity.kind == ActivityKind.SCB_REPORT:
            row.scb_period = rules.scb_period(row.due_on)
        months[row.due_on.month - 1].rows.append(row)
    return months

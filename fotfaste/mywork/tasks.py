"""A user's own work, due or soon due: follow-ups, recontacts, plans to revise, people new to them.

Set-based queries over everyone the user may see (visible_persons) and, for other units'
plans, only under consent (access.sharing.visible_records). "Mine" means: a measure my unit
is responsible for or in a plan my unit holds, or any measure of a young person whose main
contact I am; actions decided at meetings that I am responsible for; outreach cases assigned to me; plans my unit holds or whose young person I am
main contact for; cases assigned to me and team memberships of mine that began recently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from fotfaste.access.scope import scope_for, visible_persons
from fotfaste.access.sharing import visible_records
from fotfaste.consent.models import InformationKind
from fotfaste.meetings.models import Action
from fotfaste.meetings.services import open_actions
from fotfaste.outreach.models import OutreachCase
from fotfaste.plans.models import Measure, MeasureStatus, Plan
from fotfaste.team.models import TeamMember

SOON_DAYS = 7  # follow-ups and recontacts this many days ahead are shown with the overdue
REVISE_SOON_DAYS = 14
NEW_DAYS = 14
LIMIT = 200  # per list; the page says when there are more


@dataclass
class MyWork:
    follow_ups: list = field(default_factory=list)
    recontacts: list = field(default_factory=list)
    revisions: list = field(default_factory=list)
    new_people: list = field(default_factory=list)
    actions: list = field(default_factory=list)  # actions decided at meetings, mine to do
    more: set = field(default_factory=set)  # lists cut at LIMIT

    @property
    def persons(self) -> list:
        seen, out = set(), []
        for rows in (self.follow_ups, self.actions, self.recontacts, self.revisions, self.new_people):
            for row in rows:
                if isinstance(row, Measure):
                    person = row.plan.person
                elif isinstance(row, Action):
                    person = row.item.person
                else:
                    person = row.person
                if person.pk not in seen:
                    seen.add(person.pk)
                    out.append(person)
        return out

    def counts(self, today: date) -> dict[str, int]:
        return {
            "forsenade_uppfoljningar": sum(1 for m in self.follow_ups if m.follow_up_on < today),
            "uppfoljningar": len(self.follow_ups),
            "aterkontakter": len(self.recontacts),
            "planer_att_se_over": len(self.revisions),
            "nya": len(self.new_people),
            "atgarder": len(self.actions),
        }

    @property
    def empty(self) -> bool:
        return not (self.follow_ups or self.actions or self.recontacts or self.revisions or self.new_people)


def _cut(rows: list, name: str, work: MyWork) -> list:
    if len(rows) > LIMIT:
        work.more.add(name)
        return rows[:LIMIT]
    return rows


def my_work(user, today: date | None = None) -> MyWork:
    today = today or timezone.localdate()
    scope = scope_for(user)
    work = MyWork()
    if not scope.sees_persons:
        return work
    visible = visible_persons(user, on=today)
    main_contact_of = TeamMember.objects.filter(user=user, is_main_contact=True, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    i_am_main = Exists(main_contact_of.filter(person_id=OuterRef("plan__person_id")))

    measures = (
        Measure.objects.filter(
            plan__closed_on__isnull=True,
            plan__person__in=visible,
            status__in=(MeasureStatus.PLANNED, MeasureStatus.ONGOING),
            follow_up_on__lte=today + timedelta(days=SOON_DAYS),
        )
        .filter(
            visible_records(scope, today, InformationKind.OCCUPATION_PLAN, person="plan__person", unit="plan__unit")
        )
        .filter(Q(responsible_unit_id__in=scope.unit_ids) | Q(plan__unit_id__in=scope.unit_ids) | Q(i_am_main))
        .select_related("plan__person", "measure_type")
        .order_by("follow_up_on", "id")
    )
    work.follow_ups = _cut(list(measures[: LIMIT + 1]), "follow_ups", work)
    work.actions = _cut(list(open_actions(user, today + timedelta(days=SOON_DAYS))[: LIMIT + 1]), "actions", work)

    cases = (
        OutreachCase.objects.filter(
            assigned_to=user, person__in=visible, next_contact_due__lte=today + timedelta(days=SOON_DAYS)
        )
        .select_related("person")
        .order_by("next_contact_due", "id")
    )
    work.recontacts = _cut(list(cases[: LIMIT + 1]), "recontacts", work)

    main_of_person = Exists(main_contact_of.filter(person_id=OuterRef("person_id")))
    plans = (
        Plan.objects.filter(
            closed_on__isnull=True, person__in=visible, revise_by__lte=today + timedelta(days=REVISE_SOON_DAYS)
        )
        .filter(visible_records(scope, today, InformationKind.OCCUPATION_PLAN))
        .filter(Q(unit_id__in=scope.unit_ids) | Q(main_of_person))
        .select_related("person")
        .order_by("revise_by", "id")
    )
    work.revisions = _cut(list(plans[: LIMIT + 1]), "revisions", work)

    since = today - timedelta(days=NEW_DAYS)
    new_cases = OutreachCase.objects.filter(
        assigned_to=user, person__in=visible, assigned_at__date__gte=since
    ).select_related("person")
    new_members = TeamMember.objects.filter(user=user, person__in=visible, start_date__gte=since).select_related(
        "person"
    )
    rows = [NewPerson(c.person, "tilldelad", c.assigned_at.date()) for c in new_cases[: LIMIT + 1]]
    rows += [NewPerson(m.person, "team", m.start_date) for m in new_members[: LIMIT + 1]]
    rows.sort(key=lambda r: (r.since, r.person.pk), reverse=True)
    work.new_people = _cut(rows, "new_people", work)
    return work


@dataclass(frozen=True)
class NewPerson:
    person: object
    how: str  # "tilldelad" (outreach case assigned) or "team" (joined the team)
    since: date

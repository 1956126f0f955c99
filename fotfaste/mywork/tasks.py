"""A user's own work, due or soon due: follow-ups, consents to confirm, recontacts, plans to revise,
people new to them.

Set-based queries over everyone the user may see (restrict) and, for other units'
plans, only under consent (access.sharing.visible_records). "Mine" means: a measure my unit
is responsible for or in a plan my unit holds, or any measure of a young person whose main
contact I am; actions decided at meetings that I am responsible for; outreach cases assigned to me; plans my unit holds or whose young person I am
main contact for; cases assigned to me and team memberships of mine that began recently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.sharing import visible_records
from fotfaste.consent.models import InformationKind
from fotfaste.consent.services import waiting_for_user
from fotfaste.core.keyset import keyset_page
from fotfaste.cycle.services import open_for as open_cycle_occurrences
from fotfaste.meetings.models import Action
from fotfaste.meetings.services import open_actions
from fotfaste.outreach.models import OutreachCase
from fotfaste.people.models import Person
from fotfaste.plans.models import Measure, MeasureStatus, Plan
from fotfaste.team.models import TeamMember

SOON_DAYS = 7  # follow-ups and recontacts this many days ahead are shown with the overdue
REVISE_SOON_DAYS = 14
NEW_DAYS = 14
LIMIT = 200  # per list; the page says when there are more (and the count is still the whole number)
NEW_ORDER = ("-since", "-id")  # the newest first; keyset pages, as core/keyset.py


@dataclass
class MyWork:
    follow_ups: list = field(default_factory=list)
    recontacts: list = field(default_factory=list)
    revisions: list = field(default_factory=list)
    new_people: list = field(default_factory=list)
    actions: list = field(default_factory=list)  # actions decided at meetings, mine to do
    consents: list = field(default_factory=list)  # consents waiting for my unit's confirmation
    cycle: list = field(default_factory=list)  # the annual cycle's occurrences I am responsible for (no person)
    more: set = field(default_factory=set)  # lists cut at LIMIT
    totals: dict = field(default_factory=dict)  # the whole number of rows of each list, cut or not
    new_next_cursor: str | None = None  # "Nya för dig" is paged

    @property
    def persons(self) -> list:
        seen, out = set(), []
        for rows in (self.follow_ups, self.actions, self.consents, self.recontacts, self.revisions, self.new_people):
            for row in rows:
                if isinstance(row, Person):
                    person = row
                elif isinstance(row, Measure):
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
        """How many of each, all of them: a list cut at LIMIT or paged still counts every row."""
        return {
            "forsenade_uppfoljningar": self.totals.get(
                "overdue", sum(1 for m in self.follow_ups if m.follow_up_on < today)
            ),
            "uppfoljningar": self.totals.get("follow_ups", len(self.follow_ups)),
            "aterkontakter": self.totals.get("recontacts", len(self.recontacts)),
            "planer_att_se_over": self.totals.get("revisions", len(self.revisions)),
            "nya": self.totals.get("new_people", len(self.new_people)),
            "atgarder": self.totals.get("actions", len(self.actions)),
            "samtycken_att_bekrafta": len(self.consents),
            "arshjulet": len(self.cycle),
        }

    @property
    def empty(self) -> bool:
        return not (
            self.follow_ups
            or self.actions
            or self.consents
            or self.recontacts
            or self.revisions
            or self.new_people
            or self.cycle
        )


def _cut(qs: QuerySet, name: str, work: MyWork) -> list:
    """The first LIMIT rows; if there are more, the page says so and counts all of them."""
    rows = list(qs[: LIMIT + 1])
    if len(rows) > LIMIT:
        work.more.add(name)
        work.totals[name] = qs.count()
        return rows[:LIMIT]
    return rows


def new_people(user, today: date) -> QuerySet[Person]:
    """The persons new to the user: an outreach case assigned to them, or a team they joined, in the
    last NEW_DAYS days. One row per person (both ways count once), with `assigned_on`, `team_since`
    and `since`, the later of the two."""
    start = today - timedelta(days=NEW_DAYS)
    cases = OutreachCase.objects.filter(assigned_to=user, person=OuterRef("pk"), assigned_at__date__gte=start)
    teams = TeamMember.objects.filter(user=user, person=OuterRef("pk"), start_date__gte=start)
    assigned_on = Subquery(cases.annotate(day=TruncDate("assigned_at")).order_by("-assigned_at").values("day")[:1])
    team_since = Subquery(teams.order_by("-start_date").values("start_date")[:1])
    return (
        restrict(user, on=today)
        .filter(Q(Exists(cases)) | Q(Exists(teams)))
        .annotate(assigned_on=assigned_on, team_since=team_since)
        .annotate(since=Greatest(Coalesce("assigned_on", "team_since"), Coalesce("team_since", "assigned_on")))
    )


def my_work(user, today: date | None = None, *, new_cursor: str | None = None) -> MyWork:
    """The user's work; `new_cursor` continues the paged list of new people."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    work = MyWork()
    # The annual cycle names no person, so it is everyone's: the steering group chairs its meetings.
    work.cycle = list(open_cycle_occurrences(user, today))
    if not scope.sees_persons:
        return work
    visible = restrict(user, on=today)
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
    work.follow_ups = _cut(measures, "follow_ups", work)
    if "follow_ups" in work.more:
        work.totals["overdue"] = measures.filter(follow_up_on__lt=today).count()
    work.actions = _cut(open_actions(user, today + timedelta(days=SOON_DAYS)), "actions", work)
    # The holder decides what it discloses: a consent naming my unit waits for us before what we hold is shared.
    work.consents = waiting_for_user(user, today)

    cases = (
        OutreachCase.objects.filter(
            assigned_to=user, person__in=visible, next_contact_due__lte=today + timedelta(days=SOON_DAYS)
        )
        .select_related("person")
        .order_by("next_contact_due", "id")
    )
    work.recontacts = _cut(cases, "recontacts", work)

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
    work.revisions = _cut(plans, "revisions", work)

    new = new_people(user, today)
    work.new_people, work.new_next_cursor = keyset_page(new, NEW_ORDER, new_cursor, settings.PAGE_SIZE)
    if work.new_next_cursor or new_cursor:
        work.totals["new_people"] = new.count()  # one COUNT; a single page counts itself
    return work

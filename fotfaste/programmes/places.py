"""Places per period, and the recorded selection when there are more applicants than places.

The agreement's coordinators create a programme's place periods and select among the applicants (the
participations at the routine that they may see, status "aktuell"): who gets a place, who waits in which
order, who is not selected — always with a written rationale, saved as one Selection in one transaction.
The period's row is locked while a selection or a move up the waiting list is saved, so two coordinators
can never give away more places than there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import settle_unit
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change, open_person_sharing
from fotfaste.access.sharing import visible_records
from fotfaste.plans import services as plans
from fotfaste.plans.models import Measure, MeasureType, Plan, Responsible

from .board import KIND, coordinating_agreements, persons_of, user_name, visible_participations
from .models import AgreementProgramme, Participation, ParticipationStatus, PlacePeriod, Selection, SelectionDecision

S = ParticipationStatus
# A participation in one of these holds one of the period's places.
HOLDS_PLACE = (S.SELECTED, S.PARTICIPATING)
RESULTS = (S.SELECTED, S.WAITING, S.NOT_SELECTED)
OTHER_MEASURE = "Annan insats"
FOLLOW_UP_DAYS = 30


def require_coordinator(user, programme: AgreementProgramme) -> None:
    if programme.agreement_id not in coordinating_agreements(user):
        raise PermissionDenied(_("Bara samverkans samordnare kan hantera platser och urval."))


@dataclass(frozen=True)
class PeriodCount:
    period: PlacePeriod
    taken: int

    @property
    def free(self) -> int:
        return max(self.period.places - self.taken, 0)


def periods(programme: AgreementProgramme) -> list[PeriodCount]:
    """The programme's periods with the places taken (vald or deltar). Counts every participation, also those
    the viewer cannot see: otherwise two units could fill the same place."""
    qs = programme.place_periods.annotate(
        taken=Count("participations", filter=Q(participations__status__in=HOLDS_PLACE))
    ).order_by("start_date", "id")
    return [PeriodCount(p, p.taken) for p in qs]


def taken(period: PlacePeriod) -> int:
    return Participation.objects.filter(place_period=period, status__in=HOLDS_PLACE).count()


def period_for(programme: AgreementProgramme, period_id: int) -> PlacePeriod:
    return get_object_or_404(PlacePeriod, pk=period_id, programme=programme)


@transaction.atomic
def create_period(
    actor: Actor, programme: AgreementProgramme, *, name: str, start_date: date, end_date: date, places: int
) -> PlacePeriod:
    require_coordinator(actor.user, programme)
    problems = {}
    if not (name or "").strip():
        problems["name"] = _("Ange periodens namn.")
    if start_date and end_date and end_date < start_date:
        problems["end_date"] = _("Periodens sista dag ligger före dess första.")
    if places is None or places < 1:
        problems["places"] = _("Ange antalet platser, minst 1.")
    if problems:
        raise ValidationError(problems)
    return PlacePeriod.objects.create(
        programme=programme, name=name.strip(), start_date=start_date, end_date=end_date, places=places
    )


# --- Selection -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    participation_id: int
    version: int
    result: str  # vald, vantelista, ej_vald
    rank: int | None = None  # the order in the waiting list among this selection's
    reason: str = ""


def decision_field(participation_id: int) -> str:
    return f"beslut_{participation_id}"


def rank_field(participation_id: int) -> str:
    return f"rang_{participation_id}"


def version_field(participation_id: int) -> str:
    return f"version_{participation_id}"


def applicants(user, programme: AgreementProgramme, day: date) -> list[Participation]:
    """Those in the routine the user sees who have no place and wait for none: to select among."""
    rows = list(visible_participations(user, day, programme).filter(status=S.IN_ROUTINE).order_by("step_since", "id"))
    persons = persons_of(user, rows, day)
    for p in rows:
        p.shown_person = persons.get(p.person_id)
    return [p for p in rows if p.shown_person is not None]


CHANGED = _(
    "Någon har ändrat bland de sökande medan du arbetade, så ingenting är sparat. Läs in sidan igen och gör urvalet "
    "på nytt."
)


@transaction.atomic
def record_selection(
    actor: Actor, period: PlacePeriod, decisions: list[Decision], *, rationale: str, day: date
) -> Selection:
    """One recorded selection: those selected get a place (at most the free places), the waiting list grows
    in the order given, the others are not selected; all or nothing."""
    programme = period.programme
    require_coordinator(actor.user, programme)
    rationale = (rationale or "").strip()
    problems: dict[str, str] = {}
    if not rationale:
        problems["rationale"] = _("Skriv motiveringen till urvalet: varför de valda går före de andra.")
    decisions = [d for d in decisions if d.result]
    if not decisions:
        raise ValidationError(
            {
                **problems,
                "__all__": _("Välj för minst en sökande om den blir vald, hamnar på väntelistan eller inte blir vald."),
            }
        )
    ranks: dict[int, int] = {}
    for d in decisions:
        if d.result not in RESULTS:
            problems[decision_field(d.participation_id)] = _("Välj Vald, Väntelista eller Inte vald.")
        elif d.result == S.WAITING:
            if d.rank is None or d.rank < 1:
                problems[rank_field(d.participation_id)] = _("Ange platsen i väntelistan, 1 eller mer.")
            elif d.rank in ranks.values():
                problems[rank_field(d.participation_id)] = _("Två på väntelistan har samma plats (%(rang)d).") % {
                    "rang": d.rank
                }
            else:
                ranks[d.participation_id] = d.rank
    if problems:
        raise ValidationError(problems)
    # Serialise every selection of the period: the free places are counted under the lock.
    period = PlacePeriod.objects.select_for_update().get(pk=period.pk)
    ids = [d.participation_id for d in decisions]
    found = {
        p.pk: p
        for p in visible_participations(actor.user, day, programme)
        .select_related("person")
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
    }
    if len(found) != len(set(ids)):
        raise Http404
    if any(
        found[d.participation_id].status != S.IN_ROUTINE or found[d.participation_id].version != d.version
        for d in decisions
    ):
        raise ValidationError(CHANGED)
    selected = sum(1 for d in decisions if d.result == S.SELECTED)
    free = period.places - taken(period)
    if selected > max(free, 0):
        raise ValidationError(
            _(
                "Du har valt %(valda)d, men perioden har bara %(lediga)d lediga platser av %(platser)d. Välj färre "
                "och sätt de andra på väntelistan. Ingenting är sparat."
            )
            % {"valda": selected, "lediga": max(free, 0), "platser": period.places}
        )
    after = (
        Participation.objects.filter(place_period=period, status=S.WAITING).aggregate(m=Max("waiting_rank"))["m"] or 0
    )
    waiting_ranks = {
        pid: after + position for position, pid in enumerate(sorted(ranks, key=lambda pid: ranks[pid]), start=1)
    }
    selection = Selection.objects.create(
        place_period=period, decided_on=day, decided_by_name=user_name(actor.user)[:300], rationale=rationale[:4000]
    )
    for d in decisions:
        participation = found[d.participation_id]
        rank = waiting_ranks.get(d.participation_id)
        SelectionDecision.objects.create(
            selection=selection, participation=participation, result=d.result, rank=rank, reason=d.reason[:500]
        )
        closed = d.result == S.NOT_SELECTED
        changed = Participation.objects.filter(pk=participation.pk, version=d.version).update(
            status=d.result,
            place_period=period,
            waiting_rank=rank,
            ended_on=day if closed else None,
            end_reason=(d.reason or _("Inte vald till %(period)s") % {"period": period.name})[:500] if closed else "",
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not changed:
            raise ValidationError(CHANGED)
        log_change(
            actor,
            participation.person,
            "program: urval",
            {"period": period.name, "resultat": d.result, **({"plats": rank} if rank else {})},
            {"status": participation.status},
        )
        if closed:
            settle_unit(participation.person_id, participation.unit_id)
    return selection


def waiting_list(user, period: PlacePeriod, day: date) -> list[Participation]:
    """The period's waiting list as the user sees it, first first."""
    rows = list(
        visible_participations(user, day, period.programme)
        .filter(place_period=period, status=S.WAITING)
        .order_by("waiting_rank", "id")
    )
    persons = persons_of(user, rows, day)
    for p in rows:
        p.shown_person = persons.get(p.person_id)
    return [p for p in rows if p.shown_person is not None]


@transaction.atomic
def promote_first(actor: Actor, period: PlacePeriod, participation_id: int, *, version: int, day: date) -> Selection:
    """A place became free: the first on the waiting list gets it, recorded as a selection. The user names the
    one they saw first (with its version): if the list changed meanwhile, nothing is done."""
    programme = period.programme
    require_coordinator(actor.user, programme)
    period = PlacePeriod.objects.select_for_update().get(pk=period.pk)
    if not visible_participations(actor.user, day, programme).filter(pk=participation_id, place_period=period).exists():
        raise Http404
    if taken(period) >= period.places:
        raise ValidationError(
            _("Perioden har ingen ledig plats. En plats blir ledig när någon som är vald avstår eller avbryter.")
        )
    first = (
        Participation.objects.select_for_update()
        .filter(place_period=period, status=S.WAITING)
        .order_by("waiting_rank", "id")
        .first()
    )
    if first is None or first.pk != participation_id or first.version != version:
        raise ValidationError(
            _("Väntelistan har ändrats medan du arbetade, så ingen är flyttad upp. Läs in sidan igen.")
        )
    changed = Participation.objects.filter(pk=first.pk, version=version).update(
        status=S.SELECTED, waiting_rank=None, version=F("version") + 1, updated_at=timezone.now()
    )
    if not changed:
        raise ValidationError(
            _("Väntelistan har ändrats medan du arbetade, så ingen är flyttad upp. Läs in sidan igen.")
        )
    selection = Selection.objects.create(
        place_period=period,
        decided_on=day,
        decided_by_name=user_name(actor.user)[:300],
        rationale=_("En plats blev ledig och gick till den som stod först på väntelistan."),
    )
    SelectionDecision.objects.create(selection=selection, participation=first, result=S.SELECTED)
    log_change(
        actor, first.person, "program: urval", {"period": period.name, "resultat": S.SELECTED}, {"status": S.WAITING}
    )
    return selection


def recorded_selections(user, period: PlacePeriod, day: date):
    """The period's selections, newest first, each with the decisions about persons the user may see."""
    selections = list(period.selections.order_by("-decided_on", "-id"))
    visible = set(
        visible_participations(user, day, period.programme)
        .filter(decisions__selection__in=selections)
        .values_list("pk", flat=True)
    )
    decisions = list(
        SelectionDecision.objects.filter(selection__in=selections, participation_id__in=visible)
        .select_related("participation__unit")
        .order_by("selection", "result", "rank", "id")
    )
    rows = [d.participation for d in decisions]
    persons = persons_of(user, rows, day)
    by_selection: dict[int, list] = {}
    for d in decisions:
        d.shown_person = persons.get(d.participation.person_id)
        if d.shown_person is not None:
            by_selection.setdefault(d.selection_id, []).append(d)
    # Decisions about persons the user may not see are left out, and not counted either.
    return [(s, by_selection.get(s.pk, [])) for s in selections], rows, persons


# --- A measure for those not selected ---------------------------------------------------------------------


def not_selected(user, period: PlacePeriod, day: date) -> list[Participation]:
    """Those of the period not selected or waiting, whom the user sees: each may need another measure. Marks
    each with `plan_id` when the person has an open plan the user may see and work in."""
    rows = list(
        visible_participations(user, day, period.programme)
        .filter(place_period=period, status__in=(S.NOT_SELECTED, S.WAITING))
        .order_by("status", "waiting_rank", "id")
    )
    persons = persons_of(user, rows, day)
    plans_by_person = dict(
        Plan.objects.filter(
            visible_records(scope_for(user), day, KIND),
            person_id__in=[p.person_id for p in rows],
            closed_on__isnull=True,
        )
        .order_by("person_id", "-created_at")
        .values_list("person_id", "pk")
    )
    for p in rows:
        p.shown_person = persons.get(p.person_id)
        p.plan_id = plans_by_person.get(p.person_id)
    return [p for p in rows if p.shown_person is not None]


def other_measure_description(period: PlacePeriod) -> str:
    return _("Annan insats i stället för %(program)s, %(period)s") % {
        "program": period.programme.name,
        "period": period.name,
    }


@transaction.atomic
def add_other_measure(actor: Actor, period: PlacePeriod, participation_id: int) -> Measure:
    """One click: a planned "Annan insats" in the person's open plan for one not selected (or waiting)."""
    today = timezone.localdate()
    programme = period.programme
    participation = (
        visible_participations(actor.user, today, programme)
        .filter(pk=participation_id, place_period=period, status__in=(S.NOT_SELECTED, S.WAITING))
        .first()
    )
    if participation is None:
        raise Http404
    person, sharing, today = open_person_sharing(actor, _("annan insats efter urval"), pk=participation.person_id)
    open_plans = plans.visible_plans(actor, person, sharing)
    if not open_plans:
        raise ValidationError(
            _("%(namn)s har ingen öppen plan som du ser. Upprätta planen på personens sida först.")
            % {"namn": f"{person.first_name} {person.last_name}"}
        )
    plan = open_plans[0]
    description = other_measure_description(period)
    if plan.measures.filter(description=description, status__in=("planerad", "pagaende")).exists():
        raise ValidationError(_("Planen har redan den insatsen."))
    plans.ensure_catalogue()
    measure_type = MeasureType.objects.get(name=OTHER_MEASURE)
    municipal = {u.pk: u for u in plans.municipal_units(actor.user)}
    unit = next((municipal[u] for u in sorted(scope_for(actor.user).unit_ids) if u in municipal), None)
    return plans.add_measure(
        actor,
        person,
        plan,
        measure_type=measure_type,
        description=description,
        responsible=Responsible.MUNICIPALITY if unit else Responsible.OTHER,
        responsible_unit=unit,
        responsible_actor="" if unit else participation.unit.party.name,
        planned_start=today,
        status="planerad",
        follow_up_on=today + timedelta(days=FOLLOW_UP_DAYS),
    )

"""A young person's course through a placement: proposed, CV sent, interview, started (a measure in the joint
plan), followed up monthly, ended with an outcome; or not proceeding.

A candidacy is information of the kind "sysselsattning_plan" held by the unit that proposed the person: a
viewer sees their own units' candidacies and others' only under a consent that unit confirmed, and only of
persons in `restrict(user)`. Only the holding unit moves it (a consent shares, it does not hand over). Every
change compares and sets the candidacy's `version`; starting also locks the placement's row and bumps its
version, so two starts racing for the last place cannot both take it, not even on SQLite (no row locks).
An open candidacy is the unit's work with the person and keeps its own ground (WORK).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import WorkSource, note_work
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change, open_person, shown_to
from fotfaste.access.sharing import Sharing, sharing_for
from fotfaste.core.versioning import EditConflict, bump, lock
from fotfaste.plans import services as plans
from fotfaste.plans.models import EndReason, MeasureStatus, MeasureType

from . import matching, publishing
from .candidacies import KIND, visible
from .models import (
    Assessment,
    Candidate,
    CandidateFollowUp,
    EmploymentForm,
    Outcome,
    Placement,
    PlacementKind,
    Stage,
)
from .placements import placement_for
from .register import units_in, user_name

BEFORE_START = (Stage.SUGGESTED, Stage.CV_SENT, Stage.INTERVIEW)
OPEN = (*BEFORE_START, Stage.STARTED)
CLOSED = (Stage.ENDED, Stage.WITHDRAWN)
# The plan's words for how the measure ended, by the placement's outcome.
END_REASONS = {
    Outcome.HIRED: EndReason.WORK,
    Outcome.STUDIES: EndReason.STUDIES,
    Outcome.COMPLETED: EndReason.COMPLETED,
    Outcome.ENDED_EARLY: EndReason.INTERRUPTED,
}
# The catalogue's measure a placement shows as in the plan (seed 001's ladder is "Praktik").
MEASURE_TYPES = {
    PlacementKind.PLACEMENT: ("Praktik", "Skyddad, halvskyddad eller reell praktikplats."),
    PlacementKind.JOB: ("Anställning via samverkan", "Anställning hos en arbetsgivare i samverkans register."),
}


class NeedsPlan(ValidationError):
    """The person has no open joint plan the user sees: the placement cannot show in it yet."""


@dataclass
class Opened:
    """A candidacy as one viewer may see it today, with its person and whether the viewer holds it."""

    candidate: Candidate
    person: object
    sharing: Sharing
    today: date
    may_change: bool


def open_candidate(actor: Actor, pk: int, what: str) -> Opened:
    """The candidacy if the actor may see it (else 404, as for one that does not exist); the person's read is
    logged, and so is each consent the candidacy was seen under. Its placement is as the viewer may see it."""
    today = timezone.localdate()
    found = visible(actor.user, today).filter(pk=pk).select_related("unit__party").first()
    if found is None:
        raise Http404
    person = open_person(actor, what, pk=found.person_id)
    sharing = sharing_for(scope_for(actor.user), person.pk, today)
    if not shown_to(actor, person, sharing, [found], kind=KIND, what=what):
        raise Http404  # the consent ended between the two reads
    found.person = person  # the restricted read, so that no lazy load reads persons around restrict()
    found.placement = placement_for(actor.user, found.placement_id)
    return Opened(found, person, sharing, today, found.unit_id in scope_for(actor.user).unit_ids)


def shown_reasons(candidate: Candidate, employer_shown: bool) -> list[str]:
    """The reasons stored with the candidacy as one viewer may read them. They were given for the proposer,
    who may have seen the employer; "samma postnummerområde" with the person's address gives the employer's
    postal area, so it is left out for a viewer who may not see who the employer is (an anonymous listing)."""
    if employer_shown:
        return list(candidate.reasons)
    postal = {_("samma postnummerområde"), "samma postnummerområde"}
    return [r for r in candidate.reasons if r not in postal]


def require_holder(actor: Actor, candidate: Candidate) -> None:
    if candidate.unit_id not in scope_for(actor.user).unit_ids:
        raise PermissionDenied(
            _("Kandidaturen hålls av %(enhet)s; bara den enheten kan ändra den.") % {"enhet": candidate.unit.name}
        )


def _log(actor: Actor, opened: Opened, **after) -> None:
    log_change(actor, opened.person, "praktik", {"kandidat": opened.candidate.pk, **after})


def _not_after_today(on: date | None, today: date, field: str, what: str) -> dict:
    if on is None:
        return {field: _("Ange %(vad)s som ÅÅÅÅ-MM-DD.") % {"vad": what}}
    if on > today:
        return {field: _("Datumet kan inte ligga efter i dag: ange det när det har hänt.")}
    return {}


# --- Proposing ---------------------------------------------------------------------------------------------


@transaction.atomic
def propose(actor: Actor, placement: Placement, person_id: int, *, unit_id: int | None, today: date) -> Candidate:
    """The user proposes a person for the placement: a candidacy at "foreslagen", held by one of the user's
    units, with the reasons matching gives now. The person must be one the user may see (else 404)."""
    if placement.closed or placement.end_date < today:
        raise ValidationError({"person": _("Platsen är stängd och tar inte emot fler kandidater.")})
    units = units_in(actor.user, placement.employer.agreement_id)
    if unit_id is not None:
        units = [u for u in units if u.pk == unit_id]
    if len(units) != 1:
        raise ValidationError({"unit": _("Ange vilken av dina enheter som föreslår kandidaten.")})
    unit = units[0]
    person = open_person(actor, "föreslå som kandidat till praktikplats", pk=person_id)
    facts = matching.person_facts(actor.user, today, [person.pk]).get(person.pk)
    reasons = []
    if facts is not None:
        suggestion = matching.score(facts, matching.placement_facts(placement))
        reasons = list(suggestion.reasons) + [_("talar emot: %(vad)s") % {"vad": a} for a in suggestion.against]
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                placement=placement,
                person=person,
                unit=unit,
                reasons=reasons,
                created_by_name=user_name(actor.user),
            )
    except IntegrityError:
        # One candidacy per unit: another unit's (which this unit may not even see) does not stop this one.
        raise ValidationError({"person": _("Personen finns redan som er kandidat till platsen.")}) from None
    note_work(actor, person, unit)
    log_change(actor, person, "praktik", {"kandidat": candidate.pk, "plats": placement.pk, "läge": Stage.SUGGESTED})
    return candidate


# --- Moving on ---------------------------------------------------------------------------------------------

MOVES = {Stage.CV_SENT: "cv_sent_on", Stage.INTERVIEW: "interview_on"}


@transaction.atomic
def move(actor: Actor, opened: Opened, *, version: int, stage: str, on: date | None) -> Candidate:
    """CV sent or interview, with its date: forward only, before the placement starts."""
    require_holder(actor, opened.candidate)
    current = lock(opened.candidate, version)
    problems = {}
    if stage not in MOVES:
        problems["stage"] = _("Välj CV skickat eller intervju.")
    elif current.stage not in BEFORE_START or BEFORE_START.index(current.stage) >= BEFORE_START.index(stage):
        problems["stage"] = _("Kandidaten är redan %(lage)s; det går bara framåt.") % {
            "lage": current.get_stage_display().lower()
        }
    problems.update(_not_after_today(on, opened.today, "on", _("datumet")))
    if problems:
        raise ValidationError(problems)
    bump(current, version, stage=stage, **{MOVES[stage]: on})
    _log(actor, opened, läge=stage, datum=str(on))
    return current


def measure_type_for(kind: str) -> MeasureType:
    name, description = MEASURE_TYPES.get(kind, MEASURE_TYPES[PlacementKind.PLACEMENT])
    return plans.measure_type_named(name, description=description)


def measure_description(placement: Placement) -> str:
    """What the plan says of the placement: never the employer, because others may read the plan under a
    consent while the listing is anonymous to them."""
    what = placement.title or placement.occupation.name
    return (_("%(vad)s (%(steg)s praktik)") % {"vad": what, "steg": placement.get_step_display().lower()})[:500]


@transaction.atomic
def start(
    actor: Actor, opened: Opened, *, version: int, started_on: date | None, follow_up_on: date | None
) -> Candidate:
    """The young person starts: "pagar", one of the placement's places taken, and a measure in the joint plan.

    Refused (nothing saved) when every place is taken, without an open plan the user sees (NeedsPlan), on a
    stale version (EditConflict) or on bad dates (ValidationError by field)."""
    require_holder(actor, opened.candidate)
    current = lock(opened.candidate, version)
    problems = {}
    if current.stage not in BEFORE_START:
        problems["started_on"] = _("Kandidaten är %(lage)s och kan inte börja.") % {
            "lage": current.get_stage_display().lower()
        }
    problems.update(_not_after_today(started_on, opened.today, "started_on", _("startdagen")))
    if follow_up_on is None:
        problems["follow_up_on"] = _("Ange när praktiken ska följas upp, till exempel om en månad.")
    elif started_on and follow_up_on < started_on:
        problems["follow_up_on"] = _("Uppföljningen kan inte vara före startdagen.")
    if problems:
        raise ValidationError(problems)
    placement = Placement.objects.select_for_update().select_related("occupation").get(pk=current.placement_id)
    taken = placement.candidates.filter(stage=Stage.STARTED).count()
    if taken >= placement.places:
        raise ValidationError(
            {"started_on": _("Alla %(n)d platser är tagna. Ingen fler kan börja förrän någon slutar.") % {"n": taken}}
        )
    plan = plans.open_plan(actor, opened.person, opened.sharing)
    if plan is None:
        raise NeedsPlan(
            _(
                "%(namn)s har ingen öppen gemensam plan som du ser. Praktiken blir en insats i planen: "
                "upprätta planen först."
            )
            % {"namn": f"{opened.person.first_name} {opened.person.last_name}"}
        )
    # The place is taken: the placement's version moves, so a racing start for the same place fails here.
    try:
        publishing.bump(placement, placement.version)
    except EditConflict:
        raise EditConflict(Candidate.objects.get(pk=current.pk)) from None
    measure = plans.add_measure(
        actor,
        opened.person,
        plan,
        measure_type=measure_type_for(placement.kind),
        description=measure_description(placement),
        **plans.responsible_for(opened.candidate.unit),
        planned_start=started_on,
        planned_end=placement.end_date if placement.end_date >= started_on else None,
        actual_start=started_on,
        status=MeasureStatus.ONGOING,
        follow_up_on=follow_up_on,
        evaluation_on=placement.end_date if placement.end_date >= started_on else None,
    )
    bump(current, version, stage=Stage.STARTED, started_on=started_on, measure=measure)
    note_work(actor, opened.person, opened.candidate.unit)
    _log(actor, opened, läge=Stage.STARTED, start=str(started_on))
    return current


@transaction.atomic
def follow_up(actor: Actor, opened: Opened, *, on: date | None, assessment: str, supervisor_note="", note=""):
    """A monthly follow-up of a running placement, with the supervisor's assessment."""
    require_holder(actor, opened.candidate)
    # Under the candidacy's row lock, as ending takes it: a follow-up sent while the placement is being ended
    # waits, then finds it ended, rather than being added to an ended placement.
    current = Candidate.objects.select_for_update().get(pk=opened.candidate.pk)
    problems = {}
    if current.stage != Stage.STARTED:
        problems["on"] = _("Bara en praktik som pågår följs upp.")
    else:
        problems.update(_not_after_today(on, opened.today, "on", _("datumet")))
        if not problems and current.started_on and on < current.started_on:
            problems["on"] = _("Uppföljningen kan inte vara före startdagen %(dag)s.") % {
                "dag": current.started_on.isoformat()
            }
    if assessment not in Assessment.values:
        problems["assessment"] = _("Välj handledarens bedömning.")
    if problems:
        raise ValidationError(problems)
    made = CandidateFollowUp.objects.create(
        candidate=current,
        date=on,
        assessment=assessment,
        supervisor_note=(supervisor_note or "").strip()[:2000],
        note=(note or "").strip()[:2000],
        created_by_name=user_name(actor.user),
    )
    note_work(actor, opened.person, current.unit)
    _log(actor, opened, uppföljning=str(on), bedömning=assessment)
    return made


@transaction.atomic
def end(
    actor: Actor,
    opened: Opened,
    *,
    version: int,
    ended_on: date | None,
    outcome: str,
    employment_form: str = "",
    end_reason: str = "",
) -> Candidate:
    """The placement ends with its outcome; its measure in the plan ends with the matching reason."""
    require_holder(actor, opened.candidate)
    current = lock(opened.candidate, version)
    problems = {}
    if current.stage != Stage.STARTED:
        raise ValidationError(
            {
                "outcome": _("Bara en praktik som pågår kan avslutas; den här är %(lage)s.")
                % {"lage": current.get_stage_display().lower()}
            }
        )
    if outcome not in Outcome.values:
        problems["outcome"] = _("Välj hur praktiken slutade.")
    elif outcome == Outcome.HIRED and employment_form not in EmploymentForm.values:
        problems["employment_form"] = _("Ange anställningsformen när den unga blev anställd.")
    elif outcome == Outcome.ENDED_EARLY and not (end_reason or "").strip():
        problems["end_reason"] = _("Skriv varför praktiken avbröts.")
    problems.update(_not_after_today(ended_on, opened.today, "ended_on", _("slutdagen")))
    if "ended_on" not in problems and current.started_on and ended_on < current.started_on:
        problems["ended_on"] = _("Slutdagen kan inte vara före startdagen %(dag)s.") % {
            "dag": current.started_on.isoformat()
        }
    if problems:
        raise ValidationError(problems)
    if current.measure_id:
        _end_measure(actor, opened, current, ended_on=ended_on, outcome=outcome)
    bump(
        current,
        version,
        stage=Stage.ENDED,
        ended_on=ended_on,
        outcome=outcome,
        employment_form=employment_form if outcome == Outcome.HIRED else "",
        end_reason=(end_reason or "").strip()[:500],
    )
    _log(actor, opened, läge=Stage.ENDED, slut=str(ended_on), utfall=outcome)
    return current


def _end_measure(actor: Actor, opened: Opened, candidate: Candidate, *, ended_on: date, outcome: str) -> None:
    plans.end_linked_measure(
        actor,
        opened.person,
        opened.sharing,
        candidate.measure_id,
        started_on=candidate.started_on,
        ended_on=ended_on,
        end_reason=END_REASONS[outcome],
        not_visible=_(
            "Insatsen för praktiken finns i en plan som du inte längre ser. Be den enhet som håller planen att "
            "avsluta insatsen, eller be om ett samtycke."
        ),
    )


@transaction.atomic
def withdraw(actor: Actor, opened: Opened, *, version: int, on: date | None, reason: str) -> Candidate:
    """Not proceeding ("ej_aktuell"), with a reason, before the placement starts (a started one ends with an
    outcome instead, so that the plan's measure ends with it)."""
    require_holder(actor, opened.candidate)
    current = lock(opened.candidate, version)
    problems = {}
    if current.stage not in BEFORE_START:
        problems["reason"] = _("Kandidaten är %(lage)s. En praktik som pågår avslutas med ett utfall.") % {
            "lage": current.get_stage_display().lower()
        }
    elif not (reason or "").strip():
        problems["reason"] = _("Skriv varför kandidaten inte går vidare.")
    problems.update(_not_after_today(on, opened.today, "on", _("datumet")))
    if problems:
        raise ValidationError(problems)
    bump(current, version, stage=Stage.WITHDRAWN, ended_on=on, end_reason=reason.strip()[:500])
    _log(actor, opened, läge=Stage.WITHDRAWN, datum=str(on))
    return current


# --- The work that keeps the unit's own ground ---------------------------------------------------------------


def _spans(person_id: int, unit_id: int):
    """Each candidacy the unit holds: open while it is, else until the day it ended."""
    for created, stage, ended_on, updated in Candidate.objects.filter(person_id=person_id, unit_id=unit_id).values_list(
        "created_at", "stage", "ended_on", "updated_at"
    ):
        first = timezone.localdate(created)
        if stage in CLOSED:
            yield first, max(first, ended_on or timezone.localdate(updated))
        else:
            yield first, None


def _end_open(person_id: int, unit_id: int, last_day: date) -> None:
    """The unit ended its contact with the person: its open candidacies end too (a place taken is free)."""
    reason = _("Kontakten avslutades")
    open_ones = Candidate.objects.filter(person_id=person_id, unit_id=unit_id)
    open_ones.filter(stage__in=BEFORE_START).update(
        stage=Stage.WITHDRAWN, ended_on=last_day, end_reason=reason, version=F("version") + 1, updated_at=timezone.now()
    )
    open_ones.filter(stage=Stage.STARTED).update(
        stage=Stage.ENDED,
        ended_on=last_day,
        outcome=Outcome.ENDED_EARLY,
        end_reason=reason,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )


WORK = WorkSource("employers", _spans, _end_open)

"""Taking part in a programme: who sees a participation, starting it as a measure in the joint plan,
ending it with its outcome.

A participation is information of the kind "sysselsattning_plan" held by its unit: a viewer sees their
own units' participations, and another unit's only under a consent that unit confirmed (the set-based
`access.sharing.visible_records`), and always only of persons in `restrict(user)`. Only the holding unit
changes it: a consent shares information, it does not hand over the holder's records. Every change is
compare-and-set on the participation's `version`, so two people saving at once never overwrite each
other; the contract and its follow-ups (contracts.py) guard with the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import note_work, restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change, open_person, shown_to
from fotfaste.access.sharing import Sharing, sharing_for, visible_records
from fotfaste.consent.models import InformationKind
from fotfaste.core import versioning
from fotfaste.core.versioning import bump
from fotfaste.plans import services as plans
from fotfaste.plans.models import EndReason, MeasureStatus, MeasureType, ScbCategory

from .models import CLOSED_STATUSES, Outcome, Participation, ParticipationStatus

KIND = InformationKind.OCCUPATION_PLAN
# The programmes whose measure is studies in the KAA reporting; every other programme's is "annan".
STUDY_PROGRAMMES = frozenset({"utbildningskontrakt"})
ENDED = (ParticipationStatus.COMPLETED, ParticipationStatus.ENDED_EARLY)
WORK_OR_STUDIES = (Outcome.WORK, Outcome.STUDIES, Outcome.WORK_AND_STUDIES)


class NeedsPlan(ValidationError):
    """The person has no open joint plan the user sees: the participation cannot show in it yet."""


@dataclass
class Opened:
    """A participation as one viewer may see it today, with its person and what they may do."""

    participation: Participation
    person: object
    sharing: Sharing
    today: date
    may_change: bool


def visible(user, day: date):
    """The participations `user` may see on `day`: their units', others' under consent, persons in restrict()."""
    scope = scope_for(user)
    return Participation.objects.filter(visible_records(scope, day, KIND), person__in=restrict(user, on=day))


def open_participation(actor: Actor, pk: int, what: str) -> Opened:
    """The participation if the actor may see it (else 404, as for one that does not exist); the person's
    read is logged, and so is each consent the participation was seen under."""
    today = timezone.localdate()
    found = visible(actor.user, today).filter(pk=pk).select_related("programme__agreement", "unit__party").first()
    if found is None:
        raise Http404
    person = open_person(actor, what, pk=found.person_id)
    sharing = sharing_for(scope_for(actor.user), person.pk, today)
    if not shown_to(actor, person, sharing, [found], kind=KIND, what=what):
        raise Http404  # the consent ended between the two reads
    found.person = person  # the restricted read, so that no lazy load reads persons around restrict()
    return Opened(found, person, sharing, today, found.unit_id in scope_for(actor.user).unit_ids)


def require_holder(actor: Actor, participation: Participation) -> None:
    if participation.unit_id not in scope_for(actor.user).unit_ids:
        raise PermissionDenied(
            _("Deltagandet hålls av %(enhet)s; bara den enheten kan ändra det.") % {"enhet": participation.unit.name}
        )


def user_name(user) -> str:
    display = getattr(user, "display_name", None)
    return (display() if callable(display) else getattr(user, "username", ""))[:150]


def lock(participation: Participation, version: int) -> Participation:
    """The participation's row, locked until the transaction ends, if nobody saved it since `version`."""
    return versioning.lock(participation, version, "programme", "unit__party")


def measure_type_for(programme) -> MeasureType:
    """The catalogue's measure type named after the programme, added when missing: a programme's
    participation shows in the plan as that measure (studies for utbildningskontrakt, else another measure)."""
    name = programme.name[:120]
    category = ScbCategory.STUDIES if programme.code in STUDY_PROGRAMMES else ScbCategory.OTHER
    return plans.measure_type_named(name, category=category, description=programme.target_group[:500])


def _start_problems(participation: Participation, started_on, planned_end, follow_up_on, today: date) -> dict:
    problems = {}
    if participation.status == ParticipationStatus.PARTICIPATING:
        problems["started_on"] = _("Deltagandet har redan startat.")
    elif participation.status in CLOSED_STATUSES:
        problems["started_on"] = _("Deltagandet är avslutat (%(status)s) och kan inte startas.") % {
            "status": participation.get_status_display().lower()
        }
    elif started_on > today:
        problems["started_on"] = _("Startdagen kan inte ligga efter i dag. Starta deltagandet den dag det börjar.")
    if planned_end and planned_end < started_on:
        problems["planned_end"] = _("Planerat slut kan inte vara före startdagen.")
    if follow_up_on and follow_up_on < started_on:
        problems["follow_up_on"] = _("Uppföljningen kan inte vara före startdagen.")
    return problems


@transaction.atomic
def start(
    actor: Actor,
    opened: Opened,
    *,
    version: int,
    started_on: date,
    follow_up_on: date,
    planned_end: date | None = None,
) -> Participation:
    """The young person starts: status "deltar", and a measure for the programme in their joint plan.

    Refused (nothing saved) without an open plan the user sees (NeedsPlan), on a stale version
    (EditConflict) or bad dates (ValidationError by field).
    """
    require_holder(actor, opened.participation)
    current = lock(opened.participation, version)
    problems = _start_problems(current, started_on, planned_end, follow_up_on, opened.today)
    if problems:
        raise ValidationError(problems)
    plan = plans.open_plan(actor, opened.person, opened.sharing)
    if plan is None:
        raise NeedsPlan(
            _(
                "%(namn)s har ingen öppen gemensam plan som du ser. Deltagandet blir en insats i planen: "
                "upprätta planen först."
            )
            % {"namn": f"{opened.person.first_name} {opened.person.last_name}"}
        )
    measure = plans.add_measure(
        actor,
        opened.person,
        plan,
        measure_type=measure_type_for(current.programme),
        description=_("Deltar i %(program)s") % {"program": current.programme.name[:450]},
        **plans.responsible_for(current.unit),
        planned_start=started_on,
        planned_end=planned_end,
        actual_start=started_on,
        status=MeasureStatus.ONGOING,
        follow_up_on=follow_up_on,
        evaluation_on=planned_end,
    )
    bump(current, version, status=ParticipationStatus.PARTICIPATING, started_on=started_on, measure=measure)
    note_work(actor, opened.person, current.unit)
    log_change(
        actor,
        opened.person,
        "program",
        {
            "deltagande": current.pk,
            "program": current.programme.code,
            "status": current.status,
            "start": str(started_on),
        },
    )
    return current


def measure_end_reason(status: str, outcome: str) -> str:
    """Why the plan's measure ended, in the plan's words: the outcome decides where there is one."""
    if outcome in (Outcome.WORK, Outcome.WORK_AND_STUDIES):
        return EndReason.WORK
    if outcome == Outcome.STUDIES:
        return EndReason.STUDIES
    return EndReason.COMPLETED if status == ParticipationStatus.COMPLETED else EndReason.INTERRUPTED


def _end_problems(participation: Participation, status, ended_on, outcome, today: date) -> dict:
    problems = {}
    if participation.status != ParticipationStatus.PARTICIPATING:
        problems["status"] = _("Bara ett deltagande som pågår kan avslutas; det här har status %(status)s.") % {
            "status": participation.get_status_display().lower()
        }
        return problems
    if status not in ENDED:
        problems["status"] = _("Välj om deltagandet fullföljdes eller avbröts.")
    if outcome not in Outcome.values:
        problems["outcome"] = _("Välj vad den unga gick vidare till.")
    if ended_on > today:
        problems["ended_on"] = _("Slutdagen kan inte ligga efter i dag.")
    elif participation.started_on and ended_on < participation.started_on:
        problems["ended_on"] = _("Slutdagen kan inte vara före startdagen %(start)s.") % {
            "start": participation.started_on.isoformat()
        }
    return problems


@transaction.atomic
def end(
    actor: Actor, opened: Opened, *, version: int, status: str, ended_on: date, outcome: str, end_reason: str = ""
) -> Participation:
    """The participation ends, completed or not, with its outcome; its measure in the plan ends with it."""
    require_holder(actor, opened.participation)
    current = lock(opened.participation, version)
    problems = _end_problems(current, status, ended_on, outcome, opened.today)
    if problems:
        raise ValidationError(problems)
    if current.measure_id:
        _end_measure(actor, opened, current, status=status, ended_on=ended_on, outcome=outcome)
    bump(
        current,
        version,
        status=status,
        ended_on=ended_on,
        outcome=outcome,
        end_reason=end_reason.strip()[:500],
    )
    log_change(
        actor,
        opened.person,
        "program",
        {"deltagande": current.pk, "status": status, "slut": str(ended_on), "utfall": outcome},
    )
    return current


def _end_measure(actor: Actor, opened: Opened, participation: Participation, *, status, ended_on, outcome) -> None:
    plans.end_linked_measure(
        actor,
        opened.person,
        opened.sharing,
        participation.measure_id,
        started_on=participation.started_on,
        ended_on=ended_on,
        end_reason=measure_end_reason(status, outcome),
        not_visible=_(
            "Insatsen för programmet finns i en plan som du inte längre ser. Be den enhet som håller planen "
            "att avsluta insatsen, eller be om ett samtycke."
        ),
    )

"""Plan and measure rules as pure functions: checks, the seven documentation items, what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .models import MeasureStatus, Responsible

# A measure whose planned start passed this long ago without starting has stalled.
STALLED_AFTER_DAYS = 30

# The measure types the catalogue starts with (name, type in the KAA reporting, description), from the local agreements Fotfäste was built from.
DEFAULT_CATALOGUE = (
    ("Vägledningssamtal", "vagledning", "Studie- och yrkesvägledning."),
    ("Studiemotiverande folkhögskolekurs", "studier", "Kort kurs på folkhögskola som väcker lust att studera."),
    ("Studier på komvux", "studier", "Kommunal vuxenutbildning."),
    ("Återgång till gymnasieskolan", "studier", "Tillbaka till ett nationellt program eller introduktionsprogram."),
    ("Utbildningskontrakt", "studier", "20–24 år, inskriven på Arbetsförmedlingen, saknar gymnasieutbildning."),
    ("Praktik", "annan", "Skyddad, halvskyddad eller reell praktikplats."),
    ("Arbetsträning", "annan", "Träning i arbetslivet med stöd."),
    ("Matchning.nu", "annan", "Prova på hos en arbetsgivare i upp till tre månader."),
    ("Traineejobb", "annan", "Anställning kombinerad med yrkesutbildning, 20–24 år."),
    ("UngKOMP", "annan", "Multikompetent team: Arbetsförmedlingen och kommunen tillsammans."),
    ("Ungdomssatsningen", "annan", "Sex månaders anställning för unga med försörjningsstöd."),
    ("Jobbgarantin för ungdomar", "annan", "Arbetsförmedlingens program för unga arbetssökande."),
    ("Tidiga insatser", "annan", "Arbetsförmedlingens insatser före matchning mot arbete."),
    ("Bron", "annan", "Från anpassad gymnasieskola till arbete."),
    ("Feriepraktik", "annan", "Sommarjobb i kommunen."),
    ("Mentorsstöd", "annan", "En mentor som stöttar i vardagen och följer med på möten."),
    ("Annan insats", "annan", ""),
)


def measure_problems(
    *,
    responsible: str,
    responsible_unit_id: int | None,
    responsible_actor: str,
    planned_start: date | None,
    planned_end: date | None,
    actual_start: date | None,
    actual_end: date | None,
    status: str,
    end_reason: str,
) -> dict[str, str]:
    """Field → Swedish message for each problem; empty when the measure may be saved."""
    problems: dict[str, str] = {}
    if responsible == Responsible.MUNICIPALITY and not responsible_unit_id:
        problems["responsible_unit"] = _("Välj vilken av kommunens enheter som ansvarar.")
    if responsible == Responsible.OTHER and not responsible_actor.strip():
        problems["responsible_actor"] = _("Skriv vilken aktör som ansvarar, till exempel Arbetsförmedlingen.")
    if planned_start and planned_end and planned_end < planned_start:
        problems["planned_end"] = _("Planerat slut kan inte vara före planerad start.")
    if actual_start and actual_end and actual_end < actual_start:
        problems["actual_end"] = _("Faktiskt slut kan inte vara före faktisk start.")
    if status == MeasureStatus.ONGOING and not actual_start:
        problems["actual_start"] = _("Ange när insatsen startade.")
    if status == MeasureStatus.ENDED:
        if not actual_end:
            problems["actual_end"] = _("Ange när insatsen slutade.")
        if not end_reason:
            problems["end_reason"] = _("Ange varför insatsen slutade.")
    if status in (MeasureStatus.PLANNED, MeasureStatus.DECLINED) and actual_end:
        problems["actual_end"] = _("En insats som inte har startat kan inte ha ett slutdatum.")
    return problems


DONE, MISSING, NOT_APPLICABLE = "ok", "saknas", "ej_aktuell"


@dataclass(frozen=True)
class DocumentationItem:
    number: int
    label: str
    state: str  # DONE, MISSING or NOT_APPLICABLE ("where relevant", says the ordinance)


def documentation_items(plan, measures) -> list[DocumentationItem]:
    """The seven items förordning (2006:39) 8 § asks of KAA documentation, and the plan's state for each.

    Items 2–4 (who is responsible) apply only when there are such measures; the dates and the
    reasons count for the measures they concern.
    """
    started = [m for m in measures if m.status in (MeasureStatus.ONGOING, MeasureStatus.ENDED)]
    ended = [m for m in measures if m.status == MeasureStatus.ENDED]
    open_ones = [m for m in measures if m.status in (MeasureStatus.PLANNED, MeasureStatus.ONGOING)]
    responsibilities = {m.responsible for m in measures}

    def state(applies: bool, done: bool) -> str:
        return (DONE if done else MISSING) if applies else NOT_APPLICABLE

    dates_done = (
        all(m.planned_start for m in measures)
        and all(m.actual_start for m in started)
        and all(m.actual_end for m in ended)
    )
    return [
        DocumentationItem(
            1, _("Planeringen och målet med insatserna"), state(True, bool(plan.goal_kind and plan.goal.strip()))
        ),
        DocumentationItem(
            2, _("Insatser som den unga ansvarar för"), state(Responsible.PERSON in responsibilities, True)
        ),
        DocumentationItem(
            3, _("Insatser som kommunen ansvarar för"), state(Responsible.MUNICIPALITY in responsibilities, True)
        ),
        DocumentationItem(
            4, _("Insatser som en annan aktör ansvarar för"), state(Responsible.OTHER in responsibilities, True)
        ),
        DocumentationItem(5, _("Datum när insatserna startar och slutar"), state(True, bool(measures) and dates_done)),
        DocumentationItem(
            6, _("Orsaken till att en insats avslutats"), state(bool(ended), all(m.end_reason for m in ended))
        ),
        DocumentationItem(
            7,
            _("Datum för uppföljning och utvärdering"),
            state(bool(open_ones), all(m.follow_up_on and m.evaluation_on for m in open_ones)),
        ),
    ]


def documentation_complete(items: list[DocumentationItem]) -> bool:
    return all(i.state != MISSING for i in items)


def follow_up_due(measure, today: date) -> bool:
    return (
        measure.follow_up_on is not None
        and measure.follow_up_on <= today
        and measure.status
        in (
            MeasureStatus.PLANNED,
            MeasureStatus.ONGOING,
        )
    )


def stalled(measure, today: date) -> bool:
    """Planned but not started long after its planned start, or its follow-up date has passed."""
    if measure.status == MeasureStatus.PLANNED and measure.planned_start <= today - timedelta(days=STALLED_AFTER_DAYS):
        return True
    return follow_up_due(measure, today) and measure.follow_up_on < today


def due_for_revision(plan, today: date) -> bool:
    return plan.closed_on is None and plan.revise_by is not None and plan.revise_by <= today

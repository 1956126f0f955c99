"""The joint plan printed for the young person: plain Swedish, tagged PDF/UA-1 (fotfaste.core.pdf).

Written to "du". It names what is going to happen, who does it and when, and when the plan is
followed up; never an address, and no codes or abbreviations from the caseworkers' screens.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from fotfaste.core.pdf import render_pdf, swedish_date

from .models import GoalKind, MeasureStatus, Responsible

TEMPLATE = "plans/pdf/plan.html"

GOAL_SENTENCES = {
    GoalKind.STUDIES: "Målet är att du ska börja studera.",
    GoalKind.WORK: "Målet är att du ska få ett arbete.",
    GoalKind.OTHER: "Målet är det som står här under.",
}
STATUS_WORDS = {
    MeasureStatus.PLANNED: "Ska börja",
    MeasureStatus.ONGOING: "Pågår",
    MeasureStatus.ENDED: "Klar",
    MeasureStatus.DECLINED: "Du tackade nej",
}


def _when(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{swedish_date(start)} – {swedish_date(end)}"
    if start:
        return f"från {swedish_date(start)}"
    return ""


def _who(measure) -> str:
    if measure.responsible == Responsible.PERSON:
        return "Du"
    if measure.responsible == Responsible.MUNICIPALITY:
        return measure.responsible_unit.name if measure.responsible_unit_id else "Kommunen"
    return measure.responsible_actor or "En annan aktör"


def render_plan_pdf(plan, person, *, today: date, main_contact: str = "") -> bytes:
    measures = [
        {
            "what": m.measure_type.name,
            "description": m.description,
            "who": _who(m),
            "when": _when(m.actual_start or m.planned_start, m.actual_end or m.planned_end),
            "status": STATUS_WORDS.get(m.status, ""),
            # A follow-up date means something to the young person only while the measure is still ahead or going on.
            "follow_up": swedish_date(m.follow_up_on)
            if m.follow_up_on and m.status in (MeasureStatus.PLANNED, MeasureStatus.ONGOING)
            else "",
        }
        for m in plan.measures.all()
    ]
    title = f"Din plan, {person.first_name} {person.last_name}"
    html = render_to_string(
        TEMPLATE,
        {
            "title": title,
            "name": f"{person.first_name} {person.last_name}",
            "printed": swedish_date(today),
            "goal_sentence": GOAL_SENTENCES.get(plan.goal_kind, ""),
            "goal": plan.goal,
            "own_words": plan.own_words,
            "measures": measures,
            "revise_by": swedish_date(plan.revise_by) if plan.revise_by else "",
            "unit": f"{plan.unit.name}, {plan.unit.party.name}",
            "main_contact": main_contact,
            "closed": swedish_date(plan.closed_on) if plan.closed_on else "",
        },
    )
    return render_pdf(html, title=title)

"""The joint plan: who sees it, creating and revising it without overwriting anyone, its measures.

A plan belongs to the unit that made it and is information of kind "sysselsättning, team,
planering och insatser": another unit sees and works in it only under a consent in force that
covers that kind and names both units. There is one open plan per young person among the units
that share it; a unit that cannot see another unit's plan (no consent) cannot learn of it, so it
may keep its own.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import WorkSource, note_work, settle_unit
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change, shown_to
from fotfaste.access.sharing import Sharing
from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import PartyKind, Unit

from . import rules
from .models import Measure, MeasureStatus, MeasureType, Plan, PlanRevision, ScbCategory

PLAN_KIND = InformationKind.OCCUPATION_PLAN

PLAN_FIELDS = ("goal_kind", "goal", "own_words", "revise_by")
MEASURE_FIELDS = (
    "measure_type",
    "description",
    "responsible",
    "responsible_unit",
    "responsible_actor",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status",
    "end_reason",
    "follow_up_on",
    "follow_up_note",
    "evaluation_on",
    "evaluation_note",
)


class EditConflict(Exception):
    """Someone saved the plan or measure after the editor opened it; nothing was saved."""

    def __init__(self, current):
        super().__init__("conflict")
        self.current = current


def _plans(person_id: int):
    measures = Measure.objects.select_related("measure_type", "responsible_unit").order_by("planned_start", "id")
    return (
        Plan.objects.filter(person_id=person_id)
        .select_related("unit__party")
        .prefetch_related(Prefetch("measures", queryset=measures))
    )


def visible_plans(actor: Actor, person, sharing: Sharing, *, open_only: bool = True) -> list[Plan]:
    """The person's plans the viewer may see; a plan seen by consent is logged with that consent."""
    qs = _plans(person.pk)
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    return shown_to(actor, person, sharing, qs, kind=PLAN_KIND, what="individuell plan")


def get_plan(actor: Actor, person, sharing: Sharing, plan_id: int) -> Plan:
    for plan in visible_plans(actor, person, sharing, open_only=False):
        if plan.pk == plan_id:
            return plan
    raise Http404


def snapshot(plan: Plan) -> dict:
    """The plan and its measures as plain JSON, for the revision history."""

    def value(v):
        return v.isoformat() if isinstance(v, date) else v

    return {
        "plan": {f: value(getattr(plan, f)) for f in (*PLAN_FIELDS, "closed_on", "close_reason")},
        "enhet": plan.unit.name,
        "insatser": [
            {
                "insats": m.measure_type.name,
                "ansvarig_enhet": m.responsible_unit.name if m.responsible_unit_id else "",
                **{f: value(getattr(m, f)) for f in MEASURE_FIELDS if f not in ("measure_type", "responsible_unit")},
            }
            for m in Measure.objects.filter(plan=plan).select_related("measure_type", "responsible_unit")
        ],
    }


def _name(user) -> str:
    """Who saved, as people know them: the name (the username only for an account without one)."""
    display = getattr(user, "display_name", None)
    return display() if callable(display) else getattr(user, "username", "")


def _revise(actor: Actor, person, plan: Plan, what: str) -> None:
    number = (plan.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    PlanRevision.objects.create(
        plan=plan, number=number, snapshot=snapshot(plan), saved_by_name=_name(actor.user), what=what[:200]
    )
    log_change(actor, person, "plan", {"plan": plan.pk, "version": number, "ändring": what[:100]})


@transaction.atomic
def create_plan(actor: Actor, person, sharing: Sharing, *, unit: Unit, **fields) -> Plan:
    if unit.pk not in scope_for(actor.user).unit_ids:
        raise PermissionDenied
    if visible_plans(actor, person, sharing):
        raise ValidationError(
            _("Det finns redan en gemensam plan för personen. Arbeta vidare i den i stället för att göra en ny.")
        )
    plan = Plan.objects.create(
        person=person,
        unit=unit,
        created_by=actor.user,
        updated_by_name=_name(actor.user),
        **{f: fields.get(f) or ("" if f != "revise_by" else None) for f in PLAN_FIELDS},
    )
    _revise(actor, person, plan, _("Planen upprättades"))
    note_work(actor, person, unit)
    return plan


def _check_editable(plan: Plan) -> None:
    if plan.closed_on:
        raise ValidationError(_("Planen är avslutad och kan inte ändras."))


@transaction.atomic
def update_plan(actor: Actor, person, plan: Plan, *, version: int, **fields) -> Plan:
    """Save the editor's changes if nobody saved the plan since they opened it; else EditConflict."""
    _check_editable(plan)
    changed = Plan.objects.filter(pk=plan.pk, version=version).update(
        **{f: fields[f] for f in PLAN_FIELDS if f in fields},
        version=F("version") + 1,
        updated_by_name=_name(actor.user),
        updated_at=timezone.now(),
    )
    current = Plan.objects.select_related("unit__party").get(pk=plan.pk)
    if not changed:
        raise EditConflict(current)
    _revise(actor, person, current, _("Mål och planering ändrades"))
    return current


@transaction.atomic
def close_plan(actor: Actor, person, plan: Plan, *, version: int, closed_on: date, close_reason: str) -> Plan:
    _check_editable(plan)
    if Measure.objects.filter(plan=plan, status__in=("planerad", "pagaende")).exists():
        raise ValidationError(_("Avsluta eller ta ställning till planens pågående och planerade insatser först."))
    changed = Plan.objects.filter(pk=plan.pk, version=version).update(
        closed_on=closed_on, close_reason=close_reason, version=F("version") + 1, updated_by_name=_name(actor.user)
    )
    current = Plan.objects.select_related("unit__party").get(pk=plan.pk)
    if not changed:
        raise EditConflict(current)
    _revise(actor, person, current, _("Planen avslutades"))
    settle_unit(person.pk, current.unit_id)
    return current


def _check_measure(data: dict) -> None:
    problems = rules.measure_problems(
        responsible=data["responsible"],
        responsible_unit_id=data["responsible_unit"].pk if data.get("responsible_unit") else None,
        responsible_actor=data.get("responsible_actor") or "",
        planned_start=data.get("planned_start"),
        planned_end=data.get("planned_end"),
        actual_start=data.get("actual_start"),
        actual_end=data.get("actual_end"),
        status=data["status"],
        end_reason=data.get("end_reason") or "",
    )
    if problems:
        raise ValidationError(problems)


def _clean_measure(data: dict) -> dict:
    data = {f: data.get(f) for f in MEASURE_FIELDS}
    for text in ("description", "responsible_actor", "end_reason", "follow_up_note", "evaluation_note"):
        data[text] = data[text] or ""
    if data["responsible"] != "kommunen":
        data["responsible_unit"] = None
    if data["responsible"] != "annan":
        data["responsible_actor"] = ""
    return data


@transaction.atomic
def add_measure(actor: Actor, person, plan: Plan, **data) -> Measure:
    _check_editable(plan)
    data = _clean_measure(data)
    _check_measure(data)
    measure = Measure.objects.create(plan=plan, **data)
    _revise(actor, person, plan, _("Ny insats: %(insats)s") % {"insats": measure.measure_type.name})
    _settle_responsible(actor, person, measure)
    return measure


@transaction.atomic
def update_measure(actor: Actor, person, plan: Plan, measure: Measure, *, version: int, **data) -> Measure:
    _check_editable(plan)
    data = _clean_measure(data)
    _check_measure(data)
    changed = Measure.objects.filter(pk=measure.pk, plan=plan, version=version).update(
        **data, version=F("version") + 1, updated_at=timezone.now()
    )
    current = Measure.objects.select_related("measure_type", "responsible_unit").get(pk=measure.pk)
    if not changed:
        raise EditConflict(current)
    _revise(actor, person, plan, _("Insatsen %(insats)s ändrades") % {"insats": current.measure_type.name})
    _settle_responsible(actor, person, current)
    return current


def _settle_responsible(actor: Actor, person, measure: Measure) -> None:
    """A measure is its responsible unit's part of the plan: that unit's own work keeps its ground open."""
    if measure.responsible_unit_id:
        note_work(actor, person, measure.responsible_unit)
        settle_unit(person.pk, measure.responsible_unit_id)


def ensure_catalogue() -> None:
    """The default measure types, for a database whose tables were emptied (the migration adds them once)."""
    for order, (name, category, description) in enumerate(rules.DEFAULT_CATALOGUE, start=1):
        MeasureType.objects.get_or_create(
            name=name, defaults={"scb_category": category, "description": description, "order": order * 10}
        )


def municipal_units(user):
    """Units of the municipalities in the user's agreements: those a measure can name as responsible."""
    return (
        Unit.objects.filter(party__kind="kommun", party__agreement__parties__units__in=scope_for(user).unit_ids)
        .distinct()
        .select_related("party")
        .order_by("party__name", "name")
    )


def _spans(person_id: int, unit_id: int):
    """The unit's parts of the person's plans: plans it holds, and measures it is responsible for."""
    for start, closed in Plan.objects.filter(person_id=person_id, unit_id=unit_id).values_list(
        "created_at", "closed_on"
    ):
        yield start.date(), closed
    for start, actual_end, planned_end, status in Measure.objects.filter(
        plan__person_id=person_id, responsible_unit_id=unit_id
    ).values_list("planned_start", "actual_end", "planned_end", "status"):
        done = status not in ("planerad", "pagaende")
        yield start, (actual_end or planned_end or start) if done else None


WORK = WorkSource("plans", _spans)


def end_linked_measure(
    actor: Actor,
    person,
    sharing: Sharing,
    measure_id: int | None,
    *,
    started_on: date | None,
    ended_on: date,
    end_reason: str,
    not_visible: str,
) -> None:
    """End the plan measure another record started (a programme participation, a placement) when that
    record ends. A measure removed or already ended in the plan is left as the plan says; one in a plan the
    actor no longer sees is refused with `not_visible`. The plan's own checks are reported on `ended_on`."""
    measure = Measure.objects.select_for_update().filter(pk=measure_id).first()
    if measure is None or measure.status not in (MeasureStatus.PLANNED, MeasureStatus.ONGOING):
        return
    plan = next((p for p in visible_plans(actor, person, sharing) if p.pk == measure.plan_id), None)
    if plan is None:
        raise ValidationError(not_visible)
    data = {f: getattr(measure, f) for f in MEASURE_FIELDS}
    data.update(
        status=MeasureStatus.ENDED,
        actual_start=measure.actual_start or started_on or ended_on,
        actual_end=ended_on,
        end_reason=end_reason,
    )
    try:
        update_measure(actor, person, plan, measure, version=measure.version, **data)
    except ValidationError as exc:
        raise ValidationError({"ended_on": exc.messages}) from exc


# --- For the parts that put a measure of their own in the plan (programmes, placements) -------------------


def open_plan(actor: Actor, person, sharing: Sharing) -> Plan | None:
    """The person's open joint plan the actor sees (there is one per person among the units that share)."""
    found = visible_plans(actor, person, sharing)
    return found[0] if found else None


def responsible_for(unit: Unit) -> dict:
    """A measure's responsible fields for a unit: the municipality's unit by name, another party by its name."""
    if unit.party.kind == PartyKind.MUNICIPALITY:
        return {"responsible": "kommunen", "responsible_unit": unit, "responsible_actor": ""}
    return {"responsible": "annan", "responsible_unit": None, "responsible_actor": unit.party.name[:200]}


def measure_type_named(name: str, *, category: str = ScbCategory.OTHER, description: str = "") -> MeasureType:
    """The catalogue's measure type of that name (in any case), added when missing."""
    found = MeasureType.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    found, _created = MeasureType.objects.get_or_create(
        name=name, defaults={"scb_category": category, "description": description}
    )
    return found

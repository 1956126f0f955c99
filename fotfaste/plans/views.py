"""The joint plan's pages: thin views over fotfaste.plans.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fotfaste.access.decorators import installation_administrator_required
from fotfaste.access.scope import casework_units
from fotfaste.access.services import Actor, open_person_sharing
from fotfaste.core.forms import apply_service_errors
from fotfaste.team.services import team_for

from . import rules, services
from .forms import ClosePlanForm, MeasureForm, MeasureTypeForm, PlanForm
from .models import GoalKind, Measure, MeasureStatus, MeasureType, PlanRevision

CONFLICT = _(
    "%(vem)s sparade en ändring medan du arbetade. Dina ändringar är inte sparade. Jämför med det som nu är sparat "
    "(visas under formuläret) och spara igen om dina ändringar ska gälla."
)


def _open(request, pk: int, what: str):
    actor = Actor.from_request(request)
    return actor, *open_person_sharing(actor, what, pk=pk)


def _conflict(form, current, who: str) -> None:
    form.add_error(None, CONFLICT % {"vem": who or _("Någon annan")})
    data = form.data.copy()
    data["version"] = current.version  # a second save now overwrites knowingly
    form.data = data


@login_required
def create(request, pk: int):
    actor, person, sharing, today = _open(request, pk, "ny individuell plan")
    units = casework_units(request.user)
    if not units:
        raise Http404
    form = PlanForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            plan = services.create_plan(actor, person, sharing, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Planen är upprättad. Lägg till insatserna."))
            return redirect("plans:detail", pk=person.pk, plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "person": person, "nav_active": "people"})


@login_required
def detail(request, pk: int, plan_id: int):
    actor, person, sharing, today = _open(request, pk, "individuell plan")
    plan = services.get_plan(actor, person, sharing, plan_id)
    measures = list(plan.measures.all())
    items = rules.documentation_items(plan, measures)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "person": person,
            "plan": plan,
            "measures": [(m, rules.stalled(m, today)) for m in measures],
            "items": items,
            "complete": rules.documentation_complete(items),
            "due_for_revision": rules.due_for_revision(plan, today),
            "revisions": plan.revisions.all()[:50],
            "nav_active": "people",
        },
    )


@login_required
def edit(request, pk: int, plan_id: int):
    actor, person, sharing, today = _open(request, pk, "ändra individuell plan")
    plan = services.get_plan(actor, person, sharing, plan_id)
    initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS} | {"version": plan.version}
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_plan(
                actor, person, plan, version=data["version"] or 0, **{f: data[f] for f in services.PLAN_FIELDS}
            )
        except services.EditConflict as exc:
            current = exc.current
            _conflict(form, current, current.updated_by_name)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect("plans:detail", pk=person.pk, plan_id=plan.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "person": person, "plan": plan, "current": current, "nav_active": "people"},
    )


def _measure_form(request, data, today, **kwargs):
    return MeasureForm(data, units=services.municipal_units(request.user), today=today, **kwargs)


@login_required
def measure_create(request, pk: int, plan_id: int):
    actor, person, sharing, today = _open(request, pk, "ny insats")
    plan = services.get_plan(actor, person, sharing, plan_id)
    form = _measure_form(request, request.POST if request.method == "POST" else None, today)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_measure(actor, person, plan, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Insatsen är tillagd i planen."))
            return redirect("plans:detail", pk=person.pk, plan_id=plan.pk)
    return render(
        request, "plans/measure_form.html", {"form": form, "person": person, "plan": plan, "nav_active": "people"}
    )


@login_required
def measure_edit(request, pk: int, plan_id: int, measure_id: int):
    actor, person, sharing, today = _open(request, pk, "ändra insats")
    plan = services.get_plan(actor, person, sharing, plan_id)
    measure = get_object_or_404(Measure, pk=measure_id, plan=plan)
    initial = {f: getattr(measure, f) for f in services.MEASURE_FIELDS} | {"version": measure.version}
    form = _measure_form(request, request.POST if request.method == "POST" else None, today, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.update_measure(actor, person, plan, measure, version=version, **data)
        except services.EditConflict as exc:
            current = exc.current
            _conflict(form, current, "")
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Insatsen är sparad."))
            return redirect("plans:detail", pk=person.pk, plan_id=plan.pk)
    return render(
        request,
        "plans/measure_form.html",
        {"form": form, "person": person, "plan": plan, "measure": measure, "current": current, "nav_active": "people"},
    )


@login_required
def close(request, pk: int, plan_id: int):
    actor, person, sharing, today = _open(request, pk, "avsluta individuell plan")
    plan = services.get_plan(actor, person, sharing, plan_id)
    form = ClosePlanForm(
        request.POST if request.method == "POST" else None, initial={"closed_on": today, "version": plan.version}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.close_plan(
                actor, person, plan, version=d["version"] or 0, closed_on=d["closed_on"], close_reason=d["close_reason"]
            )
        except services.EditConflict as exc:
            _conflict(form, exc.current, exc.current.updated_by_name)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Planen är avslutad."))
            return redirect("people:detail", pk=person.pk)
    return render(
        request, "plans/close_form.html", {"form": form, "person": person, "plan": plan, "nav_active": "people"}
    )


@login_required
def revision(request, pk: int, plan_id: int, number: int):
    actor, person, sharing, today = _open(request, pk, "tidigare version av plan")
    plan = services.get_plan(actor, person, sharing, plan_id)
    rev = get_object_or_404(PlanRevision, plan=plan, number=number)
    saved = rev.snapshot.get("plan", {})
    # The snapshot keeps codes; the page shows their labels as they read today.
    labels = {
        "goal_kind": dict(GoalKind.choices).get(saved.get("goal_kind"), ""),
        "measures": [
            {**m, "status_label": dict(MeasureStatus.choices).get(m.get("status"), m.get("status"))}
            for m in rev.snapshot.get("insatser", [])
        ],
    }
    return render(
        request,
        "plans/revision.html",
        {"person": person, "plan": plan, "revision": rev, "saved": saved, "labels": labels, "nav_active": "people"},
    )


@login_required
def plan_pdf(request, pk: int, plan_id: int):
    from .pdf import render_plan_pdf

    actor, person, sharing, today = _open(request, pk, "export: individuell plan (PDF)")
    plan = services.get_plan(actor, person, sharing, plan_id)
    main = [m.name for m in team_for(actor, person, sharing, today) if m.is_main_contact]
    pdf = render_plan_pdf(plan, person, today=today, main_contact=main[0] if main else "")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.pdf"'
    return response


@installation_administrator_required
def catalogue(request):
    form = MeasureTypeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if MeasureType.objects.filter(name__iexact=form.cleaned_data["name"]).exists():
            form.add_error("name", _("Det finns redan en insatstyp med det namnet."))
        else:
            MeasureType.objects.create(**form.cleaned_data)
            messages.success(request, _("Insatstypen är tillagd."))
            return redirect("plans:catalogue")
    return render(
        request,
        "plans/catalogue.html",
        {"form": form, "types": MeasureType.objects.all(), "nav_active": "admin"},
    )


@installation_administrator_required
def catalogue_edit(request, type_id: int):
    measure_type = get_object_or_404(MeasureType, pk=type_id)
    initial = {f: getattr(measure_type, f) for f in ("name", "description", "scb_category", "active")}
    form = MeasureTypeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if MeasureType.objects.filter(name__iexact=form.cleaned_data["name"]).exclude(pk=type_id).exists():
            form.add_error("name", _("Det finns redan en insatstyp med det namnet."))
        else:
            for field, value in form.cleaned_data.items():
                setattr(measure_type, field, value)
            measure_type.save()
            messages.success(request, _("Insatstypen är sparad."))
            return redirect("plans:catalogue")
    return render(
        request,
        "plans/catalogue_edit.html",
        {"form": form, "measure_type": measure_type, "nav_active": "admin"},
    )

"""The follow-up pages: the dashboard (aggregates only) and editing goals, indicators and manual results.

Thin: each view parses its form, calls a service and renders. The dashboard reads no person and
shows only disclosed figures; it takes the agreement, period and split as query parameters.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fotfaste.core.export import file_response
from fotfaste.core.forms import apply_service_errors
from fotfaste.orgs.models import Agreement

from . import annual, charts, indicators, services, targets
from .disclosure import SPLITS
from .forms import AnnualReviewForm, GoalForm, IndicatorForm, ManualResultForm, format_target_values
from .models import MANUAL, Goal, Indicator, ManualResult
from .periods import PeriodError, current_half_year, parse_period

SPLIT_LABELS = {"": _("Ingen uppdelning"), "kon": _("Kön"), "alder": _("Ålder"), "bakgrund": _("Bakgrund")}


def _posted(request):
    return request.POST if request.method == "POST" else None


def status_label(status: str) -> str:
    return {
        targets.ON_TRACK: _("I fas"),
        targets.OFF_TRACK: _("Inte i fas"),
        targets.NO_DATA: _("Uppgift saknas"),
    }.get(status, "")


def trend_label(trend: str | None) -> str:
    return {
        targets.IMPROVING: _("Bättre än förra perioden"),
        targets.WORSENING: _("Sämre än förra perioden"),
        targets.UNCHANGED: _("Oförändrat sedan förra perioden"),
    }.get(trend or "", _("För få perioder för en trend"))


GROUP_LABELS = {
    "kvinna": _("Kvinnor"),
    "man": _("Män"),
    "16-19": _("16–19 år"),
    "20-24": _("20–24 år"),
    "25-29": _("25–29 år"),
    "ovrig": _("Annan ålder"),
    "svensk": _("Svensk bakgrund"),
    "utlandsk_fodd_i_sverige": _("Utländsk bakgrund, född i Sverige"),
    "fodd_utomlands": _("Född utomlands"),
    "okand": _("Okänd bakgrund"),
}


def figure_text(figure, unit: str) -> str:
    if figure.masked:
        return _("färre än 5 eller dolt")
    if figure.value is None:
        return "–"
    text = f"{figure.value:g}".replace(".", ",")
    return f"{text} %" if unit == "procent" else text


def number_text(value, unit: str) -> str:
    if value is None:
        return "–"
    text = f"{Decimal(value).normalize():f}".replace(".", ",")
    return f"{text} %" if unit == "procent" else text


@login_required
@require_GET
def dashboard(request):
    readable = services.reader_agreement_ids(request.user)
    if not readable:
        raise PermissionDenied(_("Uppföljningen är för styrgrupp, samordnare och administratörer."))
    agreements = list(Agreement.objects.filter(pk__in=readable).order_by("name"))
    chosen = request.GET.get("avtal", "")
    agreement = next((a for a in agreements if str(a.pk) == chosen), agreements[0])
    today = timezone.localdate()
    period_error = ""
    try:
        period = parse_period(request.GET["period"]) if request.GET.get("period") else current_half_year(today)
    except PeriodError as exc:
        period_error, period = str(exc), current_half_year(today)
    split = request.GET.get("uppdelning", "")
    split = split if split in SPLITS else ""
    goals = []
    for summary in services.dashboard(agreement, period, today):
        rows = []
        for r in summary.indicators:
            history = summary.series[r.indicator.pk]
            points = [
                (h.period.label, h.figure.value, h.figure.masked, None if h.target is None else float(h.target))
                for h in history
            ]
            rows.append(
                {
                    "result": r,
                    "value": figure_text(r.figure, r.unit),
                    "target": number_text(r.target, r.unit),
                    "status": r.status,
                    "status_label": status_label(r.status),
                    "trend": trend_label(summary.trends[r.indicator.pk]),
                    "chart": charts.bar_chart(points, r.unit),
                    "history": [
                        (
                            h.period.label,
                            figure_text(h.figure, r.unit),
                            number_text(h.target, r.unit),
                            status_label(h.status),
                        )
                        for h in history
                    ],
                    "split": [(GROUP_LABELS.get(g, g), figure_text(f, r.unit)) for g, f in r.splits.get(split, [])],
                    "description": (
                        indicators.DEFINITIONS[r.indicator.kind].description
                        if r.indicator.kind in indicators.DEFINITIONS
                        else _("Läggs in för hand med källa och datum.")
                    ),
                }
            )
        goals.append(
            {"goal": summary.goal, "status": summary.status, "status_label": status_label(summary.status), "rows": rows}
        )
    periods = [p.label for p in current_half_year(today).previous(6)][::-1]
    return render(
        request,
        "followup/dashboard.html",
        {
            "agreements": agreements,
            "agreement": agreement,
            "period": period,
            "period_error": period_error,
            "periods": periods,
            "split": split,
            "split_label": SPLIT_LABELS[split],
            "splits": list(SPLIT_LABELS.items()),
            "goals": goals,
            "may_edit": agreement.pk in services.editor_agreement_ids(request.user),
            "nav_active": "followup",
        },
    )


@login_required
def goals(request):
    editable = services.editor_agreement_ids(request.user)
    if not editable:
        raise PermissionDenied(_("Mål och indikatorer ändras av samordnare och administratörer."))
    agreements = (
        Agreement.objects.filter(pk__in=editable).order_by("name").prefetch_related("followup_goals__indicators")
    )
    return render(request, "followup/goals.html", {"agreements": agreements, "nav_active": "followup"})


@login_required
def goal_create(request, agreement_pk: int):
    agreement = services.editable_agreement(request.user, agreement_pk)
    return _goal_form(request, agreement, None)


@login_required
def goal_edit(request, goal_id: int):
    goal = services.editable_goal(request.user, goal_id)
    return _goal_form(request, goal.agreement, goal)


def _goal_form(request, agreement, goal):
    initial = {"title": goal.title, "description": goal.description, "order": goal.order} if goal else {"order": 0}
    form = GoalForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        goal = goal or Goal(agreement=agreement)
        goal.title, goal.description, goal.order = (form.cleaned_data[k] for k in ("title", "description", "order"))
        goal.save()
        messages.success(request, _("Målet är sparat."))
        return redirect("followup:goals")
    return render(
        request,
        "followup/goal_form.html",
        {"form": form, "goal": goal, "agreement": agreement, "nav_active": "followup"},
    )


def _references(agreement, exclude=None):
    found = Indicator.objects.filter(goal__agreement=agreement).order_by("goal__order", "order", "id")
    if exclude:
        found = found.exclude(pk=exclude.pk)
    return [(str(i.pk), i.name) for i in found]


@login_required
def indicator_create(request, goal_id: int):
    goal = services.editable_goal(request.user, goal_id)
    return _indicator_form(request, goal, None)


@login_required
def indicator_edit(request, indicator_id: int):
    indicator = services.editable_indicator(request.user, indicator_id)
    return _indicator_form(request, indicator.goal, indicator)


def _indicator_form(request, goal, indicator):
    initial = {"order": 0, "target_kind": targets.NONE, "direction": targets.LOWER_IS_BETTER, "unit": "procent"}
    if indicator:
        initial = {
            name: getattr(indicator, name)
            for name in (
                "name", "kind", "unit", "direction", "baseline", "baseline_date", "target_kind", "rate",
                "target_value", "target_date", "order",
            )
        }  # fmt: skip
        initial["reference"] = str(indicator.reference_id or "")
        initial["target_values"] = format_target_values(indicator.target_values)
    form = IndicatorForm(
        _posted(request),
        initial=initial,
        kinds=services.indicator_choices(),
        references=_references(goal.agreement, indicator),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        indicator = indicator or Indicator(goal=goal)
        for name in (
            "name", "kind", "direction", "baseline", "baseline_date", "target_kind", "rate", "target_value",
            "target_date", "target_values", "order",
        ):  # fmt: skip
            setattr(indicator, name, d[name])
        definition = indicators.DEFINITIONS.get(d["kind"])
        indicator.unit = definition.unit if definition else d["unit"]
        indicator.reference_id = int(d["reference"]) if d.get("reference") else None
        indicator.save()
        messages.success(request, _("Indikatorn är sparad."))
        return redirect("followup:goals")
    return render(
        request,
        "followup/indicator_form.html",
        {"form": form, "goal": goal, "indicator": indicator, "nav_active": "followup"},
    )


@login_required
def manual_result(request, indicator_id: int):
    indicator = services.editable_indicator(request.user, indicator_id)
    if indicator.kind != MANUAL:
        raise Http404
    form = ManualResultForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.save_manual_result(
                indicator, period=d["period"], value=d["value"], source=d["source"], source_date=d["source_date"],
                user=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Resultatet för %(period)s är sparat.") % {"period": d["period"].label})
            return redirect("followup:manual_result", indicator_id=indicator.pk)
    saved = ManualResult.objects.filter(indicator=indicator).order_by("-period")
    return render(
        request,
        "followup/manual_result.html",
        {"form": form, "indicator": indicator, "saved": saved, "nav_active": "followup"},
    )


# --- The annual follow-up of the agreement -----------------------------------------------------


def _annual_selection(request):
    """The agreement and year asked for, among those the user reads; 403 for anyone else."""
    readable = services.reader_agreement_ids(request.user)
    if not readable:
        raise PermissionDenied(_("Uppföljningen är för styrgrupp, samordnare och administratörer."))
    agreements = list(Agreement.objects.filter(pk__in=readable).order_by("name"))
    source = request.POST if request.method == "POST" else request.GET
    chosen = source.get("avtal", "")
    agreement = next((a for a in agreements if str(a.pk) == chosen), None)
    if chosen and agreement is None:
        raise Http404
    agreement = agreement or agreements[0]
    today = timezone.localdate()
    text = source.get("ar", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= today.year else today.year
    return agreements, agreement, year, today


def annual_lines(agreement, year: int, today) -> list[annual.GoalLine]:
    lines = []
    for summary in services.dashboard(agreement, parse_period(str(year)), today, periods=4):
        for r in summary.indicators:
            lines.append(
                annual.GoalLine(
                    summary.goal.title,
                    str(status_label(summary.status)),
                    r.indicator.name,
                    figure_text(r.figure, r.unit),
                    number_text(r.target, r.unit),
                    str(status_label(r.status)),
                    str(trend_label(summary.trends[r.indicator.pk])),
                )
            )
    return lines


@login_required
def annual_review(request):
    agreements, agreement, year, today = _annual_selection(request)
    may_edit = agreement.pk in services.editor_agreement_ids(request.user)
    review = annual.review_for(agreement, year)
    form = None
    if may_edit:
        initial = {"version": review.version, **{key: getattr(review, key) for key, _label in annual.SECTIONS}}
        form = AnnualReviewForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                annual.save(agreement, year, form.cleaned_data["version"], form.cleaned_data, request.user)
            except annual.EditConflict:
                form.add_error(
                    None,
                    _(
                        "Någon annan har sparat uppföljningen medan du skrev. Din text finns kvar nedan; "
                        "jämför med den sparade och spara igen."
                    ),
                )
                form.data = form.data.copy()
                form.data["version"] = str(annual.review_for(agreement, year).version)
            else:
                messages.success(request, _("Uppföljningen är sparad."))
                return redirect(f"{request.path}?avtal={agreement.pk}&ar={year}")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "followup/annual.html",
        {
            "agreements": agreements,
            "agreement": agreement,
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "review": review,
            "sections": [(label, getattr(review, key)) for key, label in annual.SECTIONS],
            "form": form,
            "lines": annual_lines(agreement, year, today),
            "nav_active": "followup",
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def annual_review_file(request, fmt: str):
    _agreements, agreement, year, today = _annual_selection(request)
    review = annual.review_for(agreement, year)
    lines = annual_lines(agreement, year, today)
    name = f"arsuppfoljning_{agreement.pk}_{year}"
    if fmt == "xlsx":
        return file_response(annual.xlsx(agreement, review, lines), f"{name}.xlsx", kind="xlsx")
    response = HttpResponse(annual.pdf(agreement, review, lines), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response

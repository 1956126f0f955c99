"""The placed-and-hired figures page and its XLSX: aggregates only, for the follow-up's readers.

Readers are those of the follow-up dashboard: the steering group, the coordinators and the administrators of
the agreement (and the installation's administrator). Every figure is disclosed under the one rule, whoever
reads: the page does not differ by who asked. Another agreement's figures answer 404.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from fotfaste.access.scope import scope_for
from fotfaste.core.charts import bar_chart
from fotfaste.core.export import file_response, xlsx_bytes
from fotfaste.orgs.models import Agreement
from fotfaste.orgs.roles import Role

from . import figures

READ_ROLES = frozenset({Role.STEERING, Role.COORDINATOR, Role.ADMIN})
# Drawn as charts, each with the step table as its data table: what the steering group asked for (issue 13).
CHART_MEASURES = {figures.PLACED: _lazy("Började en praktik"), figures.HIRED: _lazy("Anställda efter praktiken")}


def reader_agreement_ids(user) -> set[int]:
    if user.is_superuser:
        return set(Agreement.objects.values_list("pk", flat=True))
    return {a for a, role in scope_for(user).agreement_roles if role in READ_ROLES}


def last_twelve_months(today: date) -> tuple[date, date]:
    """The twelve months up to today: placements last for months, and seed 000 counts placed and hired a
    year at a time, so a half-year just begun would show almost nothing."""
    try:
        first = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        first = today.replace(year=today.year - 1, day=28)
    return first + timedelta(days=1), today


def read_period(request, today: date) -> tuple[date, date, dict[str, str]]:
    """The period of `fran` and `till` (the last twelve months by default); one that cannot be read falls back to
    them, with the reason by field."""
    first, last = last_twelve_months(today)
    errors, given = {}, {}
    for key in ("fran", "till"):
        text = request.GET.get(key, "").strip()
        if text:
            try:
                given[key] = parse_date(text)
            except ValueError:
                given[key] = None
            if given[key] is None:
                errors[key] = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-01-31.")
    if not errors:
        first, last = given.get("fran", first), given.get("till", last)
        if last < first:
            errors["till"] = _("Periodens sista dag kan inte vara före den första.")
            first, last = last_twelve_months(today)
    return first, last, errors


def selection(request):
    """The agreement and period asked for: 403 for someone who reads no agreement's figures, 404 for another
    agreement. A period that cannot be read falls back to this half-year, with the reason."""
    readable = reader_agreement_ids(request.user)
    if not readable:
        raise PermissionDenied(_("Resultaten är för styrgrupp, samordnare och administratörer."))
    agreements = list(Agreement.objects.filter(pk__in=readable).order_by("name"))
    chosen = request.GET.get("avtal", "")
    agreement = next((a for a in agreements if str(a.pk) == chosen), None)
    if chosen and agreement is None:
        raise Http404
    today = timezone.localdate()
    first, last, errors = read_period(request, today)
    return agreements, agreement or agreements[0], first, last, today, errors


def _measuring_day(last: date, today: date) -> date:
    """A period still running is counted to today: what has not happened is not yet a figure."""
    return min(last, today)


@login_required
@require_GET
def results(request):
    agreements, agreement, first, last, today, errors = selection(request)
    figs = figures.figures_for(agreement, first, _measuring_day(last, today)) if first <= today else None
    charts = []
    if figs is not None:
        steps = next(t for t in figs.tables if t.split == "steg")
        for measure in CHART_MEASURES:
            line = next(line for line in steps.lines if line[0] == measure)
            points = [
                (label, None if shown.hidden else float(shown.value), shown.hidden, None)
                for (_group, label), shown in zip(steps.columns[1:], line[2][1:], strict=True)
            ]
            charts.append(
                {
                    "key": measure,
                    "title": _("%(matt)s per steg på praktiktrappan") % {"matt": CHART_MEASURES[measure]},
                    "chart": bar_chart(points, "antal"),
                    "description": "; ".join(
                        f"{label}: {shown.count_text()}"
                        for (_g, label), shown in zip(steps.columns[1:], line[2][1:], strict=True)
                    ),
                }
            )
    return render(
        request,
        "employers/figures_results.html",
        {
            "agreements": agreements,
            "agreement": agreement,
            "first": first,
            "last": last,
            "errors": errors,
            "figures": figs,
            "charts": charts,
            "nav_active": "employers",
        },
    )


@login_required
@require_GET
def results_xlsx(request):
    _agreements, agreement, first, last, today, errors = selection(request)
    if errors or first > today:
        raise Http404
    figs = figures.figures_for(agreement, first, _measuring_day(last, today))
    sheet = [
        [_("Praktik: placerade och anställda")],
        [agreement.name],
        [_("Period"), f"{first.isoformat()} – {last.isoformat()}"],
        [_("Personer räknas en gång per tabell. Färre än 5 visas som ”färre än 5”; ”dolt” skyddar en sådan.")],
    ]
    for t in figs.tables:
        sheet += [[], [t.label], ["", *(label for _g, label in t.columns)]]
        for _m, label, values in t.lines:
            # Numbers stay numbers; a masked figure is its text, never its value.
            sheet.append([label, *(v.count_text() if v.hidden else v.value for v in values)])
    content = xlsx_bytes([(str(_("Resultat")), sheet)], bold_rows=(1,), widths=(48,))
    return file_response(content, f"praktik_resultat_{agreement.pk}_{first}_{last}.xlsx", kind="xlsx")

"""Administration of retention rules, reports and disposal runs. System administrators only.

Nothing here shows a person: reports and runs are counts.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.decorators import installation_administrator_required
from fotfaste.core.keyset import keyset_page, next_page_query

from . import categories, presenters, services
from .categories import DisposalError
from .forms import ConfirmForm, ReportForm, RetentionRuleForm
from .models import DisposalRun, RetentionRule

RUNS_PER_PAGE = 50


def _posted(request):
    # Not `request.POST or None`: a POST with no fields (the checkbox left empty) must still be validated.
    return request.POST if request.method == "POST" else None


def _render(request, template, context):
    return render(request, f"disposal/{template}", {"nav_active": "orgs", **context})


@installation_administrator_required
def rule_list(request):
    rules = RetentionRule.objects.select_related("municipality").order_by("-active", "category", "municipality__name")
    return _render(
        request,
        "rule_list.html",
        {
            "rules": [presenters.rule_row(rule) for rule in rules],
            "categories": categories.all_categories(),
        },
    )


@installation_administrator_required
def rule_create(request):
    return _rule_form(request, RetentionRule())


@installation_administrator_required
def rule_edit(request, pk: int):
    return _rule_form(request, get_object_or_404(RetentionRule, pk=pk))


def _rule_form(request, rule: RetentionRule):
    form = RetentionRuleForm(_posted(request), instance=rule)
    if request.method == "POST" and form.is_valid():
        services.save_rule(form.save(commit=False), by=request.user)
        messages.success(request, _("Gallringsregeln är sparad."))
        return redirect("disposal:rule_list")
    return _render(request, "rule_form.html", {"form": form, "rule": rule})


@installation_administrator_required
def report(request):
    form = ReportForm(_posted(request), initial={"run_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        result = services.report(form.reference_date(), actor_name=request.user.display_name())
        return redirect("disposal:run_detail", pk=result.run.pk)
    return _render(
        request, "report_form.html", {"form": form, "rule_count": RetentionRule.objects.filter(active=True).count()}
    )


@installation_administrator_required
def run_list(request):
    runs, next_cursor = keyset_page(
        DisposalRun.objects.all(), ("-started_at", "-id"), request.GET.get("efter"), RUNS_PER_PAGE
    )
    return _render(
        request,
        "run_list.html",
        {"runs": [presenters.run_summary(run) for run in runs], "next_page": next_page_query(next_cursor)},
    )


@installation_administrator_required
def run_detail(request, pk: int):
    run = get_object_or_404(DisposalRun.objects.select_related("municipality"), pk=pk)
    return _render(
        request,
        "run_detail.html",
        {
            "run": run,
            "rows": presenters.step_rows(run),
            "can_confirm": _confirmable(run) and services.report_is_current(run),
        },
    )


def _confirmable(run: DisposalRun) -> bool:
    # A report from an earlier day may no longer say what a run would do; make a new one.
    return run.dry_run and not run.municipality_id and timezone.localdate(run.started_at) == timezone.localdate()


@installation_administrator_required
def confirm(request, pk: int):
    run = get_object_or_404(DisposalRun.objects.filter(dry_run=True), pk=pk)
    form = ConfirmForm(_posted(request))
    stale = not (_confirmable(run) and services.report_is_current(run))
    if request.method == "POST" and not stale and form.is_valid():
        try:
            result = services.dispose(run.run_on, request.user.display_name())
        except DisposalError as exc:
            messages.error(request, str(exc))
            return redirect("disposal:confirm", pk=run.pk)
        if result.failure:
            messages.error(request, result.failure)
        else:
            messages.success(request, _("Gallringen är klar."))
        return redirect("disposal:run_detail", pk=result.pk)
    return _render(
        request, "confirm.html", {"form": form, "run": run, "rows": presenters.step_rows(run), "stale": stale}
    )

"""The fund's pages: a person's grants, the approvers' queue, the budget summary and its administration."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.decorators import administrator_required
from fotfaste.access.scope import admin_scope_for, scope_for
from fotfaste.access.services import Actor, open_person
from fotfaste.access.sharing import sharing_for
from fotfaste.core.forms import apply_service_errors, unit_choices
from fotfaste.core.keyset import next_page_query
from fotfaste.orgs.models import Agreement

from . import rules, services
from .forms import APPROVE, ApproverRolesForm, BudgetLineForm, DecisionForm, GrantForm, PaidForm, WithdrawForm
from .models import BudgetLine

CURSOR = "efter"


def _posted(request):
    """The posted data, or None on GET (an empty POST must still be validated, and fail)."""
    return request.POST if request.method == "POST" else None


# A person's grants


@login_required
def request_grant(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "ansök om bidrag ur fonden", pk=pk)
    units = services.requester_units(request.user)
    if not units:
        raise Http404
    lines = services.open_lines(units)
    figures = services.figures_for(lines)
    form = GrantForm(
        _posted(request),
        units=unit_choices(units),
        lines=BudgetLine.objects.filter(pk__in=[line.pk for line in lines]).order_by("-year", "name"),
        figures=figures,
    )
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.request_grant(actor, person, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Ansökan är skickad till dem som beslutar om fonden."))
            return redirect("fund:detail", pk=person.pk, grant_id=grant.pk)
    return render(
        request,
        "fund/request_form.html",
        {"form": form, "person": person, "nav_active": "people"},
    )


def _open(request, pk: int, grant_id: int, what: str):
    actor = Actor.from_request(request)
    person = open_person(actor, what, pk=pk)
    sharing = sharing_for(scope_for(request.user), person.pk, timezone.localdate())
    grant = services.get_grant(actor, person, sharing, grant_id)
    return actor, person, sharing, grant


def _detail_context(request, person, sharing, grant, **forms):
    today = timezone.localdate()
    figures = services.figures_for([grant.budget_line])[grant.budget_line_id]
    return {
        "person": person,
        "grant": grant,
        "figures": figures,
        "allowed": services.allowed_actions(request.user, grant, sharing),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "paid_form": forms.get("paid_form") or PaidForm(today=today),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        # The page title says "Fel:" when the form just sent has errors.
        "form": next((f for f in forms.values() if f is not None and f.errors), None),
        "nav_active": "people",
    }


@login_required
def detail(request, pk: int, grant_id: int):
    _actor, person, sharing, grant = _open(request, pk, grant_id, "bidrag ur fonden")
    return render(request, "fund/detail.html", _detail_context(request, person, sharing, grant))


@login_required
@require_POST
def decide(request, pk: int, grant_id: int):
    actor, person, sharing, grant = _open(request, pk, grant_id, "besluta om bidrag")
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == APPROVE
        try:
            services.decide(actor, person, grant, approve=approve, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Ansökan är beviljad.") if approve else _("Ansökan är avslagen."))
            return redirect("fund:detail", pk=person.pk, grant_id=grant.pk)
        grant.refresh_from_db()
    return render(request, "fund/detail.html", _detail_context(request, person, sharing, grant, decision_form=form))


@login_required
@require_POST
def mark_paid(request, pk: int, grant_id: int):
    actor, person, sharing, grant = _open(request, pk, grant_id, "markera bidrag som utbetalt")
    today = timezone.localdate()
    form = PaidForm(request.POST, today=today)
    if form.is_valid():
        try:
            services.mark_paid(actor, person, grant, sharing, paid_on=form.cleaned_data["paid_on"], today=today)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Bidraget är markerat som utbetalt."))
            return redirect("fund:detail", pk=person.pk, grant_id=grant.pk)
    return render(request, "fund/detail.html", _detail_context(request, person, sharing, grant, paid_form=form))


@login_required
@require_POST
def withdraw(request, pk: int, grant_id: int):
    actor, person, sharing, grant = _open(request, pk, grant_id, "återkalla ansökan om bidrag")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(actor, person, grant, sharing)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Ansökan är återkallad."))
            return redirect("fund:detail", pk=person.pk, grant_id=grant.pk)
    return render(request, "fund/detail.html", _detail_context(request, person, sharing, grant, withdraw_form=form))


# The approvers' queue and the budget summary


@login_required
def queue(request):
    actor = Actor.from_request(request)
    today = timezone.localdate()
    grants, next_cursor = services.queue_page(actor, request.GET.get(CURSOR), settings.PAGE_SIZE, today)
    agreement_ids = services.approver_agreement_ids(request.user)
    lines = list(
        BudgetLine.objects.filter(agreement_id__in=agreement_ids, active=True)
        .select_related("agreement")
        .order_by("agreement__name", "-year", "name")
    )
    figures = services.figures_for(lines + [g.budget_line for g in grants])
    return render(
        request,
        "fund/queue.html",
        {
            "rows": [(g, figures[g.budget_line_id]) for g in grants],
            "lines": [(line, figures[line.pk]) for line in lines],
            "several_agreements": len({line.agreement_id for line in lines}) > 1,
            "next_page": next_page_query(next_cursor),
            "first_page": not request.GET.get(CURSOR),
            "year": today.year,
            "nav_active": "fund",
        },
    )


def _budget_agreements(request) -> set[int]:
    ids = services.budget_agreement_ids(request.user)
    if not ids:
        raise PermissionDenied(_("Budgeten för fonden visas för styrgrupp, beslutande och administratörer."))
    return ids


@login_required
def budget_now(request):
    _budget_agreements(request)
    return redirect("fund:budget", year=timezone.localdate().year)


@login_required
def budget(request, year: int):
    ids = _budget_agreements(request)
    summaries = services.budget_summary(ids, year)
    years = sorted(set(services.budget_years(ids)) | {timezone.localdate().year}, reverse=True)
    return render(
        request,
        "fund/budget.html",
        {
            "summaries": summaries,
            "year": year,
            "other_years": [y for y in years if y != year],
            "may_open_queue": bool(services.approver_agreement_ids(request.user)),
            "nav_active": "fund",
        },
    )


# Administration


def _administered(request):
    """The agreements whose fund the administrator keeps: those they administer (others answer 404)."""
    return Agreement.objects.filter(admin_scope_for(request.user).agreement_filter("pk"))


@administrator_required
def admin_overview(request):
    return render(
        request,
        "fund/admin.html",
        {"agreements": services.admin_overview(_administered(request)), "nav_active": "orgs"},
    )


@administrator_required
def line_create(request):
    agreements = _administered(request).order_by("name")
    form = BudgetLineForm(
        _posted(request), agreements=agreements, initial={"year": timezone.localdate().year, "active": True}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            line = services.save_line(
                None, agreement=d["agreement"], name=d["name"], year=d["year"], amount=d["amount"], active=d["active"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Budgetposten %(post)s är skapad.") % {"post": str(line)})
            return redirect("fund:admin")
    return render(request, "fund/line_form.html", {"form": form, "line": None, "nav_active": "orgs"})


@administrator_required
def line_edit(request, line_id: int):
    lines = BudgetLine.objects.filter(agreement__in=_administered(request)).select_related("agreement")
    line = get_object_or_404(lines, pk=line_id)
    figures = services.figures_for([line])[line.pk]
    form = BudgetLineForm(
        _posted(request), initial={"name": line.name, "year": line.year, "amount": line.amount, "active": line.active}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            line = services.save_line(line, name=d["name"], year=d["year"], amount=d["amount"], active=d["active"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Budgetposten %(post)s är sparad.") % {"post": str(line)})
            return redirect("fund:admin")
    return render(
        request, "fund/line_form.html", {"form": form, "line": line, "figures": figures, "nav_active": "orgs"}
    )


@administrator_required
def approvers_edit(request, agreement_pk: int):
    agreement = get_object_or_404(_administered(request), pk=agreement_pk)
    current = services.approver_roles_for([agreement.pk])[agreement.pk]
    form = ApproverRolesForm(_posted(request), initial={"roles": sorted(current)})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_approver_roles(agreement, form.cleaned_data["roles"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Vilka roller som får besluta om bidrag är sparat för %(namn)s.") % {"namn": agreement.name}
            )
            return redirect("fund:admin")
    return render(
        request,
        "fund/approvers_form.html",
        {"form": form, "agreement": agreement, "default_role": rules.DEFAULT_APPROVER_ROLES, "nav_active": "orgs"},
    )

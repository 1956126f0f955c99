"""Outreach pages: thin views over fotfaste.outreach.services and .worklist."""

from urllib.parse import parse_qs, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fotfaste.access.decorators import administrator_required, installation_administrator_required
from fotfaste.access.scope import admin_scope_for
from fotfaste.access.services import Actor
from fotfaste.core.forms import apply_service_errors
from fotfaste.core.keyset import next_page_query
from fotfaste.orgs.models import Agreement
from fotfaste.reference.models import Municipality

from . import rules, services
from .forms import (
    AssignForm,
    ContactAttemptForm,
    CurrencyForm,
    GuardianForm,
    MunicipalitySettingsForm,
    OccupationForm,
    WorklistFilterForm,
)
from .models import OccupationCurrency, OutreachSettings
from .worklist import WorklistQuery, worklist_page

CURSOR = "efter"


# The worklist


@login_required
def worklist(request):
    return _worklist(request, request.GET.dict())


@login_required
@require_POST
def assign(request):
    actor = Actor.from_request(request)
    params = _back_params(request.POST.get("tillbaka", ""))
    municipality = _chosen_municipality(_municipalities(services.worklist_municipalities(actor)), params)
    colleagues = services.kaa_colleagues(municipality.code)
    form = AssignForm(request.POST, colleagues=colleagues)
    if form.is_valid():
        assignee = form.assignee_id(request.user)
        try:
            count = services.assign(actor, form.cleaned_data["person"], assignee)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if assignee is None:
                text = ngettext(
                    "Tilldelningen är borttagen för %(n)d person.",
                    "Tilldelningen är borttagen för %(n)d personer.",
                    count,
                )
            else:
                text = ngettext("%(n)d person är tilldelad %(namn)s.", "%(n)d personer är tilldelade %(namn)s.", count)
            name = next((u.display_name() for u in colleagues if u.pk == assignee), "")
            messages.success(request, text % {"n": count, "namn": name})
            query = urlencode({k: v for k, v in params.items() if v})
            return redirect(reverse("outreach:worklist") + (f"?{query}" if query else ""))
    return _worklist(request, params, assign_form=form)


def _municipalities(codes) -> list[Municipality]:
    return list(Municipality.objects.filter(code__in=codes).order_by("name"))


def _chosen_municipality(municipalities: list[Municipality], params) -> Municipality:
    return next((m for m in municipalities if m.code == params.get("kommun")), municipalities[0])


def _back_params(query: str) -> dict[str, str]:
    """The worklist's own parameters from the query string posted back (nothing else is redirected to)."""
    parsed = parse_qs(query)
    return {k: parsed[k][0] for k in (*WorklistFilterForm.PARAMS, CURSOR) if k in parsed}


def _worklist_context(request, params) -> dict:
    actor = Actor.from_request(request)
    municipalities = _municipalities(services.worklist_municipalities(actor))
    municipality = _chosen_municipality(municipalities, params)
    chosen = municipality.code
    chosen_rules = services.rules_for(chosen)
    colleagues = services.kaa_colleagues(chosen)
    # A municipality outside the user's own falls back to the first of them (the field may be hidden).
    form = WorklistFilterForm(
        {**params, "kommun": chosen},
        municipalities=municipalities,
        colleagues=colleagues,
        window_months=chosen_rules.turning_20_window_months,
    )
    page = None
    if form.is_valid():
        data = form.cleaned_data
        query = WorklistQuery(
            municipality=data["kommun"],
            category=data["kategori"],
            assigned=data["handlaggare"],
            occupation=form.occupation(),
            sort=data["sortering"],
        )
        page = worklist_page(actor, query, params.get(CURSOR), colleagues=colleagues, municipality_rules=chosen_rules)
    return {"filter_form": form, "page": page, "params": params, "municipality": municipality}


def _worklist(request, params, *, assign_form=None):
    context = _worklist_context(request, params)
    page, filter_form = context["page"], context["filter_form"]
    if assign_form is None:
        assign_form = AssignForm(colleagues=page.colleagues if page else [])
    filters = {k: v for k, v in params.items() if k in WorklistFilterForm.PARAMS and v}
    selected = set(getattr(assign_form, "cleaned_data", {}).get("person") or [])
    return render(
        request,
        "outreach/worklist.html",
        {
            **context,
            # The error summary and the page title show the form with errors, if any.
            "form": assign_form if assign_form.errors else filter_form,
            "assign_form": assign_form,
            "selected": selected,
            "back": urlencode({**filters, **({CURSOR: params[CURSOR]} if params.get(CURSOR) else {})}),
            "next_page": next_page_query(page.next_cursor if page else None, **filters),
            "today": timezone.localdate(),
            "nav_active": "worklist",
        },
    )


# Person pages


def _posted(request):
    """The posted data, or None on GET (an empty POST must still be validated, and fail)."""
    return request.POST if request.method == "POST" else None


def _person_form(request, pk, *, what, form_class, form_kwargs, save, template, success):
    actor = Actor.from_request(request)
    today = timezone.localdate()
    person, municipality = services.open_outreach_person(actor, pk, what, today)
    kwargs = form_kwargs(person, municipality, today)
    form = form_class(_posted(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor, person, form.cleaned_data, today)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(reverse("people:detail", args=[person.pk]) + "#uppsokande")
    return render(
        request,
        template,
        {"form": form, "person": person, "age": person.age_on(today), "nav_active": "people", **kwargs},
    )


@login_required
def contact_create(request, pk: int):
    return _person_form(
        request,
        pk,
        what="registrera kontaktförsök",
        form_class=ContactAttemptForm,
        form_kwargs=lambda person, m, today: {
            "today": today,
            "recontact_months": services.rules_for(m).recontact_after_decline_months,
        },
        save=lambda actor, person, data, today: services.record_contact(actor, person.pk, today=today, **data),
        template="outreach/contact_form.html",
        success=_("Kontaktförsöket är registrerat."),
    )


@login_required
def occupation_create(request, pk: int):
    return _person_form(
        request,
        pk,
        what="registrera sysselsättning",
        form_class=OccupationForm,
        form_kwargs=lambda person, m, today: {"today": today},
        save=lambda actor, person, data, today: services.record_occupation(actor, person.pk, today=today, **data),
        template="outreach/occupation_form.html",
        success=_("Sysselsättningen är registrerad."),
    )


@login_required
def guardian_create(request, pk: int):
    actor = Actor.from_request(request)
    today = timezone.localdate()
    person, _municipality = services.open_outreach_person(actor, pk, "lägg till vårdnadshavare", today)
    if person.age_on(today) >= rules.GUARDIAN_AGE_LIMIT:
        return render(request, "outreach/guardian_form.html", {"person": person, "adult": True, "nav_active": "people"})
    form = GuardianForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_guardian(actor, person.pk, today=today, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Vårdnadshavaren är tillagd."))
            return redirect(reverse("people:detail", args=[person.pk]) + "#uppsokande")
    return render(request, "outreach/guardian_form.html", {"form": form, "person": person, "nav_active": "people"})


# Administration


@installation_administrator_required
def currency_settings(request):
    form = CurrencyForm(_posted(request), saved=services.currency_overrides())
    if request.method == "POST" and form.is_valid():
        for status, months in form.cleaned_data.items():
            OccupationCurrency.objects.update_or_create(status=status, defaults={"months": months})
        messages.success(request, _("Giltighetstiderna för sysselsättning är sparade."))
        return redirect("outreach:currency_settings")
    return render(request, "outreach/currency_settings.html", {"form": form, "nav_active": "orgs"})


@administrator_required
def municipality_settings(request):
    administered = Agreement.objects.filter(admin_scope_for(request.user).agreement_filter())
    municipalities = list(Municipality.objects.filter(agreements__in=administered).distinct().order_by("name"))
    saved = {s.municipality_id: s.as_rules() for s in OutreachSettings.objects.all()}
    form = MunicipalitySettingsForm(_posted(request), municipalities=municipalities, saved=saved)
    if request.method == "POST" and form.is_valid():
        for m in municipalities:
            OutreachSettings.objects.update_or_create(
                municipality=m,
                defaults={
                    "recontact_after_decline_months": form.cleaned_data[f"{m.code}_avbojt"],
                    "turning_20_window_months": form.cleaned_data[f"{m.code}_fyller20"],
                },
            )
        messages.success(request, _("Inställningarna för uppsökande verksamhet är sparade."))
        return redirect("outreach:municipality_settings")
    return render(
        request,
        "outreach/municipality_settings.html",
        {"form": form, "municipalities": municipalities, "nav_active": "orgs"},
    )

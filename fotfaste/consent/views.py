"""Consent pages on a person: thin views over fotfaste.consent.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.decorators import administrator_required
from fotfaste.access.scope import casework_units
from fotfaste.access.services import Actor, open_person
from fotfaste.core.forms import apply_service_errors
from fotfaste.meetings.models import TalkCapacity
from fotfaste.meetings.rules import DEFAULT_TALKS_PER_DAY
from fotfaste.orgs.models import Agreement, Unit

from . import services
from .forms import AgreementSettingsForm, ConsentForm, DecisionForm, DocumentForm, WithdrawForm
from .models import ConsentSettings, ConsentStatus


def _consent_form(request, data=None):
    today = timezone.localdate()
    parties = services.shareable_parties(request.user)
    return ConsentForm(
        data,
        units=casework_units(request.user),
        parties=parties,
        other_units=Unit.objects.filter(party__in=parties).select_related("party").order_by("party__name", "name"),
        today=today,
    )


@login_required
def create(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "registrera samtycke", pk=pk)
    if not services.may_record(request.user):
        raise Http404
    form = _consent_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = services.record_consent(
                actor,
                person,
                unit=data["unit"],
                parties=list(data["parties"]),
                units=list(data["units"]),
                kinds=data["kinds"],
                purpose=data["purpose"],
                status=data["status"],
                method=data["method"] if data["status"] == ConsentStatus.GIVEN else "",
                given_by=data["given_by"] if data["status"] == ConsentStatus.GIVEN else "",
                guardian_name=data["guardian_name"],
                valid_from=data["valid_from"] if data["status"] == ConsentStatus.GIVEN else None,
                valid_until=data["valid_until"] if data["status"] == ConsentStatus.GIVEN else None,
                note=data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Samtycket är registrerat."))
            return redirect("consent:detail", pk=person.pk, consent_id=consent.pk)
    return render(request, "consent/form.html", {"form": form, "person": person, "nav_active": "people"})


def _detail_context(request, person, consent, **forms):
    today = timezone.localdate()
    status = services.status_today(consent, today)
    return {
        "person": person,
        "consent": consent,
        "status": status,
        "status_label": ConsentStatus(status).label,
        "decision_form": forms.get("decision_form") or DecisionForm(today=today),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "document_form": forms.get("document_form") or DocumentForm(),
        # The page title says "Fel:" when the form just sent has errors.
        "form": next((f for f in forms.values() if f is not None and f.errors), None),
        "may_decide": consent.status == ConsentStatus.REQUESTED,
        "may_withdraw": status == ConsentStatus.GIVEN,
        "nav_active": "people",
    }


@login_required
def detail(request, pk: int, consent_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "samtycke", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    return render(request, "consent/detail.html", _detail_context(request, person, consent))


@login_required
@require_POST
def decide(request, pk: int, consent_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "besvara samtycke", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    form = DecisionForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.decide(
                actor,
                person,
                consent,
                status=d["status"],
                method=d["method"],
                given_by=d["given_by"],
                guardian_name=d["guardian_name"],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Svaret är registrerat."))
            return redirect("consent:detail", pk=person.pk, consent_id=consent.pk)
    return render(request, "consent/detail.html", _detail_context(request, person, consent, decision_form=form))


@login_required
@require_POST
def withdraw(request, pk: int, consent_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "återkalla samtycke", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(actor, person, consent, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Samtycket är återkallat. Inga uppgifter delas längre med stöd av det."))
            return redirect("consent:detail", pk=person.pk, consent_id=consent.pk)
    return render(request, "consent/detail.html", _detail_context(request, person, consent, withdraw_form=form))


@login_required
@require_POST
def upload(request, pk: int, consent_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "bifoga samtyckesblankett", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attach_document(actor, person, consent, form.cleaned_data["document"])
        messages.success(request, _("Den inskannade blanketten är sparad."))
        return redirect("consent:detail", pk=person.pk, consent_id=consent.pk)
    return render(request, "consent/detail.html", _detail_context(request, person, consent, document_form=form))


@login_required
def document(request, pk: int, consent_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "export: inskannad samtyckesblankett", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    if not consent.document:
        raise Http404
    return FileResponse(consent.document.open("rb"), as_attachment=True, filename=consent.document_name or None)


@login_required
def form_pdf(request, pk: int, consent_id: int):
    from .pdf import render_consent_form

    actor = Actor.from_request(request)
    person = open_person(actor, "export: samtyckesblankett", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    pdf = render_consent_form(consent, today=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="samtycke-{consent.pk}.pdf"'
    return response


@administrator_required
def agreement_settings(request):
    agreements = list(Agreement.objects.order_by("name"))
    guardians = {s.agreement_id: s.guardian_required_under_18 for s in ConsentSettings.objects.all()}
    capacities = {c.agreement_id: c.per_day for c in TalkCapacity.objects.all()}
    saved = {a.pk: (guardians.get(a.pk, True), capacities.get(a.pk, DEFAULT_TALKS_PER_DAY)) for a in agreements}
    form = AgreementSettingsForm(request.POST if request.method == "POST" else None, agreements=agreements, saved=saved)
    if request.method == "POST" and form.is_valid():
        for a in agreements:
            ConsentSettings.objects.update_or_create(
                agreement=a, defaults={"guardian_required_under_18": form.cleaned_data[f"{a.pk}_vardnadshavare"]}
            )
            TalkCapacity.objects.update_or_create(
                agreement=a, defaults={"per_day": form.cleaned_data[f"{a.pk}_samtal"]}
            )
        messages.success(request, _("Inställningarna är sparade."))
        return redirect("consent:agreement_settings")
    return render(
        request, "consent/agreement_settings.html", {"form": form, "agreements": agreements, "nav_active": "orgs"}
    )

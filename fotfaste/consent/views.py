"""Consent pages on a person: thin views over fotfaste.consent.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.scope import casework_units
from fotfaste.access.services import Actor, open_person
from fotfaste.core.forms import apply_service_errors

from . import services
from .forms import ConfirmForm, ConsentForm, DecisionForm, DocumentForm, WithdrawForm
from .models import ConsentStatus


def _consent_form(request, data=None):
    today = timezone.localdate()
    parties = services.shareable_parties(request.user)
    return ConsentForm(
        data,
        units=casework_units(request.user),
        parties=parties,
        other_units=services.shareable_units(request.user),
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
    actor = Actor.from_request(request)
    status = services.status_today(consent, today)
    confirmable = services.confirmable_units(actor, consent)
    own = consent.recorded_by_unit_id in set(casework_units(request.user).values_list("pk", flat=True))
    return {
        "person": person,
        "consent": consent,
        "status": status,
        "status_label": ConsentStatus(status).label,
        "waiting": services.waiting_for(consent),
        "decision_form": forms.get("decision_form") or DecisionForm(today=today),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "document_form": forms.get("document_form") or DocumentForm(),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(units=confirmable),
        # The page title says "Fel:" when the form just sent has errors.
        "form": next((f for f in forms.values() if f is not None and f.errors), None),
        "may_decide": own and consent.status == ConsentStatus.REQUESTED,
        "may_withdraw": status == ConsentStatus.GIVEN,
        "may_confirm": bool(confirmable),
        "may_attach": services.may_attach(actor, consent),
        "documents": list(consent.documents.all()),
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
def confirm(request, pk: int, consent_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "bekräfta samtycke", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    form = ConfirmForm(request.POST, units=services.confirmable_units(actor, consent))
    if form.is_valid():
        try:
            services.confirm(actor, person, consent, unit=form.cleaned_data["unit"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Samtycket är bekräftat: det som %(enhet)s har om personen delas nu enligt samtycket.")
                % {"enhet": form.cleaned_data["unit"].name},
            )
            return redirect("consent:detail", pk=person.pk, consent_id=consent.pk)
    return render(request, "consent/detail.html", _detail_context(request, person, consent, confirm_form=form))


@login_required
@require_POST
def upload(request, pk: int, consent_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "bifoga samtyckesblankett", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    if not services.may_attach(actor, consent):
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attach_document(actor, person, consent, form.cleaned_data["document"])
        messages.success(request, _("Den inskannade blanketten är sparad."))
        return redirect("consent:detail", pk=person.pk, consent_id=consent.pk)
    return render(request, "consent/detail.html", _detail_context(request, person, consent, document_form=form))


@login_required
def document(request, pk: int, consent_id: int, document_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "export: inskannad samtyckesblankett", pk=pk)
    consent = services.get_consent(actor, person, consent_id)
    scan = next((d for d in consent.documents.all() if d.pk == document_id), None)
    if scan is None:
        raise Http404
    return FileResponse(scan.file.open("rb"), as_attachment=True, filename=scan.name or None)


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

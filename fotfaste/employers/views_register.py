"""The employer register's pages: the list with its search, filters and next steps due, a new employer and
changes to one, the employer page with contact people, agreements with the collaboration and the contact log
of every party, and the agreement's settings for the warning. Thin views over register.py, editing.py and
contact_log.py; another agreement's employer is a 404, as one that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fotfaste.core.forms import apply_service_errors, describe_fields
from fotfaste.core.keyset import keyset_page, next_page_query
from fotfaste.core.versioning import EditConflict
from fotfaste.orgs.models import Agreement

from . import contact_log, editing, placements, register
from .forms_register import CollaborationForm, ContactPersonForm, EmployerForm, EndCollaborationForm, SettingsForm
from .models import Sector
from .views_figures import reader_agreement_ids

PAGE = 50
CONTACTS_PAGE = 25
DUE_SHOWN = 50
NAV = "employers"
FORBIDDEN = _("Arbetsgivarregistret är till för samverkans handläggare och samordnare.")
CONFLICT = _(
    "Någon annan sparade arbetsgivaren medan du arbetade. Dina ändringar är inte sparade. Läs det som nu är "
    "sparat och spara igen om dina ändringar ska gälla."
)
EMPLOYER_FIELDS = ("organisation_number", "name", "sector", "industry", "street_address", "postal_code", "city")


def _casework(user) -> set[int]:
    ids = register.agreement_ids(user)
    if not ids:
        raise PermissionDenied(FORBIDDEN)
    return ids


def employer_or_404(user, pk: int):
    """The employer for a user with a casework role in its agreement: 403 for a user with none anywhere
    (steering group, administrator only), 404 for another agreement's employer."""
    _casework(user)
    return register.employer_for(user, pk)


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def index(request):
    ids = _casework(request.user)
    today = timezone.localdate()
    agreements = list(Agreement.objects.filter(pk__in=ids).order_by("name", "pk"))
    q = request.GET.get("q", "").strip()
    sector = request.GET.get("sektor", "")
    sector = sector if sector in Sector.values else ""
    agreement = _int(request.GET.get("overenskommelse"))
    agreement = agreement if agreement in ids else None
    found = register.search(request.user, q)
    if sector:
        found = found.filter(sector=sector)
    if agreement:
        found = found.filter(agreement_id=agreement)
    found = contact_log.with_latest_contact(found.select_related("agreement"))
    employers, next_cursor = keyset_page(found, ("name", "id"), request.GET.get("efter"), PAGE)
    due = list(contact_log.due_next_steps(request.user, today)[: DUE_SHOWN + 1])
    settable = editing.settings_agreement_ids(request.user)
    return render(
        request,
        "employers/register_index.html",
        {
            "employers": employers,
            "next_page": next_page_query(
                next_cursor, q=q, sektor=sector, overenskommelse=str(agreement) if agreement else ""
            ),
            "q": q,
            "sector": sector,
            "sectors": Sector.choices,
            "agreement": agreement,
            "agreements": agreements,
            "several_agreements": len(agreements) > 1,
            "due": due[:DUE_SHOWN],
            "more_due": len(due) > DUE_SHOWN,
            "today": today,
            "settings_agreements": [a for a in agreements if a.pk in settable],
            "may_read_results": bool(reader_agreement_ids(request.user)),
            "nav_active": NAV,
        },
    )


def _details(form) -> dict:
    c = form.cleaned_data
    return {k: c.get(k, form.data.get(k, "")) for k in (*EMPLOYER_FIELDS, "occupations", "note")}


def read_employer_form(form) -> editing.EmployerDetails | None:
    """The form's details when every field is right; else None, with every problem named at once: the
    register's checks run on what the form could not already refuse."""
    valid = form.is_valid()
    try:
        details = editing.read_details(**_details(form))
    except ValidationError as exc:
        for field, messages_ in exc.message_dict.items():
            if field not in form.errors:
                form.add_error(field if field in form.fields else None, messages_[0])
        describe_fields(form)
        return None
    return details if valid else None


def _duplicate(form, existing) -> None:
    form.add_error(
        "organisation_number",
        _("Det finns redan en arbetsgivare med organisationsnumret %(nr)s i registret: %(namn)s.")
        % {"nr": existing.organisation_number, "namn": existing.name},
    )


@login_required
def new(request):
    ids = _casework(request.user)
    agreements = Agreement.objects.filter(pk__in=ids).order_by("name", "pk")
    form = EmployerForm(request.POST if request.method == "POST" else None, agreements=agreements)
    duplicate = None
    details = read_employer_form(form) if request.method == "POST" else None
    if details is not None:
        agreement_id = form.cleaned_data["agreement"].pk if "agreement" in form.cleaned_data else min(ids)
        try:
            employer = register.create_employer(
                request.user,
                agreement_id,
                organisation_number=form.cleaned_data["organisation_number"],
                name=details.name,
                sector=details.sector,
                occupations=details.occupations,
                **details.fields,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except register.Duplicate as exc:
            duplicate = exc.existing
            _duplicate(form, duplicate)
        else:
            messages.success(request, _("%(namn)s finns nu i arbetsgivarregistret.") % {"namn": employer.name})
            return redirect("employers:employer", pk=employer.pk)
    return render(
        request,
        "employers/register_form.html",
        {"form": form, "duplicate": duplicate, "employer": None, "nav_active": NAV},
    )


def _initial(employer) -> dict:
    initial = {k: getattr(employer, k) for k in EMPLOYER_FIELDS}
    initial["note"] = employer.note
    initial["occupations"] = ", ".join(o.code for o in employer.occupations.all())
    initial["version"] = employer.version
    return initial


@login_required
def edit(request, pk: int):
    employer = employer_or_404(request.user, pk)
    form = EmployerForm(request.POST if request.method == "POST" else None, initial=_initial(employer))
    duplicate = current = None
    details = read_employer_form(form) if request.method == "POST" else None
    if details is not None:
        try:
            editing.update_employer(request.user, employer, form.cleaned_data.get("version") or 0, details)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except register.Duplicate as exc:
            duplicate = exc.existing
            _duplicate(form, duplicate)
        except EditConflict as exc:
            current = exc.current
            form.add_error(None, CONFLICT)
            data = form.data.copy()
            data["version"] = current.version  # saving again now overwrites what they saved, knowingly
            form.data = data
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("employers:employer", pk=employer.pk)
    return render(
        request,
        "employers/register_form.html",
        {
            "form": form,
            "employer": employer,
            "duplicate": duplicate,
            "current": current,
            "current_occupations": list(current.occupations.all()) if current else [],
            "nav_active": NAV,
        },
    )


@login_required
@require_GET
def employer(request, pk: int):
    found = employer_or_404(request.user, pk)
    today = timezone.localdate()
    contacts, next_cursor = keyset_page(
        contact_log.employer_contacts(found), ("-date", "-id"), request.GET.get("efter"), CONTACTS_PAGE
    )
    collaborations = list(found.collaboration_agreements.select_related("unit__party"))
    parties = set(contact_log.own_party_ids(request.user, found.agreement_id))
    return render(
        request,
        "employers/register_employer.html",
        {
            "employer": found,
            "warnings": contact_log.warnings_for_viewer(request.user, found, today),
            "days": register.warning_days(found.agreement_id),
            "contact_people": list(found.contact_people.all()),
            "collaborations": [(c, c.unit.party_id in parties) for c in collaborations],
            "occupations": list(found.occupations.all()),
            # Only listings this viewer may tie to the employer: an anonymous one of another party stays apart.
            "placements": list(
                placements.visible_placements(request.user)
                .filter(employer=found, employer_shown=True)
                .select_related("occupation", "unit__party")
                .order_by("closed", "-start_date", "pk")[:50]
            ),
            "contacts": contacts,
            "next_page": next_page_query(next_cursor),
            "today": today,
            "nav_active": NAV,
        },
    )


@login_required
def contact_person(request, pk: int, contact_person: int | None = None):
    employer = employer_or_404(request.user, pk)
    existing = editing.contact_person_for(employer, contact_person) if contact_person is not None else None
    initial = {f: getattr(existing, f) for f in ("name", "title", "phone", "email", "active")} if existing else {}
    form = ContactPersonForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = editing.save_contact_person(employer, existing, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Kontaktpersonen %(namn)s är sparad.") % {"namn": saved.name})
            return redirect("employers:employer", pk=employer.pk)
    return render(
        request,
        "employers/register_contact_person.html",
        {"form": form, "employer": employer, "person": existing, "nav_active": NAV},
    )


@login_required
def collaboration_new(request, pk: int):
    employer = employer_or_404(request.user, pk)
    units = editing.own_units(request.user, employer)
    form = CollaborationForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit", None) or units[0]
        try:
            editing.add_collaboration(request.user, employer, unit, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Avtalet med samverkan är sparat."))
            return redirect("employers:employer", pk=employer.pk)
    return render(
        request, "employers/register_collaboration.html", {"form": form, "employer": employer, "nav_active": NAV}
    )


@login_required
def collaboration_end(request, pk: int, collaboration: int):
    employer = employer_or_404(request.user, pk)
    found = editing.collaboration_for(employer, collaboration)
    if not editing.may_end_collaboration(request.user, found):
        raise PermissionDenied(
            _("Avtalet hålls av %(part)s; bara den parten kan avsluta det.") % {"part": found.unit.party.name}
        )
    form = EndCollaborationForm(
        request.POST if request.method == "POST" else None, initial={"valid_until": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            editing.end_collaboration(request.user, found, form.cleaned_data["valid_until"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Avtalet är avslutat."))
            return redirect("employers:employer", pk=employer.pk)
    return render(
        request,
        "employers/register_collaboration_end.html",
        {"form": form, "employer": employer, "collaboration": found, "nav_active": NAV},
    )


@login_required
def settings_page(request, agreement: int):
    if agreement not in editing.settings_agreement_ids(request.user):
        if agreement in register.agreement_ids(request.user):
            raise PermissionDenied(_("Bara samverkans samordnare och administratörer ändrar inställningarna."))
        raise Http404
    found = get_object_or_404(Agreement, pk=agreement)
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"warning_days": register.warning_days(found.pk)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_warning_days(request.user, found.pk, form.cleaned_data["warning_days"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Inställningarna för %(namn)s är sparade.") % {"namn": found.name})
            return redirect("employers:settings", agreement=found.pk)
    return render(
        request,
        "employers/register_settings.html",
        {
            "form": form,
            "agreement": found,
            "may_see_register": found.pk in register.agreement_ids(request.user),
            "nav_active": NAV,
        },
    )

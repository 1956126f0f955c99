"""Logging a contact with an employer, with the warning before it is recorded.

The form shows other parties' contacts within the agreement's days of today at the top. On submit, the
warnings for the chosen date are read again: any the user was not shown (another date, or a contact another
party logged meanwhile) bring the form back with them and a required confirmation, and nothing is saved until
the user has confirmed exactly what is there. What was shown travels in a signed field, so it cannot be
claimed for warnings that were never on the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.core.forms import apply_service_errors, describe_fields

from . import contact_log, register
from .forms_register import COMMON_PURPOSES, ContactForm
from .models import Employer
from .views_register import NAV, employer_or_404

SALT = "fotfaste.employers.contact-warnings"


def _keys(warnings) -> list[list[str]]:
    return sorted([w.party, w.date.isoformat()] for w in warnings)


def seen_token(employer: Employer, warnings, *, confirm: bool) -> str:
    return signing.dumps({"e": employer.pk, "k": _keys(warnings), "c": confirm}, salt=SALT, compress=True)


def read_seen(employer: Employer, token: str) -> tuple[list[list[str]], bool]:
    """The warnings the form showed, and whether they were shown for a confirmation (a forged or another
    employer's token shows none)."""
    try:
        value = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return [], False
    if not isinstance(value, dict) or value.get("e") != employer.pk:
        return [], False
    return [list(k) for k in value.get("k", [])], bool(value.get("c"))


def warning_sentence(warnings) -> str:
    return "; ".join(
        _("%(part)s (%(enhet)s) kontaktade arbetsgivaren %(datum)s")
        % {"part": w.party, "enhet": w.unit, "datum": w.date.isoformat()}
        for w in warnings
    )


def confirm_text(keys) -> str:
    """The confirmation, naming each party and date it confirms (keys as in the signed field)."""
    who = "; ".join(
        _("%(part)s kontaktade arbetsgivaren %(datum)s") % {"part": party, "datum": day} for party, day in keys
    )
    return _("Jag har sett att %(vilka)s och vill ändå logga kontakten.") % {"vilka": who}


@login_required
def contact_new(request, pk: int):
    employer = employer_or_404(request.user, pk)
    today = timezone.localdate()
    units = register.units_in(request.user, employer.agreement_id)
    people = list(employer.contact_people.filter(active=True))
    warnings = contact_log.warnings_for_viewer(request.user, employer, today)
    confirming = False
    if request.method != "POST":
        form = ContactForm(
            units=units,
            contact_people=people,
            initial={"date": today, "seen": seen_token(employer, warnings, confirm=False)},
        )
    else:
        seen, confirming = read_seen(employer, request.POST.get("seen", ""))
        form = ContactForm(
            request.POST, units=units, contact_people=people, confirm_text=confirm_text(seen) if confirming else None
        )
        valid = form.is_valid()
        on = form.cleaned_data.get("date")
        if on is not None:
            warnings = contact_log.warnings_for_viewer(request.user, employer, on)
        if valid:
            with transaction.atomic():
                # Two pages logging a contact with this employer at once take turns here, so the second
                # reads the first's contact among its warnings.
                Employer.objects.select_for_update().filter(pk=employer.pk).first()
                warnings = contact_log.warnings_for_viewer(request.user, employer, on)
                accepted = seen if (form.cleaned_data.get("confirm") or not confirming) else []
                if any(k not in accepted for k in _keys(warnings)):
                    form, confirming = _confirm_again(employer, form, units, people, warnings), True
                else:
                    saved = _record(request, employer, form, units, people, warnings)
                    if saved is not None:
                        return saved
    return render(
        request,
        "employers/contacts_form.html",
        {
            "employer": employer,
            "form": form,
            "warnings": warnings,
            "confirming": confirming,
            "days": register.warning_days(employer.agreement_id),
            "purposes": COMMON_PURPOSES,
            "nav_active": NAV,
        },
    )


def _record(request, employer, form, units, people, warnings):
    """Record the contact; the redirect to the employer page, or None with the service's errors on the form."""
    data = dict(form.cleaned_data)
    for field in ("seen", "confirm"):
        data.pop(field, None)
    unit = data.pop("unit", None) or units[0]
    person_pk = data.pop("contact_person", None)
    try:
        register.record_contact(
            request.user,
            employer,
            unit,
            on=data.pop("date"),
            channel=data.pop("channel"),
            purpose=data.pop("purpose"),
            today=timezone.localdate(),
            contact_person=next((p for p in people if p.pk == person_pk), None),
            **data,
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    message = _("Kontakten med %(namn)s är loggad.") % {"namn": employer.name}
    if warnings:
        message += " " + _("Observera: %(vilka)s.") % {"vilka": warning_sentence(warnings)}
    messages.success(request, message)
    return redirect("employers:employer", pk=employer.pk)


def _confirm_again(employer, form, units, people, warnings) -> ContactForm:
    """The form once more, with the warnings for the chosen date and a required confirmation of them (not
    yet an error: nothing was asked of the user before)."""
    data = form.data.copy()
    data["seen"] = seen_token(employer, warnings, confirm=True)
    data.pop("confirm", None)
    again = ContactForm(data, units=units, contact_people=people, confirm_text=confirm_text(_keys(warnings)))
    again.is_valid()
    again.errors.pop("confirm", None)
    describe_fields(again)
    return again

"""Recording what one's own unit knows about a person: a thin view over records.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.services import Actor, open_person
from fotfaste.core.forms import apply_service_errors, unit_choices

from . import services
from .forms import RecordForm


@login_required
def add_record(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "registrera uppgift", pk=pk)
    recordable = services.recordable(request.user)
    if not recordable:
        raise Http404
    kinds = sorted({k for _unit, ks in recordable for k in ks})
    units = unit_choices(u for u, _ks in recordable)
    form = RecordForm(
        request.POST if request.method == "POST" else None, units=units, kinds=kinds, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_record(actor, person, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Uppgiften är registrerad."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "records/record_form.html", {"form": form, "person": person, "nav_active": "people"})

"""The team on a person: thin views over team.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.services import Actor, open_person, open_person_sharing
from fotfaste.core.forms import apply_service_errors, unit_choices

from . import services
from .forms import EndMemberForm, MemberForm, member_users
from .models import TeamMember


@login_required
def add_member(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "lägg till i teamet", pk=pk)
    today = timezone.localdate()
    units = services.candidate_units(request.user)
    if not units:
        raise Http404
    unit_qs = unit_choices(units)
    form = MemberForm(
        request.POST if request.method == "POST" else None, units=unit_qs, users=member_users(unit_qs), today=today
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.add_member(
                actor,
                person,
                unit=d["unit"],
                user=d["user"],
                name=d["name"],
                role=d["role"],
                is_main_contact=d["is_main_contact"],
                start_date=d["start_date"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Teamet är uppdaterat."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "team/member_form.html", {"form": form, "person": person, "nav_active": "people"})


@login_required
def end_member(request, pk: int, member_id: int):
    actor = Actor.from_request(request)
    person, sharing, today = open_person_sharing(actor, "avsluta i teamet", pk=pk)
    member = get_object_or_404(TeamMember.objects.select_related("unit__party"), pk=member_id, person=person)
    # Only the member's own unit ends a membership; another unit's member answers as missing.
    if member not in services.team_for(actor, person, sharing, today) or member.unit_id not in sharing.own_unit_ids:
        raise Http404
    form = EndMemberForm(request.POST if request.method == "POST" else None, initial={"end_date": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_member(actor, person, member, end_date=form.cleaned_data["end_date"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(namn)s är inte längre med i teamet.") % {"namn": member.name})
            return redirect("people:detail", pk=person.pk)
    return render(
        request, "team/end_form.html", {"form": form, "person": person, "member": member, "nav_active": "people"}
    )

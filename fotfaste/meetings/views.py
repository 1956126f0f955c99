"""Meeting pages: thin views over fotfaste.meetings.services."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import casework_units, scope_for
from fotfaste.access.services import Actor, open_person, require_person_access
from fotfaste.core.export import csv_response
from fotfaste.core.forms import apply_service_errors
from fotfaste.core.keyset import keyset_page, next_page_query

from . import rules, services
from .forms import ActionForm, BookingForm, DecisionForm, InviteForm, MeetingForm, ThreePartyForm
from .models import Action, AgendaItem, Invitation, MeetingKind


def _at(day, clock) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _actor(request) -> Actor:
    actor = Actor.from_request(request)
    require_person_access(actor)
    return actor


@login_required
def meeting_list(request):
    _actor(request)
    meetings, next_cursor = keyset_page(
        services.my_meetings(request.user), ("-starts_at", "-id"), request.GET.get("efter"), 25
    )
    return render(
        request,
        "meetings/list.html",
        {"meetings": meetings, "next_page": next_page_query(next_cursor), "nav_active": "meetings"},
    )


@login_required
def meeting_create(request):
    actor = _actor(request)
    today = timezone.localdate()
    form = MeetingForm(
        request.POST if request.method == "POST" else None, units=casework_units(request.user), today=today
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        meeting = services.create_meeting(
            actor,
            kind=d["kind"],
            unit=d["unit"],
            title=d["title"],
            starts_at=_at(d["day"], d["time"]),
            place=d["place"],
        )
        messages.success(request, _("Mötet är skapat."))
        return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "nav_active": "meetings"})


def _detail(request, meeting, *, item_forms=None, invite_form=None, status=200):
    actor = Actor.from_request(request)
    context = {"meeting": meeting, "nav_active": "meetings", "reason_labels": rules.REASON_LABELS}
    if meeting.kind == MeetingKind.INFORMATION:
        context["invitations"] = services.visible_invitations(actor, meeting)
        context["counts"] = services.attendance_counts(actor, meeting)
        context["invite_form"] = invite_form or InviteForm()
        context["form"] = invite_form if invite_form is not None and invite_form.errors else None
    else:
        items = services.visible_items(actor, meeting)
        users = services.assignees(meeting, [item.person for item in items])
        item_forms = item_forms or {}
        context["items"] = [
            (
                item,
                [rules.REASON_LABELS.get(r, r) for r in item.reasons],
                item_forms.get(("beslut", item.pk))
                or DecisionForm(initial={"decision": item.decision}, prefix=f"b{item.pk}"),
                item_forms.get(("atgard", item.pk)) or ActionForm(users=users[item.person_id], prefix=f"a{item.pk}"),
            )
            for item in items
        ]
        context["form"] = next((f for f in item_forms.values() if f.errors), None)
    return render(request, "meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request, meeting_id: int):
    _actor(request)
    return _detail(request, services.get_meeting(request.user, meeting_id))


@login_required
@require_POST
def generate(request, meeting_id: int):
    actor = _actor(request)
    meeting = services.get_meeting(request.user, meeting_id)
    added = services.generate_agenda(actor, meeting)
    messages.success(
        request,
        ngettext("%(n)d person lades till på dagordningen.", "%(n)d personer lades till på dagordningen.", added)
        % {"n": added},
    )
    return redirect("meetings:detail", meeting_id=meeting.pk)


def _item(request, meeting, item_id: int) -> AgendaItem:
    actor = Actor.from_request(request)
    for item in services.visible_items(actor, meeting, log="möte: beslut"):
        if item.pk == item_id:
            return item
    raise Http404


@login_required
@require_POST
def decide(request, meeting_id: int, item_id: int):
    actor = _actor(request)
    meeting = services.get_meeting(request.user, meeting_id)
    item = _item(request, meeting, item_id)
    form = DecisionForm(request.POST, prefix=f"b{item.pk}")
    if form.is_valid():
        services.record_decision(actor, meeting, item, form.cleaned_data["decision"])
        messages.success(request, _("Beslutet är sparat."))
        return redirect(f"{meeting_url(meeting)}#punkt-{item.pk}")
    return _detail(request, meeting, item_forms={("beslut", item.pk): form})


@login_required
@require_POST
def add_action(request, meeting_id: int, item_id: int):
    actor = _actor(request)
    meeting = services.get_meeting(request.user, meeting_id)
    item = _item(request, meeting, item_id)
    form = ActionForm(
        request.POST, users=services.assignees(meeting, [item.person])[item.person_id], prefix=f"a{item.pk}"
    )
    if form.is_valid():
        try:
            services.add_action(actor, meeting, item, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Åtgärden är sparad och syns under Mina uppgifter för den ansvarige."))
            return redirect(f"{meeting_url(meeting)}#punkt-{item.pk}")
    return _detail(request, meeting, item_forms={("atgard", item.pk): form})


def meeting_url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


@login_required
@require_POST
def action_done(request, action_id: int):
    actor = _actor(request)
    # Only an action the user is responsible for, or of their own unit's meeting: any other answers as
    # missing (an action is its meeting's unit's information, even about a person the user sees).
    action = get_object_or_404(
        Action.objects.select_related("item__meeting")
        .filter(item__person__in=restrict(request.user))
        .filter(Q(responsible=request.user) | Q(item__meeting__unit_id__in=scope_for(request.user).unit_ids)),
        pk=action_id,
    )
    services.complete_action(actor, action, timezone.localdate())
    messages.success(request, _("Åtgärden är markerad som klar."))
    return redirect(
        request.POST.get("tillbaka") if request.POST.get("tillbaka", "").startswith("/") else "mywork:my_tasks"
    )


@login_required
def three_party_talk(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "registrera trepartssamtal", pk=pk)
    today = timezone.localdate()
    form = ThreePartyForm(
        request.POST if request.method == "POST" else None, units=casework_units(request.user), today=today
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.record_three_party_talk(
            actor,
            person,
            unit=d["unit"],
            starts_at=_at(d["day"], d["time"]),
            participants=d["participants"],
            notes=d["notes"],
            agreed=d["agreed"],
            person_present=d["person_present"],
        )
        messages.success(request, _("Trepartssamtalet är registrerat."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "meetings/three_party_form.html", {"form": form, "person": person, "nav_active": "people"})


@login_required
@require_POST
def invite(request, meeting_id: int):
    actor = _actor(request)
    meeting = services.get_meeting(request.user, meeting_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invited = services.invite_group(
                actor, meeting, form.cleaned_data["personnummer"], form.cleaned_data["channel"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)d person är inbjuden.", "%(n)d personer är inbjudna.", len(invited))
                % {"n": len(invited)},
            )
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return _detail(request, meeting, invite_form=form)


@login_required
def send_list(request, meeting_id: int, channel: str):
    actor = _actor(request)
    meeting = services.get_meeting(request.user, meeting_id)
    if channel not in Invitation.Channel.values:
        raise Http404
    rows = services.send_list(actor, meeting, channel)
    if not rows:
        # An empty file would look like a failed download; say so where the user clicked instead.
        messages.info(
            request,
            _("Ingen av de inbjudna som du ser ska få inbjudan med %(kanal)s, så det finns ingen lista att hämta.")
            % {"kanal": Invitation.Channel(channel).label.lower()},
        )
        return redirect("meetings:detail", meeting_id=meeting.pk)
    return csv_response([list(rows[0]), *(row.values() for row in rows)], f"utskick-{meeting.pk}-{channel}.csv")


@login_required
@require_POST
def attendance(request, meeting_id: int):
    actor = _actor(request)
    meeting = services.get_meeting(request.user, meeting_id)
    came = {int(v) for v in request.POST.getlist("kom") if v.isdigit()}
    services.record_attendance(actor, meeting, came)
    messages.success(request, _("Närvaron är sparad."))
    return redirect("meetings:detail", meeting_id=meeting.pk)


@login_required
def book(request, meeting_id: int, invitation_id: int):
    actor = _actor(request)
    meeting = services.get_meeting(request.user, meeting_id)
    invitation = get_object_or_404(
        Invitation.objects.filter(meeting=meeting, person__in=restrict(request.user)).select_related("person"),
        pk=invitation_id,
    )
    person = open_person(actor, "boka kartläggningssamtal", pk=invitation.person_id)
    units = casework_units(request.user)
    form = BookingForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.book_talk(actor, person, unit=d["unit"], starts_at=_at(d["day"], d["time"]), meeting=meeting)
        except ValidationError as exc:
            # The service speaks of the talk's time; the form asks for the day, which the user changes.
            apply_service_errors(
                form, ValidationError({"day" if k == "starts_at" else k: v for k, v in exc.message_dict.items()})
            )
        else:
            messages.success(request, _("Kartläggningssamtalet är bokat."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    unit = form.cleaned_data.get("unit") if form.is_bound and hasattr(form, "cleaned_data") else None
    unit = unit or units.first()
    start = timezone.localdate() + timedelta(days=1)
    booked = services.booked_by_day(unit, start, 14) if unit else {}
    per_day = services.talks_per_day(unit) if unit else rules.DEFAULT_TALKS_PER_DAY
    days = [
        (start + timedelta(days=i), rules.capacity_left(booked.get(start + timedelta(days=i), 0), per_day))
        for i in range(14)
        if (start + timedelta(days=i)).weekday() < 5
    ]
    return render(
        request,
        "meetings/book.html",
        {
            "form": form,
            "meeting": meeting,
            "person": person,
            "days": days,
            "unit": unit,
            "per_day": per_day,
            "nav_active": "meetings",
        },
    )

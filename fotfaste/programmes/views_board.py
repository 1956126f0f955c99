"""Pages of a programme's routine: the board, taking a person into it, moving and ending, place periods and
the selection with its waiting list. Thin views over board.py and places.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.services import Actor, require_person_access
from fotfaste.core.forms import apply_service_errors

from . import board, places
from .forms_board import EndForm, PlacePeriodForm, SelectionForm

NAV = "programmes"


def _open(request, agreement: int, code: str):
    programme = board.programme_for(request.user, agreement, code)
    actor = Actor.from_request(request)
    require_person_access(actor)
    return actor, programme, timezone.localdate()


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _conflict(request, programme, exc: board.StaleVersion):
    """409: the card moved since the user saw it. The page names nobody (reads of a failed response are not
    logged), it only leads back to the board."""
    return render(
        request,
        "programmes/board_conflict.html",
        {"programme": programme, "nav_active": NAV},
        status=409,
    )


@login_required
def board_page(request, agreement: int, code: str):
    actor, programme, today = _open(request, agreement, code)
    found = board.board(actor, programme, today)
    return render(
        request,
        "programmes/board.html",
        {
            "programme": programme,
            "board": found,
            "today": today,
            "may_coordinate": programme.agreement_id in board.coordinating_agreements(request.user),
            "nav_active": NAV,
        },
    )


@login_required
@require_POST
def add(request, agreement: int, code: str):
    actor, programme, today = _open(request, agreement, code)
    person_id = _int(request.POST.get("person"))
    back_to_person = request.POST.get("tillbaka") == "person" and person_id is not None
    try:
        board.add_participation(actor, programme, person_id or 0, _int(request.POST.get("enhet")), today)
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(
            request,
            _("Personen är tillagd i rutinen för %(program)s, i första steget.") % {"program": programme.name},
        )
    if back_to_person:
        return redirect(reverse("people:detail", args=[person_id]) + "#program")
    return redirect("programmes:detail", agreement=agreement, code=code)


@login_required
@require_POST
def move(request, agreement: int, code: str, pk: int):
    actor, programme, today = _open(request, agreement, code)
    direction = {"fram": 1, "bak": -1}.get(request.POST.get("riktning", ""), 0)
    try:
        moved = board.move(
            actor, programme, pk, version=_int(request.POST.get("version")) or 0, direction=direction, day=today
        )
    except board.StaleVersion as exc:
        return _conflict(request, programme, exc)
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(
            request,
            _("Deltagandet är flyttat till steg %(nr)d, %(steg)s.")
            % {"nr": moved.step + 1, "steg": board.step_name(programme, moved.step)},
        )
    return redirect(reverse("programmes:board", args=[agreement, code]) + f"#deltagande-{pk}")


@login_required
def end(request, agreement: int, code: str, pk: int):
    actor, programme, today = _open(request, agreement, code)
    participation = board.visible_participations(request.user, today, programme).filter(pk=pk).first()
    if participation is None:
        raise Http404
    person = board.persons_of(request.user, [participation], today)[participation.person_id]
    form = EndForm(request.POST if request.method == "POST" else None, initial={"version": participation.version})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            board.end(
                actor,
                programme,
                pk,
                version=c["version"] or 0,
                status=c["status"],
                reason=c["reason"],
                day=today,
            )
        except board.StaleVersion as exc:
            return _conflict(request, programme, exc)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Deltagandet är avslutat."))
            return redirect("programmes:board", agreement=agreement, code=code)
    board.log_shown(actor, [participation], {person.pk: person}, _("avsluta deltagande i program"), today)
    return render(
        request,
        "programmes/board_end.html",
        {
            "programme": programme,
            "participation": participation,
            "person": person,
            "step": board.step_name(programme, participation.step),
            "form": form,
            "nav_active": NAV,
        },
    )


# --- Places and selection ----------------------------------------------------------------------------


@login_required
def period_new(request, agreement: int, code: str):
    actor, programme, today = _open(request, agreement, code)
    places.require_coordinator(request.user, programme)
    form = PlacePeriodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            period = places.create_period(actor, programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Platsperioden %(namn)s är skapad.") % {"namn": period.name})
            return redirect("programmes:period", agreement=agreement, code=code, period=period.pk)
    return render(
        request, "programmes/board_period_form.html", {"programme": programme, "form": form, "nav_active": NAV}
    )


@login_required
def period_page(request, agreement: int, code: str, period: int):
    actor, programme, today = _open(request, agreement, code)
    places.require_coordinator(request.user, programme)
    period = places.period_for(programme, period)
    applicants = places.applicants(request.user, programme, today)
    form = SelectionForm(request.POST if request.method == "POST" else None, applicants=applicants)
    if request.method == "POST" and form.is_valid():
        try:
            places.record_selection(
                actor, period, form.decisions(), rationale=form.cleaned_data["rationale"], day=today
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Urvalet är sparat med sin motivering."))
            return redirect("programmes:period", agreement=agreement, code=code, period=period.pk)
    waiting = places.waiting_list(request.user, period, today)
    others = places.not_selected(request.user, period, today)
    selections, decided, decided_persons = places.recorded_selections(request.user, period, today)
    what = _("platser och urval i %(program)s") % {"program": programme.name}
    shown = {p.pk: p for p in [*applicants, *waiting, *others]}
    persons = {p.person_id: p.shown_person for p in shown.values()} | decided_persons
    board.log_shown(actor, [*shown.values(), *decided], persons, what, today)
    count = places.PeriodCount(period, places.taken(period))
    return render(
        request,
        "programmes/board_period.html",
        {
            "programme": programme,
            "period": period,
            "count": count,
            "form": form,
            "waiting": waiting,
            "first_waiting": waiting[0] if waiting and count.free > 0 else None,
            "others": others,
            "selections": selections,
            "nav_active": NAV,
        },
    )


@login_required
@require_POST
def promote(request, agreement: int, code: str, period: int):
    actor, programme, today = _open(request, agreement, code)
    places.require_coordinator(request.user, programme)
    period = places.period_for(programme, period)
    try:
        places.promote_first(
            actor,
            period,
            _int(request.POST.get("deltagande")) or 0,
            version=_int(request.POST.get("version")) or 0,
            day=today,
        )
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(request, _("Den första på väntelistan har fått den lediga platsen."))
    return redirect("programmes:period", agreement=agreement, code=code, period=period.pk)


@login_required
@require_POST
def other_measure(request, agreement: int, code: str, period: int, pk: int):
    actor, programme, today = _open(request, agreement, code)
    places.require_coordinator(request.user, programme)
    period = places.period_for(programme, period)
    try:
        places.add_other_measure(actor, period, pk)
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(request, _("En annan insats är tillagd i planen, planerad från i dag."))
    return redirect(reverse("programmes:period", args=[agreement, code, period.pk]) + "#inte-valda")

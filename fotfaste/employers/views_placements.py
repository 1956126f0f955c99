"""The placement pages: the list, publishing, editing and closing, and the placement page with its candidates
and matching suggestions. Thin views over placements.py, publishing.py, matching.py and course.py; another
agreement's placement is a 404, as one that does not exist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads, with_basis
from fotfaste.access.sharing import disclosed_by
from fotfaste.core.forms import apply_service_errors, show_edit_conflict
from fotfaste.core.keyset import next_page_query
from fotfaste.core.versioning import EditConflict
from fotfaste.orgs.models import Unit

from . import course, matching, occupations, publishing, register
from .casework import casework_required
from .forms_placements import CloseForm, PlacementForm, ProposeForm
from .models import LadderStep, Stage
from .placements import as_listing, create_placement, placement_for, publishing_unit

CONFLICT = _(
    "Någon annan sparade platsen medan du arbetade. Dina ändringar är inte sparade. Läs det som nu är sparat "
    "och spara igen om dina ändringar ska gälla."
)
SUGGESTIONS = 50


def shown_persons(actor: Actor, ids, what: str, today) -> dict:
    """The persons with these ids the actor may see, read through restrict() and logged: only those shown."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    found = {p.pk: p for p in with_basis(restrict(actor.user, on=today).filter(pk__in=ids), actor.user, today)}
    log_reads(actor, [found[i] for i in ids if i in found], what)
    return found


def log_consents(actor: Actor, candidates, persons: dict, what: str, today) -> None:
    """A candidacy another unit holds is seen under that unit's consent: the read names the consent, as
    access.services.shown_to does on the person page (the person is logged once by shown_persons)."""
    scope = scope_for(actor.user)
    others = [c for c in candidates if c.person_id in persons and c.unit_id not in scope.unit_ids]
    if not others:
        return
    consents = disclosed_by(scope, today, [course.KIND], {c.person_id for c in others})[course.KIND]
    used = sorted({(c.person_id, consents.get(c.person_id, {}).get(c.unit_id, (None,))[0]) for c in others})
    for person_id, consent_id in used:
        if consent_id is not None:
            log_reads(actor, [persons[person_id]], what, consent_id=consent_id)


@casework_required
def placement_list(request):
    today = timezone.localdate()
    filters = publishing.Filters.parse(request.GET)
    rows, cursor = publishing.placement_list(request.user, filters, today, request.GET.get("efter"))
    return render(
        request,
        "employers/placements_list.html",
        {
            "listings": [as_listing(p) for p in rows],
            "filters": filters,
            "steps": LadderStep.choices,
            "groups": occupations.major_groups(),
            "today": today,
            "next_page": next_page_query(
                cursor, steg=filters.step, yrkesomrade=filters.group, oppna="1" if filters.open_only else ""
            ),
            "may_publish": bool(register.agreement_ids(request.user)),
            "nav_active": "employers",
        },
    )


def _units_for(user):
    return Unit.objects.filter(
        pk__in=[u.pk for a in register.agreement_ids(user) for u in register.units_in(user, a)]
    ).select_related("party")


@casework_required
def placement_new(request):
    employers = register.visible_employers(request.user).order_by("name", "pk")
    units = _units_for(request.user).order_by("party__name", "name")
    initial = {"kind": "praktik"}
    chosen = request.GET.get("arbetsgivare", "")
    if chosen.isdigit() and employers.filter(pk=int(chosen)).exists():
        initial["employer"] = int(chosen)
    form = PlacementForm(
        request.POST if request.method == "POST" else None, employers=employers, units=units, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employer = data.pop("employer")
        unit = data.pop("unit", None)
        try:
            publisher = publishing_unit(request.user, employer, unit.pk if unit else None)
            placement = create_placement(request.user, employer, publisher, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Platsen är publicerad."))
            return redirect("employers:placement", pk=placement.pk)
    return render(request, "employers/placements_form.html", {"form": form, "nav_active": "employers"})


@casework_required
def placement_detail(request, pk: int):
    actor = Actor.from_request(request)
    today = timezone.localdate()
    placement = placement_for(request.user, pk)
    listing = as_listing(placement)
    candidates = list(
        course.visible(request.user, today)
        .filter(placement=placement)
        .select_related("unit__party")
        .order_by("created_at", "pk")
    )
    own_units = register.units_in(request.user, placement.employer.agreement_id)
    is_open = not placement.closed and placement.end_date >= today
    suggestions = matching.for_placement(request.user, placement, today, SUGGESTIONS) if own_units and is_open else []
    persons = shown_persons(
        actor,
        [c.person_id for c in candidates] + [s.person_id for s in suggestions],
        "praktikplats: kandidater och förslag",
        today,
    )
    log_consents(actor, candidates, persons, "praktikplats: kandidater och förslag", today)
    for c in candidates:
        c.shown_person = persons.get(c.person_id)
    return render(
        request,
        "employers/placements_detail.html",
        {
            "listing": listing,
            "placement": placement,
            "started": placement.candidates.filter(stage=Stage.STARTED).count(),
            "candidates": [c for c in candidates if c.shown_person],
            "suggestions": [(s, persons[s.person_id]) for s in suggestions if s.person_id in persons],
            "own_units": own_units,
            "is_open": is_open,
            "may_change": publishing.is_holder(request.user, placement),
            "nav_active": "employers",
        },
    )


@casework_required
def placement_edit(request, pk: int):
    placement = placement_for(request.user, pk)
    publishing.require_holder(request.user, placement)
    initial = {f: getattr(placement, f) for f in publishing.EDITABLE} | {"version": placement.version}
    form = PlacementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            publishing.update_placement(request.user, placement, version=version, **data)
        except EditConflict as exc:
            show_edit_conflict(form, CONFLICT, exc.current.version)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Platsen är sparad."))
            return redirect("employers:placement", pk=placement.pk)
    return render(
        request,
        "employers/placements_form.html",
        {"form": form, "placement": placement, "nav_active": "employers"},
    )


@casework_required
def placement_close(request, pk: int):
    placement = placement_for(request.user, pk)
    publishing.require_holder(request.user, placement)
    form = CloseForm(request.POST if request.method == "POST" else None, initial={"version": placement.version})
    if request.method == "POST" and form.is_valid():
        try:
            publishing.close_placement(request.user, placement, version=form.cleaned_data["version"] or 0)
        except EditConflict:
            form.add_error(None, CONFLICT)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Platsen är stängd."))
            return redirect("employers:placement", pk=placement.pk)
    return render(
        request,
        "employers/placements_close.html",
        {"form": form, "placement": placement, "listing": as_listing(placement), "nav_active": "employers"},
    )


@casework_required
@require_POST
def placement_propose(request, pk: int):
    actor = Actor.from_request(request)
    placement = placement_for(request.user, pk)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj vem som ska föreslås."))
        return redirect("employers:placement", pk=placement.pk)
    try:
        candidate = course.propose(
            actor,
            placement,
            form.cleaned_data["person"],
            unit_id=form.cleaned_data.get("unit"),
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("employers:placement", pk=placement.pk)
    messages.success(request, _("Kandidaten är föreslagen till platsen."))
    return redirect("employers:candidate", pk=candidate.pk)

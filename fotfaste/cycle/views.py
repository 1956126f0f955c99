"""The annual cycle's pages: thin views over fotfaste.cycle.services.

Every object is looked up within what the user may see or change (services.*_agreements/_occurrences), so
an object of another agreement answers exactly as a missing one: 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from . import rules, services
from .forms import ActivityForm, DoneForm, ReassignForm
from .models import CycleActivity

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a year outside answers as missing rather than as an empty wheel


@login_required
@require_GET
def index(request):
    agreements = list(services.visible_agreements(request.user))
    year = timezone.localdate().year
    if not agreements:
        raise PermissionDenied  # no role in any agreement: no annual cycle (and no menu item)
    if len(agreements) == 1:
        return redirect("cycle:year", agreement=agreements[0].pk, year=year)
    return render(request, "cycle/index.html", {"agreements": agreements, "year": year, "nav_active": "cycle"})


@login_required
@require_GET
def year_view(request, agreement: int, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    agreement = get_object_or_404(services.visible_agreements(request.user), pk=agreement)
    today = timezone.localdate()
    months = services.year_view(agreement, year, today)
    rows = [r for m in months for r in m.rows]
    return render(
        request,
        "cycle/year.html",
        {
            "agreement": agreement,
            "year": year,
            "months": months,
            "today": today,
            "counts": {
                "done": sum(1 for r in rows if r.status == rules.DONE),
                "overdue": sum(1 for r in rows if r.status == rules.OVERDUE),
                "total": len(rows),
                "not_created": sum(1 for r in rows if r.occurrence is None),
            },
            "activities": agreement.cycle_activities.order_by("-active", "name"),
            "may_edit": services.may_edit(request.user, agreement.pk),
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
            "centre": rules.WHEEL_CENTRE,
            "size": rules.WHEEL_SIZE,
            "inner": rules.WHEEL_INNER,
            # The hand runs from the hub's edge, so it never crosses the year written in the hub.
            "hand_from": rules.year_hand(today, rules.WHEEL_INNER),
            "hand_to": rules.year_hand(today),
            "nav_active": "cycle",
        },
    )


@login_required
@require_POST
def generate(request, agreement: int, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    agreement = get_object_or_404(services.editable_agreements(request.user), pk=agreement)
    made = services.generate_year(agreement, year)
    if made:
        messages.success(
            request,
            ngettext("%(n)d tillfälle skapades för %(year)d.", "%(n)d tillfällen skapades för %(year)d.", made)
            % {"n": made, "year": year},
        )
    else:
        messages.success(request, _("Alla tillfällen för %(year)d fanns redan; inget ändrades.") % {"year": year})
    return redirect("cycle:year", agreement=agreement.pk, year=year)


@login_required
@require_POST
def load_default(request, agreement: int):
    agreement = get_object_or_404(services.editable_agreements(request.user), pk=agreement)
    added = services.load_default_wheel(agreement)
    if added:
        messages.success(
            request,
            ngettext(
                "Standardårshjulet är inlagt: %(n)d aktivitet.",
                "Standardårshjulet är inlagt: %(n)d aktiviteter.",
                added,
            )
            % {"n": added},
        )
    else:
        messages.success(request, _("Standardårshjulets aktiviteter fanns redan; inget ändrades."))
    return redirect("cycle:year", agreement=agreement.pk, year=timezone.localdate().year)


def _activity_form(request, agreement, activity):
    members = services.agreement_members(agreement)
    form = ActivityForm(
        request.POST if request.method == "POST" else None, instance=activity, agreement=agreement, members=members
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.agreement = agreement
        saved.save()
        form.save_m2m()
        messages.success(request, _("Aktiviteten är sparad. Nya tillfällen skapas med ”Skapa årets tillfällen”."))
        return redirect("cycle:year", agreement=agreement.pk, year=timezone.localdate().year)
    return render(
        request,
        "cycle/activity_form.html",
        {"form": form, "agreement": agreement, "activity": activity, "nav_active": "cycle"},
    )


@login_required
def activity_create(request, agreement: int):
    agreement = get_object_or_404(services.editable_agreements(request.user), pk=agreement)
    return _activity_form(request, agreement, CycleActivity(agreement=agreement))


@login_required
def activity_edit(request, activity_id: int):
    activity = get_object_or_404(services.editable_activities(request.user), pk=activity_id)
    return _activity_form(request, activity.agreement, activity)


def _occurrence_page(request, occurrence, *, done_form=None, reassign_form=None):
    user = request.user
    agreement_id = occurrence.activity.agreement_id
    may_mark = services.markable_occurrences(user).filter(pk=occurrence.pk).exists()
    may_reassign = services.may_reassign(user, agreement_id)
    members = services.agreement_members(occurrence.activity.agreement)
    return render(
        request,
        "cycle/occurrence.html",
        {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "agreement": occurrence.activity.agreement,
            "status": rules.status(occurrence.due_on, occurrence.done_on, timezone.localdate()),
            "status_labels": rules.STATUS_LABELS,
            "scb_period": rules.scb_period(occurrence.due_on) if occurrence.activity.kind == "scb" else None,
            "capacity": rules.capacity_per_month(occurrence.activity.capacity_per_day),
            "done_form": (done_form or DoneForm()) if may_mark and not occurrence.done_on else None,
            "reassign_form": (
                reassign_form or ReassignForm(members=members, initial={"responsible": occurrence.responsible_id})
            )
            if may_reassign and not occurrence.done_on
            else None,
            "form": done_form if done_form is not None and done_form.errors else reassign_form,
            "nav_active": "cycle",
        },
    )


@login_required
@require_GET
def occurrence(request, occurrence_id: int):
    found = get_object_or_404(services.visible_occurrences(request.user), pk=occurrence_id)
    return _occurrence_page(request, found)


def _back(request, default):
    back = request.POST.get("tillbaka", "")
    # Only a path on this site: an address from the form must not send the user elsewhere.
    return redirect(back) if back.startswith("/") and not back.startswith("//") else default


@login_required
@require_POST
def occurrence_done(request, occurrence_id: int):
    found = get_object_or_404(services.markable_occurrences(request.user), pk=occurrence_id)
    form = DoneForm(request.POST)
    if not form.is_valid():
        return _occurrence_page(request, found, done_form=form)
    if services.mark_done(request.user, found, timezone.localdate(), form.cleaned_data["note"]):
        messages.success(request, _("”%(namn)s” är markerad som gjord.") % {"namn": found.activity.name})
    else:
        messages.info(
            request, _("”%(namn)s” var redan markerad som gjord; inget ändrades.") % {"namn": found.activity.name}
        )
    return _back(request, redirect("cycle:occurrence", occurrence_id=found.pk))


@login_required
@require_POST
def occurrence_reassign(request, occurrence_id: int):
    found = get_object_or_404(services.visible_occurrences(request.user), pk=occurrence_id)
    if not services.may_reassign(request.user, found.activity.agreement_id):
        raise Http404  # as missing: the same answer as for an occurrence of another agreement
    form = ReassignForm(request.POST, members=services.agreement_members(found.activity.agreement))
    if not form.is_valid():
        return _occurrence_page(request, found, reassign_form=form)
    if services.reassign(found, form.cleaned_data["responsible"]):
        messages.success(
            request, _("Ny ansvarig: %(namn)s.") % {"namn": form.cleaned_data["responsible"].display_name()}
        )
    else:
        messages.info(request, _("Tillfället är redan gjort; den ansvariga ändras inte."))
    return redirect("cycle:occurrence", occurrence_id=found.pk)

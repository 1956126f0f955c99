"""The candidate page and each step of a candidate's course: thin views over course.py. A candidacy the user
may not see is a 404, as one that does not exist; one another unit holds is seen (under a consent), not moved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.access.services import Actor
from fotfaste.core.dates import add_months
from fotfaste.core.forms import apply_service_errors, show_edit_conflict
from fotfaste.core.versioning import EditConflict
from fotfaste.plans import services as plans

from . import course
from .casework import casework_required
from .forms_placements import EndForm, FollowUpForm, MoveForm, StartForm, WithdrawForm
from .models import Stage
from .placements import as_listing

CONFLICT = _(
    "Någon annan sparade kandidaturen medan du arbetade. Dina ändringar är inte sparade. Läs det som nu är "
    "sparat och spara igen om dina ändringar ska gälla."
)


def _context(opened, **extra) -> dict:
    c = opened.candidate
    listing = as_listing(c.placement)
    return {
        "candidate": c,
        "person": opened.person,
        "placement": c.placement,
        "listing": listing,
        "reasons": course.shown_reasons(c, listing.employer is not None),
        "may_change": opened.may_change,
        "nav_active": "employers",
        **extra,
    }


@casework_required
def candidate_detail(request, pk: int):
    actor = Actor.from_request(request)
    opened = course.open_candidate(actor, pk, "kandidat till praktikplats")
    c = opened.candidate
    measure = plan = None
    if c.measure_id:
        # The measure is part of the joint plan: shown only to a viewer who sees that plan (logged there).
        plan = next(
            (
                x
                for x in plans.visible_plans(actor, opened.person, opened.sharing, open_only=False)
                if any(m.pk == c.measure_id for m in x.measures.all())
            ),
            None,
        )
        measure = next((m for m in plan.measures.all() if m.pk == c.measure_id), None) if plan else None
    before_start = c.stage in course.BEFORE_START
    return render(
        request,
        "employers/placements_candidate.html",
        _context(
            opened,
            plan=plan,
            measure=measure,
            follow_ups=list(c.follow_ups.all()),
            may_move=opened.may_change and c.stage in (Stage.SUGGESTED, Stage.CV_SENT),
            may_start=opened.may_change and before_start,
            may_follow_up=opened.may_change and c.stage == Stage.STARTED,
            may_end=opened.may_change and c.stage == Stage.STARTED,
            may_withdraw=opened.may_change and before_start,
        ),
    )


# Each step of the course: its form, the service, the page's heading and what is said when it is saved.
ACTIONS = {
    "flytta": (MoveForm, course.move, gettext_lazy("CV skickat eller intervju"), gettext_lazy("Läget är sparat.")),
    "starta": (
        StartForm,
        course.start,
        gettext_lazy("Praktiken börjar"),
        gettext_lazy("Praktiken har börjat och finns som insats i den gemensamma planen."),
    ),
    "uppfoljning": (
        FollowUpForm,
        course.follow_up,
        gettext_lazy("Uppföljning av praktiken"),
        gettext_lazy("Uppföljningen är sparad."),
    ),
    "avsluta": (
        EndForm,
        course.end,
        gettext_lazy("Avsluta praktiken"),
        gettext_lazy("Praktiken är avslutad, och insatsen i planen med den."),
    ),
    "ej-aktuell": (
        WithdrawForm,
        course.withdraw,
        gettext_lazy("Inte aktuell"),
        gettext_lazy("Kandidaten går inte vidare."),
    ),
}


@casework_required
def candidate_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    form_class, service, heading, success = ACTIONS[action]
    actor = Actor.from_request(request)
    opened = course.open_candidate(actor, pk, f"kandidat till praktikplats: {heading}")
    if not opened.may_change:
        raise PermissionDenied(
            _("Kandidaturen hålls av %(enhet)s; bara den enheten kan ändra den.")
            % {"enhet": opened.candidate.unit.name}
        )
    c = opened.candidate
    initial = {"version": c.version, "on": opened.today, "started_on": opened.today, "ended_on": opened.today}
    if action == "starta":
        initial["follow_up_on"] = add_months(opened.today, 1)
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    needs_plan = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "version" in form.fields:
            data["version"] = data.get("version") or 0
        try:
            service(actor, opened, **data)
        except EditConflict as exc:
            show_edit_conflict(form, CONFLICT, exc.current.version)
        except course.NeedsPlan as exc:
            needs_plan = True
            apply_service_errors(form, exc)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("employers:candidate", pk=c.pk)
    return render(
        request,
        "employers/placements_candidate_form.html",
        _context(opened, form=form, heading=heading, action=action, needs_plan=needs_plan),
    )

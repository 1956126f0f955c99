"""The participation page: starting and ending it as a measure in the joint plan, its three-party contract
with signature dates, the contract's follow-ups and the contract printed. Thin views over participation.py
and contracts.py; a participation the user may not see is a 404, as one that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fotfaste.access.services import Actor
from fotfaste.core.dates import add_months
from fotfaste.core.forms import apply_service_errors
from fotfaste.core.versioning import EditConflict
from fotfaste.plans import services as plans

from . import contracts, participation
from .forms_contracts import ContractForm, EndForm, FollowUpForm, StartForm
from .models import CLOSED_STATUSES, ParticipationStatus

CONFLICT = _(
    "Någon annan sparade deltagandet medan du arbetade. Dina ändringar är inte sparade. Läs det som nu är "
    "sparat och spara igen om dina ändringar ska gälla."
)


def _open(request, pk: int, what: str):
    actor = Actor.from_request(request)
    return actor, participation.open_participation(actor, pk, what)


def _holder_only(opened) -> None:
    if not opened.may_change:
        raise PermissionDenied(
            _("Deltagandet hålls av %(enhet)s; bara den enheten kan ändra det.")
            % {"enhet": opened.participation.unit.name}
        )


def _conflict(form, current) -> None:
    form.add_error(None, CONFLICT)
    data = form.data.copy()
    data["version"] = current.version  # saving again now overwrites, knowingly
    form.data = data


def _step_name(p) -> str:
    steps = p.programme.steps or []
    return steps[p.step].get("namn", "") if 0 <= p.step < len(steps) else ""


def _context(opened, **extra) -> dict:
    p = opened.participation
    return {
        "participation": p,
        "person": opened.person,
        "programme": p.programme,
        "may_change": opened.may_change,
        "nav_active": "programmes",
        **extra,
    }


@login_required
def detail(request, pk: int):
    actor, opened = _open(request, pk, "deltagande i program")
    p = opened.participation
    measure = plan = None
    if p.measure_id:
        # The measure is part of the joint plan: shown only to a viewer who sees that plan (logged there).
        plan = next(
            (
                x
                for x in plans.visible_plans(actor, opened.person, opened.sharing, open_only=False)
                if any(m.pk == p.measure_id for m in x.measures.all())
            ),
            None,
        )
        measure = next((m for m in plan.measures.all() if m.pk == p.measure_id), None) if plan else None
    contract = contracts.contract_of(p)
    follow_ups = list(contract.follow_ups.all()) if contract else []
    closed = p.status in CLOSED_STATUSES
    return render(
        request,
        "programmes/contracts_participation.html",
        _context(
            opened,
            step=_step_name(p),
            plan=plan,
            measure=measure,
            contract=contract,
            follow_ups=follow_ups,
            may_start=opened.may_change and not closed and p.status != ParticipationStatus.PARTICIPATING,
            may_end=opened.may_change and p.status == ParticipationStatus.PARTICIPATING,
            may_contract=opened.may_change and p.status not in contracts.NO_CONTRACT,
        ),
    )


def _saved(request, form, opened, save, success: str):
    """Run `save(version=…, **fields)` for a valid form; on success the redirect to the participation, else None
    with the conflict or the service's errors on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    version = data.pop("version", None) or 0
    try:
        save(version=version, **data)
    except EditConflict as exc:
        _conflict(form, exc.current)
    except ValidationError as exc:
        apply_service_errors(form, exc)
    else:
        messages.success(request, success)
        return redirect("programmes:participation", pk=opened.participation.pk)
    return None


@login_required
def start(request, pk: int):
    actor, opened = _open(request, pk, "starta deltagande i program")
    _holder_only(opened)
    p = opened.participation
    initial = {
        "version": p.version,
        "started_on": opened.today,
        "follow_up_on": add_months(opened.today, 1),
    }
    form = StartForm(request.POST if request.method == "POST" else None, initial=initial)
    needs_plan = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            participation.start(actor, opened, version=version, **data)
        except EditConflict as exc:
            _conflict(form, exc.current)
        except participation.NeedsPlan as exc:
            needs_plan = True
            apply_service_errors(form, exc)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Deltagandet har startat och finns som insats i den gemensamma planen."))
            return redirect("programmes:participation", pk=p.pk)
    return render(request, "programmes/contracts_start.html", _context(opened, form=form, needs_plan=needs_plan))


@login_required
def end(request, pk: int):
    actor, opened = _open(request, pk, "avsluta deltagande i program")
    _holder_only(opened)
    p = opened.participation
    form = EndForm(
        request.POST if request.method == "POST" else None, initial={"version": p.version, "ended_on": opened.today}
    )
    done = _saved(
        request,
        form,
        opened,
        lambda **data: participation.end(actor, opened, **data),
        _("Deltagandet är avslutat, och insatsen i planen med det."),
    )
    if done:
        return done
    return render(request, "programmes/contracts_end.html", _context(opened, form=form))


@login_required
def contract(request, pk: int):
    actor, opened = _open(request, pk, "trepartsavtal")
    _holder_only(opened)
    p = opened.participation
    current = contracts.contract_of(p)
    if current is not None:
        initial = {f: getattr(current, f) for f in contracts.CONTRACT_FIELDS}
    else:
        initial = {"start_date": p.started_on or opened.today}
    form = ContractForm(request.POST if request.method == "POST" else None, initial=initial | {"version": p.version})
    done = _saved(
        request,
        form,
        opened,
        lambda **data: contracts.save_contract(actor, opened, **data),
        _("Trepartsavtalet är sparat."),
    )
    if done:
        return done
    return render(request, "programmes/contracts_contract.html", _context(opened, form=form, contract=current))


@login_required
def follow_up(request, pk: int):
    actor, opened = _open(request, pk, "uppföljning av trepartsavtal")
    _holder_only(opened)
    p = opened.participation
    form = FollowUpForm(request.POST if request.method == "POST" else None, initial={"on": opened.today})
    if request.method == "POST" and form.is_valid():
        try:
            contracts.add_follow_up(actor, opened, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Uppföljningen är sparad."))
            return redirect("programmes:participation", pk=p.pk)
    return render(
        request,
        "programmes/contracts_follow_up.html",
        _context(opened, form=form, contract=contracts.contract_of(p)),
    )


@login_required
def contract_pdf(request, pk: int):
    actor, opened = _open(request, pk, "export: trepartsavtal (PDF)")
    found = contracts.contract_of(opened.participation)
    if found is None:
        raise Http404
    pdf = contracts.render_contract_pdf(found, opened.participation, opened.person, today=opened.today)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="trepartsavtal-{opened.participation.pk}.pdf"'
    return response

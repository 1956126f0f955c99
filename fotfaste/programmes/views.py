"""Programme pages: the agreement's programmes, who is eligible now or soon, and configuring them.

Anyone with a casework role in the agreement sees its programmes and, for the persons they may see,
who is eligible; coordinators (and the agreement's administrators) pick programmes from the catalogue
and configure them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, require_person_access
from fotfaste.core.forms import apply_service_errors, show_edit_conflict
from fotfaste.core.versioning import EditConflict
from fotfaste.orgs.models import Agreement
from fotfaste.orgs.roles import Role
from fotfaste.people.models import Sex

from . import board, catalogue, places, rules, services
from .board import casework_agreements
from .forms import ProgrammeForm
from .models import AgreementProgramme

SHOWN = 200
CONFLICT = _(
    "Någon annan sparade programmet medan du arbetade. Dina ändringar är inte sparade. Läs det som nu är sparat "
    "och spara igen om dina ändringar ska gälla."
)
EDIT_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def editing_agreements(user) -> set[int]:
    return {a for a, role in scope_for(user).agreement_roles if role in EDIT_ROLES}


def visible_agreement(user, pk: int) -> Agreement:
    if pk not in casework_agreements(user) | editing_agreements(user):
        raise Http404
    return get_object_or_404(Agreement, pk=pk)


@login_required
def index(request):
    ids = casework_agreements(request.user) | editing_agreements(request.user)
    if not ids:
        raise PermissionDenied(_("Programmen är till för samverkans handläggare och samordnare."))
    editable = editing_agreements(request.user)
    agreements = []
    for agreement in Agreement.objects.filter(pk__in=ids).order_by("name"):
        entries = list(agreement.programmes.order_by("name", "id"))
        agreements.append(
            {
                "agreement": agreement,
                "entries": entries,
                "defaults": [] if any(e.active and e.has_rules for e in entries) else services.shipped(),
                "may_edit": agreement.pk in editable,
                "catalogue": services.catalogue_entries_not_taken(agreement) if agreement.pk in editable else [],
            }
        )
    return render(request, "programmes/index.html", {"agreements": agreements, "nav_active": "programmes"})


def _programme(request, agreement: int, code: str):
    agreement = visible_agreement(request.user, agreement)
    entry = agreement.programmes.filter(code=code).first()
    if entry is not None:
        found = services.with_rules([entry])
        return agreement, entry, (found[0] if found else None)
    configured = agreement.programmes.filter(active=True).exclude(conditions=[]).exists()
    default = None if configured else next((p for p in services.shipped() if p.code == code), None)
    if default is None:
        raise Http404
    return agreement, None, default


@login_required
def detail(request, agreement: int, code: str):
    agreement, entry, programme = _programme(request, agreement, code)
    today = timezone.localdate()
    context = {
        "agreement": agreement,
        "entry": entry,
        "programme": programme,
        "catalogue_entry": catalogue.BY_CODE.get(code),
        "may_edit": entry is not None and agreement.pk in editing_agreements(request.user),
        "today": today,
        "nav_active": "programmes",
        "sex_choices": Sex.choices,
        "conditions": [rules.describe(c) for c in programme.rule.conditions] if programme else [],
        # The routine's board and places (board.py, places.py).
        "place_periods": places.periods(entry) if entry is not None else [],
        "may_coordinate": entry is not None and agreement.pk in board.coordinating_agreements(request.user),
    }
    if programme is not None and agreement.pk in casework_agreements(request.user):
        actor = Actor.from_request(request)
        require_person_access(actor)
        sex = request.GET.get("kon", "")
        sex = sex if sex in Sex.values else ""
        found = services.candidates(actor, programme, today, sex=sex, limit=SHOWN)
        shown_eligible, shown_soon = found.eligible, found.soon
        services.log_shown(
            actor,
            [p for p, _r in shown_eligible + shown_soon],
            _("behöriga till %(program)s") % {"program": programme.rule.name},
        )
        context.update(board.candidate_context(request.user, entry, today))
        context.update(
            {
                "candidates": found,
                "eligible": shown_eligible,
                "soon": shown_soon,
                "shown": SHOWN,
                "sex": sex,
            }
        )
    return render(request, "programmes/detail.html", context)


@login_required
@require_POST
def add_from_catalogue(request, agreement: int):
    if agreement not in editing_agreements(request.user):
        raise PermissionDenied(_("Bara samverkans samordnare kan lägga till program."))
    agreement = get_object_or_404(Agreement, pk=agreement)
    code = request.POST.get("kod", "")
    if code not in catalogue.BY_CODE:
        messages.error(request, _("Välj ett program ur katalogen."))
        return redirect("programmes:index")
    programme = services.add_from_catalogue(agreement, code)
    messages.success(request, _("%(namn)s finns nu bland samverkans program.") % {"namn": programme.name})
    return redirect("programmes:edit", agreement=agreement.pk, code=programme.code)


@login_required
def edit(request, agreement: int, code: str):
    if agreement not in editing_agreements(request.user):
        raise PermissionDenied(_("Bara samverkans samordnare kan ändra program."))
    programme = get_object_or_404(AgreementProgramme, agreement_id=agreement, code=code)
    codes = list(programme.agreement.municipalities.values_list("code", flat=True))
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None, programme=programme, municipality_codes=codes
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.update_programme(
                programme,
                version=c["version"] or 0,
                name=c["name"],
                owner=c["owner"],
                target_group=c["target_group"],
                source=c["source"],
                valid_from=c["valid_from"],
                valid_until=c["valid_until"],
                active=c["active"],
                conditions=form.conditions(),
                unemployed_categories=c["category_list"],
                steps=c["steps"],
            )
        except EditConflict as exc:
            show_edit_conflict(form, CONFLICT, exc.current.version)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Programmet är sparat."))
            return redirect("programmes:detail", agreement=agreement, code=code)
    return render(request, "programmes/edit.html", {"form": form, "programme": programme, "nav_active": "programmes"})

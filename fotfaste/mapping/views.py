"""Mapping pages on a person, and the need levels in the administration: thin views over the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.decorators import administrator_required
from fotfaste.access.scope import admin_scope_for, scope_for
from fotfaste.access.services import Actor, open_person
from fotfaste.access.sharing import sharing_for
from fotfaste.core.forms import apply_service_errors, unit_choices
from fotfaste.orgs.models import Agreement, Unit

from . import rules, services
from .forms import MappingForm, NeedLevelsForm


def _levels(units: list[Unit]) -> list:
    """The active levels of the agreements of the user's units, each code once, in order."""
    seen, levels = set(), []
    for agreement in {u.party.agreement_id: u.party.agreement for u in units}.values():
        for level in rules.levels_for(agreement, active_only=True):
            if level.code not in seen:
                seen.add(level.code)
                levels.append(level)
    return levels


@login_required
def create(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "gör kartläggning", pk=pk)
    mapping_units = services.mapping_units(request.user)
    if not mapping_units:
        raise Http404
    units = [mu.unit for mu in mapping_units]
    today = timezone.localdate()
    # With one unit, a new mapping starts from the unit's current one: it revises it rather than starting over.
    initial = services.initial_from_current(person, units[0]) if len(units) == 1 else {}
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        units=unit_choices(units),
        levels=_levels(units),
        may_record_sensitive=any(mu.may_record_sensitive for mu in mapping_units),
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            mapping = services.record_mapping(actor, person, today=today, **form.service_arguments())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Kartläggningen är sparad."))
            return redirect("mapping:detail", pk=person.pk, mapping_id=mapping.pk)
    return render(
        request,
        "mapping/form.html",
        {
            "form": form,
            "person": person,
            "sensitive_units": [mu.unit.name for mu in mapping_units if mu.may_record_sensitive],
            "several_units": len(mapping_units) > 1,
            "revises": bool(initial),
            "nav_active": "people",
        },
    )


@login_required
def detail(request, pk: int, mapping_id: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "kartläggning", pk=pk)
    sharing = sharing_for(scope_for(request.user), person.pk, timezone.localdate())
    shown = services.get_mapping(actor, person, sharing, mapping_id)
    return render(
        request,
        "mapping/detail.html",
        {
            "person": person,
            "shown": shown,
            "mapping": shown.mapping,
            "may_map": bool(sharing.own_unit_ids),
            "nav_active": "people",
        },
    )


# Administration


@administrator_required
def level_list(request):
    administered = admin_scope_for(request.user).agreement_filter()
    agreements = list(Agreement.objects.filter(administered).prefetch_related("need_levels").order_by("name"))
    rows = []
    for a in agreements:
        levels = sorted(a.need_levels.all(), key=lambda lv: (lv.order, lv.pk))
        rows.append((a, [] if rules.are_defaults(levels) else levels))
    return render(
        request,
        "mapping/level_list.html",
        {"rows": rows, "defaults": rules.DEFAULT_LEVELS, "nav_active": "orgs"},
    )


@administrator_required
def level_edit(request, agreement_pk: int):
    # Another agreement's levels answer as missing to an administrator of one agreement.
    agreement = get_object_or_404(
        Agreement.objects.filter(admin_scope_for(request.user).agreement_filter()), pk=agreement_pk
    )
    levels = rules.levels_for(agreement)
    own = not rules.are_defaults(levels)
    form = NeedLevelsForm(request.POST if request.method == "POST" else None, levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_levels(agreement, form.changes())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Behovsnivåerna för %(namn)s är sparade.") % {"namn": agreement.name})
            return redirect("mapping:level_edit", agreement_pk=agreement.pk)
    return render(
        request,
        "mapping/level_edit.html",
        {"form": form, "agreement": agreement, "own": own, "nav_active": "orgs"},
    )

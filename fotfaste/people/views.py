from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import GroundKind, end_contact, grounds_for, restrict
from fotfaste.access.logreview import field_label
from fotfaste.access.models import ChangeLogEntry, OwnGround
from fotfaste.access.scope import scope_for
from fotfaste.access.services import (
    Actor,
    change_person,
    may_change,
    open_person,
    require_person_access,
    search_persons,
)
from fotfaste.access.sharing import sharing_for
from fotfaste.consent.models import InformationKind
from fotfaste.core.forms import apply_service_errors
from fotfaste.core.keyset import next_page_query
from fotfaste.orgs.models import Unit

from . import sections
from .forms import ContactForm, EndContactForm, SearchForm
from .models import ADDRESS_FIELDS, Person
from .presenters import address_lines, protection_notice

# That another unit works with the person is itself that unit's information: shown as team information.
WORKS_WITH_KIND = InformationKind.OCCUPATION_PLAN


@login_required
def search(request):
    actor = Actor.from_request(request)
    require_person_access(actor)
    form = SearchForm(request.GET or None)
    persons, next_cursor = [], None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        persons, next_cursor = search_persons(actor, form.cleaned_data["q"], request.GET.get("efter"))
    today = timezone.localdate()
    rows = [(p, p.age_on(today)) for p in persons]
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "rows": rows,
            "next_page": next_page_query(next_cursor, q=form.cleaned_data["q"] if persons else ""),
            "nav_active": "people",
            "searched": form.is_bound and form.is_valid() and bool(form.cleaned_data["q"]),
        },
    )


PERSON_DATA_ACTIONS = ("ändrad", "registerimport")


@login_required
def detail(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "personsida", pk=pk)
    today = timezone.localdate()
    scope = scope_for(request.user)
    # What of other units' information this user may see of this person today: built once, used by
    # every section of the page.
    sharing = sharing_for(scope, person.pk, today)
    shown, context = [], {}
    for section in sections.registered():
        built = section.build(actor, person, sharing, today)
        if built is not None:
            shown.append(section)
            context[section.name] = built
    working = (
        OwnGround.objects.active_on(today)
        .filter(person=person)
        .select_related("unit__party")
        .order_by("unit__name", "start_date")
    )
    # Only changes to the person's own data: consent and team entries name units, which would reveal
    # who works with the person; they stay in the change log for log review.
    history = ChangeLogEntry.objects.filter(person=person, action__in=PERSON_DATA_ACTIONS).select_related("user")[:20]
    grounds = grounds_for(request.user, person.pk, today)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "age": person.age_on(today),
            "address": address_lines(person),
            "protection": protection_notice(person),
            "grounds": grounds,
            # Contact details change on an own ground or a duty, never under a consent alone.
            "may_change": any(g.kind in (GroundKind.OWN, GroundKind.DUTY) for g in grounds),
            "may_end_contact": any(g.kind == GroundKind.OWN for g in grounds),
            "involvements": [g for g in working if sharing.allows(WORKS_WITH_KIND, g.unit_id, g.unit.party_id)],
            "sections": shown,
            **context,
            "changes": [(c, changed_fields(c, person)) for c in history],
            "nav_active": "people",
        },
    )


def changed_fields(entry: ChangeLogEntry, person: Person) -> list[tuple[str, str]]:
    """(Swedish field label, new value) pairs; a protected person's address values are withheld."""
    rows = []
    for name, value in entry.after.items():
        rows.append((field_label(name), "" if person.is_protected and name in ADDRESS_FIELDS else value))
    return rows


@login_required
def edit_contact(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "ändra kontaktuppgifter", pk=pk)
    if not may_change(request.user, person):
        raise PermissionDenied(
            _("Uppgifterna delas med dig genom ett samtycke; de kan ändras av den enhet som har dem.")
        )
    initial = {f: getattr(person, f) for f in ("phone", "email", "street_address", "postal_code", "postal_town")}
    form = ContactForm(
        request.POST if request.method == "POST" else None, initial=initial, protected=person.is_protected
    )
    if request.method == "POST" and form.is_valid():
        change_person(actor, person, form.cleaned_data)
        messages.success(request, _("Kontaktuppgifterna är sparade."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/edit_contact.html", {"form": form, "person": person, "nav_active": "people"})


@login_required
def end_contact_view(request, pk: int):
    """ "Avsluta kontakt": the user's unit no longer works with the person (its own ground ends now)."""
    actor = Actor.from_request(request)
    person = open_person(actor, "avsluta kontakt", pk=pk)
    today = timezone.localdate()
    own_units = [g for g in grounds_for(request.user, person.pk, today) if g.kind == GroundKind.OWN]
    if not own_units:
        raise Http404
    units = {g.unit_id: g.unit_name for g in own_units}
    form = EndContactForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.get(pk=form.cleaned_data["unit"])
        try:
            end_contact(actor, person, unit, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(enhet)s arbetar inte längre med %(namn)s.") % {"enhet": unit.name, "namn": person.first_name},
            )
            if restrict(request.user).filter(pk=person.pk).exists():
                return redirect("people:detail", pk=person.pk)
            return redirect("people:search")
    return render(request, "people/end_contact.html", {"form": form, "person": person, "nav_active": "people"})

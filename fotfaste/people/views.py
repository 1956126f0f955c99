from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.logreview import field_label
from fotfaste.access.models import ChangeLogEntry
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, change_person, open_person, require_person_access, search_persons
from fotfaste.access.sharing import sharing_for
from fotfaste.consent.person import sharing_section
from fotfaste.core.keyset import next_page_query
from fotfaste.fund.person import fund_section
from fotfaste.kaa.person import kaa_section
from fotfaste.mapping.person import mapping_section
from fotfaste.meetings.person import meetings_section
from fotfaste.outreach.services import outreach_section
from fotfaste.plans.person import plan_section

from .forms import ContactForm, SearchForm
from .models import ADDRESS_FIELDS, Involvement, Person
from .presenters import address_lines, protection_notice


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

# The collaboration's sections of the person page, in page order: (template variable, builder).
# Each builder takes (actor, person, sharing, today) and returns None when the user sees nothing.
PERSON_SECTIONS = (
    ("mapping", mapping_section),
    ("plan", plan_section),
    ("meetings", meetings_section),
    ("fund", fund_section),
)


@login_required
def detail(request, pk: int):
    actor = Actor.from_request(request)
    person = open_person(actor, "personsida", pk=pk)
    today = timezone.localdate()
    involvements = (
        Involvement.objects.active_on(today).filter(person=person).select_related("unit__party").order_by("unit__name")
    )
    # What of other units' information this user may see of this person today: built once, used by
    # every section of the page.
    sharing = sharing_for(scope_for(request.user), person.pk, today)
    sections = {name: section(actor, person, sharing, today) for name, section in PERSON_SECTIONS}
    collaboration = sharing_section(actor, person, sharing, today, involvements)
    # Only changes to the person's own data: consent and team entries name units, which would reveal
    # who works with the person; they stay in the change log for log review.
    history = ChangeLogEntry.objects.filter(person=person, action__in=PERSON_DATA_ACTIONS)[:20]
    changes = [(c, changed_fields(c, person)) for c in history]
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "age": person.age_on(today),
            "address": address_lines(person),
            "protection": protection_notice(person),
            "involvements": collaboration["involvements"],
            "sharing_section": collaboration,
            **sections,
            "changes": changes,
            "kaa": kaa_section(person, scope_for(request.user).municipality_codes, today),
            "outreach": outreach_section(person, scope_for(request.user).municipality_codes, today),
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
    initial = {f: getattr(person, f) for f in ("phone", "email", "street_address", "postal_code", "postal_town")}
    form = ContactForm(
        request.POST if request.method == "POST" else None, initial=initial, protected=person.is_protected
    )
    if request.method == "POST" and form.is_valid():
        change_person(actor, person, form.cleaned_data)
        messages.success(request, _("Kontaktuppgifterna är sparade."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/edit_contact.html", {"form": form, "person": person, "nav_active": "people"})

"""The contact log as one viewer reads it: the warning before a second call, the register's latest contact
and the next steps that are due.

register.warnings_for leaves out one party's contacts; a viewer with units in several parties of the
agreement is warned only about parties that are not theirs, so every one of their parties is left out.
Everything here is set-based: one query per list, however many employers it shows.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from fotfaste.access.scope import scope_for

from .models import Employer, EmployerContact
from .register import Warning, agreement_ids, units_in, warnings_for


def own_party_ids(user, agreement_id: int) -> list[int]:
    """The parties of the agreement where the user has a casework unit."""
    return sorted({u.party_id for u in units_in(user, agreement_id)})


def warnings_for_viewer(user, employer: Employer, on: date) -> list[Warning]:
    """Contacts with the employer within the agreement's days of `on` by parties that are none of the
    viewer's own. Each call of warnings_for leaves out one party; what all of them keep is what no own party
    made (a party's own rows are the same in every call, so the kept warnings compare equal)."""
    parties = own_party_ids(user, employer.agreement_id) or [None]
    found = warnings_for(employer, parties[0], on)
    for party in parties[1:]:
        kept = set(warnings_for(employer, party, on))
        found = [w for w in found if w in kept]
    return found


def with_latest_contact(employers: QuerySet[Employer]) -> QuerySet[Employer]:
    """Each employer annotated with its latest contact's date and party (correlated subqueries: one query)."""
    latest = EmployerContact.objects.filter(employer=OuterRef("pk")).order_by("-date", "-id")
    return employers.annotate(
        last_contact_on=Subquery(latest.values("date")[:1]),
        last_contact_party=Subquery(latest.values("unit__party__name")[:1]),
    )


def due_next_steps(user, today: date) -> QuerySet[EmployerContact]:
    """Contacts of the user's units whose next step is due (today or earlier) and that no later contact by
    the same unit with the same employer has followed up, oldest due first."""
    later = EmployerContact.objects.filter(employer=OuterRef("employer"), unit=OuterRef("unit")).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
    )
    return (
        EmployerContact.objects.filter(
            unit_id__in=scope_for(user).unit_ids,
            employer__agreement_id__in=agreement_ids(user),
            next_step_on__lte=today,
        )
        .filter(~Exists(later))
        .select_related("employer", "unit__party")
        .order_by("next_step_on", "employer__name", "pk")
    )


def employer_contacts(employer: Employer) -> QuerySet[EmployerContact]:
    """The employer's contact log of every party, for keyset paging on ("-date", "-id")."""
    return EmployerContact.objects.filter(employer=employer).select_related("unit__party", "contact_person")

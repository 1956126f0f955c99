"""Outreach services: the access check, every write, and the person page's outreach section.

Only a KAA caseworker of the person's municipality may read or write outreach data
(docs/roles.md). The check is `authorise` below, built on fotfaste.access: the
steering group and other roles that never see persons get 403 there, every other
user who is not a KAA caseworker for the person gets 404, exactly as for a person
that does not exist. Writes keep the person's OutreachCase current in the same
transaction, so lists read one row per person instead of scanning the history.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads, require_person_access
from fotfaste.accounts.models import User
from fotfaste.kaa.models import KaaPeriod
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from fotfaste.people.models import Person

from . import rules
from .models import (
    Channel,
    ContactAttempt,
    Guardian,
    Occupation,
    OccupationCurrency,
    OccupationStatus,
    Outcome,
    OutreachCase,
    OutreachSettings,
)

# Phone numbers as people write them: digits with spaces, dashes, parentheses and a leading +.
PHONE_PATTERN = re.compile(r"^\+?[\d\s\-()]{6,30}$")


# Settings


def rules_for(municipality_code: str) -> rules.OutreachRules:
    saved = OutreachSettings.objects.filter(municipality_id=municipality_code).first()
    return saved.as_rules() if saved else rules.OutreachRules()


def currency_overrides() -> dict[str, int]:
    """Saved currency periods by status; statuses without a saved row use the default."""
    return dict(OccupationCurrency.objects.values_list("status", "months"))


# Access


def kaa_municipalities(actor: Actor) -> frozenset[str]:
    """The municipalities whose outreach the actor works with: 403 for aggregate-only roles, 404 for non-KAA roles."""
    require_person_access(actor)
    codes = scope_for(actor.user).municipality_codes
    if not codes:
        raise Http404
    return codes


def worklist_municipalities(actor: Actor) -> frozenset[str]:
    """The municipalities whose worklist the actor may open; 403 for anyone without a KAA role.

    A list page names no person, so a plain 403 tells nothing (unlike a person's pages).
    """
    require_person_access(actor)
    codes = scope_for(actor.user).municipality_codes
    if not codes:
        raise PermissionDenied(_("Arbetslistan är till för KAA-handläggare."))
    return codes


def period_facts(person_ids: Iterable[int], codes: frozenset[str]) -> dict[int, list[rules.PeriodFact]]:
    """The KAA periods of these persons in these municipalities, in one query."""
    facts: dict[int, list[rules.PeriodFact]] = defaultdict(list)
    rows = KaaPeriod.objects.filter(person_id__in=list(person_ids), municipality_id__in=codes).values_list(
        "person_id", "municipality_id", "start_date", "end_date"
    )
    for person_id, municipality, start, end in rows:
        facts[person_id].append(rules.PeriodFact(municipality, start, end))
    return facts


def municipality_of(person: Person, codes: frozenset[str], today: date) -> str | None:
    """rules.outreach_municipality for one person, reading the KAA periods only when they can matter."""
    if len(codes) == 1 and person.home_municipality_id in codes:
        return person.home_municipality_id  # whatever the periods, the rule answers the one code
    return rules.outreach_municipality(
        period_facts([person.pk], codes).get(person.pk, []), person.home_municipality_id, codes, today
    )


def authorise(actor: Actor, person_id: int, today: date) -> tuple[Person, str]:
    """The person and the municipality whose outreach they belong to, if the actor may work with it; else 404.

    Nothing is logged here: a write is not a read. Pages that show the person use open_outreach_person.
    """
    codes = kaa_municipalities(actor)
    person = restrict(actor.user, on=today).select_related("home_municipality").filter(pk=person_id).first()
    if person is None:
        raise Http404
    municipality = municipality_of(person, codes, today)
    if municipality is None:
        raise Http404
    return person, municipality


def open_outreach_person(actor: Actor, pk: int, what: str, today: date | None = None) -> tuple[Person, str]:
    """As authorise, and the read is logged (for pages that show the person)."""
    person, municipality = authorise(actor, pk, today or timezone.localdate())
    log_reads(actor, [person], what)
    return person, municipality


def kaa_colleagues(municipality_code: str) -> list[User]:
    """Active users with an active KAA role for the municipality: those a case can be assigned to.

    The same reading of a role's municipality as fotfaste.access.scope.scope_for: the party's
    municipality, or for a party without one, the agreement's municipalities.
    """
    memberships = Membership.objects.filter(active=True, role=Role.KAA).filter(
        Q(unit__party__municipality_id=municipality_code)
        | Q(unit__party__municipality__isnull=True, unit__party__agreement__municipalities=municipality_code)
    )
    return list(
        User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .only("id", "username", "first_name", "last_name")
        .order_by("first_name", "last_name", "username")
    )


def _name(user) -> str:
    display = getattr(user, "display_name", None)
    return display() if callable(display) else getattr(user, "username", "")


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


# Validation (the forms call these too, so the letters' service gets the same rules)


def validate_contact(*, contacted_on: date, channel: str, outcome: str, today: date) -> None:
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = _("Välj en kanal ur listan.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Välj ett utfall ur listan.")
    if contacted_on > today:
        errors["contacted_on"] = _("Datumet kan inte vara senare än i dag.")
    if errors:
        raise ValidationError(errors)


def validate_occupation(*, status: str, valid_from: date, verified_on: date, today: date) -> None:
    errors = {}
    if status not in OccupationStatus.values:
        errors["status"] = _("Välj en sysselsättning ur listan.")
    if valid_from > today:
        errors["valid_from"] = _(
            "Datumet kan inte vara senare än i dag. Registrera sysselsättningen när den har börjat."
        )
    if verified_on > today:
        errors["verified_on"] = _("Datumet kan inte vara senare än i dag.")
    elif verified_on < valid_from:
        errors["verified_on"] = _("Sysselsättningen kan inte ha kontrollerats innan den började.")
    if errors:
        raise ValidationError(errors)


def validate_guardian(*, name: str, phone: str, age: int) -> None:
    errors = {}
    if age >= rules.GUARDIAN_AGE_LIMIT:
        errors["__all__"] = _("Personen har fyllt 18 år och har ingen vårdnadshavare.")
    if not name.strip():
        errors["name"] = _("Ange vårdnadshavarens namn.")
    if not PHONE_PATTERN.match(phone.strip()) or sum(ch.isdigit() for ch in phone) < 6:
        errors["phone"] = _("Ange ett telefonnummer med siffror, till exempel 070-123 45 67.")
    if errors:
        raise ValidationError(errors)


# Writes


def _case_for_update(person_id: int, municipality: str) -> OutreachCase:
    case, _created = OutreachCase.objects.select_for_update().get_or_create(
        person_id=person_id, municipality_id=municipality
    )
    return case


def refresh_contact_state(case: OutreachCase) -> None:
    """Recompute the case's contact columns from all its attempts (so back-dated entries land in place)."""
    attempts = ContactAttempt.objects.filter(person_id=case.person_id, municipality_id=case.municipality_id)
    state = rules.contact_state(
        (rules.AttemptFact(d, o, i) for d, o, i in attempts.values_list("contacted_on", "outcome", "id")),
        rules_for(case.municipality_id),
    )
    case.first_contact_on = state.first_contact_on
    case.last_contact_on = state.last_contact_on
    case.last_outcome = state.last_outcome
    case.reached_on = state.reached_on
    case.next_contact_due = state.next_contact_due
    case.save(
        update_fields=[
            "first_contact_on",
            "last_contact_on",
            "last_outcome",
            "reached_on",
            "next_contact_due",
            "updated_at",
        ]
    )


def refresh_occupation_state(case: OutreachCase) -> None:
    occupations = Occupation.objects.filter(person_id=case.person_id, municipality_id=case.municipality_id)
    current = rules.current_occupation(
        rules.OccupationFact(s, f, v, i)
        for s, f, v, i in occupations.values_list("status", "valid_from", "verified_on", "id")
    )
    case.occupation_status = current.status if current else ""
    case.occupation_verified_on = current.verified_on if current else None
    case.save(update_fields=["occupation_status", "occupation_verified_on", "updated_at"])


def record_contact(
    actor: Actor,
    person_id: int,
    *,
    contacted_on: date,
    channel: str,
    outcome: str,
    note: str = "",
    today: date | None = None,
) -> ContactAttempt:
    """Record a contact attempt (a printed letter too: channel "brev") and update the person's outreach state.

    404 (403 for the steering group) unless the actor is a KAA caseworker for the person's
    municipality; ValidationError (by field name, in Swedish) for a bad channel, outcome or a
    date after today. Nothing is stored on either.
    """
    today = today or timezone.localdate()
    person, municipality = authorise(actor, person_id, today)
    validate_contact(contacted_on=contacted_on, channel=channel, outcome=outcome, today=today)
    with transaction.atomic():
        case = _case_for_update(person.pk, municipality)
        attempt = ContactAttempt.objects.create(
            person=person,
            municipality_id=municipality,
            contacted_on=contacted_on,
            channel=channel,
            outcome=outcome,
            note=note.strip(),
            created_by=_user_or_none(actor.user),
            created_by_name=_name(actor.user),
        )
        refresh_contact_state(case)
    return attempt


def record_occupation(
    actor: Actor,
    person_id: int,
    *,
    status: str,
    valid_from: date,
    verified_on: date,
    note: str = "",
    today: date | None = None,
) -> Occupation:
    """Record what the person does from `valid_from`, verified on `verified_on`; updates the outreach state."""
    today = today or timezone.localdate()
    person, municipality = authorise(actor, person_id, today)
    validate_occupation(status=status, valid_from=valid_from, verified_on=verified_on, today=today)
    with transaction.atomic():
        case = _case_for_update(person.pk, municipality)
        occupation = Occupation.objects.create(
            person=person,
            municipality_id=municipality,
            status=status,
            valid_from=valid_from,
            verified_on=verified_on,
            note=note.strip(),
            recorded_by=_user_or_none(actor.user),
            recorded_by_name=_name(actor.user),
        )
        refresh_occupation_state(case)
    return occupation


def add_guardian(
    actor: Actor, person_id: int, *, name: str, phone: str, relation: str = "", today: date | None = None
) -> Guardian:
    """Add a guardian's name and phone for a person under 18."""
    today = today or timezone.localdate()
    person, municipality = authorise(actor, person_id, today)
    validate_guardian(name=name, phone=phone, age=person.age_on(today))
    with transaction.atomic():
        OutreachCase.objects.get_or_create(person=person, municipality_id=municipality)
        return Guardian.objects.create(
            person=person,
            name=name.strip(),
            phone=phone.strip(),
            relation=relation.strip(),
            created_by=_user_or_none(actor.user),
            created_by_name=_name(actor.user),
        )


def assign(actor: Actor, person_ids: Iterable[int], assignee_id: int | None, today: date | None = None) -> int:
    """Assign the persons' outreach to a KAA colleague of their municipality (None: to nobody).

    All or nothing: 404 if any person is outside the actor's outreach, ValidationError if the
    assignee is not a KAA caseworker for every municipality involved. Returns how many were assigned.
    """
    today = today or timezone.localdate()
    codes = kaa_municipalities(actor)
    ids = {int(pk) for pk in person_ids}
    if not ids:
        raise ValidationError({"person": _("Markera minst en person.")})
    persons = list(restrict(actor.user, on=today).filter(pk__in=ids).only("id", "home_municipality_id"))
    if len(persons) != len(ids):
        raise Http404
    periods = period_facts(ids, codes)
    by_municipality: dict[str, list[int]] = defaultdict(list)
    for p in persons:
        municipality = rules.outreach_municipality(periods.get(p.pk, []), p.home_municipality_id, codes, today)
        if municipality is None:
            raise Http404
        by_municipality[municipality].append(p.pk)
    if assignee_id is not None:
        for municipality in by_municipality:
            if assignee_id not in {u.pk for u in kaa_colleagues(municipality)}:
                raise ValidationError({"assignee": _("Välj en KAA-handläggare i personens kommun.")})
    now = timezone.now()
    with transaction.atomic():
        for municipality, pids in by_municipality.items():
            OutreachCase.objects.bulk_create(
                [OutreachCase(person_id=pk, municipality_id=municipality) for pk in pids], ignore_conflicts=True
            )
            OutreachCase.objects.filter(municipality_id=municipality, person_id__in=pids).update(
                assigned_to_id=assignee_id, assigned_at=now if assignee_id else None, updated_at=now
            )
    return len(ids)


# The person page


@dataclass(frozen=True)
class OccupationRow:
    occupation: Occupation
    is_current: bool
    counts_as: str  # the effective status's label, for the current one
    current_until: date | None


def outreach_section(person: Person, municipality_codes: frozenset[str], today: date) -> dict | None:
    """Context for outreach/person_section.html, or None when the viewer is no KAA caseworker for the person.

    The person page has already opened (and logged) the person; this only adds the outreach data.
    Every write creates the person's case first, so without a case there is nothing else to read:
    one query for a person nobody has worked with yet.
    """
    if not municipality_codes:
        return None
    municipality = municipality_of(person, municipality_codes, today)
    if municipality is None:
        return None
    case = (
        OutreachCase.objects.filter(person=person, municipality_id=municipality).select_related("assigned_to").first()
    )
    attempts, occupations, guardians = [], [], []
    if case is not None:
        attempts = list(ContactAttempt.objects.filter(person=person, municipality_id=municipality))
        occupations = list(Occupation.objects.filter(person=person, municipality_id=municipality))
        guardians = list(Guardian.objects.filter(person=person))
    saved = currency_overrides() if occupations else {}
    current = rules.current_occupation(
        rules.OccupationFact(o.status, o.valid_from, o.verified_on, o.pk) for o in occupations
    )
    rows = []
    for o in occupations:
        is_current = current is not None and o.pk == current.order
        months = rules.currency_months(o.status, saved)
        effective = rules.effective_occupation(o.status, o.verified_on, today, months) if is_current else ""
        rows.append(
            OccupationRow(
                occupation=o,
                is_current=is_current,
                counts_as=OccupationStatus(effective).label if effective else "",
                current_until=rules.current_until(o.verified_on, months)
                if is_current and o.status != rules.UNKNOWN
                else None,
            )
        )
    effective_now = (
        rules.effective_occupation(
            current.status, current.verified_on, today, rules.currency_months(current.status, saved)
        )
        if current
        else rules.UNKNOWN
    )
    age = person.age_on(today)
    return {
        "municipality": municipality,
        "case": case,
        "attempts": attempts,
        "occupations": rows,
        "occupation_now": OccupationStatus(effective_now).label,
        "occupation_stale": current is not None and effective_now == rules.UNKNOWN and current.status != rules.UNKNOWN,
        "guardians": guardians,
        "under_18": age < rules.GUARDIAN_AGE_LIMIT,
        "contact_due": bool(case and case.next_contact_due and case.next_contact_due <= today),
    }


def person_section(actor: Actor, person: Person, sharing, today: date) -> dict | None:
    """The person page's outreach section, for the KAA role of the person's municipality."""
    return outreach_section(person, scope_for(actor.user).municipality_codes, today)

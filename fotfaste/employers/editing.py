"""Changing the register from its pages: an employer's details (compare-and-set on `version`), its contact
people, its agreements with the collaboration and the agreement's settings for the warning.

Every casework role of the agreement keeps the shared register; an agreement with the collaboration is
ended only by the party that holds it, and the warning's days are the agreement's `samordnare`'s or
`admin`'s to set. Validation is by field, in Swedish, and nothing is saved on an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.core.versioning import EditConflict
from fotfaste.orgs.models import Unit
from fotfaste.orgs.roles import Role
from fotfaste.reference import data as reference

from .models import CollaborationAgreement, CollaborationKind, ContactPerson, Employer, EmployerSettings, Occupation
from .placements import resolve_occupation
from .register import (
    Duplicate,
    agreement_ids,
    employer_problems,
    parse_organisation_number,
    parse_sector,
    units_in,
)

MAX_WARNING_DAYS = 365
SETTINGS_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
POSTAL_CODE = re.compile(r"\d{3} ?\d{2}")

# --- Reading the employer form ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _municipality_by_postal_code() -> dict[str, str]:
    return {code: municipality for code, _town, municipality in reference.postal_codes()}


def parse_postal_code(text: str) -> tuple[str, str | None]:
    """Five digits (a space after the third is fine) and the municipality code Fotfäste knows for it."""
    text = (text or "").strip()
    if not text:
        return "", None
    if not POSTAL_CODE.fullmatch(text):
        raise ValidationError({"postal_code": _("Ange postnumret med fem siffror, till exempel 702 10.")})
    digits = text.replace(" ", "")
    return digits, _municipality_by_postal_code().get(digits)


def split_codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", (text or "").strip()) if c]


def parse_occupations(text: str) -> list[Occupation]:
    """SSYK 2012 codes separated by commas: each resolved to itself or its nearest known level; every bad
    code named in one error."""
    found, bad = [], []
    for code in split_codes(text):
        try:
            occupation = resolve_occupation(code)
        except ValidationError as exc:
            bad.append(f"{code} ({exc.message_dict['ssyk'][0]})")
        else:
            if occupation not in found:
                found.append(occupation)
    if bad:
        raise ValidationError({"occupations": _("Okända SSYK-koder: %(koder)s") % {"koder": "; ".join(bad)}})
    return found


@dataclass
class EmployerDetails:
    """What the employer form gives, read and checked: the fields of Employer and its occupations."""

    organisation_number: str
    sole_trader: bool
    name: str
    sector: str
    fields: dict
    occupations: list[Occupation]


def read_details(
    *, organisation_number: str, name: str, sector: str, postal_code: str = "", occupations: str = "", **more
) -> EmployerDetails:
    """Every problem of the form at once, keyed by the model's field names (ValidationError)."""
    problems = employer_problems(name, sector)
    number, sole_trader = "", False
    steps = [
        ("number", lambda: parse_organisation_number(organisation_number)),
        ("sector", lambda: parse_sector(sector)),
        ("postal", lambda: parse_postal_code(postal_code)),
        ("occupations", lambda: parse_occupations(occupations)),
    ]
    results = {}
    for key, step in steps:
        try:
            results[key] = step()
        except ValidationError as exc:
            problems.update({k: v[0] for k, v in exc.message_dict.items()})
    if problems:
        raise ValidationError(problems)
    number, sole_trader = results["number"]
    code, municipality = results["postal"]
    fields = {k: (v or "").strip() for k, v in more.items()}
    fields.update(postal_code=code, municipality_id=municipality)
    return EmployerDetails(number, sole_trader, name.strip(), results["sector"], fields, results["occupations"])


# --- The employer -----------------------------------------------------------------------------------------


def update_employer(user, employer: Employer, version: int, details: EmployerDetails) -> Employer:
    """Save the details when `version` is still the saved one: EditConflict otherwise, Duplicate when the
    new organisation number is another employer's in the agreement. Nothing saved on either."""
    if employer.agreement_id not in agreement_ids(user):
        raise Http404
    other = (
        Employer.objects.filter(agreement_id=employer.agreement_id, organisation_number=details.organisation_number)
        .exclude(pk=employer.pk)
        .first()
    )
    if other is not None:
        raise Duplicate(other)
    try:
        with transaction.atomic():
            changed = Employer.objects.filter(pk=employer.pk, version=version).update(
                organisation_number=details.organisation_number,
                sole_trader=details.sole_trader,
                name=details.name,
                sector=details.sector,
                version=F("version") + 1,
                **details.fields,
            )
            if not changed:
                raise EditConflict(Employer.objects.select_related("municipality").get(pk=employer.pk))
            employer.refresh_from_db()
            employer.occupations.set(details.occupations)
    except IntegrityError:
        # The number was taken meanwhile by an employer added at the same moment.
        raise Duplicate(
            Employer.objects.get(agreement_id=employer.agreement_id, organisation_number=details.organisation_number)
        ) from None
    return employer


# --- Contact people ---------------------------------------------------------------------------------------


def contact_person_for(employer: Employer, pk: int) -> ContactPerson:
    found = employer.contact_people.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def save_contact_person(employer: Employer, person: ContactPerson | None, **fields) -> ContactPerson:
    """A new contact person at the employer, or changes to one (`active` False: no longer current)."""
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if not fields.get("name"):
        raise ValidationError({"name": _("Ange kontaktpersonens namn.")})
    if person is None:
        return ContactPerson.objects.create(employer=employer, **fields)
    for key, value in fields.items():
        setattr(person, key, value)
    person.save()
    return person


# --- Agreements with the collaboration --------------------------------------------------------------------


def collaboration_for(employer: Employer, pk: int) -> CollaborationAgreement:
    found = employer.collaboration_agreements.select_related("unit__party").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def add_collaboration(
    user, employer: Employer, unit: Unit, *, kind: str, description: str, valid_from, valid_until
) -> CollaborationAgreement:
    if unit.pk not in scope_for(user).unit_ids or unit.party.agreement_id != employer.agreement_id:
        raise ValidationError({"unit": _("Ange en av dina egna enheter i arbetsgivarens överenskommelse.")})
    problems = {}
    if kind not in CollaborationKind.values:
        problems["kind"] = _("Välj vilken sorts avtal det är.")
    if valid_from and valid_until and valid_until < valid_from:
        problems["valid_until"] = _("Avtalet kan inte sluta före den dag det börjar gälla.")
    if problems:
        raise ValidationError(problems)
    return CollaborationAgreement.objects.create(
        employer=employer,
        unit=unit,
        kind=kind,
        description=(description or "").strip(),
        valid_from=valid_from,
        valid_until=valid_until,
    )


def may_end_collaboration(user, agreement: CollaborationAgreement) -> bool:
    """The party that holds the agreement ends it; another party cannot end it for them."""
    return agreement.unit.party_id in scope_for(user).party_ids


def end_collaboration(user, agreement: CollaborationAgreement, on: date) -> CollaborationAgreement:
    if not may_end_collaboration(user, agreement):
        raise ValidationError(
            _("Avtalet hålls av %(part)s; bara den parten kan avsluta det.") % {"part": agreement.unit.party.name}
        )
    if agreement.valid_from and on < agreement.valid_from:
        raise ValidationError({"valid_until": _("Avtalet kan inte sluta före den dag det började gälla.")})
    agreement.valid_until = on
    agreement.save(update_fields=["valid_until"])
    return agreement


# --- The agreement's settings -----------------------------------------------------------------------------


def settings_agreement_ids(user) -> set[int]:
    """The agreements whose employer settings the user may change: as the agreement's samordnare or admin."""
    return {a for a, role in scope_for(user).agreement_roles if role in SETTINGS_ROLES}


def save_warning_days(user, agreement_id: int, days: int) -> EmployerSettings:
    if agreement_id not in settings_agreement_ids(user):
        raise Http404
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_WARNING_DAYS:
        raise ValidationError({"warning_days": _("Ange ett helt antal dagar från 0 till 365.")})
    found, _created = EmployerSettings.objects.update_or_create(
        agreement_id=agreement_id, defaults={"warning_days": days}
    )
    return found


def own_units(user, employer: Employer) -> list[Unit]:
    return units_in(user, employer.agreement_id)

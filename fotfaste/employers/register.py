"""The employer register and the one contact log across parties.

Employers are organisations, not young people: every casework role of an agreement sees the agreement's
employers and every party's contacts with them, so that the parties call an employer once. Another
agreement's employers answer 404, as a missing one does. Validation here is the one place both the pages
and the API use; errors are keyed by the model's field names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.orgs.models import Unit
from fotfaste.orgs.roles import CASEWORK_ROLES
from fotfaste.people.identity import IdentityNumberError
from fotfaste.people.identity import parse_organisation_number as parse_org_number

from .models import DEFAULT_WARNING_DAYS, Channel, Employer, EmployerContact, EmployerSettings, Sector

# --- Who sees the register --------------------------------------------------------------------------------


def agreement_ids(user) -> set[int]:
    """The agreements where the user holds a casework role: whose employers and placements they see."""
    return {a for a, role in scope_for(user).agreement_roles if role in CASEWORK_ROLES}


def units_in(user, agreement_id: int) -> list[Unit]:
    """The user's casework units in the agreement (by party and name): those a contact or placement is for."""
    return list(
        Unit.objects.filter(pk__in=scope_for(user).unit_ids, party__agreement_id=agreement_id)
        .select_related("party")
        .order_by("party__name", "name", "pk")
    )


def visible_employers(user) -> QuerySet[Employer]:
    return Employer.objects.filter(agreement_id__in=agreement_ids(user))


def employer_for(user, pk: int) -> Employer:
    """The employer, for a user with a casework role in its agreement; otherwise 404."""
    found = visible_employers(user).select_related("agreement", "municipality").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def search(user, q: str = "") -> QuerySet[Employer]:
    """The user's agreements' employers whose name, organisation number or industry holds `q`."""
    found = visible_employers(user)
    q = (q or "").strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        match = Q(name__icontains=q) | Q(industry__icontains=q) | Q(city__icontains=q)
        if len(digits) >= 4:
            formatted = digits[:6] + ("-" + digits[6:] if len(digits) > 6 else "")
            match |= Q(organisation_number__startswith=formatted)
        found = found.filter(match)
    return found.order_by("name", "pk")


# --- Reading what people type -----------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Lower case without diacritics or separators: "Socialt företag" and "socialt_foretag" read alike."""
    decomposed = unicodedata.normalize("NFKD", (text or "").strip().lower())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in letters if ch.isalnum())


_SECTORS = {
    **{_plain(v): v for v in Sector.values},
    **{_plain(str(label)): value for value, label in Sector.choices},
    "offentligsektor": Sector.PUBLIC,
    "kommun": Sector.PUBLIC,
    "region": Sector.PUBLIC,
    "stat": Sector.PUBLIC,
    "public": Sector.PUBLIC,
    "privatsektor": Sector.PRIVATE,
    "naringsliv": Sector.PRIVATE,
    "private": Sector.PRIVATE,
    "ideellsektor": Sector.NON_PROFIT,
    "ideellforening": Sector.NON_PROFIT,
    "civilsamhallet": Sector.NON_PROFIT,
    "nonprofit": Sector.NON_PROFIT,
    "socialtforetag": Sector.SOCIAL_ENTERPRISE,
    "arbetsintegrerandesocialtforetag": Sector.SOCIAL_ENTERPRISE,
    "socialenterprise": Sector.SOCIAL_ENTERPRISE,
}

_CHANNELS = {
    **{_plain(v): v for v in Channel.values},
    **{_plain(str(label)): value for value, label in Channel.choices},
    "telefonsamtal": Channel.PHONE,
    "samtal": Channel.PHONE,
    "phone": Channel.PHONE,
    "epost": Channel.EMAIL,
    "mejl": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "email": Channel.EMAIL,
    "besok": Channel.VISIT,
    "mote": Channel.VISIT,
    "fysisktmote": Channel.VISIT,
    "arbetsplatsbesok": Channel.VISIT,
    "visit": Channel.VISIT,
    "meeting": Channel.VISIT,
    "video": Channel.DIGITAL,
    "videomote": Channel.DIGITAL,
    "teams": Channel.DIGITAL,
    "frukost": Channel.BREAKFAST,
    "naringslivsfrukost": Channel.BREAKFAST,
    "natverkstraff": Channel.BREAKFAST,
    "textmeddelande": Channel.SMS,
    "letter": Channel.LETTER,
    "other": Channel.OTHER,
}


def parse_sector(text: str) -> str:
    found = _SECTORS.get(_plain(text))
    if found is None:
        raise ValidationError({"sector": _("Okänd sektor. Ange en av: %(val)s.") % {"val": ", ".join(Sector.values)}})
    return found


def parse_channel(text: str) -> str:
    found = _CHANNELS.get(_plain(text))
    if found is None:
        raise ValidationError({"channel": _("Okänd kanal. Ange en av: %(val)s.") % {"val": ", ".join(Channel.values)}})
    return found


def parse_organisation_number(text: str) -> tuple[str, bool]:
    """The organisation number as NNNNNN-NNNN and whether it is a sole trader's (a personnummer)."""
    if not (text or "").strip():
        raise ValidationError({"organisation_number": _("Ange organisationsnumret, till exempel 212000-1355.")})
    try:
        number = parse_org_number(text.strip())
    except IdentityNumberError as exc:
        raise ValidationError(
            {"organisation_number": _("Ogiltigt organisationsnummer: %(fel)s") % {"fel": exc}}
        ) from None
    return number.formatted(), number.is_sole_trader


# --- The register -----------------------------------------------------------------------------------------


class Duplicate(Exception):
    """The agreement's register already has an employer with that organisation number."""

    def __init__(self, existing: Employer):
        super().__init__("duplicate")
        self.existing = existing


def employer_problems(name: str, sector: str) -> dict[str, str]:
    problems = {}
    if not (name or "").strip():
        problems["name"] = _("Ange arbetsgivarens namn.")
    elif len(name.strip()) > 200:
        problems["name"] = _("Namnet får vara högst 200 tecken.")
    return problems


def create_employer(user, agreement_id: int, *, organisation_number: str, name: str, sector: str, **more) -> Employer:
    """A new employer in the agreement's register. ValidationError by field; Duplicate when it is there."""
    if agreement_id not in agreement_ids(user):
        raise Http404
    problems = employer_problems(name, sector)
    try:
        number, sole_trader = parse_organisation_number(organisation_number)
    except ValidationError as exc:
        problems.update({k: v[0] for k, v in exc.message_dict.items()})
    try:
        sector = parse_sector(sector)
    except ValidationError as exc:
        problems.update({k: v[0] for k, v in exc.message_dict.items()})
    if problems:
        raise ValidationError(problems)
    existing = Employer.objects.filter(agreement_id=agreement_id, organisation_number=number).first()
    if existing is not None:
        raise Duplicate(existing)
    occupations = more.pop("occupations", None)
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                agreement_id=agreement_id,
                organisation_number=number,
                sole_trader=sole_trader,
                name=name.strip(),
                sector=sector,
                created_by_name=user_name(user),
                **more,
            )
    except IntegrityError:
        # Two people adding the same employer at once: the second finds the first's.
        raise Duplicate(Employer.objects.get(agreement_id=agreement_id, organisation_number=number)) from None
    if occupations:
        employer.occupations.set(occupations)
    return employer


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username())[:150]


# --- The contact log and its warning ----------------------------------------------------------------------


def warning_days(agreement_id: int) -> int:
    found = EmployerSettings.objects.filter(agreement_id=agreement_id).values_list("warning_days", flat=True).first()
    return DEFAULT_WARNING_DAYS if found is None else found


@dataclass(frozen=True)
class Warning:
    party: str
    date: date
    unit: str


def warnings_for(employer: Employer, party_id: int | None, on: date) -> list[Warning]:
    """Other parties' contacts with the employer within the agreement's days of `on`, before or after,
    newest first, one per party and day: "Arbetsförmedlingen kontaktade dem 2026-12-01"."""
    days = timedelta(days=warning_days(employer.agreement_id))
    contacts = (
        EmployerContact.objects.filter(employer=employer, date__gte=on - days, date__lte=on + days)
        .exclude(unit__party_id=party_id)
        .values_list("unit__party__name", "date", "unit__name")
        .order_by("-date", "unit__party__name", "unit__name")
    )
    seen, found = set(), []
    for party, day, unit in contacts:
        if (party, day) not in seen:
            seen.add((party, day))
            found.append(Warning(party, day, unit))
    return found


def contact_problems(on, purpose: str, today: date, next_step_on=None) -> dict[str, str]:
    problems = {}
    if on is None:
        problems["date"] = _("Ange datumet som ÅÅÅÅ-MM-DD.")
    elif on > today:
        problems["date"] = _("Datumet kan inte ligga efter i dag: logga kontakten när den har ägt rum.")
    if not (purpose or "").strip():
        problems["purpose"] = _("Ange syftet med kontakten.")
    elif len(purpose.strip()) > 200:
        problems["purpose"] = _("Syftet får vara högst 200 tecken.")
    if next_step_on is not None and on is not None and next_step_on < on:
        problems["next_step_on"] = _("Nästa steg kan inte vara före kontakten.")
    return problems


@transaction.atomic
def record_contact(
    user, employer: Employer, unit: Unit, *, on: date, channel: str, purpose: str, today: date, **more
) -> tuple[EmployerContact, list[Warning]]:
    """Log a contact for one of the user's units; returns it with the other parties' recent contacts."""
    if unit.pk not in scope_for(user).unit_ids or unit.party.agreement_id != employer.agreement_id:
        raise ValidationError({"unit": _("Ange en av dina egna enheter i arbetsgivarens överenskommelse.")})
    problems = contact_problems(on, purpose, today, more.get("next_step_on"))
    try:
        channel = parse_channel(channel)
    except ValidationError as exc:
        problems.update({k: v[0] for k, v in exc.message_dict.items()})
    for field in ("note",):
        if len(more.get(field) or "") > 2000:
            problems[field] = _("Högst 2 000 tecken.")
    if problems:
        raise ValidationError(problems)
    contact = EmployerContact.objects.create(
        employer=employer,
        unit=unit,
        date=on,
        channel=channel,
        purpose=purpose.strip(),
        created_by=user,
        created_by_name=user_name(user),
        **more,
    )
    return contact, warnings_for(employer, unit.party_id, on)

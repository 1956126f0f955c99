"""Why the caller sees a person, and writing consents, team membership and records through the API.

The same services, checks and read log as the web pages: a person the caller may not see answers
404, a refusal 403 with a Swedish `detail`, bad input 422 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path
from ninja.responses import Status

from fotfaste.access.grounds import grounds_for, restrict
from fotfaste.access.scope import casework_units, scope_for
from fotfaste.access.services import open_person, open_person_sharing
from fotfaste.consent import services as consents
from fotfaste.consent.forms import DEFAULT_PURPOSE
from fotfaste.consent.models import Consent, ConsentStatus
from fotfaste.orgs.models import Party, Unit
from fotfaste.people.identity import IdentityNumberError, parse_organisation_number
from fotfaste.records import services as records
from fotfaste.records.models import PartyRecord
from fotfaste.team import services as team
from fotfaste.team.models import TeamMember, TeamRole

from .persons import ERRORS, api_actor
from .persons import router as persons_router
from .schemas import (
    AccessOut,
    ConfirmIn,
    ConsentIn,
    ConsentOut,
    EndMemberIn,
    RecordIn,
    RecordOut,
    TeamMemberIn,
    TeamMemberOut,
    WithdrawIn,
    consent_out,
    member_out,
)

# The same router as the person reads: one path (…/consents) answers GET and POST.
router = persons_router
PNR = Path(..., description="Personnummer, helst ÅÅÅÅMMDDNNNN.")

# The services' field names, as the API calls them.
FIELDS = {
    "parties": "parter",
    "units": "enheter",
    "unit": "enhet",
    "kinds": "informationstyper",
    "purpose": "andamal",
    "status": "status",
    "method": "satt",
    "given_by": "lamnat_av",
    "guardian_name": "vardnadshavare",
    "valid_from": "giltig_fran",
    "valid_until": "giltig_till",
    "note": "anteckning",
    "role": "roll",
    "start_date": "fran",
    "end_date": "till",
    "is_main_contact": "huvudkontakt",
    "kind": "typ",
    "title": "titel",
    "name": "namn",
    "user": "anvandare",
}


class Unprocessable(Exception):
    """Bad input: 422 with the API's field names."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(fields)
        self.fields = fields


def unprocessable(exc: ValidationError) -> Unprocessable:
    if hasattr(exc, "error_dict"):
        return Unprocessable(
            {FIELDS.get(k, k): " ".join(str(m) for m in v[0].messages) for k, v in exc.error_dict.items()}
        )
    return Unprocessable({"__all__": " ".join(exc.messages)})


def own_unit(user, unit_id: int | None, field: str = "enhet") -> Unit:
    """The caller's casework unit: the one given, or their only one."""
    units = list(casework_units(user))
    if unit_id is not None:
        chosen = next((u for u in units if u.pk == unit_id), None)
        if chosen is None:
            raise Unprocessable({field: _("Ange en av dina egna enheter.")})
        return chosen
    if len(units) != 1:
        raise Unprocessable({field: _("Du har flera enheter: ange vilken (enhet).")})
    return units[0]


# --- Why the caller sees the person ----------------------------------------------------------


@router.get(
    "/persons/{personnummer}/access",
    response={200: AccessOut, **ERRORS},
    summary="Varför du ser personen",
    description=(
        "Dina grunder att se personen: `egen` (din enhet arbetar med personen), `samtycke` (ett gällande "
        "samtycke, med dess nummer) eller `uppdrag` (ett lagstadgat uppdrag, som det kommunala "
        "aktivitetsansvaret). 404 när du inte har någon. Läsningen loggas."
    ),
)
def access(request, personnummer: str = PNR):
    actor = api_actor(request)
    person = open_person(actor, "api: åtkomstgrunder", personnummer=personnummer)
    return {
        "grunder": [
            {"typ": g.kind, "enhet": g.unit_name, "fran": g.start, "till": g.end, "samtycke": g.consent_id}
            for g in grounds_for(actor.user, person.pk)
        ]
    }


# --- Consents ---------------------------------------------------------------------------------


def _parties(user, numbers: list[str]) -> list[Party]:
    found = []
    shareable = list(consents.shareable_parties(user))
    for number in numbers:
        try:
            normalised = parse_organisation_number(number).formatted()
        except (IdentityNumberError, ValueError):
            raise Unprocessable(
                {"parter": _("”%(v)s” är inget giltigt organisationsnummer.") % {"v": number}}
            ) from None
        party = next((p for p in shareable if _org(p.organisation_number) == _org(normalised)), None)
        if party is None:
            raise Unprocessable({"parter": _("%(v)s är ingen part i din överenskommelse.") % {"v": number}})
        found.append(party)
    return found


def _org(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())[-10:]


def _units(user, names: list[int | str]) -> list[Unit]:
    shareable = list(consents.shareable_units(user))
    found = []
    for value in names:
        unit = next((u for u in shareable if u.pk == value or u.name == value), None)
        if unit is None:
            raise Unprocessable(
                {"enheter": _("%(v)s är ingen enhet som arbetar med unga i din överenskommelse.") % {"v": value}}
            )
        found.append(unit)
    return found


@router.post(
    "/persons/{personnummer}/consents",
    response={201: ConsentOut, **ERRORS},
    summary="Registrera ett samtycke",
    description=(
        "Registrerar ett samtycke för din egen enhet. `parter` anges med organisationsnummer; din egen part ingår "
        "alltid. Det som en annan enhet har om personen delas först när den enheten bekräftat samtycket: svaret "
        "säger vems bekräftelse som väntas (`vantar_pa_bekraftelse`)."
    ),
)
def create_consent(request, data: ConsentIn, personnummer: str = PNR):
    actor = api_actor(request)
    person = open_person(actor, "api: registrera samtycke", personnummer=personnummer)
    if data.status not in (ConsentStatus.REQUESTED, ConsentStatus.GIVEN):
        raise Unprocessable({"status": _("Ange ”begart” eller ”lamnat”.")})
    unit = own_unit(actor.user, data.enhet)
    try:
        consent = consents.record_consent(
            actor,
            person,
            unit=unit,
            parties=_parties(actor.user, data.parter),
            units=_units(actor.user, data.enheter),
            kinds=list(data.informationstyper),
            purpose=data.andamal or str(DEFAULT_PURPOSE),
            status=data.status,
            method=data.satt or "",
            given_by=data.lamnat_av or "",
            guardian_name=data.vardnadshavare or "",
            valid_from=data.giltig_fran,
            valid_until=data.giltig_till,
        )
    except ValidationError as exc:
        raise unprocessable(exc) from None
    return Status(201, consent_out(consents.get_consent(actor, person, consent.pk)))


def _consent_and_person(actor, consent_id: int, what: str) -> tuple[Consent, object]:
    """A consent the caller may see, about a person the caller may see; else 404."""
    consent = Consent.objects.filter(pk=consent_id, person__in=restrict(actor.user).values("pk")).first()
    if consent is None:
        raise Http404
    person = open_person(actor, what, pk=consent.person_id)
    return consents.get_consent(actor, person, consent_id), person


@router.post(
    "/consents/{consent_id}/confirm",
    response={200: ConsentOut, **ERRORS},
    summary="Bekräfta ett samtycke för din enhet",
    description=(
        "Din enhet, som samtycket nämner, låter samtycket omfatta det enheten har om personen. Med flera "
        "enheter: ange vilken (`enhet`)."
    ),
)
def confirm_consent(request, consent_id: int, data: ConfirmIn | None = None):
    actor = api_actor(request)
    consent, person = _consent_and_person(actor, consent_id, "api: bekräfta samtycke")
    unit = None
    if data and data.enhet is not None:
        unit = next((u for u in casework_units(actor.user) if u.pk == data.enhet), None)
        if unit is None:
            raise Unprocessable({"enhet": _("Ange en av dina egna enheter.")})
    try:
        consents.confirm(actor, person, consent, unit=unit)
    except ValidationError as exc:
        raise unprocessable(exc) from None
    return consent_out(consents.get_consent(actor, person, consent_id))


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **ERRORS},
    summary="Registrera att ett samtycke återkallats",
    description="Återkallelsen gäller direkt: inget delas längre med stöd av samtycket.",
)
def withdraw_consent(request, consent_id: int, data: WithdrawIn | None = None):
    actor = api_actor(request)
    consent, person = _consent_and_person(actor, consent_id, "api: återkalla samtycke")
    note = (data.anteckning if data else "") or _("Registrerat via API:t.")
    try:
        consents.withdraw(actor, person, consent, note=note)
    except ValidationError as exc:
        raise unprocessable(exc) from None
    return consent_out(consents.get_consent(actor, person, consent_id))


# --- The team --------------------------------------------------------------------------------


@router.post(
    "/persons/{personnummer}/team",
    response={201: TeamMemberOut, **ERRORS},
    summary="Gå med i teamet runt personen",
    description=(
        "Du går med i teamet för din egen enhet (med flera enheter: ange `enhet`). En enhet lägger bara till sina "
        "egna medarbetare."
    ),
)
def join_team(request, data: TeamMemberIn, personnummer: str = PNR):
    actor = api_actor(request)
    person = open_person(actor, "api: gå med i teamet", personnummer=personnummer)
    if data.roll not in TeamRole.values:
        raise Unprocessable({"roll": _("Okänd roll: ange till exempel ”arbetsformedlare” eller ”mentor”.")})
    unit = own_unit(actor.user, data.enhet)
    try:
        member = team.add_member(
            actor,
            person,
            unit=unit,
            user=actor.user,
            role=data.roll,
            is_main_contact=data.huvudkontakt,
            start_date=data.fran or timezone.localdate(),
        )
    except ValidationError as exc:
        raise unprocessable(exc) from None
    return Status(201, member_out(TeamMember.objects.select_related("unit__party").get(pk=member.pk)))


@router.post(
    "/persons/{personnummer}/team/{member_id}/end",
    response={200: TeamMemberOut, **ERRORS},
    summary="Avsluta ett medlemskap i teamet",
    description="Bara medlemmens egen enhet avslutar det. Ett medlemskap du inte får se ger 404.",
)
def end_team_member(request, member_id: int, data: EndMemberIn | None = None, personnummer: str = PNR):
    actor = api_actor(request)
    person, sharing, today = open_person_sharing(actor, "api: avsluta i teamet", personnummer=personnummer)
    member = next((m for m in team.team_for(actor, person, sharing, today) if m.pk == member_id), None)
    if member is None:
        raise Http404
    if member.unit_id not in scope_for(actor.user).unit_ids:
        raise PermissionDenied(_("Bara den egna enheten kan avsluta en medlem i teamet."))
    try:
        team.end_member(actor, person, member, end_date=(data.till if data and data.till else today))
    except ValidationError as exc:
        raise unprocessable(exc) from None
    return member_out(TeamMember.objects.select_related("unit__party").get(pk=member.pk))


# --- Records ---------------------------------------------------------------------------------


def record_out(r: PartyRecord) -> dict:
    return {"id": r.pk, "enhet": r.unit.name, "typ": r.kind, "titel": r.title, "fran": r.start_date, "till": r.end_date}


@router.get(
    "/persons/{personnummer}/records",
    response={200: list[RecordOut], **ERRORS},
    summary="Uppgifter från parterna",
    description=(
        "Det enheterna har registrerat om personen som du får se: din egen enhets, och andras när de delat det "
        "genom ett samtycke som de bekräftat. Läsningen loggas."
    ),
)
def list_records(request, personnummer: str = PNR):
    actor = api_actor(request)
    person, sharing, _today = open_person_sharing(actor, "api: uppgifter", personnummer=personnummer)
    return [record_out(r) for r in records.records_for(actor, person, sharing)]


@router.post(
    "/persons/{personnummer}/records",
    response={201: RecordOut, **ERRORS},
    summary="Registrera en uppgift för din enhet",
    description=(
        "`typ` är en av informationstyperna, och enheten måste få ha den: Arbetsförmedlingens inskrivning bara "
        "hos Arbetsförmedlingen, försörjningsstöd bara av socialsekreterare, hälsa aldrig inom KAA."
    ),
)
def create_record(request, data: RecordIn, personnummer: str = PNR):
    actor = api_actor(request)
    person = open_person(actor, "api: registrera uppgift", personnummer=personnummer)
    unit = own_unit(actor.user, data.enhet)
    try:
        record = records.add_record(
            actor,
            person,
            unit=unit,
            kind=data.typ,
            title=data.titel,
            start_date=data.fran or timezone.localdate(),
            end_date=data.till,
        )
    except ValidationError as exc:
        raise unprocessable(exc) from None
    return Status(201, record_out(PartyRecord.objects.select_related("unit").get(pk=record.pk)))

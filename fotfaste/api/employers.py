"""Employers, their contact log and placements through the API: the same services and rules as the pages.

Employers are organisations, so no person is read here; an anonymous placement's employer is null for a
caller of another party than the publishing unit's until one of the caller's candidates is shortlisted.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from fotfaste.employers import contact_log, placements, register
from fotfaste.employers.models import Employer, LadderStep, Placement

from .collaboration import Unprocessable
from .persons import ERRORS

router = Router(tags=["arbetsgivare"])

PAGE = 100

# The services' field names, as the API calls them.
FIELDS = {
    "organisation_number": "organisationsnummer",
    "name": "namn",
    "sector": "sektor",
    "industry": "bransch",
    "agreement": "overenskommelse",
    "date": "datum",
    "channel": "kanal",
    "purpose": "syfte",
    "note": "anteckning",
    "result": "resultat",
    "next_step": "nasta_steg",
    "next_step_on": "nasta_steg_senast",
    "unit": "enhet",
    "ssyk": "ssyk",
    "step": "steg",
    "places": "platser",
    "start_date": "fran",
    "end_date": "till",
    "kind": "typ",
    "employer": "arbetsgivare",
}


def _unprocessable(exc: ValidationError) -> Unprocessable:
    return Unprocessable({FIELDS.get(k, k): " ".join(v) for k, v in exc.message_dict.items()})


def _caller(request):
    """The caller, who must hold a casework role in some agreement: employers are the casework roles' work."""
    user = request.auth
    if not register.agreement_ids(user):
        raise PermissionDenied(_("Arbetsgivarregistret är för handläggande roller i en samverkan."))
    return user


def _text(value: str, field: str, max_length: int) -> str:
    """A free-text field as given, or 422 naming it: a text that does not fit is refused, never cut short."""
    value = (value or "").strip()
    if len(value) > max_length:
        raise Unprocessable({field: _("Högst %(n)d tecken (nu %(antal)d).") % {"n": max_length, "antal": len(value)}})
    return value


def _date(value: str | None, field: str, *, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            raise Unprocessable({field: _("Ange datumet som ÅÅÅÅ-MM-DD.")})
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Unprocessable({field: _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01.")}) from None


# --- Employers --------------------------------------------------------------------------------------------


class EmployerIn(Schema):
    organisationsnummer: str = Field(description="Organisationsnummer, NNNNNN-NNNN (tio siffror med eller utan -).")
    namn: str = Field(description="Arbetsgivarens namn.")
    sektor: str = Field(description="offentlig, privat, ideell eller socialt_foretag.")
    bransch: str = Field("", description="Bransch, fritt.")
    overenskommelse: int | None = Field(
        None, description="Överenskommelsens id; behövs bara om du har roller i flera överenskommelser."
    )


class EmployerOut(Schema):
    id: int
    organisationsnummer: str
    namn: str
    sektor: str
    bransch: str
    enskild_firma: bool = Field(description="Numret är en enskild firmas (ett personnummer).")
    overenskommelse: int
    ort: str


class EmployerPage(Schema):
    items: list[EmployerOut] = Field(description="Arbetsgivarna på den här sidan, i namnordning.")
    next: str | None = Field(description="Fullständig adress till nästa sida, eller null.")


def employer_out(e: Employer) -> dict:
    return {
        "id": e.pk,
        "organisationsnummer": e.organisation_number,
        "namn": e.name,
        "sektor": e.sector,
        "bransch": e.industry,
        "enskild_firma": e.sole_trader,
        "overenskommelse": e.agreement_id,
        "ort": e.city,
    }


def _agreement(user, given: int | None) -> int:
    mine = register.agreement_ids(user)
    if given is not None:
        if given not in mine:
            raise Unprocessable({"overenskommelse": _("Ange en överenskommelse där du har en handläggande roll.")})
        return given
    if len(mine) != 1:
        raise Unprocessable({"overenskommelse": _("Du har roller i flera överenskommelser: ange vilken.")})
    return next(iter(mine))


@router.post(
    "/employers",
    response={201: EmployerOut, 409: EmployerOut, **ERRORS},
    summary="Lägg till en arbetsgivare i samverkans register",
    description=(
        "Registret delas av överenskommelsens parter. Ett ogiltigt organisationsnummer ger 422 med fältet "
        "`organisationsnummer`. Finns arbetsgivaren redan i överenskommelsens register svarar API:t 409 med den "
        "befintliga arbetsgivaren."
    ),
)
def create_employer(request, data: EmployerIn):
    user = _caller(request)
    agreement_id = _agreement(user, data.overenskommelse)
    try:
        employer = register.create_employer(
            user,
            agreement_id,
            organisation_number=data.organisationsnummer,
            name=data.namn,
            sector=data.sektor,
            industry=_text(data.bransch, "bransch", 200),
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from None
    except register.Duplicate as dup:
        return Status(409, employer_out(dup.existing))
    return Status(201, employer_out(employer))


@router.get(
    "/employers",
    response={200: EmployerPage, **ERRORS},
    summary="Sök i arbetsgivarregistret",
    description="Arbetsgivarna i dina överenskommelser vars namn, organisationsnummer, bransch eller ort innehåller `q`.",
)
def search_employers(
    request,
    q: str = Query("", max_length=200, description="Sökord; tomt ger alla."),
    efter: int | None = Query(None, description="Var sidan börjar; hämtas från `next`."),
):
    user = _caller(request)
    found = register.search(user, q)
    if efter is not None:
        last = register.visible_employers(user).filter(pk=efter).values_list("name", flat=True).first()
        if last is not None:
            found = found.filter(name__gt=last) | found.filter(name=last, pk__gt=efter)
    rows = list(found.order_by("name", "pk")[: PAGE + 1])
    next_url = None
    if len(rows) > PAGE:
        rows = rows[:PAGE]
        next_url = request.build_absolute_uri(f"{request.path}?" + urlencode({"q": q, "efter": rows[-1].pk}))
    return {"items": [employer_out(e) for e in rows], "next": next_url}


# --- Contacts ---------------------------------------------------------------------------------------------


class ContactIn(Schema):
    datum: str = Field(description="Dagen för kontakten, ÅÅÅÅ-MM-DD (inte efter i dag).")
    kanal: str = Field(description="telefon, e-post, besok, digitalt, frukostmote, brev, sms eller annat.")
    syfte: str = Field(description="Varför ni tog kontakt.")
    anteckning: str = Field("", description="Vad som sades.")
    resultat: str = Field("", description="Vad det ledde till.")
    nasta_steg: str = Field("", description="Nästa steg.")
    nasta_steg_senast: str | None = Field(None, description="Nästa steg senast, ÅÅÅÅ-MM-DD.")
    enhet: int | None = Field(None, description="Din enhet; behövs bara om du har flera i överenskommelsen.")


class WarningOut(Schema):
    part: str = Field(description="Den andra parten som hade kontakt med arbetsgivaren.")
    datum: date


class ContactOut(Schema):
    id: int
    arbetsgivare: int
    datum: date
    kanal: str
    syfte: str
    anteckning: str
    resultat: str
    nasta_steg: str
    nasta_steg_senast: date | None
    enhet: str
    part: str
    varningar: list[WarningOut] = Field(
        description="Andra parters kontakter med samma arbetsgivare inom överenskommelsens antal dagar "
        "(standard 14) före eller efter `datum`; tom lista om inga."
    )


@router.post(
    "/employers/{employer}/contacts",
    response={201: ContactOut, **ERRORS},
    summary="Logga en kontakt med en arbetsgivare",
    description=(
        "Loggar kontakten för din enhet och svarar med `varningar`: andra parters kontakter med samma "
        "arbetsgivare nära samma dag, så att parterna hör av sig en gång."
    ),
)
def create_contact(request, employer: int, data: ContactIn):
    employer_id = employer
    user = _caller(request)
    employer = register.employer_for(user, employer_id)
    units = register.units_in(user, employer.agreement_id)
    if data.enhet is not None:
        units = [u for u in units if u.pk == data.enhet]
    if len(units) != 1:
        raise Unprocessable({"enhet": _("Ange vilken av dina enheter i arbetsgivarens överenskommelse (enhet).")})
    on = _date(data.datum, "datum")
    next_on = _date(data.nasta_steg_senast, "nasta_steg_senast", required=False)
    try:
        contact, _warnings = register.record_contact(
            user,
            employer,
            units[0],
            on=on,
            channel=data.kanal,
            purpose=data.syfte,
            today=timezone.localdate(),
            note=data.anteckning,
            result=_text(data.resultat, "resultat", 500),
            next_step=_text(data.nasta_steg, "nasta_steg", 500),
            next_step_on=next_on,
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from None
    # As the contact form warns: of parties that are none of the caller's own (a caller with units in several
    # parties is not warned of its own other party).
    warnings = contact_log.warnings_for_viewer(user, employer, contact.date)
    return Status(
        201,
        {
            "id": contact.pk,
            "arbetsgivare": employer.pk,
            "datum": contact.date,
            "kanal": contact.channel,
            "syfte": contact.purpose,
            "anteckning": contact.note,
            "resultat": contact.result,
            "nasta_steg": contact.next_step,
            "nasta_steg_senast": contact.next_step_on,
            "enhet": units[0].name,
            "part": units[0].party.name,
            "varningar": [{"part": w.party, "datum": w.date} for w in warnings],
        },
    )


# --- Placements -------------------------------------------------------------------------------------------


class PlacementIn(Schema):
    arbetsgivare: int = Field(description="Arbetsgivarens id i registret.")
    ssyk: str = Field(description="Yrket som SSYK 2012-kod, en till fyra siffror.")
    steg: str = Field(description="Steget på praktiktrappan: skyddad, halvskyddad eller verklig.")
    platser: int = Field(description="Antal platser, minst 1.")
    fran: str = Field(description="Första dagen, ÅÅÅÅ-MM-DD.")
    till: str = Field(description="Sista dagen, ÅÅÅÅ-MM-DD.")
    anonym: bool = Field(
        False,
        description="Anonym annons: andra parter ser inte arbetsgivaren förrän en av deras kandidater gått vidare.",
    )
    typ: str = Field("praktik", description="praktik eller jobb.")
    rubrik: str = Field("", description="Rubrik.")
    enhet: int | None = Field(None, description="Din enhet som publicerar; behövs bara om du har flera.")


class PlacementOut(Schema):
    id: int
    arbetsgivare: int | None = Field(description="Arbetsgivarens id, eller null i en anonym annons du inte får se.")
    arbetsgivarnamn: str | None
    sektor: str
    ssyk: str
    yrke: str = Field(description="SSYK-kodens benämning (eller närmaste kända nivå).")
    steg: str
    typ: str
    rubrik: str
    platser: int
    fran: date
    till: date
    anonym: bool
    part: str = Field(description="Parten som publicerade platsen.")


class PlacementPage(Schema):
    items: list[PlacementOut]
    next: str | None


def placement_out(p: Placement) -> dict:
    shown = p.employer_shown
    return {
        "id": p.pk,
        "arbetsgivare": p.employer_id if shown else None,
        "arbetsgivarnamn": p.employer.name if shown else None,
        "sektor": p.employer.sector,
        "ssyk": p.ssyk,
        "yrke": p.occupation.name,
        "steg": p.step,
        "typ": p.kind,
        "rubrik": p.title,
        "platser": p.places,
        "fran": p.start_date,
        "till": p.end_date,
        "anonym": p.anonymous,
        "part": p.unit.party.name,
    }


@router.post(
    "/placements",
    response={201: PlacementOut, **ERRORS},
    summary="Publicera en praktikplats eller ett jobb",
    description="Platsen publiceras för din enhet. Fel i indata ger 422 med fältets namn.",
)
def create_placement(request, data: PlacementIn):
    user = _caller(request)
    employer = register.visible_employers(user).filter(pk=data.arbetsgivare).first()
    if employer is None:
        raise Unprocessable({"arbetsgivare": _("Arbetsgivaren finns inte i registret för dina överenskommelser.")})
    problems = {}
    start = end = None
    try:
        start = _date(data.fran, "fran")
    except Unprocessable as exc:
        problems.update(exc.fields)
    try:
        end = _date(data.till, "till")
    except Unprocessable as exc:
        problems.update(exc.fields)
    if problems:
        raise Unprocessable(problems)
    try:
        unit = placements.publishing_unit(user, employer, data.enhet)
        created = placements.create_placement(
            user,
            employer,
            unit,
            ssyk=data.ssyk,
            step=(data.steg or "").strip().lower(),
            places=data.platser,
            start_date=start,
            end_date=end,
            anonymous=data.anonym,
            kind=(data.typ or "").strip().lower(),
            title=_text(data.rubrik, "rubrik", 200),
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from None
    return Status(201, placement_out(placements.placement_for(user, created.pk)))


@router.get(
    "/placements",
    response={200: PlacementPage, **ERRORS},
    summary="Praktikplatser och jobb i dina överenskommelser",
    description=(
        "Nyaste först. I en anonym annons från en annan part är `arbetsgivare` och `arbetsgivarnamn` null tills "
        "en kandidat från din part har gått vidare (CV skickat eller senare)."
    ),
)
def list_placements(
    request,
    steg: str | None = Query(None, description="skyddad, halvskyddad eller verklig."),
    oppna: bool = Query(False, description="Bara platser som inte är stängda och inte har passerat sista dagen."),
    efter: int | None = Query(None, description="Var sidan börjar; hämtas från `next`."),
):
    user = _caller(request)
    found = placements.visible_placements(user).select_related("employer", "occupation", "unit__party")
    if steg:
        if steg not in LadderStep.values:
            raise Unprocessable({"steg": _("Ange skyddad, halvskyddad eller verklig.")})
        found = found.filter(step=steg)
    if oppna:
        found = found.filter(closed=False, end_date__gte=timezone.localdate())
    if efter is not None:
        found = found.filter(pk__lt=efter)
    rows = list(found.order_by("-pk")[: PAGE + 1])
    next_url = None
    if len(rows) > PAGE:
        rows = rows[:PAGE]
        params = {k: v for k, v in {"steg": steg, "oppna": "true" if oppna else None}.items() if v}
        next_url = request.build_absolute_uri(f"{request.path}?" + urlencode({**params, "efter": rows[-1].pk}))
    return {"items": [placement_out(p) for p in rows], "next": next_url}

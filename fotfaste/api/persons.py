"""Reading persons through the API. All reads go through fotfaste.access.services (checked and logged)."""

from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from ninja import Path, Query, Router

from fotfaste.access.models import Channel
from fotfaste.access.services import Actor, open_person, open_person_sharing, search_persons
from fotfaste.consent import services as consent_services
from fotfaste.core.net import client_ip
from fotfaste.outreach import services as outreach_services
from fotfaste.outreach.models import ContactAttempt
from fotfaste.people.presenters import public_fields
from fotfaste.plans import services as plan_services
from fotfaste.team.services import team_for

from .schemas import (
    ConsentOut,
    ContactOut,
    Error,
    PersonOut,
    PersonPage,
    PlanOut,
    TeamMemberOut,
    consent_out,
    member_out,
)

router = Router(tags=["personer"])

ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}


def api_actor(request) -> Actor:
    # request.auth, never request.user from a session: only the bearer token identifies the caller.
    return Actor(user=request.auth, channel=Channel.API, ip=client_ip(request))


@router.get(
    "/persons",
    response={200: PersonPage, **ERRORS},
    summary="Sök personer",
    description=(
        "Söker bland de personer du har rätt att se, på personnummer (i valfri vanlig form) eller namn. "
        "Svaret kommer i sidor; följ `next` för nästa sida. Varje träff loggas i läsloggen."
    ),
)
def search(
    request,
    q: str = Query("", max_length=200, description="Personnummer eller namn. Tom sökning ger inga träffar."),
    efter: str | None = Query(
        None, max_length=1000, description="Var sidan börjar; hämtas från `next` i föregående svar."
    ),
    limit: int | None = Query(None, ge=1, le=100, description="Antal träffar per sida (1–100)."),
):
    persons, next_cursor = search_persons(api_actor(request), q, efter, limit or settings.PAGE_SIZE)
    next_url = None
    if next_cursor:
        params = {"q": q, "efter": next_cursor}
        if limit:
            params["limit"] = limit
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(params)}")
    return {"items": [public_fields(p) for p in persons], "next": next_url}


@router.get(
    "/persons/{personnummer}",
    response={200: PersonOut, **ERRORS},
    summary="Hämta en person",
    description=(
        "En person du har rätt att se, angiven med personnummer (helst tolv siffror, men andra vanliga former går också). "
        "En person du inte får se ger samma 404-svar som en som inte finns. Läsningen loggas."
    ),
)
def detail(
    request,
    personnummer: str = Path(..., description="Personnummer, helst ÅÅÅÅMMDDNNNN."),
):
    person = open_person(api_actor(request), "api: person", personnummer=personnummer)
    return public_fields(person)


@router.get(
    "/persons/{personnummer}/consents",
    response={200: list[ConsentOut], **ERRORS},
    summary="Samtycken för en person",
    description=(
        "Personens samtycken som du får se: de som din enhet registrerat och de som omfattar din enhet eller part. "
        "Läsningen loggas."
    ),
)
def consents(request, personnummer: str = Path(..., description="Personnummer, helst ÅÅÅÅMMDDNNNN.")):
    actor = api_actor(request)
    person = open_person(actor, "api: samtycken", personnummer=personnummer)
    return [consent_out(c) for c in consent_services.visible_consents(actor.user, person.pk)]


@router.get(
    "/persons/{personnummer}/team",
    response={200: list[TeamMemberOut], **ERRORS},
    summary="Teamet runt en person",
    description=(
        "De nuvarande medlemmarna i personens team som du får se: din egen enhets, och andra enheters när ett "
        "gällande samtycke delar planeringen med dig. Läsningen loggas."
    ),
)
def team(request, personnummer: str = Path(..., description="Personnummer, helst ÅÅÅÅMMDDNNNN.")):
    actor = api_actor(request)
    person, sharing, today = open_person_sharing(actor, "api: teamet", personnummer=personnummer)
    return [member_out(m) for m in team_for(actor, person, sharing, today)]


@router.get(
    "/persons/{personnummer}/plans",
    response={200: list[PlanOut], **ERRORS},
    summary="Individuella planer för en person",
    description=(
        "Personens öppna individuella planer med insatser som du får se: din enhets, och andra enheters när ett "
        "gällande samtycke delar planering och insatser med dig. Läsningen loggas."
    ),
)
def plans(request, personnummer: str = Path(..., description="Personnummer, helst ÅÅÅÅMMDDNNNN.")):
    actor = api_actor(request)
    person, sharing, _today = open_person_sharing(actor, "api: planer", personnummer=personnummer)
    return [
        {
            "id": p.pk,
            "mal": p.goal_kind,
            "malbeskrivning": p.goal,
            "egna_ord": p.own_words,
            "ses_over_senast": p.revise_by,
            "enhet": p.unit.name,
            "version": p.version,
            "insatser": [
                {
                    "insats": m.measure_type.name,
                    "beskrivning": m.description,
                    "ansvarig": m.responsible,
                    "ansvarig_enhet": m.responsible_unit.name if m.responsible_unit_id else None,
                    "ansvarig_aktor": m.responsible_actor or None,
                    "planerad_start": m.planned_start,
                    "planerat_slut": m.planned_end,
                    "faktisk_start": m.actual_start,
                    "faktiskt_slut": m.actual_end,
                    "status": m.status,
                    "avslutsorsak": m.end_reason or None,
                    "uppfoljning": m.follow_up_on,
                    "utvardering": m.evaluation_on,
                }
                for m in p.measures.all()
            ],
        }
        for p in plan_services.visible_plans(actor, person, sharing)
    ]


@router.get(
    "/persons/{personnummer}/contacts",
    response={200: list[ContactOut], **ERRORS},
    summary="Kontaktförsök inom det kommunala aktivitetsansvaret",
    description=(
        "Det uppsökande arbetets kontaktförsök, det senaste först. Bara för KAA-handläggare i personens kommun; "
        "andra får 404. Läsningen loggas."
    ),
)
def contacts(request, personnummer: str = Path(..., description="Personnummer, helst ÅÅÅÅMMDDNNNN.")):
    actor = api_actor(request)
    person = open_person(actor, "api: kontaktförsök", personnummer=personnummer)
    _person, municipality = outreach_services.authorise(actor, person.pk, timezone.localdate())
    attempts = ContactAttempt.objects.filter(person=person, municipality_id=municipality).order_by(
        "-contacted_on", "-id"
    )
    return [{"datum": a.contacted_on, "kanal": a.channel, "utfall": a.outcome, "anteckning": a.note} for a in attempts]

"""Eligibility through the API: the same assessment as the person page, under the same access rules."""

from datetime import date

from django.utils import timezone
from ninja import Path, Query, Router, Schema

from fotfaste.access.services import open_person
from fotfaste.programmes import services

from .collaboration import Unprocessable
from .persons import ERRORS, api_actor

router = Router(tags=["program"])


class ConditionOut(Schema):
    text: str
    uppfyllt: bool | None


class EligibilityOut(Schema):
    kod: str
    namn: str
    behorig: bool
    blir_behorig: date | None
    kan_avgoras: bool
    skal: str
    villkor: list[ConditionOut]


class PersonEligibilityOut(Schema):
    personnummer: str
    datum: date
    program: list[EligibilityOut]


@router.get(
    "/persons/{personnummer}/eligibility",
    response={200: PersonEligibilityOut, **ERRORS},
    summary="Behörighet till program för en person",
    description=(
        "För varje program i dina överenskommelser (eller de fyra som följer med Fotfäste, om överenskommelsen inte "
        "valt några med regler): om personen är behörig dagen `on`, den första dag inom tolv månader hen blir det "
        "(`blir_behorig`), och skälet per villkor med de ej uppfyllda först – samma innehåll som kommandot "
        "`eligibility` och personsidan. Uppgifter du inte får se (till exempel en annan enhets inskrivning på "
        "Arbetsförmedlingen utan samtycke) räknas inte: då är `kan_avgoras` false och skälet säger vad som saknas. "
        "Läsningen loggas."
    ),
)
def eligibility(
    request,
    personnummer: str = Path(..., description="Personnummer, helst ÅÅÅÅMMDDNNNN."),
    on: str | None = Query(None, description="Dagen behörigheten gäller, ÅÅÅÅ-MM-DD; standard är i dag."),
):
    today = timezone.localdate()
    try:
        day = date.fromisoformat(on) if on else today
    except ValueError:
        raise Unprocessable({"on": "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2016-06-01."}) from None
    actor = api_actor(request)
    person = open_person(actor, "api: programbehörighet", personnummer=personnummer)
    assessments = services.assess_person(actor, person, day, known_on=today)
    return {
        "personnummer": person.personnummer,
        "datum": day,
        "program": [
            {
                "kod": a.programme.code,
                "namn": a.programme.rule.name,
                "behorig": a.result.eligible,
                "blir_behorig": a.result.becomes_eligible,
                "kan_avgoras": not a.result.undecided,
                "skal": a.result.explanation,
                "villkor": [{"text": o.text, "uppfyllt": o.holds} for o in a.result.outcomes],
            }
            for a in assessments
        ],
    }

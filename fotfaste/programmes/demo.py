"""Demo programmes: Örebro's agreement picks its programmes from the catalogue; a few young people whom
the labour-market unit works with have consented to share their occupation, plans and AF registration
with AF, so AF's employment officer sees from which day they are eligible for a traineejobb and why.
Lekeberg configures nothing and so uses the four programmes shipped."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.consent.models import (
    Consent,
    ConsentConfirmation,
    ConsentMethod,
    ConsentRecipient,
    ConsentStatus,
    GivenBy,
)
from fotfaste.core.demo import full_name

from . import services

OREBRO_PROGRAMMES = (
    "utbildningskontrakt",
    "traineejobb_valfard",
    "traineejobb_bristyrke",
    "jobbgaranti_ungdomar",
    "ungkomp",
    "feriepraktik",
    "extratjanster",
)
PURPOSE = "Att kommunen och Arbetsförmedlingen tillsammans ska kunna erbjuda traineejobb eller utbildningskontrakt."


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO

    work_unit = run.unit("Arbetsmarknadsenheten")
    af_unit = run.unit("Arbetsförmedlingen Örebro, ungdomsteam")
    agreement = work_unit.party.agreement
    for code in OREBRO_PROGRAMMES:
        services.add_from_catalogue(agreement, code)
    people = getattr(run, "programme_people", {}).get(OREBRO, {})
    shared = [*people.get("eligible", ()), *people.get("soon", ()), *people.get("birthday", ())]
    for person in shared:
        given_on = run.today - timedelta(days=run.rng.randint(5, 40))
        OwnGround.objects.create(person=person, unit=work_unit, start_date=given_on, basis=OwnBasis.WORK)
        consent = Consent.objects.create(
            person=person,
            agreement=agreement,
            purpose=PURPOSE,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.SIGNED_FORM,
            given_by=GivenBy.PERSON,
            valid_from=given_on,
            valid_until=given_on + timedelta(days=365),
            decided_on=given_on,
            recorded_by_unit=work_unit,
            recorded_by_name=full_name("samordnare"),
            covers_identity=True,
            covers_occupation_plan=True,
            covers_employment_service=True,
        )
        ConsentRecipient.objects.bulk_create(
            [
                ConsentRecipient(consent=consent, party=work_unit.party),
                ConsentRecipient(consent=consent, party=af_unit.party),
            ]
        )
        ConsentConfirmation.objects.create(
            consent=consent, unit=work_unit, holds_identity=True, confirmed_by_name=full_name("samordnare")
        )
        ConsentConfirmation.objects.create(
            consent=consent, unit=af_unit, holds_identity=True, confirmed_by_name=full_name("arbetsformedlare")
        )
    routine_demo(run, agreement, work_unit, shared)
    run.lines.append(
        _(
            "Program: Örebro har %(program)d program ur katalogen; %(delar)d unga har samtyckt till att dela "
            "med Arbetsförmedlingen (traineejobb nu, snart och vid 20-årsdagen), %(kontrakt)d kan få utbildningskontrakt"
        )
        % {
            "program": len(OREBRO_PROGRAMMES),
            "delar": len(shared),
            "kontrakt": len(people.get("contract", ())),
        }
    )


# --- The routine's board, places and selection (board.py, places.py) ---------------------------------------

SELECTION_RATIONALE = (
    "De individerna med bäst förutsättningar får gå vidare; resterande får vänta till nästa möjlighet. "
    "Bedömningen bygger på studieplanen från SYV och arbetsplatsernas möjlighet att handleda."
)


def routine_demo(run, agreement, unit, people) -> None:
    """Traineejobb in welfare in Örebro: those who consented are in its routine at various steps (some overdue),
    and the autumn's places were fewer than the applicants: a recorded selection with its rationale, who got
    a place, a waiting list and one not selected."""
    from .models import AgreementProgramme, Participation, PlacePeriod, Selection, SelectionDecision, StepMove

    programme = AgreementProgramme.objects.get(agreement=agreement, code="traineejobb_valfard")
    people = list(people)[:8]
    if len(people) < 5:
        return
    who = full_name("arbetsformedlare")
    today = run.today
    # (step, days in the step, status): the first six applied for the autumn's places.
    plan = [
        (4, 5, "vald"),
        (4, 5, "vald"),
        (4, 5, "vald"),
        (3, 20, "vantelista"),
        (3, 20, "vantelista"),
        (3, 20, "ej_vald"),
        (1, 25, "aktuell"),  # overdue: more than 14 days at the step "Identifiera"
        (2, 3, "aktuell"),
    ]
    period = PlacePeriod.objects.create(
        programme=programme,
        name=f"Hösten {today.year}",
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=190),
        places=3,
    )
    selection = Selection.objects.create(
        place_period=period,
        decided_on=today - timedelta(days=5),
        decided_by_name=full_name("samordnare"),
        rationale=SELECTION_RATIONALE,
    )
    rank = 0
    for person, (step, days, status) in zip(people, plan, strict=False):
        in_period = status != "aktuell"
        if status == "vantelista":
            rank += 1
        participation = Participation.objects.create(
            programme=programme,
            person=person,
            unit=unit,
            step=step,
            step_since=today - timedelta(days=days),
            status=status,
            place_period=period if in_period else None,
            waiting_rank=rank if status == "vantelista" else None,
            ended_on=today - timedelta(days=5) if status == "ej_vald" else None,
            end_reason="Inte vald till hösten" if status == "ej_vald" else "",
            created_by_name=who,
        )
        start = today - timedelta(days=days + 10 * step)
        StepMove.objects.bulk_create(
            [
                StepMove(participation=participation, step=s, on=start + timedelta(days=10 * s), moved_by_name=who)
                for s in range(step + 1)
            ]
        )
        if in_period:
            SelectionDecision.objects.create(
                selection=selection,
                participation=participation,
                result=status,
                rank=participation.waiting_rank,
            )
    run.lines.append(
        _(
            "Traineejobb i välfärden: %(antal)d unga i rutinen (några försenade), %(platser)d platser för hösten "
            "med urval, motivering och väntelista"
        )
        % {"antal": min(len(people), len(plan)), "platser": period.places}
    )

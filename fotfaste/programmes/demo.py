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
    coordination = run.unit("Ungdomssamordning")
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
        # The units that work on it, not the whole municipality: KAA has no part in it.
        ConsentRecipient.objects.bulk_create(
            [
                ConsentRecipient(consent=consent, party=work_unit.party, unit=work_unit),
                ConsentRecipient(consent=consent, party=coordination.party, unit=coordination),
                ConsentRecipient(consent=consent, party=af_unit.party),
            ]
        )
        ConsentConfirmation.objects.create(
            consent=consent, unit=work_unit, holds_identity=True, confirmed_by_name=full_name("samordnare")
        )
        ConsentConfirmation.objects.create(
            consent=consent, unit=af_unit, holds_identity=True, confirmed_by_name=full_name("arbetsformedlare")
        )
    taking_part = demo_participations(run, people)
    run.lines.append(
        _(
            "Program: %(deltaganden)d unga deltar eller har deltagit (insatser i sina planer), %(avtal)d med "
            "undertecknade trepartsavtal och uppföljningar, %(fullfoljda)d fullföljt och fått arbete"
        )
        % taking_part
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


# --- Taking part: participations started as measures in the joint plan, contracts and their follow-ups ---


def demo_participations(run, people: dict) -> dict[str, int]:
    """Örebro's youth coordination runs the contracts: two young people without a diploma on an
    utbildningskontrakt (one completed and went on to work) and two on a traineejobb in welfare, each started
    as a measure in a joint plan the coordination holds; two contracts signed by all three parties with
    follow-ups. The traineejobb participants have consented to share with AF, so AF sees theirs too."""
    from fotfaste.plans.models import Measure, Plan, PlanRevision
    from fotfaste.plans.services import snapshot

    from .models import Contract, ContractFollowUp, Participation
    from .participation import measure_type_for

    coordination = run.unit("Ungdomssamordning")
    agreement = coordination.party.agreement
    by_code = {p.code: p for p in agreement.programmes.filter(code__in=["utbildningskontrakt", "traineejobb_valfard"])}
    made = {"deltaganden": 0, "avtal": 0, "fullfoljda": 0}
    chosen = [("utbildningskontrakt", p) for p in people.get("contract", ())[:2]]
    chosen += [("traineejobb_valfard", p) for p in people.get("eligible", ())[:2]]
    for index, (code, person) in enumerate(chosen):
        programme = by_code.get(code)
        if programme is None or Plan.objects.filter(person=person, closed_on__isnull=True).exists():
            continue
        completed = index == 1
        started = run.today - timedelta(days=300 if completed else run.rng.randint(40, 120))
        OwnGround.objects.create(person=person, unit=coordination, start_date=started - timedelta(days=30))
        for consent in Consent.objects.filter(person=person, status=ConsentStatus.GIVEN):
            # The coordination holds the participation: the consent names it, and it confirms what it holds.
            ConsentRecipient.objects.get_or_create(consent=consent, party=coordination.party, unit=coordination)
            ConsentConfirmation.objects.get_or_create(
                consent=consent,
                unit=coordination,
                defaults={"holds_identity": True, "confirmed_by_name": full_name("samordnare")},
            )
        plan = Plan.objects.create(
            person=person,
            unit=coordination,
            goal_kind="studier" if code == "utbildningskontrakt" else "arbete",
            goal=_("Gymnasieexamen genom utbildningskontrakt och sedan arbete.")
            if code == "utbildningskontrakt"
            else _("Fast anställning i vården efter traineejobbet."),
            revise_by=run.today + timedelta(days=run.rng.randint(20, 90)),
            updated_by_name=full_name("samordnare"),
        )
        ended = run.today - timedelta(days=30) if completed else None
        measure = Measure.objects.create(
            plan=plan,
            measure_type=measure_type_for(programme),
            description=_("Deltar i %(program)s") % {"program": programme.name},
            responsible="kommunen",
            responsible_unit=coordination,
            planned_start=started,
            actual_start=started,
            actual_end=ended,
            status="avslutad" if completed else "pagaende",
            end_reason="borjat_arbeta" if completed else "",
            follow_up_on=ended or run.today + timedelta(days=run.rng.randint(5, 40)),
            evaluation_on=ended or started + timedelta(days=365),
        )
        PlanRevision.objects.create(
            plan=plan,
            number=1,
            snapshot=snapshot(plan),
            saved_by_name=full_name("samordnare"),
            what="Planen upprättades",
        )
        steps = programme.steps or []
        participation = Participation.objects.create(
            programme=programme,
            person=person,
            unit=coordination,
            step=max(len(steps) - 1, 0),
            step_since=started,
            status="fullfoljd" if completed else "deltar",
            started_on=started,
            ended_on=ended,
            outcome="arbete" if completed else "",
            end_reason=_("Fick anställning hos praktikvärden.") if completed else "",
            measure=measure,
            created_by_name=full_name("samordnare"),
        )
        made["deltaganden"] += 1
        made["fullfoljda"] += int(completed)
        if code != "utbildningskontrakt":
            continue
        contract = Contract.objects.create(
            participation=participation,
            counterpart="folkhogskola" if completed else "kommun",
            counterpart_name="Örebro folkhögskola, allmän kurs"
            if completed
            else "Arbetsmarknadsenheten, Örebro kommun",
            studies=_("Allmän kurs på heltid för att läsa in gymnasiebehörighet.")
            if completed
            else _("Komvux: svenska, engelska och matematik, halvtid."),
            work=_("Praktik på ett lager en dag i veckan.") if completed else _("Praktik i äldreomsorgen, halvtid."),
            start_date=started,
            end_date=started + timedelta(days=270),
            signed_by_person_on=started - timedelta(days=3),
            signed_by_af_on=started - timedelta(days=3),
            signed_by_counterpart_on=started - timedelta(days=1),
            created_by_name=full_name("samordnare"),
        )
        for months, studies, work in (
            (1, _("Har kommit igång, trivs i gruppen."), _("Praktiken fungerar bra.")),
            (3, _("Godkänd i svenska."), _("Handledaren är nöjd.")),
        ):
            on = started + timedelta(days=30 * months)
            if on <= run.today:
                ContractFollowUp.objects.create(
                    contract=contract, on=on, studies=studies, work=work, by_name=full_name("samordnare")
                )
        made["avtal"] += 1
    return made


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
    who = full_name("arbetsformedlare")
    today = run.today
    # Not those already taking part (demo_participations): one participation per programme and person.
    people = [p for p in people if not Participation.objects.filter(programme=programme, person=p).exists()]
    # (step, days in the step, status): those placed in the period applied for the autumn's places.
    plan = [
        (4, 5, "vald"),
        (4, 5, "vald"),
        (3, 20, "vantelista"),
        (3, 20, "ej_vald"),
        (1, 25, "aktuell"),  # overdue: more than 14 days at the step "Identifiera"
        (2, 3, "aktuell"),
        (4, 5, "vald"),
        (3, 20, "vantelista"),
    ][: len(people)]
    if not any(status == "vald" for _step, _days, status in plan):
        return
    period = PlacePeriod.objects.create(
        programme=programme,
        name=f"Hösten {today.year}",
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=190),
        places=sum(1 for _step, _days, status in plan if status == "vald"),
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

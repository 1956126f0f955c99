"""A person page with every section filled, for the pages' accessibility and reflow tests.

Åsa (Örebro, in KAA) gets something in every section of the person page: two KAA periods, contact
attempts, occupations and a guardian; two consents, a team of three units and records from
social services and AF; mappings and plans from two units (so repeated tables appear twice);
a case review with an action, a three-party talk and a booked mapping talk; a fund grant; and a
change to her contact details. Social services work with her (an own ground); AF sees her under
a consent covering every kind but health and income support.

Built with the models directly, as a loader would: the services' access checks are tested elsewhere.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from fotfaste.access.models import ChangeLogEntry
from fotfaste.consent.models import Consent, ConsentConfirmation, ConsentRecipient
from fotfaste.fund.models import BudgetLine, Grant
from fotfaste.kaa.models import KaaPeriod
from fotfaste.mapping.models import Mapping
from fotfaste.meetings.models import Action, AgendaItem, MappingTalk, Meeting
from fotfaste.outreach.models import ContactAttempt, Guardian, Occupation, OutreachCase
from fotfaste.plans.models import Measure, MeasureType, Plan
from fotfaste.plans.services import ensure_catalogue
from fotfaste.records.models import PartyRecord
from fotfaste.team.models import TeamMember
from tests.conftest import own_ground, put_in_kaa


def fill_person_page(world) -> dict:
    ensure_catalogue()  # transactional (browser) tests empty every table, the catalogue too
    today = timezone.localdate()
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    kaa, social, af = units["kaa"], units["social"], units["af"]

    # KAA: a period today, and an earlier one that ended.
    put_in_kaa(asa, days_before=40)
    KaaPeriod.objects.create(
        person=asa,
        municipality_id="1880",
        start_date=today - timedelta(days=400),
        end_date=today - timedelta(days=200),
        start_reason="avbrott",
        end_reason="borjat_utbildning",
        derived_at=timezone.now(),
    )

    # Outreach.
    for days, channel, outcome in ((30, "brev", "ej_nadd"), (10, "telefon", "nadd")):
        ContactAttempt.objects.create(
            person=asa,
            municipality_id="1880",
            contacted_on=today - timedelta(days=days),
            channel=channel,
            outcome=outcome,
            note="Pratade om sommarjobb och om att läsa in matematik på komvux under hösten.",
            created_by=users["kaa"],
            created_by_name=users["kaa"].display_name(),
        )
    OutreachCase.objects.create(
        person=asa,
        municipality_id="1880",
        assigned_to=users["kaa"],
        assigned_at=timezone.now(),
        last_contact_on=today - timedelta(days=10),
        last_outcome="nadd",
        reached_on=today - timedelta(days=10),
    )
    Occupation.objects.create(
        person=asa,
        municipality_id="1880",
        status="arbete",
        valid_from=today - timedelta(days=60),
        verified_on=today - timedelta(days=10),
        note="Extrajobb på lager, tjugo timmar i veckan.",
        recorded_by=users["kaa"],
        recorded_by_name=users["kaa"].display_name(),
    )
    Guardian.objects.create(person=asa, name="Eva Öberg", phone="070-123 45 68", relation="mamma")

    # Who works with her: KAA (duty), social services (own ground), AF (by consent only).
    own_ground(asa, kaa, today - timedelta(days=40))
    own_ground(asa, social, today - timedelta(days=30))
    for unit, kinds in (
        (kaa, ("covers_identity", "covers_occupation_plan")),
        (social, ("covers_identity", "covers_occupation_plan", "covers_employment_service")),
    ):
        consent = Consent.objects.create(
            person=asa,
            purpose="Samordnat stöd mot arbete eller studier",
            status="lamnat",
            method="underskrift",
            given_by="personen",
            valid_from=today - timedelta(days=20),
            valid_until=today + timedelta(days=300),
            recorded_by_unit=unit,
            **dict.fromkeys(kinds, True),
        )
        for party in {kaa.party, social.party, af.party}:
            ConsentRecipient.objects.create(consent=consent, party=party)
        # Every holder has confirmed it: KAA and social services with the identity they hold, and AF.
        for holder in (kaa, social, af):
            ConsentConfirmation.objects.create(consent=consent, unit=holder, holds_identity=holder != af)
    for unit, user, role, main in (
        (kaa, users["kaa"], "kaa", True),
        (social, users["socialsekreterare"], "socialsekreterare", False),
        (af, users["arbetsformedlare"], "arbetsformedlare", False),
    ):
        TeamMember.objects.create(
            person=asa,
            unit=unit,
            user=user,
            name=user.display_name(),
            role=role,
            is_main_contact=main,
            start_date=today - timedelta(days=15),
        )
    for unit, kind, title in (
        (af, "af", "Inskriven på Arbetsförmedlingen, program Rusta och matcha"),
        (social, "sysselsattning_plan", "Deltar i kommunens sommarjobbssatsning"),
    ):
        PartyRecord.objects.create(person=asa, unit=unit, kind=kind, title=title, start_date=today - timedelta(days=12))

    # Mappings and plans from two units: repeated tables on one page.
    for unit in (kaa, social):
        Mapping.objects.create(
            person=asa,
            unit=unit,
            talk_date=today - timedelta(days=14),
            education_level="grundskola",
            driving_licence="inget",
            cv="nej",
            barrier_economy=True,
            barrier_economy_note="Har inte råd med busskort",
        )
        plan = Plan.objects.create(
            person=asa,
            unit=unit,
            goal_kind="arbete",
            goal="Ett arbete inom handeln, med stöd att läsa in matematik.",
            revise_by=today + timedelta(days=20),
        )
        for name in ("Praktik", "Arbetsträning"):
            Measure.objects.create(
                plan=plan,
                measure_type=MeasureType.objects.get(name=name),
                responsible="personen",
                planned_start=today - timedelta(days=5),
                planned_end=today + timedelta(days=90),
                follow_up_on=today + timedelta(days=30),
            )

    # Meetings: a case review with an action, a three-party talk, a booked mapping talk.
    review = Meeting.objects.create(
        kind="arendedragning", unit=kaa, title="Samverkansgruppen", starts_at=timezone.now() - timedelta(days=3)
    )
    item = AgendaItem.objects.create(
        meeting=review, person=asa, reasons=["plan_ses_over"], decision="Erbjud praktik inom handeln."
    )
    Action.objects.create(
        item=item, description="Ring arbetsgivaren", responsible=users["kaa"], due_on=today + timedelta(days=7)
    )
    talk = Meeting.objects.create(
        kind="trepartssamtal",
        unit=kaa,
        title="Trepartssamtal",
        starts_at=timezone.now() - timedelta(days=2),
        participants="Amir Haddadi (Arbetsförmedlingen), Karin Ahlgren (kommunen)",
    )
    AgendaItem.objects.create(meeting=talk, person=asa, decision="Åsa skriver in sig på AF.", person_present=True)
    MappingTalk.objects.create(
        person=asa,
        unit=kaa,
        starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=5), time(10))),
        booked_by=users["kaa"],
    )

    # The fund.
    line = BudgetLine.objects.create(
        agreement=world["agreements"]["orebro"], name="Resor och arbetskläder", year=today.year, amount=50_000
    )
    for unit in (kaa, social):
        Grant.objects.create(
            person=asa,
            unit=unit,
            requested_by=users["kaa"],
            requested_by_name=users["kaa"].display_name(),
            budget_line=line,
            purpose="resekort",
            description="Busskort under praktiken",
            amount=1_250,
        )

    # A change to her contact details.
    ChangeLogEntry.objects.create(
        user=users["kaa"],
        username=users["kaa"].username,
        person=asa,
        personnummer=asa.personnummer,
        action="ändrad",
        before={"phone": "070-000 00 00"},
        after={"phone": asa.phone},
    )
    return world

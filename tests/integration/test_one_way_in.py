"""Issue 4's "done when": a mentor, a guidance counsellor, a social worker and an employment officer
work around one young person in one plan, each seeing exactly what the consent allows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fotfaste.accounts.models import User
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from fotfaste.plans.models import Measure, MeasureType, Plan
from fotfaste.records.models import PartyRecord
from tests.conftest import own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db


def test_four_professions_one_plan_each_sees_what_the_consent_allows(world, login):
    units, users, today = world["units"], world["users"], timezone.localdate()
    kommun = units["kaa"].party
    mentor_unit = Unit.objects.create(party=kommun, name="Mentorsverksamheten")
    syv_unit = Unit.objects.create(party=kommun, name="Vägledningscentrum")
    mentor = User.objects.create_user(username="mentor", password="x", first_name="Mentor")
    syv = User.objects.create_user(username="syv", password="x", first_name="Syv")
    Membership.objects.create(user=mentor, unit=mentor_unit, role=Role.MENTOR)
    Membership.objects.create(user=syv, unit=syv_unit, role=Role.GUIDANCE)
    ali = world["persons"]["ali"]  # social services already work with Ali
    own_ground(ali, mentor_unit, today)

    # The mentor draws up the plan; each party adds what it knows.
    plan = Plan.objects.create(person=ali, unit=mentor_unit, goal_kind="studier", goal="PLANENS-MÅL")
    Measure.objects.create(
        plan=plan,
        measure_type=MeasureType.objects.get(name="Vägledningssamtal"),
        responsible="kommunen",
        responsible_unit=syv_unit,
        planned_start=today,
        follow_up_on=today,
    )
    PartyRecord.objects.create(
        person=ali, unit=units["social"], kind="forsorjningsstod", title="FORSORJNINGSSTOD", start_date=today
    )
    PartyRecord.objects.create(person=ali, unit=units["af"], kind="af", title="AF-INSKRIVNING", start_date=today)
    PartyRecord.objects.create(person=ali, unit=units["social"], kind="halsa", title="HALSOUPPGIFT", start_date=today)

    def sees(user) -> set[str]:
        response = login(user).get(reverse("people:detail", args=[ali.pk]))
        if response.status_code == 404:
            return {"404"}
        page = response.content.decode()
        return {w for w in ("PLANENS-MÅL", "FORSORJNINGSSTOD", "AF-INSKRIVNING", "HALSOUPPGIFT") if w in page}

    # Before consent: each sees its own unit's information only; AF and the guidance counsellor not even Ali.
    assert sees(mentor) == {"PLANENS-MÅL"}
    assert sees(users["socialsekreterare"]) == {"FORSORJNINGSSTOD", "HALSOUPPGIFT"}
    assert sees(users["arbetsformedlare"]) == {"404"}
    assert sees(syv) == {"404"}

    # Ali consents: the municipality and AF may share identity, the plan and AF registration;
    # income support only with the mentor; health with nobody.
    give_consent(ali, units["social"], {"identitet", "sysselsattning_plan", "af"}, parties=(kommun, units["af"].party))
    give_consent(ali, units["social"], {"forsorjningsstod"}, parties=())
    from fotfaste.consent.models import Consent, ConsentRecipient

    income = Consent.objects.filter(covers_income_support=True).get()
    ConsentRecipient.objects.create(consent=income, party=kommun, unit=units["social"])
    ConsentRecipient.objects.create(consent=income, party=kommun, unit=mentor_unit)

    assert sees(mentor) == {"PLANENS-MÅL", "AF-INSKRIVNING", "FORSORJNINGSSTOD"}
    assert sees(syv) == {"PLANENS-MÅL", "AF-INSKRIVNING"}
    assert sees(users["socialsekreterare"]) == {"PLANENS-MÅL", "AF-INSKRIVNING", "FORSORJNINGSSTOD", "HALSOUPPGIFT"}
    assert sees(users["arbetsformedlare"]) == {"PLANENS-MÅL", "AF-INSKRIVNING"}

    # All four work in the same plan: the employment officer adds AF's measure to it.
    response = login(users["arbetsformedlare"]).post(
        reverse("plans:measure_create", args=[ali.pk, plan.pk]),
        {
            "measure_type": MeasureType.objects.get(name="Jobbgarantin för ungdomar").pk,
            "responsible": "annan",
            "responsible_actor": "Arbetsförmedlingen",
            "planned_start": today.isoformat(),
            "status": "planerad",
            "follow_up_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Plan.objects.count() == 1 and plan.measures.count() == 2

"""The consent and team endpoints answer under the same access rules as the web pages."""

import pytest
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.team.models import TeamMember
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db


def test_api_lists_consents_and_team_under_the_same_rules(world, api_client):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    today = timezone.localdate()
    TeamMember.objects.create(
        person=person, unit=units["kaa"], name="Karin KAA", role="kaa", is_main_contact=True, start_date=today
    )
    TeamMember.objects.create(
        person=person, unit=units["af"], name="Amir AF", role="arbetsformedlare", start_date=today
    )
    consent = give_consent(
        person, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party)
    )
    kaa, outsider = api_client(users["kaa"]), api_client(users["kaa.lekeberg"])
    url = f"/api/v1/persons/{person.personnummer}/consents"
    body = kaa.get(url).json()
    assert body == [
        {
            "id": consent.pk,
            "status": "lamnat",
            "parter": [
                {"part": "Arbetsförmedlingen Örebro", "enhet": None},
                {"part": "Örebro kommun", "enhet": None},
            ],
            "informationstyper": ["identitet", "sysselsattning_plan"],
            "andamal": "Samordnat stöd",
            "giltig_fran": consent.valid_from.isoformat(),
            "giltig_till": consent.valid_until.isoformat(),
            "aterkallat": None,
            "vantar_pa_bekraftelse": [],
        }
    ]
    team = kaa.get(f"/api/v1/persons/{person.personnummer}/team").json()
    assert [(m["namn"], m["huvudkontakt"]) for m in team] == [("Karin KAA", True), ("Amir AF", False)]
    assert outsider.get(url).status_code == 404
    # Withdrawn: the API says so, and AF's member disappears from the municipality's view of the team.
    consent.status, consent.withdrawn_at = "aterkallat", timezone.now()
    consent.save()
    body = kaa.get(url).json()
    assert body[0]["status"] == "aterkallat"
    team = kaa.get(f"/api/v1/persons/{person.personnummer}/team").json()
    assert [m["namn"] for m in team] == ["Karin KAA"]


def test_af_sees_by_api_only_under_consent_and_the_read_names_it(world, api_client):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    af = api_client(users["arbetsformedlare"])
    url = f"/api/v1/persons/{person.personnummer}/consents"
    assert af.get(url).status_code == 404
    consent = give_consent(person, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    assert af.get(url).status_code == 200
    assert af.get(f"/api/v1/persons/{person.personnummer}").status_code == 200
    assert set(ReadLogEntry.objects.filter(username="arbetsformedlare").values_list("consent_id_ref", flat=True)) == {
        consent.pk
    }


def test_plans_and_contacts_by_api(world, api_client):
    from fotfaste.access.services import Actor
    from fotfaste.outreach import services as outreach
    from fotfaste.plans.models import Measure, MeasureType, Plan

    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    today = timezone.localdate()
    plan = Plan.objects.create(person=person, unit=units["kaa"], goal_kind="arbete", goal="Jobb i handeln")
    Measure.objects.create(
        plan=plan,
        measure_type=MeasureType.objects.get(name="Praktik"),
        responsible="annan",
        responsible_actor="Arbetsförmedlingen",
        planned_start=today,
        follow_up_on=today,
    )
    outreach.record_contact(Actor(users["kaa"]), person.pk, contacted_on=today, channel="telefon", outcome="nadd")
    kaa, af = api_client(users["kaa"]), api_client(users["arbetsformedlare"])
    body = kaa.get(f"/api/v1/persons/{person.personnummer}/plans").json()
    assert body[0]["malbeskrivning"] == "Jobb i handeln"
    assert body[0]["insatser"][0]["ansvarig_aktor"] == "Arbetsförmedlingen"
    contacts = kaa.get(f"/api/v1/persons/{person.personnummer}/contacts").json()
    assert [(c["kanal"], c["utfall"]) for c in contacts] == [("telefon", "nadd")]
    # AF: with identity only, the person but no plan; KAA's contact attempts never.
    give_consent(person, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    assert af.get(f"/api/v1/persons/{person.personnummer}/plans").json() == []
    assert af.get(f"/api/v1/persons/{person.personnummer}/contacts").status_code == 404
    give_consent(person, units["kaa"], {"sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party))
    assert len(af.get(f"/api/v1/persons/{person.personnummer}/plans").json()) == 1

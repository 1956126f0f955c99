"""Issue 10: the grounds, consent, team and records endpoints, with the web's checks and read log."""

import pytest
from django.utils import timezone

from fotfaste.access.models import OwnGround, ReadLogEntry
from fotfaste.consent.models import Consent
from fotfaste.records.models import PartyRecord
from fotfaste.team.models import TeamMember
from tests.conftest import own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db

AF_ORG = "202100-2114"


def given(**extra):
    return {
        "parter": [AF_ORG],
        "informationstyper": ["identitet", "sysselsattning_plan"],
        "andamal": "Samordnat stöd",
        "status": "lamnat",
        "satt": "underskrift",
        "lamnat_av": "personen_och_vardnadshavare",
        "vardnadshavare": "Eva Öberg",
        "giltig_fran": timezone.localdate().isoformat(),
        **extra,
    }


def test_access_lists_the_callers_grounds_and_404s_without_any(world, api_client):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    url = f"/api/v1/persons/{asa.personnummer}/access"
    kaa = api_client(users["kaa"]).get(url).json()
    assert [g["typ"] for g in kaa["grunder"]] == ["uppdrag"]
    assert kaa["grunder"][0]["enhet"] == units["kaa"].name and kaa["grunder"][0]["samtycke"] is None
    af = api_client(users["arbetsformedlare"])
    assert af.get(url).status_code == 404
    consent = give_consent(asa, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    body = af.get(url).json()
    assert body == {
        "grunder": [
            {
                "typ": "samtycke",
                "enhet": units["af"].name,
                "fran": consent.valid_from.isoformat(),
                "till": consent.valid_until.isoformat(),
                "samtycke": consent.pk,
            }
        ]
    }
    own_ground(asa, units["af"], timezone.localdate())
    assert sorted(g["typ"] for g in af.get(url).json()["grunder"]) == ["egen", "samtycke"]
    assert api_client(users["styrgrupp"]).get(url).status_code == 403


def test_a_consent_recorded_by_api_waits_for_the_holders_confirmation(world, api_client):
    asa, users = world["persons"]["asa"], world["users"]
    kaa = api_client(users["kaa"])
    response = kaa.post(f"/api/v1/persons/{asa.personnummer}/consents", given(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "lamnat" and body["id"] == Consent.objects.get().pk
    assert {"part": "Arbetsförmedlingen Örebro", "enhet": None} in body["parter"]
    assert body["vantar_pa_bekraftelse"] == [{"part": "Arbetsförmedlingen Örebro", "enhet": None}]
    # AF sees Åsa at once (KAA holds her identity and confirmed by recording), and confirms for its own part.
    af = api_client(users["arbetsformedlare"])
    assert af.get(f"/api/v1/persons/{asa.personnummer}").status_code == 200
    confirmed = af.post(f"/api/v1/consents/{body['id']}/confirm", content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["vantar_pa_bekraftelse"] == []
    again = af.post(f"/api/v1/consents/{body['id']}/confirm", content_type="application/json")
    assert again.status_code == 422  # already confirmed
    withdrawn = af.post(
        f"/api/v1/consents/{body['id']}/withdraw", {"anteckning": "Ringde"}, content_type="application/json"
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "aterkallat"
    assert af.get(f"/api/v1/persons/{asa.personnummer}").status_code == 404
    assert ReadLogEntry.objects.filter(username="arbetsformedlare", what__startswith="api: bekräfta").exists()


def test_bad_consent_input_is_422_naming_the_field_and_changes_nothing(world, api_client):
    asa, users = world["persons"]["asa"], world["users"]
    kaa = api_client(users["kaa"])
    url = f"/api/v1/persons/{asa.personnummer}/consents"
    for data, field in (
        (given(parter=["123"]), "parter"),
        (given(parter=["212121-2126"]), "parter"),  # Lekeberg: not a party of Örebro's agreement
        (given(informationstyper=[]), "informationstyper"),
        (given(giltig_fran=None), "giltig_fran"),
        (given(status="nekat"), "status"),
        (given(lamnat_av="personen"), "lamnat_av"),  # Åsa is 16: a guardian consents too
    ):
        response = kaa.post(url, data, content_type="application/json")
        assert response.status_code == 422, (field, response.content)
        assert field in response.json()["falt"] and field in response.json()["detail"]
    assert not Consent.objects.exists()


def test_another_party_cannot_grant_itself_social_services_records_by_api(world, api_client):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    own_ground(asa, units["social"], timezone.localdate())
    PartyRecord.objects.create(
        person=asa, unit=units["social"], kind="forsorjningsstod", title="Beviljat", start_date=timezone.localdate()
    )
    give_consent(asa, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    af = api_client(users["arbetsformedlare"])
    response = af.post(
        f"/api/v1/persons/{asa.personnummer}/consents",
        given(parter=["212000-1967"], informationstyper=["identitet", "forsorjningsstod"]),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert {"part": "Örebro kommun", "enhet": None} in response.json()["vantar_pa_bekraftelse"]
    records = af.get(f"/api/v1/persons/{asa.personnummer}/records").json()
    assert all(r["typ"] != "forsorjningsstod" for r in records)


def test_team_join_and_end_by_api_only_for_ones_own_unit(world, api_client):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    give_consent(asa, units["kaa"], {"identitet", "sysselsattning_plan"},
                 parties=(units["kaa"].party, units["af"].party))  # fmt: skip
    kaa, af = api_client(users["kaa"]), api_client(users["arbetsformedlare"])
    url = f"/api/v1/persons/{asa.personnummer}/team"
    joined = kaa.post(url, {"roll": "kaa", "huvudkontakt": True}, content_type="application/json")
    assert joined.status_code == 201
    member = joined.json()
    assert member["enhet"] == units["kaa"].name and member["huvudkontakt"] is True
    assert af.post(url, {"roll": "hittepa"}, content_type="application/json").json()["falt"] == {
        "roll": "Okänd roll: ange till exempel ”arbetsformedlare” eller ”mentor”."
    }
    af_member = af.post(url, {"roll": "arbetsformedlare"}, content_type="application/json")
    assert af_member.status_code == 201
    # Joining under a consent gives AF no ground of its own; KAA's duty does give KAA one.
    assert not OwnGround.objects.filter(unit=units["af"]).exists()
    assert OwnGround.objects.filter(unit=units["kaa"], person=asa).exists()
    refused = af.post(f"{url}/{member['id']}/end", content_type="application/json")
    assert refused.status_code == 403 and "egna enheten" in refused.json()["detail"]
    assert TeamMember.objects.get(pk=member["id"]).end_date is None
    ended = af.post(f"{url}/{af_member.json()['id']}/end", content_type="application/json")
    assert ended.status_code == 200 and ended.json()["till"] == timezone.localdate().isoformat()
    assert (
        api_client(users["kaa.lekeberg"]).post(url, {"roll": "kaa"}, content_type="application/json").status_code == 404
    )


def test_records_by_api_only_of_the_kinds_the_unit_may_hold(world, api_client):
    asa, users = world["persons"]["asa"], world["users"]
    kaa = api_client(users["kaa"])
    url = f"/api/v1/persons/{asa.personnummer}/records"
    refused = kaa.post(url, {"typ": "halsa", "titel": "Diagnos"}, content_type="application/json")
    assert refused.status_code == 422 and "typ" in refused.json()["falt"]
    made = kaa.post(url, {"typ": "sysselsattning_plan", "titel": "Praktik på lager"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["titel"] == "Praktik på lager"
    assert [r["titel"] for r in kaa.get(url).json()] == ["Praktik på lager"]
    assert api_client(users["arbetsformedlare"]).get(url).status_code == 404
    assert PartyRecord.objects.count() == 1

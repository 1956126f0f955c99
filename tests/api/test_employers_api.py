"""The employer API: the register, the contact log with its warning, placements and anonymous listings."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from fotfaste.employers.models import (
    Candidate,
    Employer,
    EmployerContact,
    EmployerSettings,
    Placement,
    Stage,
)
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def parties(world, api_client):
    """The KAA unit (Örebro kommun) and AF's unit (Arbetsförmedlingen) of one agreement; Lekeberg's apart."""
    users = world["users"]
    return {
        "kommun": api_client(users["kaa"]),
        "af": api_client(users["arbetsformedlare"]),
        "lekeberg": api_client(users["kaa.lekeberg"]),
        "styrgrupp": api_client(users["styrgrupp"]),
    }


def new_employer(client, number="556016-0680", name="Lagerbolaget AB", sector="privat"):
    return post(client, "/api/v1/employers", {"organisationsnummer": number, "namn": name, "sektor": sector})


def test_an_employer_is_created_and_found_by_the_other_party(parties, world):
    r = new_employer(parties["kommun"])
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["organisationsnummer"] == "556016-0680"
    assert body["sektor"] == "privat"
    employer = Employer.objects.get(pk=body["id"])
    assert employer.agreement == world["agreements"]["orebro"]

    found = parties["af"].get("/api/v1/employers", {"q": "lager"}).json()
    assert [e["id"] for e in found["items"]] == [body["id"]]
    assert parties["af"].get("/api/v1/employers", {"q": "5560160680"}).json()["items"][0]["id"] == body["id"]
    # Another agreement's user finds nothing.
    assert parties["lekeberg"].get("/api/v1/employers", {"q": "lager"}).json()["items"] == []


def test_an_invalid_organisation_number_is_422_naming_the_field_and_saves_nothing(parties):
    r = new_employer(parties["kommun"], number="556016-0681")
    assert r.status_code == 422
    assert "organisationsnummer" in r.json()["falt"]
    assert "Kontrollsiffran" in r.json()["falt"]["organisationsnummer"]
    r = new_employer(parties["kommun"], number="", name="", sector="okänd")
    assert r.status_code == 422
    assert set(r.json()["falt"]) == {"organisationsnummer", "namn", "sektor"}
    assert not Employer.objects.exists()


def test_sectors_are_read_leniently(parties):
    assert new_employer(parties["kommun"], sector="Socialt företag").json()["sektor"] == "socialt_foretag"
    assert new_employer(parties["kommun"], "556036-0793", "Kommunen", "Offentlig").json()["sektor"] == "offentlig"


def test_the_same_employer_twice_is_409_with_the_existing_one(parties):
    first = new_employer(parties["kommun"]).json()
    again = new_employer(parties["af"], number="5560160680", name="Annat namn")
    assert again.status_code == 409
    assert again.json()["id"] == first["id"]
    assert Employer.objects.count() == 1


def test_the_steering_group_and_an_outsider_are_refused(parties, world, api_client):
    assert parties["styrgrupp"].get("/api/v1/employers").status_code == 403
    assert new_employer(parties["styrgrupp"]).status_code == 403
    outsider = api_client(world["users"]["outsider"])
    assert outsider.get("/api/v1/placements").status_code == 403


def contact(client, employer_id, on, **more):
    return post(
        client,
        f"/api/v1/employers/{employer_id}/contacts",
        {"datum": str(on), "kanal": "telefon", "syfte": "Praktikplatser", "anteckning": "", **more},
    )


def test_a_contact_warns_of_another_partys_contact_within_fourteen_days(parties):
    employer = new_employer(parties["kommun"]).json()["id"]
    today = timezone.localdate()
    first = contact(parties["af"], employer, today - timedelta(days=14))
    assert first.status_code == 201, first.content
    assert first.json()["varningar"] == []
    assert first.json()["part"] == "Arbetsförmedlingen Örebro"

    second = contact(parties["kommun"], employer, today, anteckning="Ringde om lager")
    assert second.status_code == 201
    body = second.json()
    assert body["varningar"] == [{"part": "Arbetsförmedlingen Örebro", "datum": str(today - timedelta(days=14))}]
    assert body["datum"] == str(today) and body["kanal"] == "telefon" and body["anteckning"] == "Ringde om lager"

    # Fifteen days apart: no warning. The own party's contacts never warn.
    fresh = new_employer(parties["kommun"], "556036-0793", "Kök AB").json()["id"]
    contact(parties["af"], fresh, today - timedelta(days=15))
    assert contact(parties["kommun"], fresh, today).json()["varningar"] == []
    assert contact(parties["kommun"], fresh, today).json()["varningar"] == []


def test_the_warning_days_are_the_agreements_setting(parties, world):
    EmployerSettings.objects.create(agreement=world["agreements"]["orebro"], warning_days=3)
    employer = new_employer(parties["kommun"]).json()["id"]
    today = timezone.localdate()
    contact(parties["af"], employer, today - timedelta(days=4))
    assert contact(parties["kommun"], employer, today).json()["varningar"] == []
    contact(parties["af"], employer, today - timedelta(days=3))
    assert len(contact(parties["kommun"], employer, today).json()["varningar"]) == 1


def test_a_bad_contact_is_422_by_field_and_saves_nothing(parties):
    employer = new_employer(parties["kommun"]).json()["id"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    r = post(
        parties["kommun"],
        f"/api/v1/employers/{employer}/contacts",
        {"datum": str(tomorrow), "kanal": "brevduva", "syfte": " ", "anteckning": ""},
    )
    assert r.status_code == 422
    assert set(r.json()["falt"]) == {"datum", "kanal", "syfte"}
    r = post(
        parties["kommun"],
        f"/api/v1/employers/{employer}/contacts",
        {"datum": "1 dec", "kanal": "telefon", "syfte": "x", "anteckning": ""},
    )
    assert r.status_code == 422 and "datum" in r.json()["falt"]
    assert not EmployerContact.objects.exists()


def test_another_agreements_employer_is_404_for_contacts(parties):
    employer = new_employer(parties["kommun"]).json()["id"]
    assert contact(parties["lekeberg"], employer, timezone.localdate()).status_code == 404
    assert contact(parties["lekeberg"], employer + 999, timezone.localdate()).status_code == 404


def new_placement(client, employer, **more):
    data = {
        "arbetsgivare": employer,
        "ssyk": "9",
        "steg": "halvskyddad",
        "platser": 2,
        "fran": "2027-01-10",
        "till": "2027-04-10",
        "anonym": True,
        **more,
    }
    return post(client, "/api/v1/placements", data)


def test_an_anonymous_placement_hides_the_employer_from_the_other_party_until_shortlisted(parties, world):
    employer = new_employer(parties["kommun"]).json()["id"]
    r = new_placement(parties["kommun"], employer, ssyk="9412")
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["arbetsgivare"] == employer and created["anonym"] is True
    # A code the shipped classification lacks resolves to its major group.
    assert created["ssyk"] == "9412" and created["yrke"].startswith("Yrken med krav på kortare utbildning")

    own = parties["kommun"].get("/api/v1/placements").json()["items"]
    assert own[0]["arbetsgivare"] == employer
    other = parties["af"].get("/api/v1/placements").json()["items"]
    assert other[0]["id"] == created["id"]
    assert other[0]["arbetsgivare"] is None and other[0]["arbetsgivarnamn"] is None
    assert "Lagerbolaget" not in json.dumps(other)
    assert parties["lekeberg"].get("/api/v1/placements").json()["items"] == []

    # A candidate AF's unit proposed is shortlisted (CV sent): AF now sees who the employer is.
    placement = Placement.objects.get(pk=created["id"])
    candidate = Candidate.objects.create(
        placement=placement, person=world["persons"]["ali"], unit=world["units"]["af"], stage=Stage.SUGGESTED
    )
    assert parties["af"].get("/api/v1/placements").json()["items"][0]["arbetsgivare"] is None
    candidate.stage = Stage.CV_SENT
    candidate.save()
    assert parties["af"].get("/api/v1/placements").json()["items"][0]["arbetsgivare"] == employer


def test_an_open_placement_shows_the_employer_to_everyone_in_the_agreement(parties):
    employer = new_employer(parties["kommun"]).json()["id"]
    new_placement(parties["kommun"], employer, anonym=False)
    assert parties["af"].get("/api/v1/placements").json()["items"][0]["arbetsgivare"] == employer


def test_a_bad_placement_is_422_by_field_and_saves_nothing(parties):
    employer = new_employer(parties["kommun"]).json()["id"]
    r = new_placement(
        parties["kommun"], employer, ssyk="94x", steg="trappa", platser=0, fran="2027-04-10", till="2027-01-10"
    )
    assert r.status_code == 422
    assert set(r.json()["falt"]) == {"ssyk", "steg", "platser", "till"}
    r = new_placement(parties["kommun"], employer, fran="i morgon")
    assert r.status_code == 422 and "fran" in r.json()["falt"]
    r = new_placement(parties["lekeberg"], employer)
    assert r.status_code == 422 and "arbetsgivare" in r.json()["falt"]
    assert not Placement.objects.exists()


def test_a_user_with_units_in_two_parties_names_the_unit(parties, world, api_client):
    user = world["users"]["kaa"]
    Membership.objects.create(user=user, unit=world["units"]["af"], role=Role.EMPLOYMENT_OFFICER)
    client = api_client(user)
    employer = new_employer(client).json()["id"]
    r = contact(client, employer, date.today())
    assert r.status_code == 422 and "enhet" in r.json()["falt"]
    r = contact(client, employer, timezone.localdate(), enhet=world["units"]["af"].pk)
    assert r.status_code == 201 and r.json()["part"] == "Arbetsförmedlingen Örebro"


def test_a_text_that_does_not_fit_is_422_never_cut_short(parties):
    r = post(
        parties["kommun"],
        "/api/v1/employers",
        {"organisationsnummer": "556016-0680", "namn": "Lagerbolaget AB", "sektor": "privat", "bransch": "x" * 201},
    )
    assert r.status_code == 422 and "Högst 200 tecken (nu 201)." in r.json()["falt"]["bransch"]
    assert not Employer.objects.exists()
    employer = new_employer(parties["kommun"]).json()["id"]
    for field in ("resultat", "nasta_steg"):
        r = post(
            parties["kommun"],
            f"/api/v1/employers/{employer}/contacts",
            {"datum": str(timezone.localdate()), "kanal": "telefon", "syfte": "x", "anteckning": "", field: "y" * 501},
        )
        assert r.status_code == 422 and field in r.json()["falt"], field
    assert not EmployerContact.objects.exists()
    r = new_placement(parties["kommun"], employer, rubrik="z" * 201)
    assert r.status_code == 422 and "rubrik" in r.json()["falt"]
    assert not Placement.objects.exists()

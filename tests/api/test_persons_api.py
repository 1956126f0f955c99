from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from fotfaste.access.models import ReadLogEntry
from fotfaste.reference.models import Municipality
from tests.conftest import kaa_person

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/persons"
PERSON_KEYS = {
    "personnummer",
    "fornamn",
    "efternamn",
    "fodelsedatum",
    "kon",
    "kommunkod",
    "telefon",
    "epost",
    "bakgrund",
    "skyddad",
    "skyddstyp",
    "utdelningsadress",
    "postnummer",
    "postort",
}


def detail_url(number: str) -> str:
    return f"/api/v1/persons/{number}"


def formats(number: str) -> list[str]:
    return [number, number[2:], f"{number[2:8]}-{number[8:]}", f"{number[:8]}-{number[8:]}"]


def test_search_by_number_in_several_formats(world, api_client):
    client = api_client(world["users"]["kaa"])
    asa = world["persons"]["asa"]
    for text in formats(asa.personnummer):
        response = client.get(SEARCH, {"q": text})
        assert response.status_code == 200
        data = response.json()
        assert [p["personnummer"] for p in data["items"]] == [asa.personnummer]
        assert data["next"] is None


def test_search_by_name(world, api_client):
    client = api_client(world["users"]["kaa"])
    data = client.get(SEARCH, {"q": "åsa öberg"}).json()
    assert len(data["items"]) == 1
    item = data["items"][0]
    assert set(item) == PERSON_KEYS
    assert (item["fornamn"], item["efternamn"], item["kommunkod"]) == ("Åsa", "Öberg", "1880")


def test_empty_or_missing_query_gives_no_items(world, api_client):
    client = api_client(world["users"]["kaa"])
    for response in (client.get(SEARCH), client.get(SEARCH, {"q": "  "})):
        assert response.status_code == 200
        assert response.json() == {"items": [], "next": None}
    assert not ReadLogEntry.objects.exists()


def test_search_does_not_show_other_municipality(world, api_client):
    client = api_client(world["users"]["kaa"])
    lina = world["persons"]["lekeberg"]
    for q in (lina.personnummer, "Lekström"):
        response = client.get(SEARCH, {"q": q})
        assert response.json() == {"items": [], "next": None}
        assert "Lekström" not in response.content.decode()


def test_keyset_pages_follow_next(world, api_client, test_numbers):
    orebro = Municipality.objects.get(code="1880")
    created = {
        kaa_person(
            personnummer=test_numbers[10 + i],
            first_name=f"Förnamn{i:02d}",
            last_name="Sidström",
            home_municipality=orebro,
        ).personnummer
        for i in range(30)
    }
    client = api_client(world["users"]["kaa"])

    first = client.get(SEARCH, {"q": "sidström"}).json()
    assert len(first["items"]) == 25
    assert first["next"].startswith("http://testserver/api/v1/persons?")
    assert "q=sidstr" in first["next"] and "efter=" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 5 and second["next"] is None
    seen = [p["personnummer"] for p in first["items"] + second["items"]]
    assert set(seen) == created and len(seen) == 30
    assert [p["fornamn"] for p in first["items"] + second["items"]] == [f"Förnamn{i:02d}" for i in range(30)]

    # A chosen page size is kept in `next`.
    seen, url, pages = [], SEARCH + "?q=sidstr%C3%B6m&limit=7", 0
    while url:
        data = client.get(url).json()
        assert len(data["items"]) <= 7
        seen += [p["personnummer"] for p in data["items"]]
        url, pages = data["next"], pages + 1
        assert url is None or "limit=7" in url
    assert pages == 5 and len(seen) == 30 and set(seen) == created


def test_detail_returns_person_in_any_number_format(world, api_client):
    client = api_client(world["users"]["kaa"])
    asa = world["persons"]["asa"]
    for number in formats(asa.personnummer):
        response = client.get(detail_url(number))
        assert response.status_code == 200
        data = response.json()
        assert set(data) == PERSON_KEYS
        assert data["personnummer"] == asa.personnummer and len(data["personnummer"]) == 12
        assert (data["fornamn"], data["efternamn"], data["kommunkod"]) == ("Åsa", "Öberg", "1880")
        assert data["skyddad"] is False and data["skyddstyp"] is None
        assert (data["utdelningsadress"], data["postnummer"], data["postort"]) == ("Storgatan 1", "70210", "Örebro")
        assert data["fodelsedatum"] == asa.birth_date.isoformat()


def test_protected_person_has_no_address(world, api_client):
    client = api_client(world["users"]["kaa"])
    p = world["persons"]["protected"]
    for response in (client.get(detail_url(p.personnummer)), client.get(SEARCH, {"q": "Skyddad"})):
        assert response.status_code == 200
        body = response.content.decode()
        assert p.street_address not in body and "70210" not in body
    data = client.get(detail_url(p.personnummer)).json()
    assert data["skyddad"] is True and data["skyddstyp"] == "skyddad_folkbokforing"
    assert data["utdelningsadress"] is None and data["postnummer"] is None and data["postort"] is None


def test_hidden_person_is_404_exactly_like_nonexistent(world, api_client, test_numbers):
    client = api_client(world["users"]["kaa"])
    lina = world["persons"]["lekeberg"]
    hidden = client.get(detail_url(lina.personnummer))
    missing = client.get(detail_url(test_numbers[500]))
    garbage = client.get(detail_url("inte-ett-nummer"))
    for response in (hidden, missing, garbage):
        assert response.status_code == 404
        assert response.json() == {"detail": "Hittades inte."}
    assert hidden.content == missing.content == garbage.content
    assert hidden["Content-Type"] == missing["Content-Type"]
    assert not ReadLogEntry.objects.filter(personnummer=lina.personnummer).exists()


def test_social_worker_sees_only_involved(world, api_client):
    client = api_client(world["users"]["socialsekreterare"])
    assert client.get(detail_url(world["persons"]["ali"].personnummer)).status_code == 200
    assert client.get(detail_url(world["persons"]["asa"].personnummer)).status_code == 404
    assert client.get(SEARCH, {"q": "Öberg"}).json()["items"] == []


@pytest.mark.parametrize("who", ["styrgrupp", "admin", "outsider"])
def test_users_without_person_role_get_403_everywhere(world, api_client, who):
    client = api_client(world["users"][who])
    asa = world["persons"]["asa"]
    for response in (
        client.get(SEARCH, {"q": "Öberg"}),
        client.get(SEARCH),
        client.get(detail_url(asa.personnummer)),
        client.get(detail_url("inte-ett-nummer")),
    ):
        assert response.status_code == 403
        body = response.content.decode()
        assert "Öberg" not in body and asa.personnummer not in body
        assert "enskilda personer" in response.json()["detail"]
    assert not ReadLogEntry.objects.exists()


def test_reads_are_logged_with_channel_api(world, api_client):
    client = api_client(world["users"]["kaa"])
    asa, p = world["persons"]["asa"], world["persons"]["protected"]
    client.get(SEARCH, {"q": "Öberg"}, REMOTE_ADDR="10.1.2.3")
    client.get(detail_url(p.personnummer), REMOTE_ADDR="10.1.2.3")
    hit = ReadLogEntry.objects.get(personnummer=asa.personnummer)
    assert (hit.channel, hit.what, hit.username, hit.ip) == ("api", "sökträff", "kaa", "10.1.2.3")
    assert hit.user == world["users"]["kaa"]
    read = ReadLogEntry.objects.get(personnummer=p.personnummer)
    assert (read.channel, read.what, read.protected) == ("api", "api: person", True)
    assert ReadLogEntry.objects.count() == 2


def test_token_from_command_works_end_to_end(world):
    out = StringIO()
    call_command("api_token", "kaa", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    response = Client().get(detail_url(world["persons"]["asa"].personnummer), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["efternamn"] == "Öberg"

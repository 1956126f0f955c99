import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fotfaste.accounts.models import ApiToken

from .conftest import issue_token

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/persons"


def detail_url(person) -> str:
    return f"/api/v1/persons/{person.personnummer}"


def assert_refused(response, status, person):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.content.decode()
    assert person.last_name not in body and person.personnummer not in body
    assert json.loads(body)["detail"]


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer fel-nyckel", "Token {key}", "Basic a2FhOnRlc3Q=", "{key}"],
)
def test_missing_or_malformed_token_is_401(world, header):
    asa = world["persons"]["asa"]
    key = issue_token("kaa")
    client = Client(HTTP_AUTHORIZATION=header.format(key=key)) if header else Client()
    for url in (f"{SEARCH}?q=Öberg", detail_url(asa)):
        response = client.get(url)
        assert_refused(response, 401, asa)
        assert "API-nyckel" in response.json()["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401(world):
    asa = world["persons"]["asa"]
    key = issue_token("kaa")
    ApiToken.objects.filter(key_hash=ApiToken.hash(key)).update(revoked=True)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(detail_url(asa))
    assert_refused(response, 401, asa)


def test_inactive_user_is_401(world):
    asa = world["persons"]["asa"]
    key = issue_token("kaa")
    user = world["users"]["kaa"]
    user.is_active = False
    user.save()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(detail_url(asa))
    assert_refused(response, 401, asa)


def test_session_login_is_not_api_authentication(world, login):
    # Only the bearer token counts; a browser session (and so a cross-site request) gets nowhere.
    asa = world["persons"]["asa"]
    client = login(world["users"]["kaa"])
    assert_refused(client.get(detail_url(asa)), 401, asa)
    assert_refused(client.get(f"{SEARCH}?q=Öberg"), 401, asa)


def test_bearer_token_wins_over_session(world, login, api_client):
    # Signed in on the web as KAA, but calling with the steering group's token: the token decides.
    asa = world["persons"]["asa"]
    client = login(world["users"]["kaa"])
    key = issue_token("styrgrupp")
    response = client.get(detail_url(asa), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert_refused(response, 403, asa)


def test_last_used_is_recorded_at_most_once_a_minute(world):
    asa = world["persons"]["asa"]
    key = issue_token("kaa")
    token = ApiToken.objects.get(key_hash=ApiToken.hash(key))
    assert token.last_used_at is None
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(detail_url(asa)).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=10)
    assert client.get(detail_url(asa)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    assert client.get(detail_url(asa)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_responses_with_personal_data_are_not_cached(world, api_client):
    response = api_client(world["users"]["kaa"]).get(detail_url(world["persons"]["asa"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_openapi_schema_is_public_json_with_both_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Fotfäste API"
    assert schema["info"]["version"] == "1"
    assert "/api/v1/persons" in schema["paths"]
    assert "/api/v1/persons/{personnummer}" in schema["paths"]
    person = schema["components"]["schemas"]["PersonOut"]
    for field in ("personnummer", "fornamn", "efternamn", "kommunkod", "skyddad", "utdelningsadress"):
        assert person["properties"][field]["description"]
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()


def test_interactive_docs_are_disabled(db):
    # They would load JavaScript from a CDN, which the Content-Security-Policy forbids.
    assert Client().get("/api/v1/docs").status_code == 404


def test_invalid_limit_is_a_swedish_422(world, api_client):
    response = api_client(world["users"]["kaa"]).get(SEARCH, {"q": "Öberg", "limit": 0})
    assert response.status_code == 422
    assert response.json()["detail"] == "Ogiltig parameter: limit."


def test_unknown_api_address_answers_json_404(client):
    response = client.get("/api/v1/finns-inte")
    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte."}

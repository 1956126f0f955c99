"""A form sent without a valid security token: a Swedish page in the site's layout, nothing saved."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_an_expired_form_explains_and_offers_the_way_back(world):
    asa = world["persons"]["asa"]
    form_page = f"http://testserver/personer/{asa.pk}/kontaktuppgifter/"
    response = csrf_client(world["users"]["kaa"]).post(
        f"/personer/{asa.pk}/kontaktuppgifter/",
        {"phone": "070-999 99 99", "csrfmiddlewaretoken": "utgången"},
        HTTP_REFERER=form_page,
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="sv">' in page and "Hoppa till huvudinnehållet" in page and '<main id="huvudinnehall"' in page
    assert "<h1>Sidan har gått ut</h1>" in page and "inget av det har sparats" in page
    assert f'href="{form_page}">Tillbaka till sidan</a>' in page
    assert "Forbidden" not in page and "CSRF" not in page
    asa.refresh_from_db()
    assert asa.phone != "070-999 99 99"


def test_the_way_back_never_leads_to_another_site(world):
    response = csrf_client(world["users"]["kaa"]).post(
        "/kaa/arbetslista/tilldela/", {}, HTTP_REFERER="https://elak.example/personer/"
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "elak.example" not in page and "Tillbaka till sidan" not in page
    assert 'href="/">Till startsidan</a>' in page


def test_a_login_without_the_cookie_says_cookies_are_needed(world):
    response = csrf_client().post("/konto/logga-in/", {"username": "kaa", "password": "x"})
    assert response.status_code == 403
    assert "Kontrollera att webbläsaren tillåter kakor" in response.content.decode()

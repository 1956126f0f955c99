"""The annual cycle's pages: the year view's wheel and its table, the menu item, the edit page."""

import re

import pytest
from django.urls import reverse

from fotfaste.accounts.models import User
from fotfaste.cycle import services
from fotfaste.cycle.models import CycleOccurrence

pytestmark = pytest.mark.django_db
YEAR = 2026


def test_the_year_view_draws_the_wheel_and_lists_the_same_as_text(world, login):
    orebro = world["agreements"]["orebro"]
    services.load_default_wheel(orebro)
    services.generate_year(orebro, YEAR)
    done = CycleOccurrence.objects.get(activity__name="Styrgruppsmöte", due_on__month=2)
    services.mark_done(world["users"]["styrgrupp"], done, done.due_on, "Klart")
    response = login(world["users"]["styrgrupp"]).get(reverse("cycle:year", args=[orebro.pk, YEAR]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="sv">' in page
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="hjul-titel hjul-beskrivning"' in svg
    assert '<title id="hjul-titel">Årshjulet 2026 för Samverkan unga Örebro</title>' in page
    desc = re.search(r'<desc id="hjul-beskrivning">(.*?)</desc>', page, re.S).group(1)
    assert "Februari: " in desc and "Styrgruppsmöte (gjord)" in desc and "Juli: " in desc
    assert page.count('class="wheel__month ') == 12
    # Swedish number formatting must not reach the SVG: "265,0" is read as two glyph positions.
    drawing = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert not re.search(r'\b(?:x|y|x1|y1|x2|y2|cx|cy|r)="[^"]*[, ]', drawing)
    assert ">2026</text>" in drawing
    # The table says the same as text: month, date, activity, responsible, status, the chair and the source.
    assert "Tillfällen 2026 per månad, med ansvarig och status" in page
    assert "2026-02-15" in page and "Gjord" in page and "Ordförande: " in page
    assert "Kontrollera SCB:s datum" in page and "Avser 2025-07-01–2025-12-31" in page
    assert "Högst 4 samtal per dag, 80 i månaden" in page
    assert "Källa: Emmaboda, Årshjul DUA" in page and "Källa: Örebro, styrgruppen" in page
    assert (
        reverse("cycle:year", args=[orebro.pk, 2025]) in page and reverse("cycle:year", args=[orebro.pk, 2027]) in page
    )
    # The steering group reads; it does not edit.
    assert "Lägg in standardårshjulet" not in page and reverse("cycle:activity_create", args=[orebro.pk]) not in page


def test_an_agreement_without_a_wheel_offers_the_default_to_its_administrator(world, login):
    orebro = world["agreements"]["orebro"]
    client = login(world["users"]["admin"])
    page = client.get(reverse("cycle:year", args=[orebro.pk, YEAR])).content.decode()
    assert "Lägg in standardårshjulet" in page and "inga aktiviteter i årshjulet ännu" in page
    client.post(reverse("cycle:load_default", args=[orebro.pk]))
    page = client.get(reverse("cycle:year", args=[orebro.pk, YEAR])).content.decode()
    assert "inte skapade ännu" in page and "Skapa tillfällena för 2026" in page
    page = client.post(reverse("cycle:generate", args=[orebro.pk, YEAR]), follow=True).content.decode()
    assert "tillfällen skapades för 2026" in page
    page = client.post(reverse("cycle:generate", args=[orebro.pk, YEAR]), follow=True).content.decode()
    assert "fanns redan; inget ändrades" in page
    assert client.get(reverse("cycle:year", args=[orebro.pk, 1999])).status_code == 404
    edit = client.get(reverse("cycle:activity_create", args=[orebro.pk])).content.decode()
    assert "Månader" in edit and "Senast dag i månaden" in edit and "Parterna turas om" in edit


def test_the_menu_offers_the_cycle_to_everyone_with_a_role(world, login):
    for username in ("styrgrupp", "admin", "kaa.lekeberg", "socialsekreterare"):
        page = login(world["users"][username]).get("/").content.decode()
        assert 'href="/arshjul/"' in page, username
    nobody = User.objects.create_user(username="utan.roll", password="x-Lösen-123456")
    client = login(nobody)
    assert 'href="/arshjul/"' not in client.get("/").content.decode()
    assert client.get(reverse("cycle:index")).status_code == 403
    # One agreement: straight to this year's wheel.
    response = login(world["users"]["kaa.lekeberg"]).get(reverse("cycle:index"))
    assert response.status_code == 302 and f"/arshjul/{world['agreements']['lekeberg'].pk}/" in response.url

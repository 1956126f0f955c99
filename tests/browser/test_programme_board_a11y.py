"""A programme's routine in Chromium: a KAA caseworker takes Åsa into the routine from the list of who is
eligible, reads the board (one overdue), moves her on and ends another's participation (first with errors);
the coordinator creates a place period (first with errors) and selects among more applicants than places with
a rationale and a waiting list. axe-core on every page; screenshots in test-artifacts/screenshots/board-*.png.

The `world` has no coordinator: one is added to the KAA unit, so the unit's participations are their own.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.access.services import Actor
from fotfaste.accounts.models import User
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from fotfaste.programmes import board, services
from fotfaste.programmes.models import Participation, PlacePeriod, Selection
from tests.browser.test_pages_a11y import assert_error_summary_links_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_board_places_and_selection(browser_world, page, log_in, url, axe_check):
    w = browser_world
    today = timezone.localdate()
    programme = services.add_from_catalogue(w["agreements"]["orebro"], "traineejobb_valfard")
    programme.conditions = [{"typ": "alder", "fran": 10, "till": 40}]  # everyone in the world is eligible
    programme.save()
    coordinator = User.objects.create_user(username="samordnare", password=PASSWORD, first_name="Sara")
    Membership.objects.create(user=coordinator, unit=w["units"]["kaa"], role=Role.COORDINATOR)
    kaa = Actor(w["users"]["kaa"])
    for key in ("ali", "protected"):
        board.add_participation(kaa, programme, w["persons"][key].pk, None, today)
    Participation.objects.filter(person=w["persons"]["ali"]).update(step_since=today - timedelta(days=20))
    base = f"/program/{programme.agreement_id}/{programme.code}/"

    log_in("kaa")
    page.goto(url(base))
    axe_check("board-programme-detail")
    page.get_by_role("button", name="Bjud in / lägg till i rutinen – Traineejobb i välfärden, Åsa Öberg").click()
    page.locator(".notification").wait_for(state="visible")
    assert Participation.objects.filter(person=w["persons"]["asa"], step=0).exists()

    page.get_by_role("link", name="Tavlan: vem är i vilket steg").click()
    page.get_by_role("heading", name="Tavla: Traineejobb i välfärden").wait_for()
    # Waited for, not merely checked: under load the heading can be parsed before the rest of the page.
    page.get_by_role("table", name="Rutinens steg").wait_for()
    page.get_by_text("Försenad", exact=True).first.wait_for()  # Ali: 20 days, at most 14
    axe_check("board")
    page.get_by_role("button", name="Till nästa steg – Åsa Öberg").click()
    page.locator(".notification").wait_for(state="visible")
    assert Participation.objects.get(person=w["persons"]["asa"]).step == 1

    page.get_by_role("link", name="Avstår eller avbryts – Sara Skyddad").click()
    page.get_by_label("Ny status").select_option("avbruten")
    page.get_by_role("button", name="Avsluta deltagandet").click()
    assert_error_summary_links_to(page, "id_reason")
    axe_check("board-end-error")
    page.get_by_label("Varför").fill("Har fått arbete")
    page.get_by_role("button", name="Avsluta deltagandet").click()
    page.locator(".notification").wait_for(state="visible")
    assert Participation.objects.get(person=w["persons"]["protected"]).status == "avbruten"

    page.goto(url(f"/personer/{w['persons']['ali'].pk}/"))
    page.get_by_role("heading", name="Deltagande i program").wait_for()
    axe_check("board-person-page")

    # The coordinator: a place period, then a selection among more applicants than places.
    page.context.clear_cookies()
    log_in("samordnare")
    page.goto(url(base))
    page.get_by_role("link", name="Ny platsperiod").click()
    page.get_by_label("Period").fill("Hösten")
    page.get_by_label("Från").fill(today.isoformat())
    page.get_by_label("Till och med").fill((today + timedelta(days=120)).isoformat())
    page.get_by_label("Antal platser").fill("0")
    page.get_by_role("button", name="Skapa perioden").click()
    assert_error_summary_links_to(page, "id_places")
    axe_check("board-period-error")
    page.get_by_label("Antal platser").fill("1")
    page.get_by_role("button", name="Skapa perioden").click()
    page.get_by_role("heading", name="Platser och urval: Hösten").wait_for()
    axe_check("board-period")
    page.get_by_label("Beslut för Åsa Öberg").select_option("vald")
    page.get_by_label("Beslut för Ali Hassan").select_option("vald")
    page.get_by_label("Motivering").fill("De individerna med bäst förutsättningar får gå vidare.")
    page.get_by_role("button", name="Spara urvalet").click()
    page.locator(".error-summary").wait_for(state="visible")  # two selected for one place
    assert not Selection.objects.exists()
    axe_check("board-selection-error")
    page.get_by_label("Beslut för Ali Hassan").select_option("vantelista")
    page.get_by_label("Plats i väntelistan för Ali Hassan").fill("1")
    page.get_by_role("button", name="Spara urvalet").click()
    page.locator(".notification").wait_for(state="visible")
    assert Selection.objects.get().decisions.count() == 2
    assert PlacePeriod.objects.get().participations.filter(status="vantelista").count() == 1
    page.get_by_role("heading", name="Gjorda urval").wait_for()
    axe_check("board-selection-done")

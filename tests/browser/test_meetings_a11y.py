"""Meetings in Chromium: a case review from the generated agenda, a three-party talk, an information
meeting with attendance and a booked mapping talk. axe-core on every page; screenshots meeting-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.meetings.models import Action, MappingTalk
from fotfaste.plans.models import Plan
from fotfaste.plans.services import ensure_catalogue
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser


def test_case_review_three_party_talk_and_information_meeting(browser_world, page, log_in, url, axe_check):
    ensure_catalogue()
    asa, kaa_unit = browser_world["persons"]["asa"], browser_world["units"]["kaa"]
    today = timezone.localdate()
    Plan.objects.create(person=asa, unit=kaa_unit, goal_kind="arbete", goal="Jobb", revise_by=today)
    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Möten").click()
    axe_check("meeting-list")
    page.get_by_role("link", name="Nytt möte").click()
    page.get_by_role("button", name="Skapa mötet").click()
    assert_error_summary_links_to(page, "id_title")
    axe_check("meeting-form-error")
    page.get_by_label("Ärendedragning i samverkansgruppen").check()
    page.get_by_label("Rubrik").fill("Samverkansgruppen november")
    page.get_by_label("Klockan").fill("13:00")
    page.get_by_role("button", name="Skapa mötet").click()
    page.locator(".notification").wait_for(state="visible")
    page.get_by_role("button", name="Hämta dagordning").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Planen ska ses över" in page.locator("main").inner_text()
    axe_check("meeting-case-review")

    page.get_by_text("Lägg till åtgärd").click()
    page.get_by_role("button", name="Spara åtgärden").click()
    page.locator(".error-summary").wait_for(state="visible")
    axe_check("meeting-case-review-error")
    page.get_by_label("Åtgärd", exact=True).fill("Boka nytt planeringsmöte")
    page.get_by_label("Ansvarig").select_option(label="Kaa")
    page.get_by_label("Klart senast").fill((today + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Spara åtgärden").click()
    page.locator(".notification").wait_for(state="visible")
    assert Action.objects.filter(description="Boka nytt planeringsmöte").exists()

    page.goto(url(f"/personer/{asa.pk}/trepartssamtal/ny/"))
    axe_check("meeting-three-party-form")
    page.get_by_label("Klockan").fill("10:00")
    page.get_by_label("Deltagare").fill("Amir Haddadi (AF), Karin Ahlgren (kommunen)")
    page.get_by_label("Det här kom vi överens om").fill("Åsa skriver in sig på Arbetsförmedlingen.")
    page.get_by_role("button", name="Spara samtalet").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Åsa skriver in sig på Arbetsförmedlingen." in page.locator("main").inner_text()
    axe_check("meeting-person-section")

    page.goto(url("/moten/ny/"))
    page.get_by_label("Informationsmöte").check()
    page.get_by_label("Rubrik").fill("Informationsmöte om stöd")
    page.get_by_label("Klockan").fill("15:00")
    page.get_by_role("button", name="Skapa mötet").click()
    page.locator(".notification").wait_for(state="visible")
    page.get_by_label("Personnummer").fill(asa.personnummer)
    page.get_by_label("Sms").check()
    page.get_by_role("button", name="Bjud in", exact=True).click()
    page.locator(".notification").wait_for(state="visible")
    page.get_by_label("Åsa Öberg kom").check()
    page.get_by_role("button", name="Spara närvaron").click()
    page.locator(".notification").wait_for(state="visible")
    axe_check("meeting-information")
    page.get_by_role("link", name="Boka Åsa Öberg").click()
    axe_check("meeting-book")
    page.get_by_label("Datum").fill((today + timedelta(days=7)).isoformat())
    page.get_by_label("Klockan").fill("09:00")
    page.get_by_role("button", name="Boka", exact=True).click()
    page.locator(".notification").wait_for(state="visible")
    assert MappingTalk.objects.filter(person=asa).exists()


def test_agreement_settings_for_guardians_and_talks(browser_world, page, log_in, url, axe_check):
    log_in("admin")
    page.goto(url("/administration/"))
    page.get_by_role("link", name="Samtycken och kartläggningssamtal").click()
    axe_check("agreement-settings")
    field = page.get_by_role("group", name="Samverkan unga Örebro").get_by_label(
        "Kartläggningssamtal per dag och enhet"
    )
    field.fill("0")
    page.get_by_role("button", name="Spara").click()
    page.locator(".error-summary").wait_for(state="visible")
    axe_check("agreement-settings-error")
    field = page.get_by_role("group", name="Samverkan unga Örebro").get_by_label(
        "Kartläggningssamtal per dag och enhet"
    )
    field.fill("5")
    page.get_by_role("button", name="Spara").click()
    page.locator(".notification").wait_for(state="visible")
    from fotfaste.meetings.models import TalkCapacity

    assert TalkCapacity.objects.get(agreement=browser_world["agreements"]["orebro"]).per_day == 5

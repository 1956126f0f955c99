"""Placements in Chromium: the KAA caseworker opens the placements list, publishes a placement (first with
errors), gets Åsa suggested with the reasons, proposes her, opens the candidate page and starts the placement
(a measure in her plan); Åsa's person page lists the candidacy. axe-core on every page; screenshots
placements-*.png."""

import pytest
from django.utils import timezone

from fotfaste.employers.models import Candidate, Employer, Occupation, Placement
from fotfaste.mapping.models import Mapping
from fotfaste.plans.models import Measure, Plan
from fotfaste.plans.services import ensure_catalogue
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser


def test_publish_suggest_propose_and_start(browser_world, page, log_in, url, axe_check):
    ensure_catalogue()  # transactional tests empty every table, the shipped SSYK major groups too
    Occupation.objects.get_or_create(code="9", defaults={"name": "Yrken med krav på kortare utbildning"})
    today = timezone.localdate()
    asa, unit = browser_world["persons"]["asa"], browser_world["units"]["kaa"]
    employer = Employer.objects.create(
        agreement=browser_world["agreements"]["orebro"],
        organisation_number="212000-1355",
        name="Lagerhuset i Örebro AB",
        sector="privat",
        municipality_id="1880",
    )
    Mapping.objects.create(
        person=asa,
        unit=unit,
        talk_date=today,
        education_level="gymnasium",
        driving_licence="b",
        cv="ja",
        interests="Lager och truckar",
    )
    Plan.objects.create(person=asa, unit=unit, goal_kind="arbete", goal="Ett jobb på lager")
    log_in("kaa")
    page.goto(url("/arbetsgivare/praktik/"))
    assert page.get_by_role("table", name="Praktikplatser och jobb i dina samverkansöverenskommelser").is_visible()
    axe_check("placements-list")

    page.get_by_role("link", name="Publicera en plats").click()
    page.get_by_role("button", name="Publicera platsen").click()
    assert_error_summary_links_to(page, "id_employer")
    assert "Ange yrkets SSYK-kod" in page.locator(".error-summary").inner_text()
    axe_check("placements-publish-error")
    page.get_by_label("Arbetsgivare").select_option(str(employer.pk))
    page.get_by_label("Rubrik (frivilligt)").fill("Lagerarbete")
    page.get_by_label("Yrke (SSYK 2012-kod)").fill("9")
    page.get_by_label("Halvskyddad", exact=False).check()
    page.get_by_label("Antal platser").fill("2")
    page.get_by_label("Från", exact=True).fill(today.isoformat())
    page.get_by_label("Till och med").fill(today.replace(year=today.year + 1).isoformat())
    page.get_by_label("Kräver B-körkort").check()
    page.get_by_label("Anonym annons").check()
    page.get_by_role("button", name="Publicera platsen").click()
    page.locator(".notification").wait_for(state="visible")
    placement = Placement.objects.get()
    assert placement.anonymous and placement.step == "halvskyddad"
    assert page.get_by_role("table", name="Förslag på kandidater med skälen").is_visible()
    shown = page.locator("main").inner_text()
    assert "intresse: lager" in shown and "har B-körkort" in shown and "bor i samma kommun" in shown
    axe_check("placements-detail")

    page.get_by_role("button", name="Föreslå som kandidat").click()
    page.locator(".notification").wait_for(state="visible")
    assert Candidate.objects.get().stage == "foreslagen"
    axe_check("placements-candidate")

    page.get_by_role("link", name="Praktiken börjar").click()
    page.get_by_label("Började").fill("")
    page.get_by_role("button", name="Spara").click()
    assert_error_summary_links_to(page, "id_started_on")
    axe_check("placements-start-error")
    page.get_by_label("Började").fill(today.isoformat())
    page.get_by_role("button", name="Spara").click()
    page.locator(".notification").wait_for(state="visible")
    assert Measure.objects.get().status == "pagaende"
    assert "Pågår" in page.locator("main").inner_text()

    page.goto(url(f"/personer/{asa.pk}/"))
    assert page.get_by_role("heading", name="Praktikplatser och jobb").is_visible()
    assert page.get_by_role("link", name="Lagerarbete").first.is_visible()
    axe_check("placements-person-section")

"""Taking part in a programme in Chromium: the KAA caseworker opens Åsa's participation from the person page,
starts it (first with an error), writes the three-party contract (first with an error), prints it, records a
follow-up and ends the participation with its outcome. axe-core on every page; screenshots contracts-*.png."""

import pytest
from django.utils import timezone

from fotfaste.plans.models import Measure, Plan
from fotfaste.plans.services import ensure_catalogue
from fotfaste.programmes import services as programmes
from fotfaste.programmes.models import Contract, Participation
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser


def test_participation_contract_and_end(browser_world, page, log_in, url, axe_check, tmp_path):
    ensure_catalogue()  # transactional tests empty every table
    asa, unit = browser_world["persons"]["asa"], browser_world["units"]["kaa"]
    today = timezone.localdate()
    programme = programmes.add_from_catalogue(browser_world["agreements"]["orebro"], "utbildningskontrakt")
    participation = Participation.objects.create(
        programme=programme, person=asa, unit=unit, step=5, step_since=today, status="vald"
    )
    Plan.objects.create(person=asa, unit=unit, goal_kind="studier", goal="Gymnasieexamen på komvux")
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert page.get_by_role("heading", name="Deltagande i program", exact=True).is_visible()
    page.get_by_role("link", name="Utbildningskontrakt", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Deltagande i Utbildningskontrakt")
    axe_check("contracts-participation")

    page.get_by_role("link", name="Starta deltagandet").click()
    page.get_by_label("Började").fill("")
    page.get_by_role("button", name="Starta deltagandet").click()
    assert_error_summary_links_to(page, "id_started_on")
    axe_check("contracts-start-error")
    page.get_by_label("Började").fill(today.isoformat())
    page.get_by_role("button", name="Starta deltagandet").click()
    page.locator(".notification").wait_for(state="visible")
    assert Measure.objects.get().status == "pagaende"
    assert page.get_by_role("link", name="Utbildningskontrakt", exact=True).is_visible()  # the measure in the plan

    page.get_by_role("link", name="Skriv trepartsavtal").click()
    axe_check("contracts-contract")
    page.get_by_role("button", name="Spara avtalet").click()
    assert_error_summary_links_to(page, "id_counterpart_name")
    axe_check("contracts-contract-error")
    page.get_by_label("Folkhögskolan").check()
    page.get_by_label("Tredje partens namn").fill("Kvinnohöjdens folkhögskola")
    page.get_by_label("Studier (frivilligt)").fill("Allmän kurs på heltid.")
    page.get_by_label("Den unga skrev under (frivilligt)").fill(today.isoformat())
    page.get_by_role("button", name="Spara avtalet").click()
    page.locator(".notification").wait_for(state="visible")
    assert Contract.objects.get().signed_by_person_on == today
    assert "Inte undertecknat ännu" in page.locator("main").inner_text()  # in words, not by colour
    axe_check("contracts-participation-contract")

    with page.expect_download() as download:
        page.get_by_role("link", name="Skriv ut avtalet (PDF)").click()
    pdf = tmp_path / "avtal.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Ny uppföljning").click()
    axe_check("contracts-follow-up")
    page.get_by_label("Hur går studierna? (frivilligt)").fill("Godkänd i svenska.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.locator(".notification").wait_for(state="visible")
    assert page.get_by_role("table", name="Uppföljningar av trepartsavtalet").is_visible()

    page.get_by_role("link", name="Avsluta deltagandet").click()
    page.get_by_label("Fullföljd").check()
    page.get_by_label("Slutade", exact=True).fill("")
    page.get_by_role("button", name="Avsluta deltagandet").click()
    assert_error_summary_links_to(page, "id_ended_on")
    assert "Välj vad den unga gick vidare till." in page.locator(".error-summary").inner_text()
    axe_check("contracts-end-error")
    page.get_by_label("Slutade", exact=True).fill(today.isoformat())
    page.get_by_label("Arbete", exact=True).check()
    page.get_by_role("button", name="Avsluta deltagandet").click()
    page.locator(".notification").wait_for(state="visible")
    participation.refresh_from_db()
    assert (participation.status, participation.outcome) == ("fullfoljd", "arbete")
    assert Measure.objects.get().status == "avslutad"
    axe_check("contracts-participation-ended")

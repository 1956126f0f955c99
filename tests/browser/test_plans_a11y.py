"""The joint plan in Chromium: a KAA caseworker draws it up, adds measures, meets an edit conflict and
prints it for the young person; the administrator keeps the catalogue. axe-core on every page;
screenshots in test-artifacts/screenshots/plan-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.plans.models import Measure, Plan
from fotfaste.plans.services import ensure_catalogue
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser


def test_plan_measures_conflict_and_pdf(browser_world, page, log_in, url, axe_check, tmp_path, browser):
    ensure_catalogue()  # transactional tests empty every table
    asa = browser_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert page.get_by_role("heading", name="Individuell plan", exact=True).is_visible()
    page.get_by_role("link", name="Upprätta en individuell plan").click()
    axe_check("plan-form")
    page.get_by_role("button", name="Spara planen").click()
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    assert "Skriv målet med insatserna." in summary.inner_text()
    assert_error_summary_links_to(page, "id_goal")
    summary.locator('a[href="#id_goal_kind_0"]').click()
    assert page.evaluate("document.activeElement.id") == "id_goal_kind_0"
    axe_check("plan-form-error")
    page.get_by_label("Studier").check()
    page.get_by_label("Målet med insatserna").fill("Börja på komvux i januari och läsa svenska.")
    page.get_by_label("Den ungas egna ord").fill("Jag vill bli undersköterska.")
    page.get_by_role("button", name="Spara planen").click()
    page.locator(".notification").wait_for(state="visible")
    axe_check("plan-detail-empty")

    page.get_by_role("link", name="Lägg till insats").click()
    axe_check("measure-form")
    page.get_by_label("Insats", exact=True).select_option(label="Vägledningssamtal")
    page.get_by_label("Kommunen", exact=True).check()
    page.get_by_role("button", name="Spara insatsen").click()
    assert_error_summary_links_to(page, "id_responsible_unit")
    axe_check("measure-form-error")
    page.get_by_label("Ansvarig enhet i kommunen").select_option(label="KAA-enheten (Örebro kommun)")
    follow_up = (timezone.localdate() + timedelta(days=30)).isoformat()
    page.get_by_label("Datum för uppföljning").fill(follow_up)
    page.get_by_role("button", name="Spara insatsen").click()
    page.locator(".notification").wait_for(state="visible")
    assert Measure.objects.filter(plan__person=asa).count() == 1
    assert "Vägledningssamtal" in page.locator("main").inner_text()
    axe_check("plan-detail")

    # Two tabs open the goal; the first saves; the second is told, and nothing is overwritten.
    plan = Plan.objects.get()
    other = page.context.new_page()
    other.goto(url(f"/personer/{asa.pk}/plan/{plan.pk}/andra/"))
    page.goto(url(f"/personer/{asa.pk}/plan/{plan.pk}/andra/"))
    page.get_by_label("Målet med insatserna").fill("Först sparat mål.")
    page.get_by_role("button", name="Spara planen").click()
    page.locator(".notification").wait_for(state="visible")
    other.get_by_label("Målet med insatserna").fill("Senare mål.")
    other.get_by_role("button", name="Spara planen").click()
    other.locator(".error-summary").wait_for(state="visible")
    assert "Dina ändringar är inte sparade" in other.locator(".error-summary").inner_text()
    assert "Först sparat mål." in other.locator("section.conflict").inner_text()
    plan.refresh_from_db()
    assert plan.goal == "Först sparat mål."
    other.close()
    axe_check("plan-detail-after-conflict")

    with page.expect_download() as download:
        page.goto(url(f"/personer/{asa.pk}/plan/{plan.pk}/"))
        page.get_by_role("link", name="Skriv ut planen för den unga (PDF)").click()
    pdf = tmp_path / "plan.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="1", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Planens version 1"
    assert "Börja på komvux i januari" in page.locator("main").inner_text()
    axe_check("plan-revision")


def test_catalogue_admin(browser_world, page, log_in, url, axe_check):
    ensure_catalogue()
    log_in("root")
    page.goto(url("/administration/insatser/"))
    assert page.get_by_role("link", name="Utbildningskontrakt").is_visible()
    axe_check("plan-catalogue")
    page.get_by_role("button", name="Lägg till").click()
    assert_error_summary_links_to(page, "id_name")
    page.get_by_label("Namn").fill("Sommarskola")
    page.get_by_label("Studier").check()
    page.get_by_role("button", name="Lägg till").click()
    page.locator(".notification").wait_for(state="visible")
    page.get_by_role("link", name="Traineejobb").click()
    axe_check("plan-catalogue-edit")
    page.get_by_label("Aktiv (kan väljas i planer)").uncheck()
    page.get_by_role("button", name="Spara").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Sommarskola" in page.locator("main").inner_text()


def test_my_tasks(browser_world, page, log_in, url, axe_check):
    ensure_catalogue()
    from fotfaste.plans.models import MeasureType

    asa, kaa_unit = browser_world["persons"]["asa"], browser_world["units"]["kaa"]
    today = timezone.localdate()
    plan = Plan.objects.create(person=asa, unit=kaa_unit, goal_kind="arbete", goal="Jobb", revise_by=today)
    Measure.objects.create(
        plan=plan,
        measure_type=MeasureType.objects.get(name="Praktik"),
        responsible="personen",
        planned_start=today,
        follow_up_on=today - timedelta(days=2),
    )
    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina uppgifter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mina uppgifter"
    assert "Försenad" in page.locator("main").inner_text()
    axe_check("mywork")
    page.get_by_role("link", name="Öberg, Åsa").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Individuell plan")

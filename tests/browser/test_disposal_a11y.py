"""Disposal through the browser as an administrator: rules, report, confirmation, run history.
Every page is scanned with axe-core (WCAG 2.1 A/AA)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from fotfaste.disposal.models import DisposalRun, RetentionRule
from fotfaste.kaa.models import KaaPeriod
from fotfaste.registers.models import RegisterImport, Registration

pytestmark = pytest.mark.browser


def submit(page, button: str) -> None:
    """Press a form's button and wait for the answer page, so assertions never read the old one."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def follow(page, link: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=True).first.click()


def test_administrator_sets_a_rule_reports_and_disposes(browser_world, page, log_in, url, axe_check):
    asa = browser_world["persons"]["asa"]
    KaaPeriod.objects.filter(person=asa).delete()  # her KAA is long over: her old registration may go
    imp = RegisterImport.objects.create(
        kind="folkbokforing", municipality_id="1880", as_of=date(2018, 1, 15), file_name="folkbokforing.csv",
        sha256="0" * 64, status="inlast",
    )  # fmt: skip
    RegisterImport.objects.filter(pk=imp.pk).update(created_at=timezone.make_aware(datetime(2018, 1, 15, 12)))
    registration = Registration.objects.create(
        person=asa, municipality_id="1880", start_date=None, end_date=date(2019, 1, 1), source_import=imp
    )

    log_in("root")
    follow(page, "Administration")
    follow(page, "Gallring")
    assert page.get_by_role("heading", level=1).inner_text() == "Gallring"
    assert "Det finns inga gallringsregler ännu" in page.locator("main").inner_text()
    axe_check("disposal-rules-empty")

    follow(page, "Ny gallringsregel")
    axe_check("disposal-rule-form")
    page.get_by_label("Antal år").fill("0")
    submit(page, "Spara")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Ange beslutets diarienummer." in summary.inner_text()
    assert "Antalet år måste vara minst 1." in summary.inner_text()
    assert page.locator(".error-summary a[href='#id_category_0']").count() == 1
    axe_check("disposal-rule-form-error")

    page.get_by_label("KAA-registret", exact=True).check()
    page.get_by_label("Antal år").fill("3")
    page.get_by_label("Beslutets diarienummer").fill("BUN 2025/101")
    page.get_by_label("Beslutsdatum").fill("2025-03-01")
    page.get_by_label("Beskrivning").fill("KAA-uppgifter sparas tre år efter att ansvaret upphört.")
    submit(page, "Spara")
    rule = RetentionRule.objects.get()
    assert (rule.category, rule.years_after_kaa_end, rule.active) == ("kaa_register", 3, True)
    assert "BUN 2025/101" in page.locator("table").inner_text()
    axe_check("disposal-rules")

    page.get_by_role("link", name="Ändra").first.click()
    page.wait_for_load_state()
    assert page.get_by_label("KAA-registret", exact=True).is_checked()
    axe_check("disposal-rule-edit")
    follow(page, "Avbryt")

    follow(page, "Rapport och gallring")
    assert page.get_by_label("Referensdatum").input_value() == timezone.localdate().isoformat()
    axe_check("disposal-report-form")
    submit(page, "Gör rapport")
    report = DisposalRun.objects.get()
    assert report.dry_run
    assert "Folkbokföringsperioder: 1" in page.locator("table").inner_text()
    assert Registration.objects.filter(pk=registration.pk).exists()
    axe_check("disposal-report")

    follow(page, "Gallra nu")
    axe_check("disposal-confirm")
    submit(page, "Gallra")
    assert "Kryssa i rutan" in page.locator(".error-summary").inner_text()
    assert Registration.objects.filter(pk=registration.pk).exists()
    axe_check("disposal-confirm-error")
    page.get_by_label("Jag vill gallra uppgifterna i rapporten").check()
    submit(page, "Gallra")
    assert "Gallringen är klar." in page.locator(".notification").inner_text()
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert DisposalRun.objects.filter(dry_run=False).count() == 1
    axe_check("disposal-run")

    follow(page, "Alla körningar")
    table = page.locator("table").inner_text()
    assert "Rapport (provkörning)" in table and "Gallring" in table
    assert asa.personnummer[:8] not in page.content() and asa.last_name not in page.content()
    axe_check("disposal-runs")


def test_disposal_is_refused_to_caseworker(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    response = page.goto(url("/administration/gallring/"))
    assert response.status == 403
    axe_check("disposal-403")

"""Programmes in Chromium: the employment officer reads AF's list in and sees on the person page from which
day the young person is eligible and why; a coordinator picks a programme from the catalogue, configures
it (first with errors) and sees who is eligible now and soon. axe-core on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from fotfaste.programmes.models import AgreementProgramme
from tests.browser.test_pages_a11y import assert_error_summary_links_to
from tests.browser.test_register_a11y import choose_file, submit

pytestmark = pytest.mark.browser
AF_HEADER = "personnummer;inskriven_fran;inskriven_till;sokandekategori"


def test_af_reads_in_its_list_and_sees_eligibility_on_the_person_page(
    browser_world, page, log_in, url, axe_check, tmp_path
):
    asa = browser_world["persons"]["asa"]  # born 2010: the youth guarantee from 16
    since = timezone.localdate() - timedelta(days=80)
    log_in("arbetsformedlare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Registerimport").click()
    page.get_by_role("link", name="Ny import").click()
    axe_check("af-import-new")
    page.get_by_label("Inskrivning på Arbetsförmedlingen").check()
    choose_file(page, tmp_path, "af.csv", f"{AF_HEADER}\n{asa.personnummer};{since};;11\n")
    submit(page, "Ladda upp och kontrollera")
    assert "Nya inskrivningar" in page.locator("main").inner_text()
    axe_check("af-import-preview")
    submit(page, "Läs in")
    assert "Inläst" in page.locator("main").inner_text()

    page.goto(url(f"/personer/{asa.pk}/"))
    section = page.locator("section[aria-labelledby=program]")
    day = (since + timedelta(days=90)).isoformat()
    assert f"Jobbgarantin för ungdomar: blir behörig {day}" in section.inner_text()
    assert "80 dagar som heltidsarbetslös de senaste 4 månaderna (minst 90 krävs)" in section.inner_text()
    assert section.get_by_role("table", name="Inskrivningsperioder på Arbetsförmedlingen").is_visible()
    axe_check("programmes-person-section")


def test_a_coordinator_configures_a_programme_and_sees_the_lists(browser_world, page, log_in, url, axe_check):
    coordinator = browser_world["users"]["kaa"]
    Membership.objects.create(user=coordinator, unit=browser_world["units"]["kaa"], role=Role.COORDINATOR)
    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Program").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Program"
    axe_check("programmes-index")
    page.get_by_label("Lägg till ett program ur katalogen").select_option(label="Jobbgarantin för ungdomar")
    submit(page, "Lägg till")
    assert AgreementProgramme.objects.filter(code="jobbgaranti_ungdomar").exists()
    page.get_by_label("Har fyllt (år)").fill("30")
    submit(page, "Spara programmet")
    assert_error_summary_links_to(page, "id_age_until")
    axe_check("programmes-edit-errors")
    page.get_by_label("Har fyllt (år)").fill("16")
    submit(page, "Spara programmet")
    assert page.get_by_role("heading", name="Behöriga och snart behöriga").is_visible()
    assert page.get_by_role("heading", name="Behöriga nu").is_visible()
    axe_check("programmes-detail")

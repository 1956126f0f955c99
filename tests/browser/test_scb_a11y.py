"""The SCB report in Chromium: the KAA caseworker finds it in the menu, sees the check's problem with its
link, exports once the problem is fixed, reads the statistics; the administrator edits a version with an
error; the steering group opens its reports. Every page is checked with axe-core; screenshots in
test-artifacts/screenshots/scb-*.png."""

import pytest

from tests.integration import test_scb as scb_data
from tests.integration.test_scb import HALF, day, occupation

pytestmark = pytest.mark.browser
register = scb_data.register  # the fixture


def test_check_export_statistics_versions_and_reports(browser_world, register, page, log_in, url, axe_check):
    ali = register["persons"]["ali"]
    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="SCB och statistik").click()
    axe_check("scb-home")
    page.get_by_role("link", name=f"Kontrollera och exportera – Örebro {HALF}").click()
    main = page.locator("main")
    assert "Kontrollen hittade 1 fel" in main.inner_text()
    assert ali.personnummer in main.inner_text()
    axe_check("scb-check-problem")
    occupation(ali, "ingen", day(20))
    page.reload()
    page.get_by_role("button", name="Skapa fil för uppladdning").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Gällande" in main.inner_text()
    axe_check("scb-check-exported")
    page.get_by_role("link", name="KAA-statistik för halvåret").click()
    assert "Unga i aktivitetsansvaret under halvåret" in main.inner_text()
    axe_check("scb-statistics")

    log_in("root")
    page.goto(url("/administration/scb/"))
    axe_check("scb-versions")
    page.get_by_role("link", name="fotfaste-1").click()
    page.get_by_label("Versionen som JSON").fill('{"version": "x"}')
    page.get_by_role("button", name="Spara versionen").click()
    page.locator(".error-summary").wait_for(state="visible")
    assert "”galler_fran” saknas" in main.inner_text()
    axe_check("scb-version-error")

    log_in("styrgrupp")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    assert "Kartläggning av målgruppen" in main.inner_text()
    axe_check("scb-board")

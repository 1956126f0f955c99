"""Monthly income-support lists in Chromium, as a social worker reads one in.

First a list with an error (nothing stored, every error by row and column), then the corrected list
(counts per month, notices, the history). Every page is checked with axe-core; screenshots in
test-artifacts/screenshots/incomesupport-*.png.
"""

import pytest

from fotfaste.incomesupport.models import IncomeSupportList, IncomeSupportMonth
from tests.browser.test_pages_a11y import assert_error_summary_links_to
from tests.integration.test_incomesupport import handmade, numbers

pytestmark = pytest.mark.browser


def test_read_in_a_list_with_an_error_first(browser_world, page, log_in, url, axe_check, tmp_path):
    people = {
        "girls": numbers("2008", "kvinna", 2),
        "man": numbers("2004", "man", 1)[0],
        "woman": numbers("1999", "kvinna", 1)[0],
        "older": numbers("1994", "man", 1)[0],
    }
    bad = tmp_path / "forsorjningsstod-fel.csv"
    bad.write_text(handmade(people) + f"{people['man']};2026-13\n", encoding="utf-8")
    good = tmp_path / "forsorjningsstod.csv"
    good.write_text(handmade(people), encoding="utf-8")

    log_in("socialsekreterare")
    page.get_by_role("navigation", name="Huvudmeny").wait_for()
    page.get_by_role("link", name="Månadslistor").first.click()
    assert page.get_by_role("heading", name="Månadslistor för försörjningsstöd", exact=True).is_visible()
    axe_check("incomesupport-form")

    page.get_by_label("Månadslistan").set_input_files(str(bad))
    page.get_by_role("button", name="Läs in listan").click()
    assert_error_summary_links_to(page, "id_file")
    assert "Rad 11, manad: ”2026-13” är ingen månad; skriv ÅÅÅÅ-MM." in page.locator("main").inner_text()
    axe_check("incomesupport-form-error")
    assert not IncomeSupportList.objects.exists() and not IncomeSupportMonth.objects.exists()

    page.get_by_label("Månadslistan").set_input_files(str(good))
    page.get_by_role("button", name="Läs in listan").click()
    page.get_by_role("heading", name="Resultat").wait_for()
    main = page.locator("main").inner_text()
    assert "Listan är inläst: 7 nya personmånader sparades." in main
    assert "samma person och månad som rad 5" in main
    assert page.get_by_role("table", name="Inlästa listor, den senaste först").is_visible()
    axe_check("incomesupport-result")
    assert IncomeSupportMonth.objects.count() == 7

    # Read in by mistake: taken back from the history, after a page that says what goes.
    page.get_by_role("link", name="Ta bort listan forsorjningsstod.csv").click()
    page.get_by_role("heading", name="Ta bort en månadslista").wait_for()
    assert "De 7 personmånader som listan lade till tas bort ur uppföljningen." in page.locator("main").inner_text()
    axe_check("incomesupport-remove")
    page.get_by_role("button", name="Ta bort listan").click()
    page.get_by_text("Listan forsorjningsstod.csv är borttagen: 7 personmånader togs bort ur uppföljningen.").wait_for()
    axe_check("incomesupport-removed")
    assert not IncomeSupportMonth.objects.exists() and IncomeSupportList.objects.get().removed_at is not None

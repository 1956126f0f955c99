"""Letters in Chromium: templates, a letter to one person, a batch; axe-core on every page."""

import pytest

from tests.conftest import put_in_kaa

pytestmark = pytest.mark.browser


@pytest.fixture
def in_kaa(browser_world):
    for key in ("asa", "protected"):
        put_in_kaa(browser_world["persons"][key])
    return browser_world


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_templates_and_a_batch(in_kaa, page, log_in, url, axe_check):
    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Brev", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Brev"
    axe_check("letters-home")

    page.get_by_role("link", name="Ändra Inbjudan till samtal, Örebro").click()
    page.get_by_label("Brevtext").fill("Hej {namn}!")
    submit(page, "Spara")
    assert "Okänd platshållare {namn}." in page.locator(".error-summary").inner_text()
    axe_check("letters-template-error")
    page.get_by_label("Brevtext").fill("Hej {fornamn}!\n\nVälkommen till oss.")
    page.get_by_label("Telefonnummer i brevet").fill("019-21 10 00")
    submit(page, "Spara")
    assert "Brevmallen är sparad." in page.locator(".notification").inner_text()

    page.get_by_role("link", name="Skriv ut brev till många").click()
    submit(page, "Skriv ut")
    assert "Välj vilket brev som ska skrivas ut." in page.locator(".error-summary").inner_text()
    axe_check("letters-batch-errors")
    page.get_by_label("Inbjudan till samtal").check()
    page.get_by_label("Alla i KAA", exact=True).check()
    submit(page, "Skriv ut")
    assert page.get_by_role("link", name="Ladda ner breven (PDF)").is_visible()
    assert page.get_by_role("link", name="Skyddad, Sara").is_visible()
    axe_check("letters-batch-done")


def test_a_letter_from_the_person_page(in_kaa, page, log_in, url, axe_check):
    asa = in_kaa["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    page.get_by_role("link", name="Skriv ut brev").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Skriv ut brev")
    # The default templates ask the young person to call and mail, but have no number or address yet.
    warning = page.locator(".warning-text").inner_text()
    assert "Brevmallen ”Brev inför 20-årsdagen” för Örebro saknar telefonnummer och e-postadress." in warning
    axe_check("letters-person")
    page.get_by_label("Brev inför 20-årsdagen").check()
    submit(page, "Skriv ut (PDF)")
    assert "men texten använder {telefon}, {epost}" in page.locator(".error-summary").inner_text()
    axe_check("letters-person-template-incomplete")

    page.get_by_role("link", name="Ändra brevmallen Brev inför 20-årsdagen, Örebro").click()
    page.get_by_label("Telefonnummer i brevet").fill("019-21 10 00")
    page.get_by_label("E-postadress i brevet").fill("kaa@example.se")
    submit(page, "Spara")
    page.goto(url(f"/personer/{asa.pk}/brev/"))
    assert "Brev inför 20-årsdagen" not in page.locator(".warning-text").inner_text()
    page.get_by_label("Brev inför 20-årsdagen").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Skriv ut (PDF)").click()
    assert download.value.suggested_filename.startswith("brev-fore_20-")

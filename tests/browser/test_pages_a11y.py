"""Every page, as a person sees it in Chromium, passes axe-core's WCAG 2.1 A/AA rules.

Pages are reached the way a user reaches them: logging in through the form, typing into fields
and pressing buttons. Screenshots land in test-artifacts/screenshots/ for review.
"""

import pytest

pytestmark = pytest.mark.browser

SKIP_LINK = "Hoppa till huvudinnehållet"


def assert_error_summary_links_to(page, field_id: str) -> None:
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")  # the answer page may still be loading after the click
    assert page.title().startswith("Fel:")
    # The script moves focus to the summary so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    link = summary.locator(f'a[href="#{field_id}"]')
    assert link.count() == 1
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in field.get_attribute("aria-describedby").split()
    assert page.locator(f"#{field_id}-error").inner_text().strip()
    link.click()
    assert page.evaluate("document.activeElement.id") == field_id


def test_login_page(browser_world, page, url, axe_check):
    page.goto(url("/konto/logga-in/"))
    assert page.locator("html").get_attribute("lang") == "sv"
    axe_check("login")


def test_login_with_wrong_password_shows_error(browser_world, page, log_in, axe_check):
    log_in("kaa", "fel-lösenord")
    assert "/konto/logga-in/" in page.url
    assert "Fel användarnamn eller lösenord" in page.locator(".error-summary").inner_text()
    assert page.title().startswith("Fel:")
    axe_check("login-error")


def test_login_with_empty_fields_links_errors_to_fields(browser_world, page, url, axe_check):
    page.goto(url("/konto/logga-in/"))
    page.get_by_role("button", name="Logga in").click()
    assert_error_summary_links_to(page, "id_username")
    axe_check("login-empty")


@pytest.mark.parametrize("username", ["kaa", "styrgrupp", "admin"])
def test_start_page(browser_world, page, log_in, url, axe_check, username):
    log_in(username)
    assert page.url == url("/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
    axe_check(f"start-{username}")


def test_person_search_empty(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.goto(url("/personer/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sök person"
    axe_check("search-empty")


def test_person_search_with_results(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.goto(url("/personer/"))
    page.get_by_label("Personnummer eller namn").fill("Öberg")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_role("link", name="Öberg, Åsa").wait_for(state="visible")
    axe_check("search-results")


def test_person_search_invalid_personnummer(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.goto(url("/personer/"))
    page.get_by_label("Personnummer eller namn").fill("20080315-2382")
    page.get_by_role("button", name="Sök", exact=True).click()
    assert "Personnumret är ogiltigt" in page.locator(".error-summary").inner_text()
    assert_error_summary_links_to(page, "id_q")
    axe_check("search-invalid")


def test_person_detail(browser_world, page, log_in, url, axe_check):
    asa = browser_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Åsa Öberg"
    assert asa.street_address in page.content()
    axe_check("person-detail")


def test_protected_person_detail_hides_address(browser_world, page, log_in, url, axe_check):
    protected = browser_world["persons"]["protected"]
    log_in("kaa")
    page.goto(url(f"/personer/{protected.pk}/"))
    assert "Skyddad folkbokföring" in page.locator("main").inner_text()
    assert protected.street_address not in page.content()
    axe_check("person-detail-protected")


def test_edit_contact_form_and_error(browser_world, page, log_in, url, axe_check):
    asa = browser_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/kontaktuppgifter/"))
    axe_check("edit-contact")
    page.get_by_label("Postnummer").fill("12")
    page.get_by_role("button", name="Spara").click()
    assert "fem siffror" in page.locator(".error-summary").inner_text()
    assert_error_summary_links_to(page, "id_postal_code")
    axe_check("edit-contact-error")


def test_accessibility_statement(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.goto(url("/tillganglighet/"))
    assert "Tillgänglighetsredogörelse" in page.get_by_role("heading", level=1).inner_text()
    axe_check("accessibility-statement")


def test_accessibility_report_form_and_error(browser_world, page, url, axe_check):
    page.goto(url("/tillganglighet/rapportera/"))
    axe_check("accessibility-report")
    page.get_by_role("button", name="Skicka").click()
    assert "Beskriv problemet du stötte på" in page.locator(".error-summary").inner_text()
    assert_error_summary_links_to(page, "id_description")
    axe_check("accessibility-report-error")


def test_my_account(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.goto(url("/konto/sakerhet/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mitt konto"
    axe_check("account-security")


def test_two_factor_setup(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.goto(url("/konto/tvafaktor/aktivera/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Aktivera tvåfaktorsinloggning"
    axe_check("two-factor-setup")


def test_403_page(browser_world, page, log_in, url, axe_check):
    log_in("styrgrupp")
    response = page.goto(url("/personer/"))
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Du har inte behörighet till den här sidan"
    axe_check("error-403")


def test_404_page(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    response = page.goto(url("/finns-inte/"))
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan hittades inte"
    axe_check("error-404")


@pytest.mark.parametrize("path", ["/konto/logga-in/", "/", "/personer/"])
def test_first_tab_focuses_skip_link_which_moves_focus_to_main(browser_world, page, log_in, url, path):
    if path != "/konto/logga-in/":
        log_in("kaa")
    page.goto(url(path))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == SKIP_LINK
    # Visible when focused (it sits off-screen otherwise).
    box = page.get_by_role("link", name=SKIP_LINK).bounding_box()
    assert box and box["x"] >= 0 and box["width"] > 1
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "huvudinnehall"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_an_expired_form_page(browser_world, page, log_in, url, axe_check):
    asa = browser_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/kontaktuppgifter/"))
    # As if the page had been open while the token changed (a new login in another tab).
    page.evaluate("document.querySelector('main input[name=csrfmiddlewaretoken]').value = 'utgangen'")
    page.get_by_label("Telefon").fill("070-999 99 99")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan har gått ut"
    assert page.title() == "Sidan har gått ut – Fotfäste"
    axe_check("csrf-failure")
    page.get_by_role("link", name="Tillbaka till sidan").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ändra kontaktuppgifter")
    asa.refresh_from_db()
    assert asa.phone != "070-999 99 99"

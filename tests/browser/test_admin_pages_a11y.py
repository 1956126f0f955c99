"""The administration and log-review pages, used through the browser as an administrator would,
each scanned with axe-core (WCAG 2.1 A/AA)."""

import pytest

from fotfaste.accounts.models import User
from fotfaste.orgs.models import Agreement, Membership

pytestmark = pytest.mark.browser


def submit(page, button: str) -> None:
    """Press a form's button and wait for the answer page, so assertions never read the old one."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_administrator_builds_an_agreement_with_party_unit_and_user(browser_world, page, log_in, url, axe_check):
    # New agreements and the two-factor rules are the installation administrator's (a superuser's).
    User.objects.filter(username="admin").update(is_superuser=True)
    log_in("admin")
    page.get_by_role("link", name="Administration").first.click()
    axe_check("admin-agreements")

    page.get_by_role("link", name="Ny överenskommelse").click()
    submit(page, "Spara")
    assert page.locator(".error-summary").is_visible()
    axe_check("admin-agreement-error")
    page.get_by_label("Namn").fill("Samverkan unga Kumla")
    page.get_by_label("Kommuner").select_option(label="Kumla (1881)")
    submit(page, "Spara")
    agreement = Agreement.objects.get(name="Samverkan unga Kumla")
    axe_check("admin-agreement-detail")

    page.goto(url(f"/administration/overenskommelser/{agreement.pk}/parter/ny/"))
    page.get_by_label("Typ av part").select_option(label="Kommun")
    page.get_by_label("Namn").fill("Kumla kommun")
    page.get_by_label("Organisationsnummer").fill("212000-1960")
    submit(page, "Spara")
    assert "#id_organisation_number" in page.locator(".error-summary a").first.get_attribute("href")
    axe_check("admin-party-error")
    page.get_by_label("Organisationsnummer").fill("212000-1967")
    page.locator("#id_municipality").select_option(label="Kumla (1881)")
    submit(page, "Spara")
    party = agreement.parties.get()
    page.goto(url(f"/administration/parter/{party.pk}/enheter/ny/"))
    axe_check("admin-unit-form")
    page.get_by_label("Enhetens namn").fill("KAA Kumla")
    submit(page, "Spara")
    assert page.get_by_text("KAA Kumla").first.is_visible()

    page.goto(url("/administration/anvandare/ny/"))
    axe_check("admin-user-form")
    page.get_by_label("Användarnamn").fill("kaa.kumla")
    page.get_by_label("Förnamn").fill("Kim")
    page.get_by_label("Efternamn").fill("Karlsson")
    page.get_by_label("Första lösenord").fill("ett-långt-och-bra-lösenord-77")
    submit(page, "Skapa användare")
    user = User.objects.get(username="kaa.kumla")
    axe_check("admin-user-detail")

    page.goto(url(f"/administration/anvandare/{user.pk}/roller/ny/"))
    axe_check("admin-membership-form")
    unit_select = page.locator("#id_unit")
    unit_select.select_option(label="KAA Kumla")
    page.locator("#id_role").select_option(label="KAA-handläggare")
    submit(page, "Lägg till roll")
    assert Membership.objects.filter(user=user, role="kaa", active=True).exists()

    page.goto(url(f"/administration/anvandare/{user.pk}/inaktivera/"))
    axe_check("admin-user-deactivate")
    submit(page, "Ja, inaktivera användaren")
    user.refresh_from_db()
    assert not user.is_active

    page.goto(url("/administration/anvandare/"))
    axe_check("admin-users")
    page.goto(url("/administration/tvafaktorkrav/"))
    axe_check("admin-role-settings")


def test_log_review_by_person_and_user(browser_world, page, log_in, url, axe_check, browser):
    asa = browser_world["persons"]["asa"]
    # The KAA caseworker opens Åsa's page; the administrator then finds that read in the log.
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    page.context.clear_cookies()
    log_in("root")
    page.get_by_role("link", name="Loggkontroll").first.click()
    axe_check("readlog-empty")
    page.get_by_label("Personnummer").fill(asa.personnummer[2:8] + "-" + asa.personnummer[8:])
    submit(page, "Visa loggen")
    table = page.locator("table").first
    assert "kaa" in table.inner_text() and "personsida" in table.inner_text()
    axe_check("readlog-person")
    page.get_by_label("Personnummer").fill("")
    page.get_by_label("Användarnamn").fill("kaa")
    submit(page, "Visa loggen")
    assert asa.personnummer[:8] in page.locator("table").first.inner_text()
    axe_check("readlog-user")
    page.get_by_label("Användarnamn").fill("")
    page.get_by_label("Personnummer").fill("20080315-2382")
    submit(page, "Visa loggen")
    assert page.locator(".error-summary a[href='#id_personnummer']").count() == 1
    axe_check("readlog-error")


def test_administration_is_refused_to_caseworker(browser_world, page, log_in, url, axe_check):
    log_in("kaa")
    for path in ("/administration/", "/logg/"):
        response = page.goto(url(path))
        assert response.status == 403
    axe_check("admin-403")


def test_accessibility_report_reaches_administrators(browser_world, page, log_in, url, axe_check):
    page.goto(url("/tillganglighet/rapportera/"))
    page.get_by_label("Beskriv problemet").fill("Fokus syns dåligt i menyn")
    submit(page, "Skicka")
    log_in("root")
    page.goto(url("/administration/tillganglighetsrapporter/"))
    assert "Fokus syns dåligt i menyn" in page.locator("table").inner_text()
    axe_check("admin-accessibility-reports")


def test_an_agreements_administrator_is_refused_a_role_for_themselves(browser_world, page, log_in, url, axe_check):
    admin = browser_world["users"]["admin"]  # the admin role in Örebro's agreement only
    log_in("admin")
    response = page.goto(url(f"/administration/anvandare/{admin.pk}/roller/ny/"))
    assert response.status == 403
    assert "Du kan inte ge dig själv en roll." in page.locator("main").inner_text()
    axe_check("admin-self-grant-refused")
    kaa = browser_world["users"]["kaa"]
    page.goto(url(f"/administration/anvandare/{kaa.pk}/"))
    assert "Tilldelad den" in page.locator("table").inner_text()
    axe_check("admin-user-detail-granted")

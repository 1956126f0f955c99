"""The employer register in Chromium: AF's officer reaches the list by keyboard, adds an employer (first with
errors), opens an employer the municipality contacted three days ago (the warning), logs a contact for a day
near an older contact of theirs (the confirmation step) and confirms it; the coordinator sets the warning's
days. axe-core on every page; screenshots employers-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.accounts.models import User
from fotfaste.employers.models import Employer, EmployerContact, EmployerSettings
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from tests.browser.test_pages_a11y import assert_error_summary_links_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the element named `name` has focus: it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(document.activeElement.innerText || document.activeElement.getAttribute('aria-label') || '').trim()"
        )
        if text == name:
            return
    raise AssertionError(f"{name!r} nås inte med tabbtangenten")


def test_register_employer_page_and_contact_with_its_confirmation(browser_world, page, log_in, url, axe_check):
    w = browser_world
    today = timezone.localdate()
    lager = Employer.objects.create(
        agreement=w["agreements"]["orebro"], organisation_number="556677-8899", name="Lagerhuset AB", sector="privat"
    )
    for days in (3, 25):
        EmployerContact.objects.create(
            employer=lager,
            unit=w["units"]["kaa"],
            date=today - timedelta(days=days),
            channel="telefon",
            purpose="Praktikplats",
            next_step="Ring igen",
            next_step_on=today,
            created_by_name="Kaa",
        )
    log_in("arbetsformedlare")
    page.goto(url("/arbetsgivare/"))
    assert page.get_by_role("table", name="Arbetsgivare i samverkans register").is_visible()
    axe_check("employers-list")

    tab_to(page, "Ny arbetsgivare")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Ny arbetsgivare"
    axe_check("employers-new")
    page.get_by_label("Organisationsnummer").fill("556677-8890")
    page.get_by_role("button", name="Lägg till arbetsgivaren").click()
    assert_error_summary_links_to(page, "id_organisation_number")
    assert "Ange arbetsgivarens namn." in page.locator(".error-summary").inner_text()
    axe_check("employers-new-error")
    page.get_by_label("Organisationsnummer").fill("556123-4567")
    page.get_by_label("Namn", exact=True).fill("Bageriet i Örebro")
    page.get_by_label("Ideell sektor").check()
    page.get_by_label("Postnummer (frivilligt)").fill("702 01")
    page.get_by_role("button", name="Lägg till arbetsgivaren").click()
    page.locator(".notification").wait_for(state="visible")
    assert Employer.objects.get(name="Bageriet i Örebro").municipality_id == "1880"

    page.goto(url(f"/arbetsgivare/{lager.pk}/"))
    alert = page.get_by_role("alert")
    assert f"Örebro kommun (KAA-enheten) kontaktade arbetsgivaren {(today - timedelta(days=3)).isoformat()}" in (
        alert.inner_text()
    )
    assert page.get_by_role("table", name="Alla parters kontakter med arbetsgivaren, de senaste först").is_visible()
    axe_check("employers-employer-warning")

    page.get_by_role("link", name="Logga en kontakt").click()
    assert page.get_by_role("alert").is_visible()  # today's warnings before anything is recorded
    axe_check("employers-contact")
    page.get_by_label("Datum", exact=True).fill((today - timedelta(days=16)).isoformat())
    page.get_by_label("Syfte").fill("Rekryteringsbehov")
    page.get_by_role("button", name="Logga kontakten").click()
    confirm = page.get_by_label("Jag har sett att", exact=False)
    confirm.wait_for(state="visible")
    assert (today - timedelta(days=25)).isoformat() in page.get_by_role("alert").inner_text()
    assert not EmployerContact.objects.filter(unit=w["units"]["af"]).exists()
    axe_check("employers-contact-confirm")
    confirm.focus()
    page.keyboard.press("Space")
    assert confirm.is_checked()
    page.get_by_role("button", name="Logga kontakten").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Observera: Örebro kommun (KAA-enheten) kontaktade" in page.locator(".notification").inner_text()
    assert EmployerContact.objects.filter(unit=w["units"]["af"]).count() == 1


def test_settings_page(browser_world, page, log_in, url, axe_check):
    w = browser_world
    coordinator = User.objects.create_user(username="samordnare", password=PASSWORD, first_name="Sam")
    Membership.objects.create(user=coordinator, unit=w["units"]["kaa"], role=Role.COORDINATOR)
    log_in("samordnare")
    page.goto(url("/arbetsgivare/"))
    page.get_by_role("link", name="Inställningar för varningen").click()
    axe_check("employers-settings")
    page.get_by_label("Varna för en annan parts kontakt inom så många dagar").fill("400")
    page.get_by_role("button", name="Spara inställningarna").click()
    assert_error_summary_links_to(page, "id_warning_days")
    axe_check("employers-settings-error")
    page.get_by_label("Varna för en annan parts kontakt inom så många dagar").fill("7")
    page.get_by_role("button", name="Spara inställningarna").click()
    page.locator(".notification").wait_for(state="visible")
    assert EmployerSettings.objects.get().warning_days == 7

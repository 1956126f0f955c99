"""Consent, team and party records in Chromium, as the KAA caseworker and the employment officer use them.

The KAA caseworker records a consent towards AF (first with errors), prints the form, attaches the
signed scan and adds the AF officer to the team; the AF officer then finds the young person, sees
the team and records an AF registration, which the KAA caseworker sees; after the withdrawal AF
finds nobody. Every page is checked with axe-core; screenshots in
test-artifacts/screenshots/consent-*.png.
"""

import pytest

from fotfaste.consent.models import Consent
from fotfaste.records.models import PartyRecord
from fotfaste.team.models import TeamMember
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser


def test_consent_team_and_records_across_parties(browser_world, page, log_in, url, axe_check, tmp_path):
    asa = browser_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    for heading in ("Samtycken", "Teamet", "Uppgifter från parterna"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    axe_check("consent-person-empty")

    page.get_by_role("link", name="Registrera samtycke").click()
    axe_check("consent-form")
    page.get_by_role("button", name="Spara samtycket").click()
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    assert "Välj minst en typ av information som får delas." in summary.inner_text()
    axe_check("consent-form-error")
    assert not Consent.objects.exists()

    page.get_by_label("Arbetsförmedlingen Örebro – hela parten").check()
    page.get_by_label("Identitet och kontaktuppgifter").check()
    page.get_by_label("Sysselsättning, team, planering och insatser").check()
    page.get_by_label("Inskrivning och program hos Arbetsförmedlingen").check()
    page.get_by_label("Underskriven blankett").check()
    page.get_by_label("Den unga och vårdnadshavare").check()
    page.get_by_label("Vårdnadshavarens namn").fill("Eva Öberg")
    page.get_by_role("button", name="Spara samtycket").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Samtycket är registrerat." in page.locator(".notification").inner_text()
    assert "Lämnat" in page.locator("main").inner_text()
    axe_check("consent-detail")

    with page.expect_download() as download:
        page.get_by_role("link", name="Skriv ut samtyckesblankett (PDF)").click()
    pdf = tmp_path / "blankett.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.get_by_role("button", name="Bifoga filen").click()
    assert_error_summary_links_to(page, "id_document")
    scan = tmp_path / "skannad.pdf"
    scan.write_bytes(pdf.read_bytes())
    page.get_by_label("Inskannad, underskriven blankett").set_input_files(str(scan))
    page.get_by_role("button", name="Bifoga filen").click()
    page.locator(".notification").wait_for(state="visible")
    assert page.get_by_role("link", name="Ladda ned skannad.pdf").is_visible()

    # AF has not confirmed yet: what AF holds is not shared, and the consent says so.
    assert "Väntar på bekräftelse från Arbetsförmedlingen Örebro" in page.locator("main").inner_text()

    # KAA joins the team for its own unit; AF is not even offered.
    page.goto(url(f"/personer/{asa.pk}/team/ny/"))
    axe_check("consent-team-form")
    assert "AF Örebro ungdom" not in page.get_by_label("Enhet").inner_text()
    page.get_by_label("Användare").select_option(label="Kaa")
    page.get_by_label("Roll i teamet").select_option(label="KAA-handläggare")
    page.get_by_label("Huvudkontakt (en väg in)").check()
    page.get_by_role("button", name="Lägg till").click()
    page.locator(".notification").wait_for(state="visible")
    assert TeamMember.objects.filter(person=asa, unit=browser_world["units"]["kaa"]).exists()
    axe_check("consent-person-with-team")

    # The employment officer finds the young person by consent, joins the team, records AF's own
    # information, and confirms the consent for what AF holds; the page says why AF sees her.
    page.get_by_role("button", name="Logga ut").click()
    log_in("arbetsformedlare")
    page.goto(url(f"/personer/?q={asa.personnummer}"))
    page.get_by_role("link", name="Öberg, Åsa").click()
    main = page.locator("main").inner_text()
    assert "Du ser Åsa eftersom personen har lämnat samtycke" in main
    assert "Kaa" in page.locator("section", has=page.get_by_role("heading", name="Teamet")).inner_text()
    axe_check("consent-person-as-af")
    page.get_by_role("link", name="Lägg till i teamet").click()
    page.get_by_label("Användare").select_option(label="Arbetsformedlare")
    page.get_by_label("Roll i teamet").select_option(label="Arbetsförmedlare")
    page.get_by_role("button", name="Lägg till").click()
    page.locator(".notification").wait_for(state="visible")
    page.get_by_role("link", name="Registrera uppgift").click()
    axe_check("consent-record-form")
    page.get_by_label("Inskrivning och program hos Arbetsförmedlingen").check()
    page.get_by_label("Uppgift", exact=True).fill("Inskriven som arbetssökande")
    page.get_by_role("button", name="Spara uppgiften").click()
    page.locator(".notification").wait_for(state="visible")
    assert PartyRecord.objects.filter(person=asa, kind="af").exists()
    consent = Consent.objects.get()
    page.goto(url(f"/personer/{asa.pk}/samtycken/{consent.pk}/"))
    axe_check("consent-confirm-form")
    page.get_by_role("button", name="Bekräfta samtycket").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Väntar på bekräftelse" not in page.locator("main").inner_text()

    page.get_by_role("button", name="Logga ut").click()
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert "Inskriven som arbetssökande" in page.locator("main").inner_text()
    consent = Consent.objects.get()
    page.goto(url(f"/personer/{asa.pk}/samtycken/{consent.pk}/"))
    page.get_by_role("button", name="Återkalla samtycket").click()
    assert_error_summary_links_to(page, "id_note")
    page.get_by_label("Hur kom återkallelsen in?").fill("Ringde i dag.")
    page.get_by_role("button", name="Återkalla samtycket").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Återkallat" in page.locator("main").inner_text()
    axe_check("consent-withdrawn")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert "Inskriven som arbetssökande" not in page.locator("main").inner_text()

    page.get_by_role("button", name="Logga ut").click()
    log_in("arbetsformedlare")
    response = page.goto(url(f"/personer/{asa.pk}/"))
    assert response.status == 404

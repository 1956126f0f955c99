"""The mapping in Chromium: the social worker maps Ali (with an error first) and sees it on the person page;
the administrator edits the need levels. Every page is checked with axe-core; screenshots in
test-artifacts/screenshots/mapping-*.png.
"""

import pytest

from fotfaste.mapping.models import Mapping, NeedLevel
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser


def assert_error_summary_links_to_radios(page, field_id: str) -> None:
    """As assert_error_summary_links_to, for a group of radios: the link goes to the first, the group names the error."""
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    assert page.title().startswith("Fel:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.locator(f'a[href="#{field_id}_0"]').count() == 1
    assert page.locator(f"#{field_id}_0").get_attribute("aria-invalid") == "true"
    group = page.locator("fieldset", has=page.locator(f"#{field_id}_0"))
    assert f"{field_id}-error" in group.last.get_attribute("aria-describedby").split()


def test_social_worker_maps_ali_and_the_administrator_edits_need_levels(browser_world, page, log_in, url, axe_check):
    ali = browser_world["persons"]["ali"]
    log_in("socialsekreterare")
    page.goto(url(f"/personer/{ali.pk}/"))
    section = page.locator("section", has=page.get_by_role("heading", name="Kartläggning", exact=True))
    assert "Ingen kartläggning som du kan se." in section.inner_text()
    axe_check("mapping-person-empty")

    section.get_by_role("link", name="Gör en kartläggning").click()
    assert page.get_by_role("group", name="Hälsa, funktionsnedsättning och beroende").is_visible()
    axe_check("mapping-form")
    page.get_by_role("button", name="Spara kartläggningen").click()
    assert_error_summary_links_to_radios(page, "id_education_level")
    assert "Välj om den unga har körkort." in page.locator(".error-summary").inner_text()
    axe_check("mapping-form-error")
    assert not Mapping.objects.exists()

    page.get_by_label("Gymnasiet påbörjat men inte avslutat").check()
    page.locator("#id_grades_note").fill("Saknar betyg i matematik")
    page.locator("#id_goals").fill("Vill bli elektriker")
    page.get_by_label("Övningskörningstillstånd").check()
    page.get_by_label("Håller på att skrivas").check()
    page.get_by_label("Ekonomi", exact=True).check()
    page.get_by_label("Om ekonomi").fill("Skulder")
    page.get_by_label("Hälsa", exact=True).check()
    page.get_by_label("Om hälsa").fill("Sover dåligt")
    page.get_by_label("Samordnade insatser i 4–8 månader").check()
    page.get_by_label("Den ungas egna ord").fill("Jag vill jobba med händerna.")
    page.get_by_role("button", name="Spara kartläggningen").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Kartläggningen är sparad." in page.locator(".notification").inner_text()
    main = page.locator("main").inner_text()
    assert "Sover dåligt" in main and "Skulder" in main and "Vill bli elektriker" in main
    axe_check("mapping-detail")
    mapping = Mapping.objects.get(person=ali)
    assert mapping.sensitive_barriers.get().note == "Sover dåligt"

    page.get_by_role("link", name="Tillbaka till personen").click()
    section = page.locator("section", has=page.get_by_role("heading", name="Kartläggning", exact=True))
    text = section.inner_text()
    assert "Samordnade insatser i 4–8 månader" in text and "Försörjningsstöd" in text
    assert "Sover dåligt" not in text  # sensitive barriers only on the mapping's own page
    axe_check("mapping-person-with-mapping")

    page.get_by_role("button", name="Logga ut").click()
    log_in("root")
    page.goto(url("/administration/kartlaggning/behovsnivaer/"))
    assert "Standardnivåerna" in page.locator("main").inner_text()
    axe_check("mapping-levels-list")
    page.get_by_role("link", name="Ändra nivåerna för Samverkan unga Lekeberg").click()
    axe_check("mapping-levels-form")
    page.locator("#id_samordnade_insatser-name").fill("")
    page.get_by_role("button", name="Spara behovsnivåerna").click()
    assert_error_summary_links_to(page, "id_samordnade_insatser-name")
    assert "Skriv ett namn för nivå 2." in page.locator(".error-summary").inner_text()
    axe_check("mapping-levels-error")
    lekeberg = browser_world["agreements"]["lekeberg"]
    assert not NeedLevel.objects.filter(agreement=lekeberg).exists()

    page.locator("#id_samordnade_insatser-name").fill("Samordnat stöd")
    page.locator("#id_ej_tillganglig-active").uncheck()
    page.locator("#id_ny-niva-name").fill("Akut stöd")
    page.locator("#id_ny-niva-order").fill("1")
    page.get_by_role("button", name="Spara behovsnivåerna").click()
    page.locator(".notification").wait_for(state="visible")
    axe_check("mapping-levels-saved")
    levels = list(NeedLevel.objects.filter(agreement=lekeberg).order_by("order", "pk"))
    assert [(lv.name, lv.active) for lv in levels] == [
        ("Begränsad samordnad service", True),
        ("Akut stöd", True),
        ("Samordnat stöd", True),
        ("Långsiktigt och omfattande stöd", True),
        ("Inte tillgänglig för arbete just nu", False),
    ]

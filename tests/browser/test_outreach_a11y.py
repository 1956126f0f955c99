"""Outreach pages in Chromium: the worklist (filter, assign), the forms on a person and the settings.

Each page is reached as a caseworker reaches it and checked with axe-core (WCAG 2.1 A/AA);
screenshots land in test-artifacts/screenshots/outreach-*.png.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.access.services import Actor
from fotfaste.kaa.models import KaaPeriod
from fotfaste.outreach import services
from fotfaste.outreach.models import ContactAttempt, Occupation, OutreachCase
from fotfaste.people.models import Person
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser

NAMES = [
    ("Elsa", "Lindqvist"),
    ("Omar", "Abdi"),
    ("Tilda", "Berg"),
    ("Liam", "Nyström"),
    ("Amina", "Yusuf"),
    ("Hugo", "Sandberg"),
    ("Vera", "Holm"),
    ("Noah", "Ekström"),
]


@pytest.fixture
def outreach_world(browser_world, test_numbers):
    """Åsa, Sara (protected) and eight more in KAA in Örebro, some with outreach already."""
    today = timezone.localdate()
    orebro = browser_world["persons"]["asa"].home_municipality
    kaa = browser_world["users"]["kaa"]
    # One who turns 20 within the next three months, for the flag.
    in_40_days = today + timedelta(days=40)
    soon = in_40_days.replace(year=in_40_days.year - 20).strftime("%Y%m%d")
    turning = min(n for n in test_numbers if soon <= n[:8] < str(int(soon[:4]) + 1))
    numbers = [turning] + [n for n in test_numbers[40:] if n.startswith("2008")][: len(NAMES) - 1]
    persons = [browser_world["persons"]["asa"], browser_world["persons"]["protected"]]
    KaaPeriod.objects.all().delete()  # this worklist's register is its own
    for (first, last), number in zip(NAMES, numbers, strict=True):
        persons.append(
            Person.objects.create(personnummer=number, first_name=first, last_name=last, home_municipality=orebro)
        )
    for i, p in enumerate(persons):
        KaaPeriod.objects.create(
            person=p,
            municipality=orebro,
            start_date=today - timedelta(days=30 + 20 * i),
            end_date=today + timedelta(days=300),
            start_reason=["avbrott", "studiebevis", "inflyttad", "ej_borjat"][i % 4],
            end_reason="fyllt_20",
            derived_at=timezone.now(),
            basis={},
        )
    actor = Actor(kaa)
    for i, p in enumerate(persons[2:]):
        if i % 3 == 2:
            continue
        outcome = ["ej_nadd", "avbojt", "nadd", "svarat"][i % 4]
        services.record_contact(
            actor, p.pk, contacted_on=today - timedelta(days=100 - 5 * i), channel="telefon", outcome=outcome
        )
        if outcome == "nadd":
            services.record_occupation(
                actor,
                p.pk,
                status="studier_komvux",
                valid_from=today - timedelta(days=60),
                verified_on=today - timedelta(days=50),
            )
        if i % 2 == 0:
            services.assign(actor, [p.pk], kaa.pk)
    return browser_world


def test_worklist_filter_and_assign(outreach_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Arbetslista").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Arbetslista"
    assert page.get_by_role("link", name="Öberg, Åsa").is_visible()
    assert "Fyller 20 den" in page.locator("main").inner_text()
    assert outreach_world["persons"]["protected"].street_address not in page.content()
    axe_check("outreach-worklist")

    page.get_by_label("Ingen kontakt ännu").check()
    page.get_by_label("Sortera efter").select_option("i_kaa_sedan")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_url("**kategori=ingen_kontakt**")
    assert page.get_by_role("link", name="Öberg, Åsa").is_visible()
    assert page.get_by_role("link", name="Abdi, Omar").count() == 0  # contacted already
    axe_check("outreach-worklist-filtered")

    page.get_by_label("Markera Åsa Öberg").check()
    page.get_by_label("Markera Sara Skyddad").check()
    page.get_by_label("Tilldela till").select_option(label="Kaa")
    page.get_by_role("button", name="Tilldela markerade").click()
    page.locator(".notification").wait_for(state="visible")
    assert "2 personer är tilldelade Kaa." in page.locator(".notification").inner_text()
    assert "kategori=ingen_kontakt" in page.url  # back to the same filters
    assert OutreachCase.objects.filter(assigned_to=outreach_world["users"]["kaa"]).count() == 5
    axe_check("outreach-worklist-assigned")

    page.get_by_label("Handläggare", exact=True).select_option("mina")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_url("**handlaggare=mina**")
    assert page.get_by_role("link", name="Öberg, Åsa").is_visible()


def test_worklist_assign_without_selection_shows_error(outreach_world, page, log_in, url, axe_check):
    log_in("kaa")
    page.goto(url("/kaa/arbetslista/"))
    page.get_by_role("button", name="Tilldela markerade").click()
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    assert "Markera minst en person i listan." in summary.inner_text()
    assert "Välj vem de markerade personerna ska tilldelas." in summary.inner_text()
    assert_error_summary_links_to(page, "id_tilldela_till")
    summary.locator('a[href="#id_person_0"]').click()
    assert page.evaluate("document.activeElement.id") == "id_person_0"
    axe_check("outreach-worklist-assign-error")


def test_record_contact_attempt_with_errors_then_success(outreach_world, page, log_in, url, axe_check):
    asa = outreach_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert page.get_by_role("heading", name="Uppsökande verksamhet").is_visible()
    assert "Personen är under 18 år – kontakta även vårdnadshavaren." in page.locator("main").inner_text()
    axe_check("outreach-person-section-empty")
    page.get_by_role("link", name="Registrera kontaktförsök").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Registrera kontaktförsök")
    axe_check("outreach-contact-form")

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page.get_by_label("Datum").fill(tomorrow)
    page.get_by_role("button", name="Spara kontaktförsöket").click()
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    assert "Datumet kan inte vara senare än i dag." in summary.inner_text()
    assert "Välj hur du försökte nå personen." in summary.inner_text()
    assert_error_summary_links_to(page, "id_contacted_on")
    summary.locator('a[href="#id_channel_0"]').click()
    assert page.evaluate("document.activeElement.id") == "id_channel_0"
    axe_check("outreach-contact-form-error")
    assert not ContactAttempt.objects.filter(person=asa).exists()

    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Hembesök").check()
    page.get_by_label("Avböjt").check()
    page.get_by_label("Anteckning").fill("Vill inte ha stöd just nu.")
    page.get_by_role("button", name="Spara kontaktförsöket").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Kontaktförsöket är registrerat." in page.locator(".notification").inner_text()
    section = page.locator("section.outreach-section").inner_text()
    assert "Vill inte ha stöd just nu." in section and "Hembesök" in section
    axe_check("outreach-person-section")


def test_record_occupation(outreach_world, page, log_in, url, axe_check):
    asa = outreach_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/sysselsattning/ny/"))
    axe_check("outreach-occupation-form")
    page.get_by_role("button", name="Spara sysselsättningen").click()
    page.locator(".error-summary").wait_for(state="visible")
    axe_check("outreach-occupation-form-error")
    page.get_by_label("Studier – folkhögskola").check()
    page.get_by_label("Från och med").fill((timezone.localdate() - timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Spara sysselsättningen").click()
    page.locator(".notification").wait_for(state="visible")
    assert Occupation.objects.filter(person=asa, status="studier_folkhogskola").exists()
    assert "Studier – folkhögskola" in page.locator("section.outreach-section").inner_text()
    axe_check("outreach-person-section-occupation")


def test_add_guardian(outreach_world, page, log_in, url, axe_check):
    asa = outreach_world["persons"]["asa"]
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    page.get_by_role("link", name="Lägg till vårdnadshavare").click()
    axe_check("outreach-guardian-form")
    page.get_by_label("Telefon").fill("ring mig")
    page.get_by_role("button", name="Spara vårdnadshavaren").click()
    assert_error_summary_links_to(page, "id_name")
    axe_check("outreach-guardian-form-error")
    page.get_by_label("Vårdnadshavarens namn").fill("Eva Öberg")
    page.get_by_label("Telefon").fill("070-174 06 10")
    page.get_by_role("button", name="Spara vårdnadshavaren").click()
    page.locator(".notification").wait_for(state="visible")
    assert "070-174 06 10" in page.locator("section.outreach-section").inner_text()


def test_protected_person_page_with_outreach(outreach_world, page, log_in, url, axe_check):
    protected = outreach_world["persons"]["protected"]
    log_in("kaa")
    page.goto(url(f"/personer/{protected.pk}/"))
    assert page.get_by_role("heading", name="Uppsökande verksamhet").is_visible()
    assert protected.street_address not in page.content()
    axe_check("outreach-person-protected")


def test_settings_pages(outreach_world, page, log_in, url, axe_check):
    log_in("root")
    page.goto(url("/administration/"))
    page.get_by_role("link", name="Uppsökande verksamhet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uppsökande verksamhet per kommun"
    axe_check("outreach-settings-municipalities")
    page.get_by_label("Ny kontakt efter avböjt (månader)").first.fill("0")
    page.get_by_role("button", name="Spara").click()
    page.locator(".error-summary").wait_for(state="visible")
    axe_check("outreach-settings-municipalities-error")
    page.goto(url("/administration/uppsokande/sysselsattning/"))
    axe_check("outreach-settings-currency")
    page.get_by_label("Praktik").fill("3")
    page.get_by_role("button", name="Spara").click()
    page.locator(".notification").wait_for(state="visible")

"""A KAA caseworker imports registers in Chromium: upload, errors, mapping, preview, read in, the person page.

Every page is checked with axe-core; screenshots land in test-artifacts/screenshots/.
"""

import pytest

from fotfaste.registers.models import ImportStatus, RegisterImport

pytestmark = pytest.mark.browser

HEADER = "personnummer;fornamn;efternamn;kommunkod;folkbokford_datum"


@pytest.fixture
def numbers(test_numbers):
    return [n for n in test_numbers if n.startswith("2007")][:10]


def choose_file(page, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.get_by_label("Fil", exact=True).set_input_files(str(path))


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_import_flow_from_upload_to_the_person_page(browser_world, page, log_in, url, axe_check, tmp_path, numbers):
    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Registerimport").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Registerimport"
    axe_check("import-list-empty")

    page.get_by_role("link", name="Ny import").click()
    axe_check("import-new")
    submit(page, "Ladda upp och kontrollera")
    summary = page.locator(".error-summary")
    assert "Välj vilket register filen kommer från." in summary.inner_text()
    assert "Välj filen som ska läsas in." in summary.inner_text()
    axe_check("import-new-errors")
    # A radio group's error links to its first option, which takes the focus.
    summary.locator('a[href="#id_kind_0"]').click()
    assert page.evaluate("document.activeElement.id") == "id_kind_0"

    page.get_by_label("Folkbokföring").check()
    page.get_by_label("Uttagsdatum").fill("2026-03-01")
    choose_file(
        page, tmp_path, "fb.csv", f"{HEADER}\n{numbers[0]};Åsa;Nyström;1880;\n{numbers[1]};Omar;Ek;1880;2025-02-01\n"
    )
    submit(page, "Ladda upp och kontrollera")
    assert "Vad importen kommer att ändra" in page.locator("main").inner_text()
    axe_check("import-preview")

    submit(page, "Läs in")
    assert page.get_by_role("heading", name="Förändringar i KAA-registret").is_visible()
    assert page.get_by_role("link", name="Nyström, Åsa").is_visible()
    axe_check("import-done")

    page.get_by_role("link", name="Ek, Omar").click()
    page.get_by_text("Varför omfattas personen från 2025-02-01?").click()
    assert "Inflyttad till kommunen" in page.locator("main").inner_text()
    assert "Folkbokföring, import #" in page.locator("main").inner_text()
    axe_check("person-kaa-section")


def test_a_rejected_file_lists_its_errors(browser_world, page, log_in, url, axe_check, tmp_path):
    log_in("kaa")
    page.goto(url("/import/ny/"))
    page.get_by_label("Folkbokföring").check()
    choose_file(page, tmp_path, "fel.csv", f"{HEADER}\n200803152381;Bo;Fel;1880;\n;Utan;Nummer;9999;2026-02-30\n")
    submit(page, "Ladda upp och kontrollera")
    assert "Filen har 4 fel. Inget lästes in." in page.locator(".error-summary").inner_text()
    assert page.get_by_role("cell", name="Kommunkoden ”9999” finns inte.").is_visible()
    axe_check("import-rejected")


def test_mapping_columns(browser_world, page, log_in, url, axe_check, tmp_path, numbers):
    log_in("kaa")
    page.goto(url("/import/ny/"))
    page.get_by_label("Betyg och intyg").check()
    choose_file(page, tmp_path, "betyg.csv", f"Pnr;Betygstypen;Utfärdad\n{numbers[2]};grundskola;2023-06-10\n")
    submit(page, "Ladda upp och kontrollera")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Koppla kolumner")
    axe_check("import-mapping")
    page.get_by_label("Typ av betyg eller intyg").select_option("Betygstypen")
    page.get_by_label("Utfärdat datum").select_option("Utfärdad")
    page.get_by_label("Namn på källan").fill("Skolans betygsexport")
    submit(page, "Spara kopplingen och kontrollera filen")
    assert "Kolumnerna är kopplade" in page.locator(".notification").inner_text()
    assert "Skolans betygsexport" in page.locator("main").inner_text()


def test_progress_of_a_running_import(browser_world, page, log_in, url, axe_check):
    imp = RegisterImport.objects.create(
        kind="folkbokforing",
        municipality_id="1880",
        as_of="2026-03-01",
        file_name="stor.csv",
        sha256="0" * 64,
        status=ImportStatus.CHECKING,
        phase="Kontrollerar rader",
        progress_done=400_000,
        progress_total=1_000_000,
        created_by_name="kaa",
    )
    log_in("kaa")
    page.goto(url(f"/import/{imp.pk}/"))
    assert page.locator("progress").get_attribute("value") == "40"
    assert "Du kan lämna sidan." in page.locator("main").inner_text()
    axe_check("import-progress")
    # The page follows the import and shows the outcome when it is done.
    RegisterImport.objects.filter(pk=imp.pk).update(status=ImportStatus.READY, phase="", progress_done=1_000_000)
    page.get_by_role("heading", name="Vad importen kommer att ändra").wait_for(timeout=8000)


def read_in(tmp_path, kind, municipality, as_of, name, text):
    from datetime import date

    from fotfaste.registers import imports

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    imp = imports.create_import(
        kind=kind,
        municipality=municipality,
        path=path,
        file_name=name,
        as_of=date.fromisoformat(as_of),
        channel="kommando",
    )
    imports.check(imp)
    imp.refresh_from_db()
    imports.commit(imp, actor_name="kaa", confirmed_disappeared=imp.disappeared)
    return imp


def test_a_file_that_ends_most_registrations_asks_for_a_named_confirmation(
    browser_world, page, log_in, url, axe_check, tmp_path, test_numbers
):
    numbers = [n for n in test_numbers if n[:4] in {"2007", "2008"}][:30]
    rows = "".join(f"{n};Namn{i};Efternamn;1880;\n" for i, n in enumerate(numbers))
    read_in(tmp_path, "folkbokforing", "1880", "2026-01-15", "full.csv", f"{HEADER}\n{rows}")
    log_in("kaa")
    page.goto(url("/import/ny/"))
    page.get_by_label("Folkbokföring").check()
    page.get_by_label("Uttagsdatum").fill("2026-03-01")
    choose_file(page, tmp_path, "del.csv", f"{HEADER}\n" + "".join(f"{n};Namn;Efternamn;1880;\n" for n in numbers[:5]))
    submit(page, "Ladda upp och kontrollera")
    assert "Filen skulle avsluta folkbokföringen för 25 av 30 personer i Örebro." in page.locator("main").inner_text()
    axe_check("import-confirm")
    submit(page, "Läs in")
    summary = page.locator(".error-summary")
    assert "Kryssa i rutan för att bekräfta att folkbokföringen avslutas." in summary.inner_text()
    axe_check("import-confirm-error")
    summary.locator('a[href="#id_bekrafta"]').click()
    assert page.evaluate("document.activeElement.id") == "id_bekrafta"
    page.get_by_label("Jag förstår att 25 personers folkbokföring i Örebro avslutas").check()
    submit(page, "Läs in")
    assert page.get_by_role("heading", name="Förändringar i KAA-registret").is_visible()


def test_another_municipalitys_file_gives_a_change_list(
    browser_world, page, log_in, url, axe_check, tmp_path, settings
):
    settings.KAA_FOLLOW_UP_MONTHS = 240  # the files are dated March 2026: Lekeberg still follows him up
    pnr = "200705022390"
    read_in(tmp_path, "folkbokforing", "1814", "2026-03-01", "l.csv", f"{HEADER}\n{pnr};Ali;Hassan;1814;2026-02-01\n")
    imp = read_in(
        tmp_path, "betyg", "1880", "2026-03-20", "b.csv", f"personnummer;typ;datum\n{pnr};gymnasieexamen;2026-03-10\n"
    )
    log_in("kaa.lekeberg")
    page.goto(url("/import/"))
    axe_check("import-list-change-lists")
    page.get_by_role("link", name="Per 2026-03-20").click()
    assert "Ändringar i KAA-registret för Lekeberg per 2026-03-20" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="Hassan, Ali").is_visible()
    assert page.url.endswith(f"/import/{imp.pk}/kommun/1814/")
    axe_check("import-change-list-other-municipality")

"""List matching in Chromium, as a KAA caseworker uses it.

The caseworker uploads AF's list without a legal basis (errors), then with one; sees the matches and
the earlier runs; and uploads a list whose number column has another name, choosing it from the
offered columns. Every page is checked with axe-core; screenshots in
test-artifacts/screenshots/listmatch-*.png.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.listmatch.models import MatchRun
from fotfaste.outreach.models import OutreachCase
from tests.browser.test_pages_a11y import assert_error_summary_links_to
from tests.conftest import put_in_kaa

pytestmark = pytest.mark.browser


def test_match_a_list_with_errors_first(browser_world, page, log_in, url, axe_check, tmp_path):
    persons = browser_world["persons"]
    for key in ("asa", "protected", "ali"):
        put_in_kaa(persons[key])
    OutreachCase.objects.create(
        person=persons["ali"], municipality_id="1880", reached_on=timezone.localdate() - timedelta(days=2)
    )
    af_list = tmp_path / "af-lista.csv"
    af_list.write_text(
        "Namn;Personnummer\n"
        + "".join(f"{p.last_name};{p.personnummer}\n" for p in persons.values())
        + "Okänd;inget nummer\n",
        encoding="utf-8",
    )

    log_in("kaa")
    page.get_by_role("navigation", name="Huvudmeny").wait_for()
    page.goto(url("/kaa/listmatchning/"))
    assert page.get_by_role("heading", name="Listmatchning", exact=True).is_visible()
    axe_check("listmatch-form")

    page.get_by_label("Vems lista är det?").select_option(label="Arbetsförmedlingen Örebro")
    page.get_by_label("Listan").set_input_files(str(af_list))
    page.get_by_role("button", name="Matcha listan").click()
    assert_error_summary_links_to(page, "id_legal_reference")
    assert "Välj den rättsliga grunden för matchningen." in page.locator(".error-summary").inner_text()
    axe_check("listmatch-form-error")
    assert not MatchRun.objects.exists()

    page.get_by_label("Varje ung persons samtycke finns").check()
    page.get_by_label("Hänvisning").fill("Samtycken i akterna, dnr KAA 2026/3")
    page.get_by_label("Listan").set_input_files(str(af_list))
    page.get_by_role("button", name="Matcha listan").click()
    page.locator(".notification").wait_for(state="visible")
    main = page.locator("main").inner_text()
    assert "Matchningen är klar: 2 unga som inte är nådda finns i listan." in main
    assert page.get_by_role("link", name="Öberg, Åsa").is_visible()
    assert page.get_by_role("link", name="Skyddad, Sara").is_visible()
    assert "Hassan" not in main  # reached already
    assert "Lekström" not in main  # Lekeberg's
    assert "Rad 6" in main  # the unreadable row, by number only
    axe_check("listmatch-result")

    page.get_by_role("link", name="Tillbaka till listmatchning").click()
    assert page.get_by_role("table", name="Tidigare matchningar, den senaste först").is_visible()
    axe_check("listmatch-form-with-runs")

    # A list whose number column has another name: choose it among the file's columns.
    other = tmp_path / "lista-id.csv"
    other.write_text(f"Namn;ID\nÖberg;{persons['asa'].personnummer}\n", encoding="utf-8")
    page.get_by_label("Vems lista är det?").select_option(label="Arbetsförmedlingen Örebro")
    page.get_by_label("Sekretessbrytande bestämmelse").check()
    page.get_by_label("Hänvisning").fill("OSL 10 kap. 28 §")
    page.get_by_label("Listan").set_input_files(str(other))
    page.get_by_role("button", name="Matcha listan").click()
    assert_error_summary_links_to(page, "id_column")
    axe_check("listmatch-form-choose-column")
    page.get_by_label("Kolumn med personnummer").select_option(label="2: ID")
    page.get_by_label("Listan").set_input_files(str(other))
    page.get_by_role("button", name="Matcha listan").click()
    page.locator(".notification").wait_for(state="visible")
    assert "1 ung person som inte är nådd finns i listan." in page.locator(".notification").inner_text()
    assert MatchRun.objects.count() == 2

"""The SSYK 2012 page (read in with an error first), the placed-and-hired results and the per-employer summary in
Chromium, with axe-core on each; screenshots employer-*.png."""

import pytest

from tests.integration.test_employer_figures import scene  # noqa: F401  (the fixture)
from tests.integration.test_employer_summary import contacts  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_ssyk_results_and_summary_pages(browser_world, scene, contacts, page, log_in, url, axe_check):  # noqa: F811
    log_in("root")
    page.goto(url("/arbetsgivare/yrken/"))
    page.get_by_role("heading", name="Yrken (SSYK 2012)", level=1).wait_for()
    axe_check("employer-ssyk")
    page.get_by_label("Fil med SSYK 2012").set_input_files(
        files=[{"name": "ssyk.csv", "mimeType": "text/csv", "buffer": "Kod;Benämning\n9411;\n".encode()}]
    )
    page.get_by_role("button", name="Läs in filen").click()
    page.get_by_role("heading", name="Fel i filen").wait_for()
    assert page.get_by_text("Rad 2: fältet Benämning saknar benämning.").is_visible()
    axe_check("employer-ssyk-error")
    page.get_by_label("Fil med SSYK 2012").set_input_files(
        files=[{"name": "ssyk.csv", "mimeType": "text/csv", "buffer": "Kod;Benämning\n9411;Pizzabagare\n".encode()}]
    )
    page.get_by_role("button", name="Läs in filen").click()
    page.get_by_role("cell", name="Pizzabagare").wait_for()

    page.context.clear_cookies()
    log_in("styrgrupp")
    page.goto(url("/arbetsgivare/resultat/?fran=2026-01-01&till=2026-06-30"))
    page.get_by_role("table", name="Personer efter steg på praktiktrappan").wait_for()
    assert page.get_by_role("img", name="Började en praktik per steg på praktiktrappan").is_visible()
    axe_check("employer-results")

    page.context.clear_cookies()
    log_in("arbetsformedlare")
    page.goto(url(f"/arbetsgivare/{scene['bakery'].pk}/sammanstallning/?fran=2026-01-01&till=2026-06-30"))
    page.get_by_role("table", name="Samverkans kontakter med arbetsgivaren under perioden").wait_for()
    axe_check("employer-summary")

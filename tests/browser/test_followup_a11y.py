"""The follow-up in Chromium: the steering group reads the dashboard (charts with their tables, a split
by age), and an administrator edits an indicator, first with an error. Every page is checked with
axe-core; the dashboard is also saved to /tmp/followup-dashboard.png for review."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fotfaste.followup.demo import add_demo_followup
from fotfaste.followup.models import Indicator
from tests.browser.test_pages_a11y import assert_error_summary_links_to
from tests.integration.test_followup import cohort  # noqa: F401  (the hand-made cohort, as a fixture)

pytestmark = pytest.mark.browser


def test_dashboard_and_indicator_editing(browser_world, cohort, page, log_in, url, axe_check):  # noqa: F811
    add_demo_followup(browser_world["agreements"]["orebro"], timezone.localdate())
    log_in("styrgrupp")
    page.goto(url("/uppfoljning/"))
    axe_check("followup-dashboard")
    page.screenshot(path="/tmp/followup-dashboard.png", full_page=True)
    assert page.locator("svg[role=img]").count() >= 8
    page.get_by_label("Uppdelning", exact=True).select_option("alder")
    page.get_by_label("Period", exact=True).fill("2025H2")
    page.get_by_role("button", name="Visa").click()
    # expect waits for the new page: content() right after the click can catch the document half loaded.
    expect(page.locator("main")).to_contain_text("efter Ålder, 2025H2")
    page.locator("details summary").first.click()
    axe_check("followup-dashboard-split")

    log_in("admin")
    page.goto(url("/uppfoljning/mal/"))
    axe_check("followup-goals")
    indicator = Indicator.objects.get(name="Unga med försörjningsstöd")
    page.goto(url(f"/uppfoljning/indikatorer/{indicator.pk}/"))
    page.get_by_label("Förändring per år i procent").fill("")
    page.get_by_role("button", name="Spara indikatorn").click()
    assert_error_summary_links_to(page, "id_rate")
    axe_check("followup-indicator-error")
    assert Indicator.objects.get(pk=indicator.pk).rate == -5

    # The annual follow-up: the administrator of the agreement writes it; the steering group reads it.
    page.goto(url("/uppfoljning/"))
    page.get_by_role("link", name="Årlig uppföljning av överenskommelsen (PDF och Excel)").click()
    page.get_by_label("Analys").fill("Kvinnor födda utomlands nås i lägre grad.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.locator(".notification").wait_for(state="visible")
    axe_check("followup-annual-edit")
    log_in("styrgrupp")
    page.goto(url("/uppfoljning/arsuppfoljning/"))
    assert "Kvinnor födda utomlands nås i lägre grad." in page.locator("main").inner_text()
    axe_check("followup-annual")

"""The fund in Chromium: the administrator sets up a budget line, a KAA caseworker asks for a grant
(first with errors), the coordinator approves it from the queue and the remaining budget drops, the
payment is registered, and the steering group reads the budget summary. Every page is checked with
axe-core; screenshots in test-artifacts/screenshots/fund-*.png.

The `world` has no coordinator: one is added here in a new unit "Ungdomssamordning" of Örebro kommun,
whose unit works with Åsa (an Involvement), as the demo's coordinators have their own caseload.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.accounts.models import User
from fotfaste.fund.models import BudgetLine, Grant, GrantStatus
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from tests.browser.test_pages_a11y import assert_error_summary_links_to
from tests.conftest import PASSWORD, own_ground

pytestmark = pytest.mark.browser


def assert_error_summary_links_to_choices(page, first_id: str) -> None:
    """As assert_error_summary_links_to, for radios and checkboxes: their fieldset carries the error."""
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    assert page.title().startswith("Fel:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    field = page.locator(f"#{first_id}")
    assert field.get_attribute("aria-invalid") == "true"
    error_id = first_id.rsplit("_", 1)[0] + "-error"
    fieldset = page.locator("fieldset", has=field)
    assert error_id in fieldset.get_attribute("aria-describedby").split()
    summary.locator(f'a[href="#{first_id}"]').click()
    assert page.evaluate("document.activeElement.id") == first_id


def test_fund_from_budget_line_to_paid_grant(browser_world, page, log_in, url, axe_check):
    asa = browser_world["persons"]["asa"]
    today = timezone.localdate()
    unit = Unit.objects.create(party=browser_world["units"]["kaa"].party, name="Ungdomssamordning")
    coordinator = User.objects.create_user(username="samordnare", password=PASSWORD, first_name="Sara")
    Membership.objects.create(user=coordinator, unit=unit, role=Role.COORDINATOR)
    own_ground(asa, unit, today - timedelta(days=60))

    # The administrator sets up the budget line.
    log_in("admin")
    page.goto(url("/administration/fonden/"))
    axe_check("fund-admin-empty")
    page.get_by_role("link", name="Ny budgetpost").click()
    page.get_by_label("År", exact=True).fill("")
    page.get_by_role("button", name="Spara budgetposten").click()
    assert_error_summary_links_to(page, "id_name")
    axe_check("fund-admin-line-error")
    page.get_by_label("Överenskommelse").select_option(label="Samverkan unga Örebro")
    page.get_by_label("Namn", exact=True).fill("Ekonomiska hinder – resor")
    page.get_by_label("År", exact=True).fill(str(today.year))
    page.get_by_label("Belopp (kr)").fill("5000")
    page.get_by_role("button", name="Spara budgetposten").click()
    page.locator(".notification").wait_for(state="visible")
    line = BudgetLine.objects.get()
    assert (line.agreement, line.amount, line.active) == (browser_world["agreements"]["orebro"], 5000, True)
    assert "Ungdomssamordnare" in page.locator("main").inner_text()
    axe_check("fund-admin")
    page.get_by_role("link", name="Ändra vilka roller som får besluta – Samverkan unga Örebro").click()
    page.get_by_label("Ungdomssamordnare").uncheck()
    page.get_by_role("button", name="Spara").click()
    assert_error_summary_links_to_choices(page, "id_roles_0")
    axe_check("fund-admin-approvers-error")
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name=f"Ekonomiska hinder – resor {today.year}").click()
    axe_check("fund-admin-line-edit")

    # A KAA caseworker asks for a bus card for Åsa, first forgetting what it is for.
    page.get_by_role("button", name="Logga ut").click()
    log_in("kaa")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert page.get_by_role("heading", name="Bidrag ur fonden", exact=True).is_visible()
    axe_check("fund-person-empty")
    page.get_by_role("link", name="Ansök om bidrag").click()
    axe_check("fund-request-form")
    page.get_by_label("Belopp (kr)").fill("850")
    page.get_by_role("button", name="Skicka ansökan").click()
    assert_error_summary_links_to_choices(page, "id_purpose_0")
    assert "Beskriv behovet: Beskriv vad bidraget ska användas till." in page.locator(".error-summary").inner_text()
    axe_check("fund-request-form-error")
    assert not Grant.objects.exists()
    page.get_by_label("Buss- eller tågkort").check()
    page.get_by_label("Beskriv behovet").fill("Månadskort för buss till praktikplatsen.")
    page.get_by_role("button", name="Skicka ansökan").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Ansökt" in page.locator("main").inner_text()
    axe_check("fund-detail-requested")

    # The coordinator approves it from the queue; what is left on the line drops by 850.
    page.get_by_role("button", name="Logga ut").click()
    log_in("samordnare")
    page.goto(url("/fonden/"))
    budget = page.get_by_role("region", name="Aktiva budgetposter")
    assert "5\u00a0000\u00a0kr" in budget.inner_text() and "850\u00a0kr" in budget.inner_text()
    axe_check("fund-queue")
    page.get_by_role("link", name="Buss- eller tågkort – Åsa Öberg").click()
    page.get_by_role("button", name="Spara beslutet").click()
    assert_error_summary_links_to_choices(page, "id_decision_0")
    axe_check("fund-decision-error")
    page.get_by_label("Bevilja").check()
    page.get_by_role("button", name="Spara beslutet").click()
    page.locator(".notification").wait_for(state="visible")
    assert "Ansökan är beviljad." in page.locator(".notification").inner_text()
    assert "4\u00a0150\u00a0kr kvar att bevilja" in page.locator("main").inner_text()
    assert Grant.objects.get().status == GrantStatus.APPROVED
    axe_check("fund-detail-approved")
    page.get_by_label("Utbetalningsdag").fill((today + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Markera som utbetalt").click()
    assert_error_summary_links_to(page, "id_paid_on")
    axe_check("fund-paid-error")
    page.get_by_label("Utbetalningsdag").fill(today.isoformat())
    page.get_by_role("button", name="Markera som utbetalt").click()
    page.locator(".notification").wait_for(state="visible")
    assert Grant.objects.get().status == GrantStatus.PAID
    page.goto(url("/fonden/"))
    assert "Inga ansökningar väntar på beslut." in page.locator("main").inner_text()
    assert "4\u00a0150\u00a0kr" in page.get_by_role("region", name="Aktiva budgetposter").inner_text()
    axe_check("fund-queue-empty")
    page.goto(url(f"/personer/{asa.pk}/"))
    assert "Utbetalt" in page.locator("section", has=page.get_by_role("heading", name="Bidrag ur fonden")).inner_text()
    axe_check("fund-person-with-grant")

    # The steering group sees the budget, never the young person.
    page.get_by_role("button", name="Logga ut").click()
    log_in("styrgrupp")
    page.goto(url("/fonden/budget/"))
    main = page.locator("main").inner_text()
    assert "Öberg" not in main and "Åsa" not in main
    # One grant paid: its amount is hidden, and so is the remaining budget that would give it away.
    assert "5\u00a0000\u00a0kr" in main and "850" not in main and "4\u00a0150" not in main and "dolt" in main
    axe_check("fund-budget-steering")
    assert page.goto(url("/fonden/")).status == 403

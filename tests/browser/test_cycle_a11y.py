"""The annual cycle in Chromium: the administrator loads the default wheel and creates the year, reads the
year view (the wheel beside its table), edits an activity (first with errors); the steering group marks its
meeting done from Mina uppgifter. axe-core on every page; screenshots cycle-*.png (and the year view also to
/tmp/cycle-year.png for review)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fotfaste.cycle.models import CycleActivity, CycleOccurrence
from tests.browser.test_pages_a11y import assert_error_summary_links_to

pytestmark = pytest.mark.browser


def test_year_view_edit_page_and_marking_done(browser_world, page, log_in, url, axe_check):
    orebro = browser_world["agreements"]["orebro"]
    today = timezone.localdate()
    log_in("admin")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Årshjul").click()
    page.get_by_role("heading", name=f"Årshjul {today.year}").wait_for()  # one agreement: straight to its year
    axe_check("cycle-empty")
    page.get_by_role("button", name="Lägg in standardårshjulet").click()
    page.locator(".notification").wait_for(state="visible")
    page.get_by_role("button", name=f"Skapa tillfällena för {today.year}").click()
    page.locator(".notification").wait_for(state="visible")
    # Something of each status on the wheel: one done, one overdue.
    first = CycleOccurrence.objects.filter(due_on__lt=today).order_by("due_on").first()
    CycleOccurrence.objects.filter(pk=first.pk).update(done_on=first.due_on, done_by_name="Annika", note="Klart")
    page.reload()
    wheel = page.get_by_role("img", name=f"Årshjulet {today.year} för {orebro.name}")
    assert wheel.is_visible()
    assert page.get_by_role("table", name=f"Tillfällen {today.year} per månad, med ansvarig och status").is_visible()
    axe_check("cycle-year")
    page.screenshot(path="/tmp/cycle-year.png", full_page=True)

    page.get_by_role("link", name="Styrgruppsmöte").first.click()  # the activities' table is last; first is a date
    axe_check("cycle-occurrence")
    page.go_back()
    page.locator("#aktiviteter ~ .table-container").get_by_role("link", name="Styrgruppsmöte").click()
    page.get_by_label("Senast dag i månaden").fill("32")
    page.get_by_role("button", name="Spara aktiviteten").click()
    assert_error_summary_links_to(page, "id_day")
    axe_check("cycle-activity-error")
    page.get_by_label("Senast dag i månaden").fill("20")
    page.get_by_role("button", name="Spara aktiviteten").click()
    page.locator(".notification").wait_for(state="visible")
    assert CycleActivity.objects.get(agreement=orebro, name="Styrgruppsmöte").day == 20
    page.goto(url(f"/arshjul/{orebro.pk}/aktiviteter/ny/"))
    axe_check("cycle-activity-new")

    # The steering group: its meeting, soon due, in Mina uppgifter; marked done there with a note.
    meeting = CycleOccurrence.objects.filter(activity__name="Styrgruppsmöte", done_on__isnull=True).first()
    CycleOccurrence.objects.filter(pk=meeting.pk).update(
        due_on=today + timedelta(days=3), responsible=browser_world["users"]["styrgrupp"]
    )
    page.context.clear_cookies()
    log_in("styrgrupp")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina uppgifter").click()
    axe_check("cycle-my-tasks")
    which = f"Styrgruppsmöte {(today + timedelta(days=3)).isoformat()}"  # the overdue ones are listed too
    page.get_by_label(f"Anteckning (frivilligt): {which}").fill("Ordförande utsedd, protokoll skickat.")
    page.locator("#arshjulet-tabell").locator("..").get_by_role("row").filter(has_text=which.split()[1]).get_by_role(
        "button", name="Markera som gjord"
    ).click()
    page.locator(".notification").wait_for(state="visible")
    meeting.refresh_from_db()
    assert meeting.done_on == today and meeting.note == "Ordförande utsedd, protokoll skickat."

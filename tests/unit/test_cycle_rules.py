"""The annual cycle's pure rules: dates from months and a day, the rotating chair, status, SCB's periods."""

import json
from datetime import date

import pytest

from fotfaste.cycle import rules
from fotfaste.cycle.services import DEFAULT_WHEEL


def test_a_day_the_month_lacks_falls_on_its_last_day():
    assert rules.due_date(2026, 4, 31) == date(2026, 4, 30)
    assert rules.due_date(2026, 2, 31) == date(2026, 2, 28)
    assert rules.due_date(2028, 2, 30) == date(2028, 2, 29)  # a leap year
    assert rules.due_date(2026, 1, 31) == date(2026, 1, 31)


def test_occurrence_dates_are_sorted_and_once_per_month():
    assert rules.occurrence_dates([11, 2, 5, 9, 2], 15, 2026) == [
        date(2026, 2, 15), date(2026, 5, 15), date(2026, 9, 15), date(2026, 11, 15)
    ]  # fmt: skip
    assert rules.occurrence_dates([6, 9], 31, 2026) == [date(2026, 6, 30), date(2026, 9, 30)]


@pytest.mark.parametrize("bad", [[], [0], [13], ["maj"], [None]])
def test_months_must_be_1_to_12(bad):
    with pytest.raises(ValueError):
        rules.clean_months(bad)


def test_clean_months_sorts_and_removes_repeats():
    assert rules.clean_months(["12", 8, 8]) == [8, 12]


def test_the_chair_rotates_per_meeting_and_goes_on_across_the_new_year():
    parties = ["AF", "Folkhögskolan", "Kommunen"]
    turns = [rules.rotation_pick(parties, year, i, 4) for year in (2026, 2027) for i in range(4)]
    # Each party in turn, never the same twice running, and 2027 goes on where 2026 stopped.
    assert all(a != b for a, b in zip(turns, turns[1:], strict=False))
    start = parties.index(turns[0])
    assert turns == [parties[(start + k) % 3] for k in range(8)]
    assert rules.rotation_pick([], 2026, 0, 4) is None


def test_status_done_overdue_upcoming():
    today = date(2026, 6, 10)
    assert rules.status(date(2026, 6, 1), date(2026, 6, 2), today) == rules.DONE
    assert rules.status(date(2026, 6, 9), None, today) == rules.OVERDUE
    assert rules.status(date(2026, 6, 10), None, today) == rules.UPCOMING


def test_scb_report_covers_the_half_year_that_just_ended():
    assert rules.scb_period(date(2026, 1, 31)) == (date(2025, 7, 1), date(2025, 12, 31))
    assert rules.scb_period(date(2026, 7, 31)) == (date(2026, 1, 1), date(2026, 6, 30))


def test_capacity_four_a_day_is_eighty_a_month():
    assert rules.capacity_per_month(4) == 80  # seed 001
    assert rules.capacity_per_month(None) is None


def test_the_wheel_starts_at_twelve_o_clock_and_closes():
    top = f"{rules.WHEEL_CENTRE} {rules.WHEEL_CENTRE - rules.WHEEL_OUTER}"
    assert rules.sector_path(1).startswith(f"M{top} ")  # January begins at twelve o'clock …
    assert f"0 0 1 {top} L" in rules.sector_path(12)  # … where December's outer arc ends
    x, y = rules.year_hand(date(2026, 7, 1))  # just past half the year: straight down, a little to the left
    assert y > rules.WHEEL_CENTRE and x <= rules.WHEEL_CENTRE


def test_every_default_activity_cites_its_source_and_has_valid_months():
    activities = json.loads(DEFAULT_WHEEL.read_text(encoding="utf-8"))["activities"]
    assert activities
    for a in activities:
        assert a["source"].startswith("Källa: "), a["name"]
        assert rules.clean_months(a["months"]) == a["months"], a["name"]
        assert a["day"] == "scb" or 1 <= a["day"] <= 31
    by_name = {a["name"]: a for a in activities}
    assert by_name["Styrgruppsmöte"]["months"] == [2, 5, 9, 11] and by_name["Styrgruppsmöte"]["rotation"] == "parties"
    assert by_name["Genomgång av målgruppen"]["months"] == [8, 12]
    assert by_name["Revidering av överenskommelsen"]["months"] == [6, 12]
    assert by_name["Avstämning mot kommunens register"]["months"] == [5, 12]
    assert by_name["Halvårsrapport till SCB"]["date_note"] == "Kontrollera SCB:s datum"

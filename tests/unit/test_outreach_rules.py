"""The outreach rules (fotfaste.outreach.rules): pure functions, no database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fotfaste.kaa.rules import twentieth_birthday
from fotfaste.outreach import rules
from fotfaste.outreach.rules import (
    AttemptFact,
    OccupationFact,
    OutreachRules,
    PeriodFact,
    add_months,
    contact_state,
    current_occupation,
    current_until,
    effective_occupation,
    next_contact_due,
    outreach_municipality,
    turning_20_on,
    turning_20_window,
    worklist_flags,
)

D = date.fromisoformat
TODAY = D("2026-03-15")
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-08-31", -6, "2026-02-28"),
        ("2026-11-15", 3, "2027-02-15"),
        ("2026-01-15", -13, "2024-12-15"),
        ("2026-05-31", 0, "2026-05-31"),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(D(day), months) == D(expected)


# Occupation currency


def test_a_status_verified_within_its_currency_period_counts():
    assert effective_occupation("arbete", D("2025-09-15"), TODAY, 6) == "arbete"


def test_a_status_older_than_its_currency_period_counts_as_unknown():
    assert effective_occupation("arbete", D("2025-09-14"), TODAY, 6) == "okand"


def test_the_currency_period_is_per_status():
    assert effective_occupation("studier_komvux", D("2025-09-14"), TODAY, 12) == "studier_komvux"
    assert effective_occupation("studier_komvux", D("2025-03-14"), TODAY, 12) == "okand"


@pytest.mark.parametrize(("status", "verified"), [("", TODAY), (None, TODAY), ("arbete", None), ("okand", TODAY)])
def test_no_status_or_no_verification_is_unknown(status, verified):
    assert effective_occupation(status, verified, TODAY, 6) == "okand"


def test_currency_at_month_ends():
    # 31 August looks back to 28 February (clamped), so a status verified on 28 February still counts.
    assert effective_occupation("arbete", D("2026-02-28"), D("2026-08-31"), 6) == "arbete"
    assert effective_occupation("arbete", D("2026-02-27"), D("2026-08-31"), 6) == "okand"
    assert effective_occupation("arbete", D("2026-02-28"), D("2026-09-01"), 6) == "okand"


def test_saved_currency_months_override_the_default():
    assert rules.currency_months("arbete", {}) == 6
    assert rules.currency_months("arbete", {"arbete": 3, "praktik": 2}) == 3


@given(verified=days, months=st.integers(min_value=1, max_value=60))
def test_current_until_is_the_last_day_the_status_counts(verified, months):
    last = current_until(verified, months)
    assert effective_occupation("arbete", verified, last, months) == "arbete"
    assert effective_occupation("arbete", verified, last + timedelta(days=1), months) == "okand"


def test_the_occupation_that_started_last_is_current():
    history = [
        OccupationFact("arbete", D("2026-01-10"), D("2026-02-01"), order=1),
        # Learnt later, about an earlier time: history, not the current state.
        OccupationFact("studier_komvux", D("2025-08-20"), D("2026-03-01"), order=2),
    ]
    assert current_occupation(history).status == "arbete"


def test_a_later_verification_of_the_same_start_is_current():
    history = [
        OccupationFact("arbete", D("2026-01-10"), D("2026-01-10"), order=1),
        OccupationFact("praktik", D("2026-01-10"), D("2026-02-10"), order=2),
        OccupationFact("ingen", D("2026-01-10"), D("2026-02-10"), order=3),
    ]
    assert current_occupation(history).status == "ingen"
    assert current_occupation([]) is None


# Contact attempts


def test_declined_schedules_a_new_contact_after_the_municipality_period():
    assert next_contact_due("avbojt", D("2026-01-31"), OutreachRules()) == D("2026-04-30")
    assert next_contact_due("avbojt", D("2026-01-31"), OutreachRules(recontact_after_decline_months=6)) == D(
        "2026-07-31"
    )


@pytest.mark.parametrize("outcome", ["nadd", "ej_nadd", "svarat"])
def test_other_outcomes_schedule_nothing(outcome):
    assert next_contact_due(outcome, TODAY, OutreachRules()) is None


def test_contact_state_is_the_same_whatever_order_the_attempts_were_entered_in():
    attempts = [
        AttemptFact(D("2026-02-01"), "avbojt", order=3),
        AttemptFact(D("2026-01-05"), "ej_nadd", order=1),
        AttemptFact(D("2026-01-20"), "nadd", order=2),
    ]
    state = contact_state(attempts, OutreachRules())
    assert state == contact_state(list(reversed(attempts)), OutreachRules())
    assert state.first_contact_on == D("2026-01-05")
    assert state.last_contact_on == D("2026-02-01")
    assert state.last_outcome == "avbojt"
    assert state.reached_on == D("2026-02-01")  # declining needs someone who was reached
    assert state.next_contact_due == D("2026-05-01")


def test_a_back_dated_attempt_does_not_become_the_last():
    attempts = [AttemptFact(D("2026-03-01"), "avbojt", order=1), AttemptFact(D("2026-02-01"), "ej_nadd", order=2)]
    state = contact_state(attempts, OutreachRules())
    assert state.last_outcome == "avbojt" and state.next_contact_due == D("2026-06-01")


def test_of_two_attempts_on_one_day_the_later_entry_is_the_last():
    attempts = [AttemptFact(TODAY, "nadd", order=5), AttemptFact(TODAY, "ej_nadd", order=9)]
    state = contact_state(attempts, OutreachRules())
    assert state.last_outcome == "ej_nadd" and state.reached_on == TODAY


def test_no_attempts_no_state():
    assert contact_state([], OutreachRules()) == rules.ContactState()


def test_reached_on_is_the_last_time_contact_was_made():
    attempts = [
        AttemptFact(D("2026-01-01"), "svarat", order=1),
        AttemptFact(D("2026-02-01"), "ej_nadd", order=2),
    ]
    state = contact_state(attempts, OutreachRules())
    assert state.reached_on == D("2026-01-01") and state.last_outcome == "ej_nadd"


# Turning 20


@given(today=days, window=st.integers(min_value=0, max_value=12), birth=days)
def test_turning_20_window_agrees_with_the_birthday(today, window, birth):
    after, until = turning_20_window(today, window)
    in_window = after < birth <= until
    assert in_window == (turning_20_on(birth, today, window) is not None)


def test_born_on_29_february():
    birth = D("2008-02-29")
    assert twentieth_birthday(birth) == D("2028-02-29")
    assert turning_20_on(birth, D("2028-01-01"), 2) == D("2028-02-29")
    assert turning_20_on(D("2004-02-29"), D("2024-01-01"), 1) is None  # 2024-02-29 is two months away
    assert turning_20_on(D("2004-02-29"), D("2024-01-29"), 1) == D("2024-02-29")


def test_turning_20_today_is_flagged_and_yesterday_is_not():
    assert turning_20_on(D("2006-03-15"), TODAY, 3) == TODAY
    assert turning_20_on(D("2006-03-14"), TODAY, 3) is None
    assert turning_20_on(D("2006-06-15"), TODAY, 3) == D("2026-06-15")
    assert turning_20_on(D("2006-06-16"), TODAY, 3) is None


# The worklist


def flags(**kw):
    base = {
        "last_contact_on": None,
        "last_outcome": "",
        "next_contact_due": None,
        "birth_date": D("2008-01-01"),
        "today": TODAY,
        "window_months": 3,
    }
    return worklist_flags(**{**base, **kw})


def test_worklist_flags():
    assert flags().no_contact_yet and not flags().not_reached and not flags().contact_due
    f = flags(last_contact_on=D("2026-01-01"), last_outcome="ej_nadd")
    assert not f.no_contact_yet and f.not_reached
    assert flags(next_contact_due=TODAY).contact_due
    assert not flags(next_contact_due=TODAY + timedelta(days=1)).contact_due
    assert flags(birth_date=D("2006-04-01")).turning_20_on == D("2026-04-01")
    assert flags(birth_date=D("2006-04-01")).category(rules.TURNING_20)
    assert all(flags().category(c) is not None for c in rules.CATEGORIES)


# Whose outreach


def test_outreach_belongs_to_the_current_period_then_the_last_then_home():
    codes = frozenset({"1880", "1814"})
    current = PeriodFact("1814", D("2026-01-01"), D("2027-05-01"))
    earlier = PeriodFact("1880", D("2024-01-01"), D("2025-06-30"))
    assert outreach_municipality([earlier, current], "1880", codes, TODAY) == "1814"
    assert outreach_municipality([earlier], "1814", codes, TODAY) == "1880"
    assert outreach_municipality([], "1814", codes, TODAY) == "1814"


def test_outreach_only_in_the_users_municipalities():
    current = PeriodFact("1814", D("2026-01-01"), D("2027-05-01"))
    assert outreach_municipality([current], "1814", frozenset({"1880"}), TODAY) is None
    assert outreach_municipality([current], "1880", frozenset({"1880"}), TODAY) == "1880"
    future = PeriodFact("1880", D("2026-06-01"), D("2027-05-01"))
    assert outreach_municipality([future], "1814", frozenset({"1880"}), TODAY) is None


def test_codes_match_the_models():
    from fotfaste.outreach.models import Channel, OccupationStatus, Outcome

    assert tuple(Channel.values) == rules.CHANNELS
    assert tuple(Outcome.values) == rules.OUTCOMES
    assert tuple(OccupationStatus.values) == rules.OCCUPATION_STATUSES
    assert "brev" in Channel.values

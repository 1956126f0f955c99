"""The disposal rules as plain functions: cutoff arithmetic and who may be disposed, dates passed in."""

from datetime import date

import pytest

from fotfaste.disposal.rules import (
    cutoff_date,
    kaa_register_disposable,
    school_records_disposable,
    turned_20_by,
    years_back,
)

CUTOFF = date(2023, 6, 1)


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2026, 6, 1), 3, date(2023, 6, 1)),
        (date(2026, 1, 1), 1, date(2025, 1, 1)),
        (date(2026, 12, 31), 10, date(2016, 12, 31)),
        # 29 February: to 28 February in a common year, the earlier day (data kept a day longer).
        (date(2024, 2, 29), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 3, date(2021, 2, 28)),
        (date(2024, 2, 29), 4, date(2020, 2, 29)),
        (date(2025, 2, 28), 1, date(2024, 2, 28)),
        (date(2025, 3, 1), 1, date(2024, 3, 1)),
    ],
)
def test_years_back(day, years, expected):
    assert years_back(day, years) == expected
    assert cutoff_date(day, years) == expected


def test_cutoff_needs_at_least_one_year():
    with pytest.raises(ValueError):
        cutoff_date(date(2026, 1, 1), 0)


def test_turned_20_by():
    assert turned_20_by(date(2003, 6, 1), CUTOFF)  # the 20th birthday is the cutoff itself
    assert not turned_20_by(date(2003, 6, 2), CUTOFF)
    # Born on 29 February (twenty years on is a leap year again): 29 February is the birthday.
    assert turned_20_by(date(2004, 2, 29), date(2024, 2, 29))
    assert not turned_20_by(date(2004, 2, 29), date(2024, 2, 28))


def kaa(period_ends=(), change_dates=(), registration_ends=()):
    return kaa_register_disposable(
        period_ends=period_ends, change_dates=change_dates, registration_ends=registration_ends, cutoff=CUTOFF
    )


def test_kaa_register_needs_everything_before_the_cutoff():
    assert kaa([date(2020, 1, 1)], [date(2019, 1, 15)], [date(2021, 3, 1)])
    assert kaa(period_ends=[date(2023, 5, 31)])  # the last covered day is the day before the cutoff
    assert not kaa(period_ends=[date(2023, 6, 1)])  # covered on the cutoff itself
    assert not kaa(period_ends=[date(2019, 1, 1), date(2024, 1, 1)])  # a later period keeps them all
    assert not kaa([date(2020, 1, 1)], change_dates=[date(2023, 6, 1)])
    assert not kaa([], [], [])  # nothing there: nothing to dispose


def test_kaa_register_never_takes_an_ongoing_or_recent_registration():
    assert not kaa([date(2020, 1, 1)], registration_ends=[None])
    assert not kaa([date(2020, 1, 1)], registration_ends=[date(2021, 1, 1), None])
    # end is the first day no longer registered: ending on the cutoff means the last day was before it.
    assert kaa([date(2020, 1, 1)], registration_ends=[CUTOFF])
    assert not kaa([date(2020, 1, 1)], registration_ends=[date(2023, 6, 2)])


def test_kaa_register_covers_the_registration_of_someone_never_in_kaa():
    assert kaa(registration_ends=[date(2022, 8, 1)])
    assert not kaa(registration_ends=[None])


def school(**overrides):
    facts = {
        "birth_date": date(2000, 1, 1),
        "has_kaa_period": False,
        "registration_ongoing": False,
        "enrolment_ends": [date(2019, 6, 10)],
        "certificate_dates": [date(2019, 6, 10)],
        "cutoff": CUTOFF,
    }
    return school_records_disposable(**{**facts, **overrides})


def test_school_records_of_someone_who_completed_school_without_kaa():
    assert school()


def test_school_records_kept_while_anything_is_recent_or_ongoing():
    assert not school(enrolment_ends=[None])  # still attending
    assert not school(enrolment_ends=[date(2019, 6, 10), date(2023, 6, 1)])
    assert not school(certificate_dates=[date(2023, 6, 1)])
    assert school(certificate_dates=[date(2023, 5, 31)], enrolment_ends=[])
    assert not school(registration_ongoing=True)


def test_school_records_kept_while_a_kaa_register_keeps_a_period():
    # However old: the period may be kept under another municipality's longer decision, and the
    # school rows are its documented basis. The KAA register category runs first in a run.
    assert not school(has_kaa_period=True)


def test_school_records_kept_until_kaa_can_never_cover_the_person():
    # Turned 20 after the cutoff: a lost diploma could make KAA cover them by mistake.
    assert not school(birth_date=date(2003, 6, 2))
    assert school(birth_date=date(2003, 6, 1))
    assert not school(birth_date=None)


def test_school_records_with_nothing_to_dispose():
    assert not school(enrolment_ends=[], certificate_dates=[])

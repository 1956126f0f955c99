"""When data may be disposed: plain functions over dates, with every date passed in.

The categories (categories.py) read the facts in chunks and ask these functions,
so the conditions can be tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

# KAA covers nobody from their 20th birthday (skollagen 29:9).
KAA_AGE_LIMIT = 20


def years_back(day: date, years: int) -> date:
    """The same calendar date `years` earlier; 29 February becomes 28 February in a common year.

    28 February rather than 1 March: the earlier cutoff keeps data a day longer, never shorter
    than the decision says.
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cutoff_date(run_on: date, years: int) -> date:
    """Data whose retention date lies before this day may be disposed by a rule of `years`."""
    if years < 1:
        raise ValueError("years must be at least 1")
    return years_back(run_on, years)


def turned_20_by(birth_date: date, day: date) -> bool:
    """Whether the 20th birthday falls on or before `day`, after which KAA can never cover the person."""
    return birth_date <= years_back(day, KAA_AGE_LIMIT)


def kaa_register_disposable(
    *,
    period_ends: Iterable[date],
    change_dates: Iterable[date],
    registration_ends: Iterable[date | None],
    cutoff: date,
) -> bool:
    """A person's KAA register in one municipality, given everything it holds about them there.

    period_ends: the last covered day of each KAA period in the municipality;
    change_dates: the date (as_of) of each import of the municipality whose change list names them;
    registration_ends: the end (first day no longer registered) of each population registration
    there, None while it goes on.

    Everything must lie before the cutoff. A registration counts too: someone still registered
    may be covered again tomorrow, and deleting their registration would both hide them from the
    KAA duty and let a later import derive the deleted periods again. It also lets the population
    data of people never in KAA go, which nothing else would remove.
    """
    ends, changes, registrations = list(period_ends), list(change_dates), list(registration_ends)
    if not ends and not changes and not registrations:
        return False
    return (
        all(end < cutoff for end in ends)
        and all(day < cutoff for day in changes)
        # end is the first day no longer registered, so the last registered day is before the cutoff.
        and all(end is not None and end <= cutoff for end in registrations)
    )


def school_records_disposable(
    *,
    birth_date: date | None,
    has_kaa_period: bool,
    registration_ongoing: bool,
    enrolment_ends: Iterable[date | None],
    certificate_dates: Iterable[date],
    cutoff: date,
) -> bool:
    """A person's school enrolments and certificates, all of them, wherever they were imported.

    has_kaa_period: a KAA period in any municipality, however old: while a KAA register keeps
    a period (perhaps under another municipality's longer decision), the school rows it was
    derived from stay as its documented basis;
    registration_ongoing: a population registration anywhere without an end date;
    enrolment_ends: slutdatum (last day of attendance) of every enrolment, None while ongoing;
    certificate_dates: the date every diploma or certificate was issued.
    """
    if birth_date is None:
        return False
    enrolments, certificates = list(enrolment_ends), list(certificate_dates)
    if not enrolments and not certificates:
        return False
    # School records decide whether KAA covers someone (a diploma ends it for good). Only once
    # the person is past KAA age on the cutoff can removing them never create a false KAA period.
    if not turned_20_by(birth_date, cutoff):
        return False
    if registration_ongoing:
        return False
    if has_kaa_period:
        return False
    if any(end is None or end >= cutoff for end in enrolments):
        return False
    return all(issued < cutoff for issued in certificates)

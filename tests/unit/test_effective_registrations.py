"""One municipality at a time, and which school facts a municipality may use: pure functions of kaa.derivation."""

from datetime import date
from itertools import permutations

from fotfaste.kaa import rules
from fotfaste.kaa.derivation import (
    REGISTRATION_ELSEWHERE,
    SchoolFact,
    StoredRegistration,
    effective_registrations,
    school_fact_visible,
)

OREBRO, LEKEBERG, KUMLA = "1880", "1814", "1881"


def reg(pk, municipality, start, end=None, claim=None, kind=""):
    return StoredRegistration(pk, municipality, start, end, kind, claim)


def spans(result):
    return {m: [(r.start, r.end, r.end_kind) for r in regs] for m, regs in result.items()}


def test_alone_a_registration_counts_as_it_is():
    r = reg(1, OREBRO, None, date(2026, 3, 1), date(2026, 2, 15), "utflyttad")
    assert spans(effective_registrations([r])) == {OREBRO: [(None, date(2026, 3, 1), "utflyttad")]}


def test_a_newer_file_elsewhere_ends_an_older_registration_where_it_begins():
    # Örebro's snapshot of 15 February says registered since birth; Lekeberg's of 1 March: there since 20 February.
    orebro = reg(1, OREBRO, None, None, date(2026, 2, 15))
    lekeberg = reg(2, LEKEBERG, date(2026, 2, 20), None, date(2026, 3, 1))
    assert spans(effective_registrations([orebro, lekeberg])) == {
        OREBRO: [(None, date(2026, 2, 20), REGISTRATION_ELSEWHERE)],
        LEKEBERG: [(date(2026, 2, 20), None, "")],
    }


def test_an_older_file_never_takes_days_from_a_newer_one():
    # Örebro's snapshot of 1 April still lists the person since birth: Lekeberg's older claim counts not at all.
    orebro = reg(1, OREBRO, None, None, date(2026, 4, 1))
    lekeberg = reg(2, LEKEBERG, date(2026, 2, 20), None, date(2026, 3, 1))
    assert spans(effective_registrations([orebro, lekeberg])) == {OREBRO: [(None, None, "")]}


def test_registrations_that_do_not_overlap_are_both_kept():
    orebro = reg(1, OREBRO, None, date(2026, 2, 20), date(2026, 4, 1), "utflyttad")
    lekeberg = reg(2, LEKEBERG, date(2026, 2, 20), None, date(2026, 3, 1))
    assert spans(effective_registrations([orebro, lekeberg])) == {
        OREBRO: [(None, date(2026, 2, 20), "utflyttad")],
        LEKEBERG: [(date(2026, 2, 20), None, "")],
    }


def test_the_same_municipality_is_never_cut_by_itself():
    earlier = reg(1, OREBRO, None, date(2025, 1, 1), date(2025, 1, 15), "ny_folkbokforing")
    later = reg(2, OREBRO, date(2025, 1, 1), None, date(2026, 3, 1))
    assert len(effective_registrations([earlier, later])[OREBRO]) == 2


def test_files_of_the_same_date_the_later_move_wins_and_the_answer_never_depends_on_order():
    a = reg(1, OREBRO, date(2020, 1, 1), None, date(2026, 3, 1))
    b = reg(2, LEKEBERG, date(2026, 2, 1), None, date(2026, 3, 1))
    c = reg(3, KUMLA, date(2026, 2, 1), None, date(2026, 3, 1))  # the same day as b: the lower code wins
    results = {repr(spans(effective_registrations(order))) for order in permutations([a, b, c])}
    assert len(results) == 1
    result = effective_registrations([a, b, c])
    assert spans(result)[OREBRO] == [(date(2020, 1, 1), date(2026, 2, 1), REGISTRATION_ELSEWHERE)]
    assert spans(result)[LEKEBERG] == [(date(2026, 2, 1), None, "")]
    assert KUMLA not in result


def test_a_cut_registration_reads_as_having_moved():
    orebro = reg(1, OREBRO, None, None, date(2026, 2, 15))
    lekeberg = reg(2, LEKEBERG, date(2026, 2, 20), None, date(2026, 3, 1))
    facts = rules.Facts(
        birth_date=date(2007, 5, 2), registrations=tuple(effective_registrations([orebro, lekeberg])[OREBRO])
    )
    [period] = rules.derive_periods(facts)
    assert (period.end, period.end_reason) == (date(2026, 2, 19), rules.END_MOVED)


# --- School facts ---------------------------------------------------------------------------------

LIVED_IN_OREBRO = [rules.Registration(date(2025, 1, 1), date(2026, 1, 1))]


def enrolment(start, end=None, source=LEKEBERG):
    return SchoolFact(rules.Enrolment("GY", "NA", start, end), source)


def certificate(issued, source=LEKEBERG):
    return SchoolFact(rules.Certificate("gymnasieexamen", issued), source)


def test_a_municipality_sees_what_its_own_file_stated():
    assert school_fact_visible(enrolment(date(2020, 8, 1), date(2021, 6, 1), OREBRO), OREBRO, LIVED_IN_OREBRO)


def test_an_enrolment_on_days_the_person_lived_there():
    assert school_fact_visible(enrolment(date(2024, 8, 1), date(2025, 2, 1)), OREBRO, LIVED_IN_OREBRO)
    assert school_fact_visible(enrolment(date(2025, 12, 31)), OREBRO, LIVED_IN_OREBRO)  # ongoing


def test_not_an_enrolment_from_before_or_after_the_person_lived_there():
    assert not school_fact_visible(enrolment(date(2023, 8, 1), date(2024, 12, 31)), OREBRO, LIVED_IN_OREBRO)
    assert not school_fact_visible(enrolment(date(2026, 1, 1)), OREBRO, LIVED_IN_OREBRO)
    assert not school_fact_visible(enrolment(date(2023, 8, 1)), KUMLA, [])


def test_a_certificate_concerns_every_day_from_its_date():
    assert school_fact_visible(certificate(date(2024, 6, 10)), OREBRO, LIVED_IN_OREBRO)  # held while there
    assert school_fact_visible(certificate(date(2025, 6, 10)), OREBRO, LIVED_IN_OREBRO)
    assert not school_fact_visible(certificate(date(2026, 1, 1)), OREBRO, LIVED_IN_OREBRO)  # issued after leaving

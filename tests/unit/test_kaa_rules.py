"""The KAA derivation rules (fotfaste.kaa.rules): pure functions, no database.

Each case is one sentence of the derivation in docs/register-formats.md turned into dates.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fotfaste.kaa import rules
from fotfaste.kaa.rules import Certificate, Enrolment, Facts, Registration, derive_periods, evaluate, is_covered

D = date.fromisoformat


FROM_BIRTH = (Registration(None),)


def facts(birth, *, registrations=FROM_BIRTH, enrolments=(), certificates=(), immigrated=None):
    return Facts(
        birth_date=D(birth),
        immigrated=D(immigrated) if immigrated else None,
        registrations=tuple(registrations),
        enrolments=tuple(enrolments),
        certificates=tuple(certificates),
    )


def gy(start, end=None, cause="", programme="NA", form="GY", ref=None):
    return Enrolment(form, programme, D(start), D(end) if end else None, cause, ref=ref)


def cert(kind, issued, ref=None):
    return Certificate(kind, D(issued), ref=ref)


def spans(periods):
    return [(str(p.start), str(p.end), p.start_reason, p.end_reason) for p in periods]


# --- The examples docs/register-formats.md gives -------------------------------------------


def test_dropout_is_covered_from_the_day_after_the_last_day():
    f = facts(
        "2008-03-15",
        enrolments=[gy("2024-08-19", "2026-03-15", "avbrott", ref="e1")],
        certificates=[cert("grundskola", "2024-06-10")],
    )
    assert not is_covered(f, D("2026-03-15"))
    assert is_covered(f, D("2026-03-16"))
    [period] = derive_periods(f)
    assert spans([period]) == [("2026-03-16", "2028-03-14", "avbrott", "fyllt_20")]
    assert period.start_fact == "e1"


def test_covered_until_the_day_before_the_twentieth_birthday():
    f = facts("2006-05-02", certificates=[cert("grundskola", "2022-06-10")])
    assert is_covered(f, D("2026-05-01"))
    assert not is_covered(f, D("2026-05-02"))
    assert derive_periods(f)[-1].end == D("2026-05-01")
    assert derive_periods(f)[-1].end_reason == "fyllt_20"


def test_born_on_29_february_turns_20_on_29_february_of_a_leap_year():
    assert rules.twentieth_birthday(D("2008-02-29")) == D("2028-02-29")
    assert rules.twentieth_birthday(D("2080-02-29")) == D("2100-03-01")  # 2100 is not a leap year


# --- Rule 1: registration --------------------------------------------------


def test_registered_from_folkbokford_datum_and_until_the_day_before_moving_out():
    f = facts(
        "2008-01-10",
        registrations=[Registration(D("2025-02-01"), D("2026-04-01"), "utflyttad", ref="r1")],
    )
    assert not is_covered(f, D("2025-01-31"))
    [period] = derive_periods(f)
    assert spans([period]) == [("2025-02-01", "2026-03-31", "inflyttad", "flyttat")]
    assert period.start_fact == "r1" and period.end_fact == "r1"


def test_registered_from_immigration_when_folkbokford_datum_is_empty():
    f = facts("2008-01-10", immigrated="2025-03-03")
    [period] = derive_periods(f)
    assert period.start == D("2025-03-03")
    assert period.start_reason == "inflyttad"


def test_death_ends_the_period_as_avliden():
    f = facts("2008-01-10", registrations=[Registration(None, D("2026-02-02"), "avliden")])
    assert derive_periods(f)[-1].end == D("2026-02-01")
    assert derive_periods(f)[-1].end_reason == "avliden"


def test_missing_from_a_later_snapshot_ends_as_flyttat():
    f = facts("2008-01-10", registrations=[Registration(None, D("2026-03-01"), "saknas")])
    assert spans(derive_periods(f)) == [("2024-07-01", "2026-02-28", "ej_borjat", "flyttat")]


def test_not_registered_at_all_is_never_covered():
    assert derive_periods(facts("2008-01-10", registrations=[])) == []


def test_moving_back_gives_a_new_period_that_starts_as_inflyttad():
    f = facts(
        "2008-01-10",
        registrations=[
            Registration(None, D("2025-01-01"), "utflyttad"),
            Registration(D("2025-06-01")),
        ],
    )
    assert spans(derive_periods(f)) == [
        ("2024-07-01", "2024-12-31", "ej_borjat", "flyttat"),
        ("2025-06-01", "2028-01-09", "inflyttad", "fyllt_20"),
    ]


# --- Rule 3: compulsory school ---------------------------------------------


def test_compulsory_school_done_the_day_after_the_grundskola_certificate():
    f = facts("2008-09-01", certificates=[cert("grundskola", "2024-06-12", ref="g")])
    assert not is_covered(f, D("2024-06-12"))
    assert is_covered(f, D("2024-06-13"))
    assert evaluate(f, D("2024-06-13")).compulsory_school.ref == "g"


def test_without_a_certificate_compulsory_school_is_done_after_30_june_of_the_year_of_16():
    f = facts("2008-09-01")
    assert not is_covered(f, D("2024-06-30"))
    assert is_covered(f, D("2024-07-01"))
    assert evaluate(f, D("2024-07-01")).compulsory_school == rules.BY_AGE


def test_before_2018_someone_who_immigrated_after_compulsory_school_age_was_not_covered():
    f = facts("2000-05-05", immigrated="2017-01-10")
    assert not is_covered(f, D("2018-06-30"))
    assert is_covered(f, D("2018-07-01"))
    assert spans(derive_periods(f)) == [("2018-07-01", "2020-05-04", "ej_borjat", "fyllt_20")]


def test_someone_who_immigrated_before_that_age_was_covered_before_2018():
    f = facts("2000-05-05", immigrated="2016-06-30")
    assert is_covered(f, D("2016-07-01"))


def test_after_2018_someone_registered_after_compulsory_school_age_is_covered_from_registration():
    f = facts("2008-05-05", immigrated="2025-02-01", registrations=[Registration(D("2025-02-10"))])
    assert spans(derive_periods(f)) == [("2025-02-10", "2028-05-04", "inflyttad", "fyllt_20")]


# --- Rule 4: attending upper-secondary school --------------------------------


@pytest.mark.parametrize("form", ["GY", "GYAN", "UTL", "MOTSV"])
def test_qualifying_school_forms_end_coverage(form):
    f = facts("2008-01-10", enrolments=[gy("2025-01-07", form=form, programme="NA" if form == "GY" else "")])
    assert is_covered(f, D("2025-01-06"))
    assert not is_covered(f, D("2025-01-07"))
    assert derive_periods(f)[0].end_reason == "borjat_utbildning"


@pytest.mark.parametrize("form", ["KOMVUX", "FHSK", "GR", "GRAN"])
def test_komvux_folk_high_school_and_compulsory_forms_do_not_end_coverage(form):
    f = facts("2008-01-10", enrolments=[gy("2025-01-07", form=form, programme="")])
    assert is_covered(f, D("2025-03-01"))


def test_the_last_day_of_attendance_is_still_attending():
    f = facts("2008-01-10", enrolments=[gy("2024-08-19", "2025-02-14", "avbrott")])
    assert not is_covered(f, D("2025-02-14"))
    assert is_covered(f, D("2025-02-15"))


def test_introduction_programme_counts_as_attending_from_2018_07_01():
    f = facts(
        "2000-03-01",
        certificates=[cert("grundskola", "2016-06-10")],
        enrolments=[gy("2016-08-22", "2019-06-10", "fullfoljd", programme="IMA", ref="im")],
    )
    assert is_covered(f, D("2017-03-01"))  # IM pupils were covered under the old wording
    assert is_covered(f, D("2018-06-30"))
    assert not is_covered(f, D("2018-07-01"))
    periods = derive_periods(f)
    # The change of the law ends it: ovrigt, not borjat_utbildning. Leaving IM without a diploma starts another.
    assert spans(periods) == [
        ("2016-06-11", "2018-06-30", "ej_borjat", "ovrigt"),
        ("2019-06-11", "2020-02-29", "ovrigt", "fyllt_20"),
    ]
    assert periods[0].end_fact == "im"


def test_starting_an_introduction_programme_before_2018_gives_start_reason_introduktionsprogram():
    # Attending a national programme, then moving to IM in January 2017: covered again from the IM start.
    f = facts(
        "2000-03-01",
        certificates=[cert("grundskola", "2016-06-10")],
        enrolments=[
            gy("2016-08-22", "2017-01-08", "byte", programme="NA"),
            gy("2017-01-09", None, programme="IMV", ref="im"),
        ],
    )
    [period] = derive_periods(f)
    assert (period.start, period.start_reason, period.start_fact) == (D("2017-01-09"), "introduktionsprogram", "im")
    assert (period.end, period.end_reason) == (D("2018-06-30"), "ovrigt")


def test_dropping_out_of_an_introduction_programme_after_2018_is_avbrott():
    f = facts("2008-01-10", enrolments=[gy("2024-08-19", "2025-03-01", "avbrott", programme="IMS")])
    assert derive_periods(f)[-1].start == D("2025-03-02")
    assert derive_periods(f)[-1].start_reason == "avbrott"


# --- Rule 5: diplomas ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["gymnasieexamen", "anpassad_gymnasieskolebevis", "motsvarande"])
def test_a_diploma_ends_coverage_on_its_date(kind):
    f = facts("2006-01-10", certificates=[cert(kind, "2025-03-01", ref="x")])
    assert is_covered(f, D("2025-02-28"))
    assert not is_covered(f, D("2025-03-01"))
    assert derive_periods(f)[-1].end_reason == "fullfoljt"
    assert derive_periods(f)[-1].end_fact == "x"


def test_a_studiebevis_does_not_end_coverage_and_gives_the_start_reason():
    f = facts(
        "2006-01-10",
        enrolments=[gy("2022-08-22", "2025-06-10", "fullfoljd")],
        certificates=[cert("grundskola", "2022-06-10"), cert("studiebevis", "2025-06-10", ref="sb")],
    )
    [period] = derive_periods(f)
    assert spans([period]) == [("2025-06-11", "2026-01-09", "studiebevis", "fyllt_20")]
    assert period.start_fact == "sb"


def test_completing_with_a_diploma_gives_no_period():
    f = facts(
        "2006-01-10",
        enrolments=[gy("2022-08-22", "2025-06-10", "fullfoljd")],
        certificates=[cert("grundskola", "2022-06-10"), cert("gymnasieexamen", "2025-06-10")],
    )
    assert derive_periods(f) == []


# --- Rule 6: summer break ------------------------------------------------------


def test_summer_after_compulsory_school_counts_as_attending_when_gymnasium_starts_by_15_september():
    f = facts(
        "2008-03-15",
        certificates=[cert("grundskola", "2024-06-10")],
        enrolments=[gy("2024-08-19")],
    )
    assert not is_covered(f, D("2024-06-11"))
    assert derive_periods(f) == []


def test_an_enrolment_starting_after_15_september_does_not_help_in_summer():
    f = facts(
        "2008-03-15",
        certificates=[cert("grundskola", "2024-06-10")],
        enrolments=[gy("2024-09-16")],
    )
    assert spans(derive_periods(f)) == [("2024-06-11", "2024-09-15", "ej_borjat", "borjat_utbildning")]


def test_a_covered_person_with_a_place_from_august_leaves_kaa_on_1_june():
    f = facts(
        "2008-01-10",
        enrolments=[gy("2024-08-19", "2025-03-01", "avbrott"), gy("2025-08-18", ref="new")],
    )
    periods = derive_periods(f)
    assert spans(periods)[-1] == ("2025-03-02", "2025-05-31", "avbrott", "borjat_utbildning")
    assert periods[-1].end_fact == "new"


def test_summer_rule_ends_with_the_start_date_of_the_enrolment():
    # Someone whose compulsory school ended in June and who dropped a place on 1 July: covered from then on.
    f = facts(
        "2008-03-15",
        certificates=[cert("grundskola", "2024-06-10")],
        enrolments=[gy("2024-06-20", "2024-06-30", "avbrott")],
    )
    assert spans(derive_periods(f)) == [("2024-07-01", "2028-03-14", "avbrott", "fyllt_20")]


def test_summer_before_2018_ignores_introduction_programmes():
    f = facts(
        "2000-03-01", certificates=[cert("grundskola", "2016-06-10")], enrolments=[gy("2016-08-22", programme="IMA")]
    )
    assert is_covered(f, D("2016-06-11"))


# --- Start reasons ---------------------------------------------------------------


def test_start_reason_order_prefers_avbrott_over_studiebevis():
    f = facts(
        "2006-01-10",
        enrolments=[gy("2022-08-22", "2025-02-01", "avbrott")],
        certificates=[cert("grundskola", "2022-06-10"), cert("studiebevis", "2025-02-01")],
    )
    assert derive_periods(f)[0].start_reason == "avbrott"


def test_a_school_change_then_a_gap_is_ovrigt():
    # Had a qualifying enrolment that ended for another reason than avbrott: not ej_borjat.
    f = facts("2006-01-10", enrolments=[gy("2022-08-22", "2024-01-31", "flytt")])
    assert derive_periods(f)[-1].start_reason == "ovrigt"


# --- as_of: what kaa_register prints -----------------------------------------------


def test_as_of_leaves_the_end_of_a_running_period_empty_and_drops_later_periods():
    f = facts(
        "2008-01-10",
        registrations=[Registration(None, D("2025-01-01"), "utflyttad"), Registration(D("2025-06-01"))],
    )
    periods = derive_periods(f)
    assert rules.as_of(periods, D("2024-12-31")) == [rules.RegisterRow(D("2024-07-01"), "ej_borjat", None, "")]
    assert rules.as_of(periods, D("2025-03-01")) == [
        rules.RegisterRow(D("2024-07-01"), "ej_borjat", D("2024-12-31"), "flyttat")
    ]
    assert len(rules.as_of(periods, D("2025-06-01"))) == 2
    assert rules.as_of(periods, D("2024-06-30")) == []


# --- The shortcut equals walking every day ------------------------------------------

BIRTH = D("2005-01-01")


@st.composite
def random_facts(draw):
    birth = BIRTH + timedelta(days=draw(st.integers(0, 5 * 365)))
    day = st.integers(13 * 365, 21 * 365).map(lambda n: birth + timedelta(days=n))
    enrolments = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(day)
        end = draw(st.one_of(st.none(), st.integers(0, 900).map(lambda n, s=start: s + timedelta(days=n))))
        form = draw(st.sampled_from(["GY", "GYAN", "UTL", "MOTSV", "KOMVUX", "FHSK"]))
        programme = draw(st.sampled_from(["NA", "IMA", "IMV", ""])) if form == "GY" else ""
        cause = draw(st.sampled_from(["avbrott", "fullfoljd", "flytt", "byte"])) if end else ""
        enrolments.append(Enrolment(form, programme, start, end, cause))
    certificates = [
        Certificate(draw(st.sampled_from(["grundskola", "gymnasieexamen", "studiebevis", "motsvarande"])), draw(day))
        for _ in range(draw(st.integers(0, 3)))
    ]
    registrations = []
    if draw(st.booleans()):
        registrations.append(Registration(None, draw(st.one_of(st.none(), day)), "utflyttad"))
    else:
        start = draw(day)
        end = draw(st.one_of(st.none(), st.integers(1, 900).map(lambda n: start + timedelta(days=n))))
        registrations.append(Registration(start, end, draw(st.sampled_from(["utflyttad", "avliden", "saknas"]))))
    immigrated = draw(st.one_of(st.none(), day))
    return Facts(birth, immigrated, tuple(registrations), tuple(enrolments), tuple(certificates))


@settings(max_examples=150, deadline=None)
@given(random_facts())
def test_periods_are_exactly_the_covered_days(f):
    periods = derive_periods(f)
    first, last = f.birth_date, rules.twentieth_birthday(f.birth_date)
    day = first
    while day <= last:
        covered = is_covered(f, day)
        assert covered == any(p.covers(day) for p in periods), day
        day += timedelta(days=1)
    for a, b in zip(periods, periods[1:], strict=False):
        assert a.end + timedelta(days=1) < b.start  # maximal runs: never adjacent
    for p in periods:
        assert p.start_reason in rules.START_REASONS
        assert p.end_reason in rules.END_REASONS

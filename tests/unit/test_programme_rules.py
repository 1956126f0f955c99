"""Programme eligibility (issue 12, FORMATS.md "Programme eligibility"): the rules to the day."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fotfaste.programmes import rules
from fotfaste.programmes.rules import Facts, Spell

UK, TV, TB, JG = (
    rules.UTBILDNINGSKONTRAKT,
    rules.TRAINEEJOBB_VALFARD,
    rules.TRAINEEJOBB_BRISTYRKE,
    rules.JOBBGARANTI_UNGDOMAR,
)


def test_the_example_of_the_contract_explains_every_condition():
    facts = Facts(date(1995, 3, 1), (Spell(date(2016, 1, 1), None, "11"),))
    result = rules.eligibility(UK, facts, date(2016, 6, 1))
    assert (result.eligible, result.becomes_eligible) == (True, None)
    assert (
        result.explanation
        == "Inskriven på Arbetsförmedlingen sedan 2016-01-01, fyllt 20 men inte 25, saknar gymnasieexamen"
    )


def test_birthdays_and_29_february():
    assert rules.birthday(date(1996, 2, 29), 20) == date(2016, 2, 29)
    assert rules.birthday(date(1996, 2, 29), 21) == date(2017, 2, 28)
    facts = Facts(date(1996, 2, 29), (Spell(date(2016, 1, 1), None, "11"),))
    assert not rules.eligibility(UK, facts, date(2016, 2, 28)).eligible
    assert rules.eligibility(UK, facts, date(2016, 2, 29)).eligible  # turned 20 that day
    young = Facts(date(1997, 2, 28), (Spell(date(2016, 1, 1), None, "11"),))
    result = rules.eligibility(UK, young, date(2016, 6, 1))
    assert result.becomes_eligible == date(2017, 2, 28)
    assert result.explanation.startswith("Har inte fyllt 20 (fyller 20 den 2017-02-28), inskriven")
    old = Facts(date(1991, 6, 2), (Spell(date(2016, 1, 1), None, "11"),))
    assert not rules.eligibility(UK, old, date(2016, 6, 2)).eligible  # 25 that day
    assert rules.eligibility(UK, old, date(2016, 6, 1)).eligible


def test_the_frame_runs_from_the_same_day_months_before_to_the_day_before():
    spells = (Spell(date(2016, 1, 1), None, "11"),)
    # 31 May: three months before is 29 February (the month's last day); to 30 May inclusive.
    assert rules.unemployed_days(spells, date(2016, 5, 31), 3, rules.DEFAULT_UNEMPLOYED) == 92
    assert rules.unemployed_days(spells, date(2016, 1, 1), 3, rules.DEFAULT_UNEMPLOYED) == 0
    assert rules.unemployed_days(spells, date(2016, 1, 2), 3, rules.DEFAULT_UNEMPLOYED) == 1
    # Categories that are not full-time unemployment do not count; overlapping spells count once.
    mixed = (
        Spell(date(2016, 1, 1), date(2016, 1, 31), "14"),
        Spell(date(2016, 2, 1), date(2016, 2, 10), "11"),
        Spell(date(2016, 2, 5), date(2016, 2, 20), "69"),
    )
    assert rules.unemployed_days(mixed, date(2016, 3, 1), 4, rules.DEFAULT_UNEMPLOYED) == 20


def test_six_months_within_nine_is_180_days_and_the_day_it_is_reached_is_found():
    start = date(2016, 1, 1)
    facts = Facts(date(1994, 5, 5), (Spell(start, None, "11"),), (("gymnasieexamen", date(2013, 6, 10)),))
    reached = start + timedelta(days=180)
    assert rules.eligibility(TV, facts, reached).eligible
    before = rules.eligibility(TV, facts, reached - timedelta(days=1))
    assert not before.eligible and before.becomes_eligible == reached
    assert before.explanation.startswith("179 dagar som heltidsarbetslös de senaste 9 månaderna (minst 180 krävs)")
    # Shortage occupations: three months within six.
    assert rules.eligibility(TB, facts, start + timedelta(days=90)).eligible
    assert not rules.eligibility(TB, facts, start + timedelta(days=89)).eligible


def test_only_spells_open_on_the_day_are_taken_to_stay_open():
    closed = Facts(
        date(1994, 5, 5), (Spell(date(2016, 1, 1), date(2016, 3, 31), "11"),), (("motsvarande", date(2013, 6, 10)),)
    )
    result = rules.eligibility(TV, closed, date(2016, 4, 15))
    assert (result.eligible, result.becomes_eligible) == (False, None)
    assert result.explanation.startswith("Inte inskriven på Arbetsförmedlingen")
    later = Facts(date(1994, 5, 5), (Spell(date(2016, 5, 1), None, "11"),), (("gymnasieexamen", date(2013, 6, 10)),))
    assert rules.eligibility(TV, later, date(2016, 4, 15)).becomes_eligible is None  # a later spell is not known


def test_a_diploma_decides_both_ways_and_a_studiebevis_is_none():
    spells = (Spell(date(2016, 1, 1), None, "11"),)
    with_exam = Facts(date(1995, 3, 1), spells, (("gymnasieexamen", date(2014, 6, 10)),))
    result = rules.eligibility(UK, with_exam, date(2016, 6, 1))
    assert not result.eligible and result.becomes_eligible is None
    assert result.explanation.startswith("Har gymnasieexamen sedan 2014-06-10")
    study = Facts(date(1995, 3, 1), spells, (("studiebevis", date(2014, 6, 10)),))
    assert rules.eligibility(UK, study, date(2016, 6, 1)).eligible
    issued_later = Facts(date(1995, 3, 1), spells, (("gymnasieexamen", date(2016, 8, 1)),))
    assert rules.eligibility(UK, issued_later, date(2016, 6, 1)).eligible  # not yet on the day


def test_outside_its_validity_nobody_is_eligible_and_the_explanation_says_so():
    agreed = replace(UK, valid_from=date(2015, 8, 3), valid_until=date(2019, 12, 31))
    facts = Facts(date(1995, 3, 1), (Spell(date(2016, 1, 1), None, "11"),))
    result = rules.eligibility(agreed, facts, date(2020, 1, 1))
    assert (result.eligible, result.becomes_eligible) == (False, None)
    assert result.explanation.startswith("Programmet kunde beviljas till och med 2019-12-31")
    early = rules.eligibility(agreed, facts, date(2015, 6, 1))
    assert early.explanation.startswith("Programmet kan beviljas först från 2015-08-03")
    registered_then = Facts(date(1995, 3, 1), (Spell(date(2015, 1, 1), None, "11"),))
    assert rules.eligibility(agreed, registered_then, date(2015, 6, 1)).becomes_eligible == date(2015, 8, 3)
    # Shipped without a period: the agreement sets it.
    assert rules.eligibility(UK, facts, date(2026, 1, 1)).eligible is False  # turned 25 in 2020
    assert rules.eligibility(UK, Facts(date(2004, 3, 1), facts.spells), date(2026, 1, 1)).eligible


def brute_force_becomes_eligible(programme, facts, day):
    """The contract read literally: try every day of the twelve months."""
    frozen = rules.as_it_stands(facts, day)
    later = day + timedelta(days=1)
    while later <= rules.add_months(day, 12):
        if all(o.holds for o in rules.evaluate(programme, frozen, later)):
            return later
        later += timedelta(days=1)
    return None


@settings(max_examples=300, deadline=None)
@given(
    born=st.dates(date(1990, 1, 1), date(2000, 12, 31)),
    on=st.dates(date(2014, 1, 1), date(2019, 12, 31)),
    spells=st.lists(
        st.tuples(
            st.integers(-500, 30), st.one_of(st.none(), st.integers(0, 400)), st.sampled_from(["11", "14", "69", "21"])
        ),
        max_size=4,
    ),
    diploma=st.one_of(st.none(), st.integers(-800, 200)),
    code=st.sampled_from(sorted(rules.SHIPPED)),
)
def test_the_quick_search_finds_the_same_day_as_trying_every_day(born, on, spells, diploma, code):
    facts = Facts(
        born,
        tuple(
            Spell(on + timedelta(days=a), None if b is None else on + timedelta(days=a + b), c) for a, b, c in spells
        ),
        () if diploma is None else (("gymnasieexamen", on + timedelta(days=diploma)),),
    )
    programme = replace(rules.SHIPPED[code], valid_from=date(2015, 8, 3))
    result = rules.eligibility(programme, facts, on)
    expected = None if result.eligible else brute_force_becomes_eligible(programme, facts, on)
    assert result.becomes_eligible == expected


def test_a_missing_fact_cannot_be_decided_and_says_what_is_missing():
    result = rules.eligibility(TV, Facts(date(1995, 3, 1), None, None), date(2016, 6, 1))
    assert (result.eligible, result.becomes_eligible, result.undecided) == (False, None, True)
    assert result.explanation.startswith("Kan inte avgöras: uppgift saknas om inskrivning på Arbetsförmedlingen")
    assert "kan inte avgöras: uppgift saknas om gymnasieexamen" in result.explanation
    # A condition known to fail comes first, and then it is decided: no.
    too_old = rules.eligibility(TV, Facts(date(1980, 3, 1), None, None), date(2016, 6, 1))
    assert too_old.explanation.startswith("Har fyllt 25") and not too_old.undecided


@pytest.mark.parametrize(("born", "on", "eligible"), [
    (date(2000, 1, 10), date(2016, 1, 10), True),   # turned 16 that day
    (date(2000, 1, 11), date(2016, 1, 10), False),
])  # fmt: skip
def test_the_youth_guarantee_from_16_with_three_months_within_four(born, on, eligible):
    facts = Facts(born, (Spell(on - timedelta(days=90), None, "11"),))
    assert rules.eligibility(JG, facts, on).eligible is eligible


def test_income_support_and_the_need_level_as_rules():
    day = date(2026, 6, 1)
    programme = rules.Programme(
        "ungdomssatsningen", "Ungdomssatsningen", (rules.IncomeSupport(), rules.NeedLevel(3)), source="Seed 000"
    )
    supported = Facts(date(2004, 1, 1), income_support=((date(2026, 1, 1), None),), need_level=(3, "Omfattande"))
    result = rules.eligibility(programme, supported, day)
    assert result.eligible
    assert result.explanation == (
        "Har försörjningsstöd sedan 2026-01-01, behovsnivå 3 (Omfattande) i kartläggningen, minst 3 krävs"
    )
    ended = replace(supported, income_support=((date(2025, 1, 1), date(2025, 12, 31)),))
    assert rules.eligibility(programme, ended, day).explanation.startswith("Har inte försörjningsstöd")
    unknown = replace(supported, income_support=None, need_level=None)
    assert rules.eligibility(programme, unknown, day).undecided
    assert rules.needed_facts([programme]) == {"income_support", "need_level"}
    assert rules.needed_facts([UK]) == {"spells", "certificates"}


def test_rules_as_data_round_trip_and_refuse_nonsense():
    names = {"1880": "Örebro"}
    for programme in rules.SHIPPED.values():
        data = [rules.condition_to_data(c) for c in programme.conditions]
        assert rules.conditions_from_data(data, names) == programme.conditions
    data = [
        {"typ": "folkbokford", "kommuner": ["1880"]},
        {"typ": "forsorjningsstod"},
        {"typ": "behovsniva", "minst": 2},
    ]
    assert [rules.condition_to_data(c) for c in rules.conditions_from_data(data, names)] == data
    for bad, message in [
        ([{"typ": "alder", "fran": 25, "till": 20}], "Villkor 1: ”till” ska vara större än ”fran”."),
        ([{"typ": "inskriven"}, {"typ": "arbetsloshet", "manader": 6, "ram": 3}], "Villkor 2: ramen"),
        ([{"typ": "folkbokford", "kommuner": ["9999"]}], "kommunkoder som finns"),
        ([{"typ": "okand"}], "okänd typ ”okand”"),
        ([{"typ": "examen", "krav": "ja"}], "”krav” ska vara true"),
    ]:
        with pytest.raises(rules.RuleDataError, match=message):
            rules.conditions_from_data(bad, names)

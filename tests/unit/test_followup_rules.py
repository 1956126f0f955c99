"""Periods, target paths, status and trend, and an indicator's counts under the disclosure rule (pure)."""

import random
from datetime import date
from decimal import Decimal

import pytest

from fotfaste.core.disclosure import SMALL_COUNT
from fotfaste.followup import targets
from fotfaste.followup.charts import bar_chart
from fotfaste.followup.disclosure import disclose_manual, disclose_rows
from fotfaste.followup.indicators import Row
from fotfaste.followup.periods import PeriodError, parse_period
from fotfaste.followup.targets import TargetPath, status, target_for


def test_periods():
    h1 = parse_period("2026H1")
    assert (h1.start, h1.end, h1.label) == (date(2026, 1, 1), date(2026, 6, 30), "2026H1")
    assert parse_period("2026h2").end == date(2026, 12, 31)
    assert parse_period("2026").start == date(2026, 1, 1) and not parse_period("2026").is_half_year
    assert [p.label for p in h1.previous(3)] == ["2025H1", "2025H2", "2026H1"]
    assert h1.measured_on(date(2026, 3, 1)) == date(2026, 3, 1)
    for bad in ("2026H3", "26H1", "", "2026-1", "1999"):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_percent_per_year_from_a_baseline():
    """−5 % a year from 614 in 2015."""
    path = TargetPath(targets.PERCENT_PER_YEAR, Decimal(614), date(2015, 12, 31), rate=Decimal(-5))
    assert target_for(path, parse_period("2016")) == Decimal("583.3")
    assert target_for(path, parse_period("2017")) == Decimal("554.1")
    assert target_for(path, parse_period("2016H1")) == Decimal("598.5")  # half a year: 614 × 0.95^0.5
    assert target_for(path, parse_period("2015H1")) is None  # before the baseline


def test_linear_to_a_target_by_a_date():
    """25 % in 2014 → 20 % by 2020, and 20 % after that."""
    path = TargetPath(targets.LINEAR, Decimal(25), date(2014, 12, 31), target_value=Decimal(20),
                      target_date=date(2020, 12, 31))  # fmt: skip
    assert target_for(path, parse_period("2017")) == Decimal("22.5")
    assert target_for(path, parse_period("2020")) == Decimal(20)
    assert target_for(path, parse_period("2026H1")) == Decimal(20)


def test_values_and_percent_of_baseline_by_period():
    values = TargetPath(targets.VALUES, values={"2026": "0", "2027H1": "3"})
    assert target_for(values, parse_period("2026H2")) == 0  # the year's value for its half-years
    assert target_for(values, parse_period("2027H1")) == 3 and target_for(values, parse_period("2027H2")) is None
    neet = TargetPath(targets.PERCENT_OF_BASELINE, Decimal(400), date(2015, 12, 31),
                      values={"2016": "-10", "2017": "-15", "2018": "-25"})  # fmt: skip
    assert [target_for(neet, parse_period(y)) for y in ("2016", "2017", "2018")] == [360, 340, 300]


def test_reference_and_status():
    ref = TargetPath(targets.REFERENCE)
    assert target_for(ref, parse_period("2026H1"), Decimal("10.4")) == Decimal("10.4")
    assert target_for(ref, parse_period("2026H1"), None) is None
    assert status(10.4, Decimal("10.4"), targets.LOWER_IS_BETTER) == "i_fas"  # at the average is on track
    assert status(10.6, Decimal("10.4"), targets.LOWER_IS_BETTER) == "inte_i_fas"
    assert status(60, 50, targets.HIGHER_IS_BETTER) == "i_fas"
    assert status(None, 50, targets.HIGHER_IS_BETTER) == "uppgift_saknas"
    assert status(60, None, targets.HIGHER_IS_BETTER) == "uppgift_saknas"
    assert targets.goal_status(["i_fas", "uppgift_saknas"]) == "i_fas"
    assert targets.goal_status(["i_fas", "inte_i_fas"]) == "inte_i_fas"
    assert targets.goal_status(["uppgift_saknas"]) == "uppgift_saknas"
    assert targets.trend([5, None, 4], targets.LOWER_IS_BETTER) == targets.IMPROVING
    assert targets.trend([5, 6], targets.LOWER_IS_BETTER) == targets.WORSENING
    assert targets.trend([5], targets.LOWER_IS_BETTER) is None


def rows_for(n, rng):
    sexes, ages, bgs = ("kvinna", "man"), ("16-19", "20-24", "25-29"), ("svensk", "fodd_utomlands", "okand")
    return [Row(rng.choice(sexes), rng.choice(ages), rng.choice(bgs), int(rng.random() < 0.5), 1) for _ in range(n)]


def test_a_large_cohort_shows_its_share_and_small_groups_are_masked():
    rows = [Row("kvinna", "16-19", "svensk", 1, 1)] * 30 + [Row("man", "16-19", "svensk", 0, 1)] * 20
    rows += [Row("man", "20-24", "fodd_utomlands", 1, 1)] * 2 + [Row("kvinna", "20-24", "fodd_utomlands", 0, 1)] * 8
    d = disclose_rows(rows, "procent")
    assert d.total.value == 53.3 and (d.total.numerator, d.total.denominator) == (32, 60)
    ages = dict(d.splits["alder"])
    assert ages["20-24"].masked and ages["20-24"].value is None  # 2 of 10
    assert ages["25-29"].value is None and not ages["25-29"].masked  # nobody: no share, nothing hidden


def test_no_masked_group_of_a_random_cohort_can_be_recomputed():
    """Seeded: from the shown counts and shares a reader cannot get back a masked count below five."""
    rng = random.Random(5)
    for _ in range(60):
        rows = rows_for(rng.randint(0, 40), rng)
        for unit in ("antal", "procent"):
            d = disclose_rows(rows, unit)
            for split, groups in d.splits.items():
                field = {"kon": "sex", "alder": "age", "bakgrund": "background"}[split]
                for group, figure in groups:
                    members = [r for r in rows if getattr(r, field) == group]
                    num = sum(r.numerator for r in members)
                    den = len(members)
                    if 0 < num < SMALL_COUNT or (unit == "procent" and 0 < den - num < SMALL_COUNT):
                        assert figure.masked, (split, group, num, den)
                    if figure.masked:
                        assert figure.value is None


def test_manual_figures_and_the_chart():
    assert disclose_manual(Decimal(3), "antal").masked
    assert disclose_manual(Decimal(614), "antal").value == 614
    assert disclose_manual(Decimal("10.4"), "procent").value == 10.4
    chart = bar_chart([("2025H2", 12.0, False, 10.0), ("2026H1", None, True, 9.0)], "procent")
    assert chart.bars[1].value_text == "dolt" and chart.bars[0].value_text == "12 %"
    assert len(chart.target_markers) == 2

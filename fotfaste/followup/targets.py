"""Target paths and status: what an indicator should be in a period, and whether it is. Pure.

A target path is data (`TargetPath`), evaluated for a period by `target_for`:

- PERCENT_PER_YEAR: `rate` per cent a year from the baseline, compounded ("−5 % a year from 614 in
  2015"): baseline × (1 + rate/100) ^ (months from the baseline date to the period's end / 12).
- LINEAR: a straight line from the baseline (at its date) to `target_value` at `target_date`
  ("25 % → 20 % by 2020"), then the target value after that date.
- VALUES: explicit values per period ("0 every half-year"); a half-year without its own value takes
  its year's.
- PERCENT_OF_BASELINE: explicit changes per period in per cent of the baseline ("−10 / −15 / −25 %
  by year").
- REFERENCE: the value of another indicator in the same period ("at or below the national
  average"); whether at or below or at or above follows the indicator's direction.

Before the baseline date a path has no target. Status compares the shown value with the target by
the indicator's direction; without a value (none, or masked) or a target it is "uppgift saknas".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .periods import Period, months_between

NONE = "ingen"
PERCENT_PER_YEAR = "procent_per_ar"
LINEAR = "linjar"
VALUES = "varden"
PERCENT_OF_BASELINE = "procent_av_bas"
REFERENCE = "referens"
KINDS = (NONE, PERCENT_PER_YEAR, LINEAR, VALUES, PERCENT_OF_BASELINE, REFERENCE)

LOWER_IS_BETTER = "lagre"
HIGHER_IS_BETTER = "hogre"

ON_TRACK = "i_fas"
OFF_TRACK = "inte_i_fas"
NO_DATA = "uppgift_saknas"
STATUSES = (ON_TRACK, OFF_TRACK, NO_DATA)

IMPROVING, WORSENING, UNCHANGED = "battre", "samre", "oforandrad"


@dataclass(frozen=True)
class TargetPath:
    kind: str = NONE
    baseline: Decimal | None = None
    baseline_date: date | None = None
    rate: Decimal | None = None  # PERCENT_PER_YEAR: per cent a year (negative: a decrease)
    target_value: Decimal | None = None  # LINEAR
    target_date: date | None = None  # LINEAR
    values: Mapping[str, Decimal] = field(default_factory=dict)  # VALUES, PERCENT_OF_BASELINE: by period label


def _by_period(values: Mapping[str, Decimal], period: Period):
    if period.label in values:
        return values[period.label]
    return values.get(str(period.year))


def target_for(path: TargetPath, period: Period, reference: Decimal | None = None) -> Decimal | None:
    """The target value of `path` in `period`; None where the path sets none. `reference` for REFERENCE."""
    if path.kind == REFERENCE:
        return reference
    if path.kind == VALUES:
        value = _by_period(path.values, period)
        return None if value is None else Decimal(value)
    if path.baseline is None or path.baseline_date is None:
        return None
    baseline = Decimal(path.baseline)
    if period.end < path.baseline_date:
        return None
    if path.kind == PERCENT_PER_YEAR and path.rate is not None:
        years = months_between(path.baseline_date, period.end) / 12
        return _round(baseline * Decimal(str((1 + float(path.rate) / 100) ** years)))
    if path.kind == LINEAR and path.target_value is not None and path.target_date is not None:
        whole = months_between(path.baseline_date, path.target_date)
        done = months_between(path.baseline_date, period.end)
        if whole <= 0 or done >= whole:
            return Decimal(path.target_value)
        return _round(baseline + (Decimal(path.target_value) - baseline) * Decimal(done) / Decimal(whole))
    if path.kind == PERCENT_OF_BASELINE:
        change = _by_period(path.values, period)
        return None if change is None else _round(baseline * (1 + Decimal(change) / 100))
    return None


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))


def status(value: Decimal | float | None, target: Decimal | float | None, direction: str) -> str:
    """i_fas when the value is at the target or better by the direction, inte_i_fas when worse."""
    if value is None or target is None:
        return NO_DATA
    better_or_equal = Decimal(str(value)) <= Decimal(str(target))
    if direction == HIGHER_IS_BETTER:
        better_or_equal = Decimal(str(value)) >= Decimal(str(target))
    return ON_TRACK if better_or_equal else OFF_TRACK


def goal_status(statuses: list[str]) -> str:
    """A goal is off track when any of its indicators is, on track when those with data all are."""
    known = [s for s in statuses if s != NO_DATA]
    if not known:
        return NO_DATA
    return OFF_TRACK if OFF_TRACK in known else ON_TRACK


def trend(values: list[float | None], direction: str) -> str | None:
    """How the last two shown values compare: better, worse or unchanged by the direction; None with fewer."""
    shown = [v for v in values if v is not None]
    if len(shown) < 2:
        return None
    previous, last = shown[-2], shown[-1]
    if last == previous:
        return UNCHANGED
    lower = last < previous
    return IMPROVING if lower == (direction == LOWER_IS_BETTER) else WORSENING

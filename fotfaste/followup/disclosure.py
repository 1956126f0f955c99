"""An indicator's counts as the steering group may see them: the one rule of fotfaste.core.disclosure.

A computed indicator's grouped counts become one table per split, all sharing the totals: for a
share, the rows are the numerator, the rest (denominator − numerator) and the denominator, and the
columns the total and each group of the split. Every row of a split sums to its total and every
column's numerator and rest sum to its denominator; these are the published sums. The rest is a
row too because it is a count of persons as well: "18 of 20 reached" tells that 2 were not.
Counts under 5 are masked, secondary suppression and the exact audit make sure none can be worked
back, and a share is shown only where both its counts are (`core.disclosure.share`). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from fotfaste.core.disclosure import SMALL_COUNT, Cell, Sum, disclose, is_small, share

from .indicators import AGE_BANDS, BACKGROUNDS, OTHER_AGE, SEXES, UNKNOWN_BACKGROUND, Row

SPLITS = ("kon", "alder", "bakgrund")
TOTAL = "summa"


@dataclass(frozen=True)
class Figure:
    value: float | None  # None when masked (or no share: an empty denominator)
    masked: bool
    numerator: int | None = None  # shown counts behind a share, None when masked
    denominator: int | None = None


@dataclass(frozen=True)
class Disclosed:
    total: Figure
    splits: dict[str, list[tuple[str, Figure]]]  # split -> [(group, figure)] in a fixed order


def groups_of(split: str, rows: Iterable[Row]) -> list[str]:
    """The split's groups: the fixed ones always, and unknown/other only where someone is."""
    present = {getattr(r, _FIELD[split]) for r in rows}
    if split == "kon":
        return [*SEXES, *sorted(present - set(SEXES))]
    if split == "alder":
        return [*AGE_BANDS, *([OTHER_AGE] if OTHER_AGE in present else [])]
    return [*BACKGROUNDS, *([UNKNOWN_BACKGROUND] if UNKNOWN_BACKGROUND in present else [])]


_FIELD = {"kon": "sex", "alder": "age", "bakgrund": "background"}


def disclose_rows(rows: list[Row], unit: str, threshold: int = SMALL_COUNT) -> Disclosed:
    rows = list(rows)
    columns: list[tuple[str, str]] = [(TOTAL, TOTAL)]
    for split in SPLITS:
        columns += [(split, g) for g in groups_of(split, rows)]

    def count(column: tuple[str, str], field: str) -> int:
        split, group = column
        chosen = rows if split == TOTAL else [r for r in rows if getattr(r, _FIELD[split]) == group]
        return sum(getattr(r, field) for r in chosen)

    row_names = ("num",) if unit == "antal" else ("num", "rest", "den")
    cells: dict = {}
    for column in columns:
        num, den = count(column, "numerator"), count(column, "denominator")
        values = {"num": num, "rest": den - num, "den": den}
        for name in row_names:
            cells[(name, column)] = Cell(values[name], values[name])
    sums = []
    for name in row_names:
        for split in SPLITS:
            parts = tuple((name, c) for c in columns if c[0] == split)
            sums.append(Sum((name, (TOTAL, TOTAL)), parts))
    if unit != "antal":
        sums += [Sum(("den", c), (("num", c), ("rest", c))) for c in columns]
    shown = disclose(cells, sums, threshold)

    def figure(column) -> Figure:
        num = shown[("num", column)]
        if unit == "antal":
            return Figure(None if num.hidden else num.value, num.hidden)
        den = shown[("den", column)]
        rate = share(num, den, threshold)
        return Figure(
            rate.percent,
            rate.hidden,
            None if num.hidden else num.value,
            None if den.hidden else den.value,
        )

    splits = {split: [(c[1], figure(c)) for c in columns if c[0] == split] for split in SPLITS}
    return Disclosed(figure((TOTAL, TOTAL)), splits)


def disclose_manual(value: Decimal | None, unit: str, threshold: int = SMALL_COUNT) -> Figure:
    """A figure entered by hand: a count of one to four is masked like any other; a rate is published
    statistics (AF, SCB, Siris) without its counts, and shown."""
    if value is None:
        return Figure(None, False)
    if unit == "antal" and value == int(value) and is_small(int(value), threshold):
        return Figure(None, True)
    return Figure(float(value), False)

"""Figures for people who may not see individuals (the steering group): one disclosure rule.

A count of one to four in a small municipality can point at a person ("one grant for a driving
licence course"), and so can an amount summed over so few grants or persons. Every figure an aggregate
page shows is therefore put through one rule, the threshold rule with secondary suppression that
statistics offices (SCB, Eurostat) apply to tables of counts and magnitudes:

1. **Primary suppression.** A cell made of fewer than five contributors (grants, persons) is masked:
   its count, and every amount summed over it. Zero is shown: that nobody is in a cell reveals
   nobody, and an empty cell hides nothing either.
2. **Secondary suppression.** Where a total is shown together with the cells it sums, a masked
   cell must never be the only masked member of that sum, or it would be the total minus the
   others. When exactly one member of a sum (a part or the total) is masked, the smallest other
   non-zero part is masked as well (the "next smallest", which hides the least); when no such part
   is left, the total is masked. This repeats until no sum has exactly one masked member (one sum's
   new mask may leave another sum with one).
3. **Audit.** Finally the masked cells are checked against all the sums at once, by exact
   linear algebra: if any masked cell still follows from what is shown (through several sums
   together), further cells are masked until none does. The result is that no masked figure can be
   recomputed from the totals and the other cells shown.
4. **Ranges.** A reader knows more than the equations: a "färre än 5" is 1 to 4, a count shown as
   "dolt" is at least 5 (a smaller one would say "färre än 5"; zero is shown). `pinned` narrows every
   masked cell's range through the sums, as a reader with a pencil would (9 = 7 + 0 + "färre än 5" +
   "färre än 5" makes both 1), and a cell pinned to one value is a leak like any other.
5. **Tables nobody is shown.** A reader may know more than the page: which ladder step each listing
   is on ties the employer table to the step table through their cross-table. Such a table's cells
   are given as `unpublished`: unknowns from the start, tied in by the sums, and those of one to four
   contributors may no more be worked out than a published one.

Zero-contributor cells (known to be zero) are never used to hide another cell, since a reader can
tell they are zero. The functions are pure; `fotfaste.fund.services.budget_summary` builds its
cells and sums and the page shows "färre än 5" for a primary-masked count and "dolt" for every
other masked figure. `docs/fund.md` describes the rule for the fund's budget page, and
`docs/follow-up.md` for the follow-up's indicators, whose shares go through `share`: a share is
masked when its numerator or its denominator is (or when the denominator is under the threshold),
since a percentage of a known denominator gives the count back.

The threshold is five (issue 11: "counts under 5 are suppressed" in anything shown to the steering
group or exported for others), the figure SCB and Socialstyrelsen use for small cells.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from django.utils.translation import gettext as _

SMALL_COUNT = 5

PRIMARY = "primar"  # fewer than SMALL_COUNT contributors
SECONDARY = "sekundar"  # masked so that a primary cell cannot be recomputed
UNPUBLISHED = "opublicerad"  # a cell of a table nobody is shown, which the published sums still tie in

K = TypeVar("K", bound=Hashable)


def is_small(count: int, threshold: int = SMALL_COUNT) -> bool:
    return 0 < count < threshold


def hidden_text() -> str:
    """What a page shows instead of a masked figure that is not a small count."""
    return _("dolt")


@dataclass(frozen=True)
class Cell:
    """A figure to publish: its value (a count or an amount) and how many contributors make it up."""

    value: int
    contributors: int


@dataclass(frozen=True)
class Sum:
    """A published equation: the cell `total` is shown as the sum of the cells `parts`."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Shown:
    """A figure as published: its value, and why it is masked ("" when it is shown)."""

    value: int
    masked: str = ""

    @property
    def hidden(self) -> bool:
        return bool(self.masked)

    def count_text(self, threshold: int = SMALL_COUNT) -> str:
        """A count as published: "färre än 5" when it is one to four, "dolt" when masked to protect another."""
        if self.masked == PRIMARY:
            return _("färre än %(n)d") % {"n": threshold}
        return hidden_text() if self.masked else str(self.value)


def disclose(
    cells: Mapping[K, Cell], sums: Iterable[Sum] = (), threshold: int = SMALL_COUNT, unpublished: Iterable[K] = ()
) -> dict[K, Shown]:
    """Every published cell as it may be published under the rule above (see `suppress` for `unpublished`)."""
    hidden = set(unpublished)
    masked = suppress(cells, sums, threshold, hidden)
    return {key: Shown(cell.value, masked.get(key, "")) for key, cell in cells.items() if key not in hidden}


def suppress(
    cells: Mapping[K, Cell], sums: Iterable[Sum] = (), threshold: int = SMALL_COUNT, unpublished: Iterable[K] = ()
) -> dict[K, str]:
    """The published cells to mask, each with its reason (PRIMARY or SECONDARY).

    `unpublished` are cells of a table nobody is shown but a reader can reason with: the sums tie them to
    the published cells (employers × ladder steps, when a reader knows each listing's step). They are
    unknowns to the reader from the start, and one of one to four contributors must not be worked out either.
    """
    hidden = set(unpublished)
    sums = [s for s in sums if all(m in cells for m in s.members)]
    masked: dict[K, str] = {k: PRIMARY for k, c in cells.items() if is_small(c.contributors, threshold)}
    masked.update({k: UNPUBLISHED for k in hidden})
    sensitive = {k for k in masked if k not in hidden or is_small(cells[k].contributors, threshold)}
    while True:
        _secondary(cells, sums, masked, sensitive)
        # The ranges first (cheap, and what a reader with a pencil finds); the exact audit when they pin nothing.
        leaked = pinned(cells, sums, masked, threshold) & sensitive or derivable(cells, sums, masked) & sensitive
        if not leaked:
            return {k: why for k, why in masked.items() if k not in hidden}
        # Rare: several sums together still give a masked cell. Hide more, nearest the leak first.
        extra = _partner_for_leak(cells, sums, masked, leaked, hidden)
        if extra is None:  # cannot happen while the values add up; kept so the loop always ends
            return {k: why for k, why in masked.items() if k not in hidden}
        masked[extra] = SECONDARY
        sensitive.add(extra)


def _hideable(cells: Mapping[K, Cell], keys: Iterable[K], masked: Mapping[K, str]) -> list[K]:
    """Unmasked cells that hide something: not known to be zero. Smallest first (the least lost)."""
    order = {k: i for i, k in enumerate(cells)}
    candidates = [k for k in keys if k not in masked and cells[k].contributors > 0]
    return sorted(candidates, key=lambda k: (cells[k].value, cells[k].contributors, order[k]))


def _secondary(cells: Mapping[K, Cell], sums: Sequence[Sum], masked: dict[K, str], sensitive: set[K]) -> None:
    changed = True
    while changed:
        changed = False
        for s in sums:
            hidden = [m for m in s.members if m in masked]
            if len(hidden) != 1 or hidden[0] not in sensitive:
                continue  # an unpublished cell of five or more may follow from a sum: it tells of nobody
            parts = _hideable(cells, s.parts, masked)
            if parts:
                masked[parts[0]] = SECONDARY
                sensitive.add(parts[0])
            elif s.total not in masked:
                masked[s.total] = SECONDARY
                sensitive.add(s.total)
            else:
                continue  # the total is the one masked and every part is zero: nothing to derive
            changed = True


def _partner_for_leak(
    cells: Mapping[K, Cell], sums: Sequence[Sum], masked: Mapping[K, str], leaked: set[K], unpublished: set[K]
) -> K | None:
    # The sums the leak is in, and those tied to them through unpublished cells: an employer leaked through
    # the cross-table is best hidden by the step that gave it away, not by the total of every employer.
    reach = set(leaked)
    while True:
        touching = [s for s in sums if reach & set(s.members)]
        wider = reach | {m for s in touching for m in s.members if m in unpublished}
        if wider == reach:
            break
        reach = wider
    others = [s for s in sums if s not in touching and masked.keys() & set(s.members)]
    for group in (touching, others):
        candidates = _hideable(cells, {m for s in group for m in s.members}, masked)
        if candidates:
            return candidates[0]
    return None


def derivable(cells: Mapping[K, Cell], sums: Iterable[Sum], masked: Iterable[K]) -> set[K]:
    """The masked cells whose value follows exactly from the shown cells and the published sums.

    Each sum is an equation total − Σ parts = 0; with the shown values moved to the right-hand
    side it is a linear system in the masked values. A masked value is determined exactly when its
    unit vector lies in the row space of the system, i.e. when a row of the reduced row echelon
    form has a single non-zero entry, in its column. Exact fractions, no rounding.
    """
    hidden = set(masked)
    unknowns = [k for k in cells if k in hidden]
    index = {k: i for i, k in enumerate(unknowns)}
    rows: list[dict[int, Fraction]] = []
    for s in sums:
        row: dict[int, Fraction] = {}
        for member, sign in ((s.total, 1), *((p, -1) for p in s.parts)):
            if member in index:
                i = index[member]
                row[i] = row.get(i, 0) + sign
        row = {i: Fraction(v) for i, v in row.items() if v}
        if row:
            rows.append(row)
    return {unknowns[col] for col, row in _reduced_rows(rows).items() if len(row) == 1}


def bounds_known(cell: Cell, reason: str, threshold: int = SMALL_COUNT) -> tuple[int, float]:
    """What a reader knows of a masked cell from the page alone. A count (value = contributors) shown as
    "färre än 5" is 1–4 and one shown as "dolt" at least 5, since a smaller one would say "färre än 5" and a
    zero is shown; an amount over at least one contributor is at least 1; a cell of an unpublished table is
    not negative."""
    if reason == UNPUBLISHED or cell.contributors == 0:
        return 0, math.inf
    if cell.value != cell.contributors:
        return 1, math.inf
    if reason == PRIMARY:
        return 1, threshold - 1
    return threshold, math.inf


def pinned(
    cells: Mapping[K, Cell], sums: Iterable[Sum], masked: Mapping[K, str], threshold: int = SMALL_COUNT
) -> set[K]:
    """The masked cells a reader pins to one value with the sums and the ranges the page gives away.

    `derivable` finds what the equations alone fix. A reader also knows that a "färre än 5" is 1 to 4 and a
    "dolt" count at least 5: 9 = 7 + 0 + "färre än 5" + "färre än 5" makes both exactly 1. Each published sum
    narrows its masked cells' ranges from the others' (interval propagation over whole numbers, as a reader
    with a pencil would) until nothing changes; a cell whose range is one value is pinned. Whole numbers
    throughout: every coefficient of a sum is a whole number.
    """
    unknowns = [k for k in cells if k in masked]
    index = {k: i for i, k in enumerate(unknowns)}
    equations: list[tuple[list[tuple[int, int]], int]] = []
    for s in sums:
        row: dict[int, int] = {}
        constant = 0
        for member, sign in ((s.total, 1), *((p, -1) for p in s.parts)):
            if member in index:
                row[index[member]] = row.get(index[member], 0) + sign
            else:
                constant -= sign * cells[member].value
        terms = [(i, a) for i, a in row.items() if a]
        if terms:
            equations.append((terms, constant))
    if not equations:
        return set()
    low, high = [], []
    for k in unknowns:
        lo, hi = bounds_known(cells[k], masked[k], threshold)
        low.append(lo)
        high.append(hi)
    for _round in range(100):  # each round narrows or stops; the cap bounds a pathological table
        changed = False
        for terms, constant in equations:
            least = [a * low[i] if a > 0 else a * high[i] for i, a in terms]
            most = [a * high[i] if a > 0 else a * low[i] for i, a in terms]
            for n, (i, a) in enumerate(terms):
                # a·x = constant − (the others), so x lies between these two.
                others_least = _sum_without(least, n)
                others_most = _sum_without(most, n)
                if a > 0:
                    lo, hi = _div_up(constant - others_most, a), _div_down(constant - others_least, a)
                else:
                    lo, hi = _div_up(constant - others_least, a), _div_down(constant - others_most, a)
                if lo > low[i]:
                    low[i], changed = lo, True
                if hi < high[i]:
                    high[i], changed = hi, True
        if not changed:
            break
    return {unknowns[i] for i in range(len(unknowns)) if low[i] == high[i]}


def _sum_without(values: list, skip: int):
    return sum(v for n, v in enumerate(values) if n != skip)


def _div_up(x, a: int):
    """⌈x / a⌉ for a whole x (or ±inf) and a non-zero whole a."""
    if math.isinf(x):
        return x / a
    return -((-x) // a) if a > 0 else -(x // -a)


def _div_down(x, a: int):
    """⌊x / a⌋ for a whole x (or ±inf) and a non-zero whole a."""
    if math.isinf(x):
        return x / a
    return x // a if a > 0 else (-x) // (-a)


def _reduced_rows(rows: Iterable[dict[int, Fraction]]) -> dict[int, dict[int, Fraction]]:
    """The reduced row echelon form of sparse rows ({column: value}), as {pivot column: row}.

    Sparse because the tables' equations are: each names a handful of cells among hundreds, and a dense
    elimination over every masked cell took minutes once a table had a few hundred of them (bench_employers).
    Every stored row has 1 in its pivot column and no other row's pivot column in it; `holding` tells which
    rows hold a column, so that a new pivot is cleared from exactly those.
    """
    pivots: dict[int, dict[int, Fraction]] = {}
    holding: dict[int, set[int]] = {}
    for given in rows:
        row = dict(given)
        for col in [c for c in row if c in pivots]:
            factor = row.get(col)
            if factor:
                _subtract(row, factor, pivots[col])
        if not row:
            continue
        pivot = min(row, key=lambda c: (len(holding.get(c, ())), c))  # the least fill-in
        lead = row[pivot]
        row = {c: v / lead for c, v in row.items()}
        for other in list(holding.get(pivot, ())):
            target = pivots[other]
            before = set(target)
            _subtract(target, target[pivot], row)
            for c in before - set(target):
                holding[c].discard(other)
            for c in set(target) - before:
                holding.setdefault(c, set()).add(other)
        pivots[pivot] = row
        for c in row:
            holding.setdefault(c, set()).add(pivot)
    return pivots


def _subtract(row: dict[int, Fraction], factor: Fraction, other: dict[int, Fraction]) -> None:
    """row −= factor × other, in place, dropping the entries that become zero."""
    for c, v in other.items():
        value = row.get(c, 0) - factor * v
        if value:
            row[c] = value
        else:
            row.pop(c, None)


@dataclass(frozen=True)
class Share:
    """A published share: numerator over denominator, in per cent, or masked.

    `percent` is None when masked; `masked` says why (PRIMARY when the numerator or the
    denominator is itself a small count, SECONDARY when either was masked to protect another cell).
    """

    numerator: int
    denominator: int
    percent: float | None
    masked: str = ""

    @property
    def hidden(self) -> bool:
        return bool(self.masked)


def share(numerator: Shown, denominator: Shown, threshold: int = SMALL_COUNT) -> Share:
    """A percentage of two disclosed counts, masked when either count is masked or the base is small.

    A share of a shown denominator gives the numerator back (35 % of 20 is 7), so it can be shown
    only when the numerator's own cell may be; and a share over a masked or small base tells a
    reader about one to four people ("100 % of fewer than 5"). An empty base (0) has no share.
    """
    reason = numerator.masked or denominator.masked
    if not reason and is_small(denominator.value, threshold):
        reason = PRIMARY
    if reason:
        return Share(numerator.value, denominator.value, None, reason)
    if denominator.value == 0:
        return Share(numerator.value, 0, None)
    return Share(numerator.value, denominator.value, round(100 * numerator.value / denominator.value, 1))

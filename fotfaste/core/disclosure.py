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

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from django.utils.translation import gettext as _

SMALL_COUNT = 5

PRIMARY = "primar"  # fewer than SMALL_COUNT contributors
SECONDARY = "sekundar"  # masked so that a primary cell cannot be recomputed

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


def disclose(cells: Mapping[K, Cell], sums: Iterable[Sum] = (), threshold: int = SMALL_COUNT) -> dict[K, Shown]:
    """Every cell as it may be published under the rule above."""
    masked = suppress(cells, sums, threshold)
    return {key: Shown(cell.value, masked.get(key, "")) for key, cell in cells.items()}


def suppress(cells: Mapping[K, Cell], sums: Iterable[Sum] = (), threshold: int = SMALL_COUNT) -> dict[K, str]:
    """The cells to mask, each with its reason (PRIMARY or SECONDARY)."""
    sums = [s for s in sums if all(m in cells for m in s.members)]
    masked: dict[K, str] = {k: PRIMARY for k, c in cells.items() if is_small(c.contributors, threshold)}
    while True:
        _secondary(cells, sums, masked)
        leaked = derivable(cells, sums, masked)
        if not leaked:
            return masked
        # Rare: several sums together still give a masked cell. Hide more, nearest the leak first.
        extra = _partner_for_leak(cells, sums, masked, leaked)
        if extra is None:  # cannot happen while the values add up; kept so the loop always ends
            return masked
        masked[extra] = SECONDARY


def _hideable(cells: Mapping[K, Cell], keys: Iterable[K], masked: Mapping[K, str]) -> list[K]:
    """Unmasked cells that hide something: not known to be zero. Smallest first (the least lost)."""
    order = {k: i for i, k in enumerate(cells)}
    candidates = [k for k in keys if k not in masked and cells[k].contributors > 0]
    return sorted(candidates, key=lambda k: (cells[k].value, cells[k].contributors, order[k]))


def _secondary(cells: Mapping[K, Cell], sums: Sequence[Sum], masked: dict[K, str]) -> None:
    changed = True
    while changed:
        changed = False
        for s in sums:
            hidden = [m for m in s.members if m in masked]
            if len(hidden) != 1:
                continue
            parts = _hideable(cells, s.parts, masked)
            if parts:
                masked[parts[0]] = SECONDARY
            elif s.total not in masked:
                masked[s.total] = SECONDARY
            else:
                continue  # the total is the one masked and every part is zero: nothing to derive
            changed = True


def _partner_for_leak(
    cells: Mapping[K, Cell], sums: Sequence[Sum], masked: Mapping[K, str], leaked: set[K]
) -> K | None:
    touching = [s for s in sums if leaked & set(s.members)]
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
    rows: list[list[Fraction]] = []
    for s in sums:
        if not any(m in index for m in s.members):
            continue
        row = [Fraction(0)] * len(unknowns)
        for member, sign in ((s.total, 1), *((p, -1) for p in s.parts)):
            if member in index:
                row[index[member]] += sign
        if any(row):
            rows.append(row)
    found: set[K] = set()
    for row in _reduced_row_echelon(rows, len(unknowns)):
        nonzero = [i for i, v in enumerate(row) if v]
        if len(nonzero) == 1:
            found.add(unknowns[nonzero[0]])
    return found


def _reduced_row_echelon(rows: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    rows = [list(r) for r in rows]
    pivot_row = 0
    for col in range(width):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col]:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
        if pivot_row == len(rows):
            break
    return rows[:pivot_row]


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

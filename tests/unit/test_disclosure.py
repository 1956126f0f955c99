"""The one disclosure rule for aggregate pages (fotfaste.core.disclosure) and the fund's budget page under it.

Beside the rule's own cases, an attacker tries to recompute every masked figure from what is shown:
first as a reader with a calculator would (a sum with one unknown gives it away, and so do two sums
taken together), then exactly, by the rank of the published equations computed independently of the
module (modulo a large prime). Randomly generated budgets are put through both.
"""

import random
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from fotfaste.core.disclosure import (
    PRIMARY,
    SECONDARY,
    SMALL_COUNT,
    Cell,
    Shown,
    Sum,
    derivable,
    disclose,
    pinned,
    share,
    suppress,
)
from fotfaste.fund import rules
from fotfaste.fund.models import GrantPurpose, GrantStatus

PURPOSES = [str(p) for p in GrantPurpose.values]


def published(cells, sums, masked):
    """What a reader sees: the shown values, and each sum as (total, parts)."""
    return {k: c.value for k, c in cells.items() if k not in masked}, [(s.total, s.parts) for s in sums]


def calculator_attack(known: dict, equations: list) -> dict:
    """Values a reader works out by hand: solve any sum with one unknown, also the difference of two sums."""
    known = dict(known)
    # Each equation as {cell: coefficient} = 0.
    rows = []
    for total, parts in equations:
        row: dict = {}
        row[total] = row.get(total, 0) + 1
        for p in parts:
            row[p] = row.get(p, 0) - 1
        rows.append(row)
    rows += [{k: a.get(k, 0) - b.get(k, 0) for k in a.keys() | b.keys()} for a, b in combinations(rows, 2)]
    found = True
    while found:
        found = False
        for row in rows:
            unknown = [k for k, c in row.items() if c and k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                known[k] = -sum(c * known[m] for m, c in row.items() if m != k and c) / row[k]
                found = True
    return known


PRIME = (1 << 61) - 1


def rank_mod_p(rows: list[list[int]]) -> int:
    rows = [[v % PRIME for v in r] for r in rows]
    rank = 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        inverse = pow(rows[rank][col], PRIME - 2, PRIME)
        rows[rank] = [v * inverse % PRIME for v in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][col]:
                f = rows[r][col]
                rows[r] = [(a - f * b) % PRIME for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def exactly_determined(cells, sums, masked) -> set:
    """Masked cells fixed by the published sums: e_k lies in the row space iff adding it keeps the rank."""
    unknowns = [k for k in cells if k in masked]
    index = {k: i for i, k in enumerate(unknowns)}
    rows = []
    for s in sums:
        row = [0] * len(unknowns)
        for member, sign in ((s.total, 1), *((p, -1) for p in s.parts)):
            if member in index:
                row[index[member]] += sign
        if any(row):
            rows.append(row)
    base = rank_mod_p(rows)
    found = set()
    for k, i in index.items():
        unit = [0] * len(unknowns)
        unit[i] = 1
        if rank_mod_p([*rows, unit]) == base:
            found.add(k)
    return found


def assert_nothing_recomputable(cells, sums, masked):
    known, equations = published(cells, sums, masked)
    recomputed = calculator_attack(known, equations)
    for k in masked:
        assert k not in recomputed, f"{k} = {recomputed[k]} recomputed from what is shown"
    assert exactly_determined(cells, sums, masked) == set()
    assert derivable(cells, sums, masked) == set()


# The rule


def test_one_to_four_contributors_are_masked_and_zero_is_shown():
    cells = {"a": Cell(0, 0), "b": Cell(500, 1), "c": Cell(900, 4), "d": Cell(3000, 5)}
    assert SMALL_COUNT == 5
    assert suppress(cells) == {"b": PRIMARY, "c": PRIMARY}
    shown = disclose(cells)
    assert shown["a"] == Shown(0) and shown["d"] == Shown(3000)
    assert shown["b"].hidden and shown["b"].count_text() == "färre än 5"


def test_a_lone_masked_part_takes_the_next_smallest_with_it():
    cells = {"total": Cell(9500, 18), "a": Cell(500, 1), "b": Cell(4000, 5), "c": Cell(2000, 6), "d": Cell(3000, 6)}
    sums = [Sum("total", ("a", "b", "c", "d"))]
    masked = suppress(cells, sums)
    assert masked == {"a": PRIMARY, "c": SECONDARY}
    assert disclose(cells, sums)["c"].count_text() == "dolt"
    assert_nothing_recomputable(cells, sums, masked)


def test_without_a_part_to_hide_the_total_is_masked():
    cells = {"total": Cell(4500, 6), "a": Cell(500, 1), "b": Cell(0, 0), "c": Cell(4000, 5)}
    sums = [Sum("total", ("a", "b", "c"))]
    masked = suppress(cells, sums)
    # b is known to be zero and hides nothing; c is hidden, not the total.
    assert masked == {"a": PRIMARY, "c": SECONDARY}
    single = {"total": Cell(500, 1), "a": Cell(500, 1)}
    assert suppress(single, [Sum("total", ("a",))]) == {"total": PRIMARY, "a": PRIMARY}
    only = {"total": Cell(3000, 5), "a": Cell(3000, 4), "b": Cell(0, 0)}
    masked = suppress(only, [Sum("total", ("a", "b"))])
    assert masked == {"a": PRIMARY, "total": SECONDARY}
    assert_nothing_recomputable(only, [Sum("total", ("a", "b"))], masked)


def test_a_masked_total_is_not_the_sum_of_shown_parts():
    cells = {"total": Cell(9000, 2), "a": Cell(4000, 1), "b": Cell(5000, 1)}
    sums = [Sum("total", ("a", "b"))]
    assert suppress(cells, sums) == {"total": PRIMARY, "a": PRIMARY, "b": PRIMARY}


def test_one_total_shared_by_two_tables():
    """The fund's shape: the lines' used amounts and the purposes' amounts both add up to one total."""
    cells = {
        "used": Cell(7300, 15),
        "line 1": Cell(4000, 8),
        "line 2": Cell(3300, 7),
        "cards": Cell(2800, 6),
        "shoes": Cell(3000, 6),
        "course": Cell(1500, 3),
    }
    sums = [Sum("used", ("line 1", "line 2")), Sum("used", ("cards", "shoes", "course"))]
    masked = suppress(cells, sums)
    assert masked == {"course": PRIMARY, "cards": SECONDARY}
    assert_nothing_recomputable(cells, sums, masked)


def test_the_audit_catches_a_cell_that_two_sums_give_away_together():
    """x is in two sums, each with another masked cell; those two are a row of a third sum."""
    cells = {
        "r": Cell(30, 30),
        "x": Cell(10, 1),
        "y": Cell(20, 20),
        "s": Cell(40, 40),
        "z": Cell(30, 30),
        "t": Cell(50, 50),
    }
    # r = x + y, s = x + z, t = y + z: three equations, three unknowns once y and z are masked.
    sums = [Sum("r", ("x", "y")), Sum("s", ("x", "z")), Sum("t", ("y", "z"))]
    masked = suppress(cells, sums)
    assert {"x", "y", "z"} <= set(masked)
    assert_nothing_recomputable(cells, sums, masked)
    # Without the audit, the heuristic alone would have left x recomputable.
    assert exactly_determined(cells, sums, {"x": PRIMARY, "y": SECONDARY, "z": SECONDARY}) == {"x", "y", "z"}


# The fund's budget page


def group(line, purpose, status, count, amount):
    return rules.GrantGroup(line, purpose, status, count, amount)


def test_the_budget_page_never_shows_one_grant():
    lines = [(1, 40_000), (2, 30_000)]
    budget = rules.disclosed_budget(
        lines,
        PURPOSES,
        [
            group(1, "resekort", GrantStatus.PAID, 1, 1500),  # one paid grant on line 1
            group(2, "arbetsklader", GrantStatus.APPROVED, 5, 4000),
            group(2, "arbetsklader", GrantStatus.REQUESTED, 1, 900),
        ],
    )
    line1, line2 = budget.lines
    assert line1.amount == 40_000 and line1.used.hidden and line1.remaining.hidden
    # 5 500 used in all, 4 000 of it on line 2: so line 2 is hidden too, and the total is shown.
    assert line2.used.hidden and not budget.total.used.hidden and budget.total.used.value == 5500
    assert line2.pending.hidden and budget.total.pending.hidden  # one request: neither shows its amount
    cards = budget.purposes[PURPOSES.index("resekort")]
    clothes = budget.purposes[PURPOSES.index("arbetsklader")]
    assert cards.approved.count_text() == "färre än 5" and cards.approved_amount.hidden
    assert clothes.approved.count_text() == "5" and clothes.approved_amount.hidden
    assert clothes.requested.count_text() == "färre än 5"


grant_groups = st.lists(
    st.tuples(
        st.sampled_from([1, 2, 3]),
        st.sampled_from(PURPOSES),
        st.sampled_from(list(GrantStatus.values)),
        st.integers(1, 9),
        st.integers(100, 5000),
    ),
    max_size=14,
)


@settings(max_examples=300, deadline=None)
@given(grant_groups)
def test_no_masked_figure_of_any_budget_can_be_recomputed(rows):
    groups = [group(line, purpose, status, n, n * each) for line, purpose, status, n, each in rows]
    lines = [(1, 50_000), (2, 30_000), (3, 20_000)]
    cells, sums = rules.budget_cells(lines, PURPOSES, groups)
    masked = suppress(cells, sums)
    for key, cell in cells.items():
        if 0 < cell.contributors < SMALL_COUNT:
            assert key in masked, key
    assert_nothing_recomputable(cells, sums, masked)
    # The page shows exactly what was checked.
    budget = rules.disclosed_budget(lines, PURPOSES, groups)
    for row in budget.lines:
        assert row.used.hidden == (("used", row.line_id) in masked)
        assert row.remaining.hidden == row.used.hidden


# Shares (percentages)


def test_a_share_is_masked_with_its_numerator_or_its_denominator():
    assert share(Shown(7), Shown(20)).percent == 35.0
    assert share(Shown(3, PRIMARY), Shown(20)).percent is None  # 15 % of 20 gives the 3 back
    assert share(Shown(9, SECONDARY), Shown(20)).masked == SECONDARY
    assert share(Shown(0), Shown(20)).percent == 0.0  # nobody is shown, as a zero count is
    masked = share(Shown(6), Shown(12, SECONDARY))
    assert masked.hidden and masked.percent is None
    # A base under five: "100 % of fewer than five" is about one to four people.
    assert share(Shown(0), Shown(4)).masked == PRIMARY
    assert share(Shown(0), Shown(0)) == share(Shown(0), Shown(0)) and share(Shown(0), Shown(0)).percent is None


# Random tables: an attacker looks for a masked cell that the shown cells and totals give back


def random_table(rng: random.Random):
    """A split table as the follow-up shows it: rows × columns with row, column and grand totals."""
    rows, cols = rng.randint(1, 4), rng.randint(1, 4)
    cells: dict = {}
    for r in range(rows):
        for c in range(cols):
            n = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30])
            cells[(r, c)] = Cell(n, n)
    for r in range(rows):
        n = sum(cells[(r, c)].value for c in range(cols))
        cells[(r, "summa")] = Cell(n, n)
    for c in [*range(cols), "summa"]:
        n = sum(cells[(r, c)].value for r in range(rows))
        cells[("summa", c)] = Cell(n, n)
    sums = [Sum((r, "summa"), tuple((r, c) for c in range(cols))) for r in [*range(rows), "summa"]]
    sums += [Sum(("summa", c), tuple((r, c) for r in range(rows))) for c in [*range(cols), "summa"]]
    return cells, sums


def test_no_masked_cell_of_a_random_table_can_be_recomputed():
    """Seeded, so a failure repeats: 400 tables of one to four rows and columns with all their totals."""
    rng = random.Random(11)
    for _ in range(400):
        cells, sums = random_table(rng)
        masked = suppress(cells, sums)
        for key, cell in cells.items():
            assert (key in masked) >= (0 < cell.contributors < 5), key
        assert_nothing_recomputable(cells, sums, masked)
        shown = disclose(cells, sums)
        # A share of a row in its total is masked whenever the row's count could not be shown.
        for s in sums:
            for part in s.parts:
                rate = share(shown[part], shown[s.total])
                assert rate.hidden or (not shown[part].hidden and not shown[s.total].hidden)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=14).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.lists(st.integers(0, n - 1), min_size=1, max_size=5),
                max_size=12,
            ),
            st.sets(st.integers(0, n - 1)),
        )
    )
)
def test_the_audit_agrees_with_an_independent_rank_computation(system):
    """The sparse elimination of `derivable` against the dense rank test modulo a prime, on random systems:
    sums of a total and up to four parts, some cells known, some sums sharing cells."""
    n, equations, known = system
    cells = {k: Cell(k + 1, k + 1) for k in range(n)}
    sums = []
    for members in equations:
        total, *parts = members
        sums.append(Sum(total, tuple(parts)))
    masked = [k for k in range(n) if k not in known]
    assert derivable(cells, sums, masked) == exactly_determined(cells, sums, masked)


def test_an_unpublished_table_is_reasoned_with_but_never_shown():
    """Only a random table's margins are published; its inner cells are known to the reader as unknowns
    tied in by the sums. No masked margin, and no inner cell of one to four, may be worked out; an inner cell
    of five or more may (it tells of nobody). Seeded."""
    rng = random.Random(5)
    for _ in range(300):
        cells, sums = random_table(rng)
        inner = [k for k in cells if "summa" not in k]
        shown = disclose(cells, sums, unpublished=inner)
        assert set(shown) == set(cells) - set(inner)
        masked = [k for k, s in shown.items() if s.hidden]
        for key in shown:
            assert shown[key].hidden >= (0 < cells[key].contributors < 5), key
        found = derivable(cells, sums, [*masked, *inner])
        assert not {k for k in found if k in shown or 0 < cells[k].contributors < 5}


# A reader who also knows the ranges: "färre än 5" is 1–4, a count shown as "dolt" at least 5


def test_two_small_cells_that_must_be_one_each_are_not_left_so():
    """The steering group's "Avbröt i förtid" by background: 9 = 7 + 0 + "färre än 5" + "färre än 5" made both 1."""
    cells = {
        "total": Cell(9, 9),
        "svensk": Cell(7, 7),
        "sverige": Cell(0, 0),
        "utlandet": Cell(1, 1),
        "okand": Cell(1, 1),
    }
    sums = [Sum("total", ("svensk", "sverige", "utlandet", "okand"))]
    masked = {"utlandet": PRIMARY, "okand": PRIMARY}
    assert pinned(cells, sums, masked) == {"utlandet", "okand"}  # what the page used to give away
    shown = suppress(cells, sums)
    assert shown["utlandet"] == shown["okand"] == PRIMARY and ("svensk" in shown or "total" in shown)
    assert not pinned(cells, sums, shown)


def test_a_hidden_count_of_five_or_more_beside_a_small_one_is_not_left_to_pin_it():
    """6 = "dolt" + "färre än 5": dolt is at least 5, so the small one is 1 (the employer figures' ended)."""
    cells = {"ended": Cell(6, 6), "completed": Cell(5, 5), "early": Cell(1, 1)}
    sums = [Sum("ended", ("completed", "early"))]
    assert pinned(cells, sums, {"completed": SECONDARY, "early": PRIMARY}) == {"completed", "early"}
    assert suppress(cells, sums) == {"ended": SECONDARY, "completed": SECONDARY, "early": PRIMARY}


def brute_force_pinned(cells, sums, masked, threshold=SMALL_COUNT) -> set:
    """Every whole-number filling of the masked cells within what the page says of them that makes every
    published sum add up; a cell with one value in all of them is pinned. Independent of the module's method."""
    from itertools import product

    keys = [k for k in cells if k in masked]
    ceiling = max(c.value for c in cells.values())
    domains = []
    for k in keys:
        if masked[k] == PRIMARY:
            domains.append(range(1, threshold))
        else:
            domains.append(range(threshold, ceiling + 1))
    seen: dict = {k: set() for k in keys}
    for values in product(*domains):
        filled = {k: c.value for k, c in cells.items()} | dict(zip(keys, values, strict=True))
        if all(filled[s.total] == sum(filled[p] for p in s.parts) for s in sums):
            for k, v in zip(keys, values, strict=True):
                seen[k].add(v)
    return {k for k, values in seen.items() if len(values) == 1}


def test_no_masked_cell_of_a_random_table_is_pinned_by_a_reader_who_knows_the_ranges():
    """Seeded: small tables, every filling a reader could think of tried by brute force."""
    rng = random.Random(23)
    tried = 0
    while tried < 120:
        cells, sums = random_table(rng)
        masked = suppress(cells, sums)
        if len(masked) > 5 or max(c.value for c in cells.values()) > 24:
            continue  # beyond what brute force tries in a moment
        tried += 1
        assert not brute_force_pinned(cells, sums, masked), (cells, masked)

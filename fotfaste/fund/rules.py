"""The fund's rules as pure functions: what is left on a budget line, who may approve, which steps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from fotfaste.core.disclosure import Cell, Shown, Sum, disclose
from fotfaste.orgs.roles import CASEWORK_ROLES, Role

from .models import GrantStatus

# Without a saved setting, the youth coordinator decides (the seed's "samordnare" runs the fund).
DEFAULT_APPROVER_ROLES = frozenset({Role.COORDINATOR})
# Deciding means reading the person, so only roles that see persons can be approvers.
APPROVER_ROLE_CHOICES = tuple(r for r in Role if r in CASEWORK_ROLES)

# Grants that take money from the line, and those that may still do so.
COMMITTED = frozenset({GrantStatus.APPROVED, GrantStatus.PAID})
PENDING = frozenset({GrantStatus.REQUESTED})

TRANSITIONS = {
    GrantStatus.REQUESTED: frozenset({GrantStatus.APPROVED, GrantStatus.REJECTED, GrantStatus.WITHDRAWN}),
    GrantStatus.APPROVED: frozenset({GrantStatus.PAID}),
    GrantStatus.REJECTED: frozenset(),
    GrantStatus.PAID: frozenset(),
    GrantStatus.WITHDRAWN: frozenset(),
}


@dataclass(frozen=True)
class Figures:
    """A budget line's money: its amount, what approved and paid grants use, and what is requested."""

    amount: int
    used: int = 0
    pending: int = 0

    @property
    def remaining(self) -> int:
        return remaining(self.amount, self.used)

    @property
    def remaining_after_pending(self) -> int:
        return self.remaining - self.pending


def remaining(amount: int, used: int) -> int:
    """What is left to approve: requested grants reserve nothing until they are approved."""
    return amount - used


def fits(amount: int, used: int, grant_amount: int) -> bool:
    return grant_amount <= remaining(amount, used)


def can_move(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def approver_roles(saved: Iterable[str] | None) -> frozenset[str]:
    """The roles that may approve in an agreement: the saved ones, else the default."""
    roles = frozenset(r for r in (saved or ()) if r in APPROVER_ROLE_CHOICES)
    return roles or DEFAULT_APPROVER_ROLES


def is_approver(user_roles: Iterable[str], allowed: Iterable[str]) -> bool:
    return bool(set(user_roles) & set(allowed))


def not_own_request(user_id: int, requested_by_id: int | None) -> bool:
    """Nobody decides on their own request (the approving role is checked per agreement by the services)."""
    return user_id != requested_by_id


def decision_problem(approve: bool, note: str) -> str:
    """A Swedish sentence if the decision cannot be recorded as given, else ''."""
    if not approve and not note.strip():
        return _("Skriv varför ansökan avslås. Den som ansökte behöver kunna förklara beslutet för den unga.")
    return ""


def over_budget_message(line_name: str, left: int) -> str:
    return _(
        "Beloppet ryms inte i budgetposten %(post)s: det finns %(kvar)s kr kvar att bevilja. "
        "Minska beloppet, välj en annan budgetpost eller be administratören öka budgeten."
    ) % {"post": line_name, "kvar": kronor(max(left, 0))}


def payment_problem(paid_on: date, decided_on: date | None, today: date) -> str:
    if paid_on > today:
        return _("Utbetalningsdagen kan inte vara i framtiden.")
    if decided_on is not None and paid_on < decided_on:
        return _("Utbetalningsdagen kan inte vara före beslutet (%(datum)s).") % {"datum": decided_on.isoformat()}
    return ""


def kronor(amount: int) -> str:
    """12 300 with a no-break space between thousands, as Swedish writes amounts."""
    return f"{amount:,}".replace(",", "\u00a0")


# The budget summary as the steering group sees it (fotfaste.core.disclosure)

TOTAL = "summa"
COUNT_COLUMNS = ("requested", "approved", "rejected", "withdrawn")
_COUNT_COLUMN = {
    GrantStatus.REQUESTED: "requested",
    GrantStatus.APPROVED: "approved",
    GrantStatus.PAID: "approved",  # paid grants were approved first
    GrantStatus.REJECTED: "rejected",
    GrantStatus.WITHDRAWN: "withdrawn",
}


@dataclass(frozen=True)
class GrantGroup:
    """Grants of one budget line, purpose and status: how many, and their amounts summed."""

    line_id: int
    purpose: str
    status: str
    count: int
    amount: int


@dataclass(frozen=True)
class LineRow:
    line_id: int
    amount: int  # the budget line's own amount: the fund's accounts, never masked
    used: Shown
    pending: Shown

    @property
    def remaining(self) -> Shown:
        # Amount minus used: shown exactly when used is, or it would give used away.
        return Shown(self.amount - self.used.value, self.used.masked)


@dataclass(frozen=True)
class PurposeFigures:
    purpose: str
    requested: Shown
    approved: Shown  # approved or paid out
    rejected: Shown
    withdrawn: Shown
    approved_amount: Shown


@dataclass(frozen=True)
class DisclosedBudget:
    lines: list[LineRow]
    total: LineRow  # the lines' sums; line_id 0
    purposes: list[PurposeFigures]


def budget_cells(
    lines: Sequence[tuple[int, int]], purposes: Sequence[str], groups: Iterable[GrantGroup]
) -> tuple[dict, list[Sum]]:
    """The budget page's figures as cells, and the sums the page shows between them.

    By line: used (approved and paid) and pending, with their totals. By purpose: the number of
    grants per outcome and the approved amount, whose total is the same as the lines' used total.
    Counts are shown without totals.
    """
    cells: dict = {}

    def add(key, count: int, amount: int) -> None:
        old = cells.get(key, Cell(0, 0))
        cells[key] = Cell(old.value + amount, old.contributors + count)

    for line_id, _amount in lines:
        add(("used", line_id), 0, 0)
        add(("pending", line_id), 0, 0)
    for key in (("used", TOTAL), ("pending", TOTAL)):
        add(key, 0, 0)
    for purpose in purposes:
        add(("approved_amount", purpose), 0, 0)
        for column in COUNT_COLUMNS:
            add((column, purpose), 0, 0)
    known_lines = {line_id for line_id, _amount in lines}
    for g in groups:
        if g.line_id not in known_lines or g.purpose not in purposes:
            continue
        add((_COUNT_COLUMN[g.status], g.purpose), g.count, g.count)  # a count is its own contributors
        if g.status in COMMITTED:
            add(("used", g.line_id), g.count, g.amount)
            add(("used", TOTAL), g.count, g.amount)
            add(("approved_amount", g.purpose), g.count, g.amount)
        elif g.status in PENDING:
            add(("pending", g.line_id), g.count, g.amount)
            add(("pending", TOTAL), g.count, g.amount)
    line_ids = tuple(line_id for line_id, _amount in lines)
    sums = [
        Sum(("used", TOTAL), tuple(("used", i) for i in line_ids)),
        Sum(("pending", TOTAL), tuple(("pending", i) for i in line_ids)),
        Sum(("used", TOTAL), tuple(("approved_amount", p) for p in purposes)),
    ]
    return cells, sums


def disclosed_budget(
    lines: Sequence[tuple[int, int]], purposes: Sequence[str], groups: Iterable[GrantGroup]
) -> DisclosedBudget:
    """The budget page's figures under the one disclosure rule: nothing shows or gives away fewer than five grants."""
    cells, sums = budget_cells(lines, purposes, groups)
    shown = disclose(cells, sums)
    return DisclosedBudget(
        lines=[LineRow(i, amount, shown[("used", i)], shown[("pending", i)]) for i, amount in lines],
        total=LineRow(0, sum(amount for _i, amount in lines), shown[("used", TOTAL)], shown[("pending", TOTAL)]),
        purposes=[
            PurposeFigures(p, *(shown[(c, p)] for c in COUNT_COLUMNS), shown[("approved_amount", p)]) for p in purposes
        ],
    )

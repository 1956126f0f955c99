"""The fund's rules as pure functions: what is left on a budget line, who may approve, which steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

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


def may_approve(
    user_roles: Iterable[str], allowed: Iterable[str], *, user_id: int, requested_by_id: int | None
) -> bool:
    """An approving role in the grant's agreement, and not the one who asked: nobody decides on their own request."""
    return is_approver(user_roles, allowed) and user_id != requested_by_id


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

"""The fund's pure rules: what is left on a budget line, who may approve, which steps a grant may take."""

from datetime import date

import pytest

from fotfaste.fund import rules
from fotfaste.fund.models import GrantStatus
from fotfaste.orgs.roles import Role


def test_remaining_counts_approved_and_paid_but_not_requested():
    figures = rules.Figures(amount=10_000, used=6_500, pending=2_000)
    assert figures.remaining == 3_500
    assert figures.remaining_after_pending == 1_500
    assert rules.remaining(10_000, 0) == 10_000


@pytest.mark.parametrize(
    "used,grant,fits",
    [(0, 10_000, True), (9_000, 1_000, True), (9_000, 1_001, False), (10_000, 1, False), (0, 10_001, False)],
)
def test_a_grant_fits_only_within_what_is_left(used, grant, fits):
    assert rules.fits(10_000, used, grant) is fits


def test_the_coordinator_approves_unless_the_agreement_says_otherwise():
    assert rules.approver_roles(None) == {Role.COORDINATOR}
    assert rules.approver_roles([]) == {Role.COORDINATOR}
    assert rules.approver_roles([Role.KAA, Role.SOCIAL_WORKER]) == {Role.KAA, Role.SOCIAL_WORKER}


def test_roles_that_see_no_persons_can_never_approve():
    # Deciding means reading the young person's case; the steering group and admin see no persons.
    assert Role.STEERING not in rules.APPROVER_ROLE_CHOICES
    assert Role.ADMIN not in rules.APPROVER_ROLE_CHOICES
    assert rules.approver_roles([Role.STEERING, Role.ADMIN]) == rules.DEFAULT_APPROVER_ROLES


def test_an_approving_role_may_approve_others_requests_but_not_their_own():
    allowed = {Role.COORDINATOR}
    assert rules.is_approver({Role.COORDINATOR}, allowed) and rules.not_own_request(1, 2)
    assert not rules.not_own_request(2, 2)
    assert not rules.is_approver({Role.KAA}, allowed)
    assert rules.is_approver({Role.KAA, Role.COORDINATOR}, allowed) and rules.not_own_request(1, None)


@pytest.mark.parametrize(
    "current,new,allowed",
    [
        (GrantStatus.REQUESTED, GrantStatus.APPROVED, True),
        (GrantStatus.REQUESTED, GrantStatus.REJECTED, True),
        (GrantStatus.REQUESTED, GrantStatus.WITHDRAWN, True),
        (GrantStatus.REQUESTED, GrantStatus.PAID, False),
        (GrantStatus.APPROVED, GrantStatus.PAID, True),
        (GrantStatus.APPROVED, GrantStatus.WITHDRAWN, False),
        (GrantStatus.APPROVED, GrantStatus.REJECTED, False),
        (GrantStatus.REJECTED, GrantStatus.APPROVED, False),
        (GrantStatus.PAID, GrantStatus.APPROVED, False),
        (GrantStatus.WITHDRAWN, GrantStatus.REQUESTED, False),
    ],
)
def test_allowed_transitions(current, new, allowed):
    assert rules.can_move(current, new) is allowed


def test_a_rejection_needs_a_reason_an_approval_does_not():
    assert rules.decision_problem(approve=False, note="  ")
    assert rules.decision_problem(approve=False, note="Betalas av AF.") == ""
    assert rules.decision_problem(approve=True, note="") == ""


def test_payment_day_is_not_in_the_future_nor_before_the_decision():
    today = date(2026, 3, 10)
    assert rules.payment_problem(date(2026, 3, 11), date(2026, 3, 1), today)
    assert rules.payment_problem(date(2026, 2, 28), date(2026, 3, 1), today)
    assert rules.payment_problem(date(2026, 3, 1), date(2026, 3, 1), today) == ""
    assert rules.payment_problem(today, None, today) == ""


def test_the_over_budget_message_names_the_line_and_what_is_left():
    message = rules.over_budget_message("Ekonomiska hinder – resor 2026", 12_300)
    assert "Ekonomiska hinder – resor 2026" in message and "12\u00a0300 kr" in message
    assert "0 kr" in rules.over_budget_message("Resor", -50)


def test_kronor_groups_thousands_with_a_no_break_space():
    assert rules.kronor(850) == "850"
    assert rules.kronor(1_234_567) == "1\u00a0234\u00a0567"

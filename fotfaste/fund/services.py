"""The fund: who may request and approve, the grants a viewer may see, every write, and the budget figures.

A grant is the requesting unit's information of kind "sysselsättning, team, planering och
insatser" (it tells that the young person has an economic barrier). It is seen by

- the requesting unit,
- the approvers of the grant's agreement: the application is addressed to them, and they
  only ever reach it through a person they may open themselves (`open_person`, the queue is
  filtered with `restrict`),
- any other unit only under a consent in force that shares that kind between the two units.

Every read on the approvers' basis or through a consent is written to the read log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import admin_scope_for, scope_for
from fotfaste.access.services import Actor, log_change, log_reads, require_person_access, with_basis
from fotfaste.access.sharing import Sharing
from fotfaste.consent.models import InformationKind
from fotfaste.core.keyset import keyset_page
from fotfaste.orgs.models import Agreement, Unit
from fotfaste.orgs.roles import Role
from fotfaste.people.models import Person

from . import rules
from .models import BudgetLine, FundSettings, Grant, GrantPurpose, GrantStatus

GRANT_KIND = InformationKind.OCCUPATION_PLAN


# Who may do what


def roles_by_agreement(user) -> dict[int, set[str]]:
    """The user's active roles, per agreement of the units they hold them in (from the access scope)."""
    result: dict[int, set[str]] = defaultdict(set)
    for agreement_id, role in scope_for(user).agreement_roles:
        result[agreement_id].add(role)
    return result


def approver_roles_for(agreement_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    ids = list(agreement_ids)
    saved = dict(FundSettings.objects.filter(agreement_id__in=ids).values_list("agreement_id", "approver_roles"))
    return {a: rules.approver_roles(saved.get(a)) for a in ids}


def approver_agreement_ids(user) -> set[int]:
    """Agreements in which the user holds a role that may approve grants."""
    roles = roles_by_agreement(user)
    if not roles:
        return set()
    allowed = approver_roles_for(roles)
    return {a for a, held in roles.items() if rules.is_approver(held, allowed[a])}


def requester_units(user) -> list[Unit]:
    """The user's casework units whose agreement has an active budget line: those that can ask for a grant."""
    return list(
        Unit.objects.filter(pk__in=scope_for(user).unit_ids, party__agreement__fund_lines__active=True)
        .distinct()
        .select_related("party")
        .order_by("party__name", "name")
    )


def open_lines(units: Iterable[Unit]) -> list[BudgetLine]:
    agreement_ids = {u.party.agreement_id for u in units}
    return list(
        BudgetLine.objects.filter(agreement_id__in=agreement_ids, active=True)
        .select_related("agreement")
        .order_by("agreement__name", "-year", "name")
    )


@dataclass(frozen=True)
class Allowed:
    """What the viewer may do with one grant, for the detail page."""

    decide: bool = False
    own_request: bool = False  # an approver looking at their own request: says why there is no form
    mark_paid: bool = False
    withdraw: bool = False


def allowed_actions(user, grant: Grant, sharing: Sharing, approver_ids: set[int] | None = None) -> Allowed:
    if approver_ids is None:
        approver_ids = approver_agreement_ids(user)
    approver = grant.budget_line.agreement_id in approver_ids
    own_unit = grant.unit_id in sharing.own_unit_ids
    requested = grant.status == GrantStatus.REQUESTED
    return Allowed(
        decide=requested and approver and rules.not_own_request(user.pk, grant.requested_by_id),
        own_request=requested and approver and not rules.not_own_request(user.pk, grant.requested_by_id),
        mark_paid=grant.status == GrantStatus.APPROVED and (approver or own_unit),
        withdraw=requested and own_unit,
    )


# Reading grants


def grants_for(actor: Actor, person: Person, sharing: Sharing) -> list[Grant]:
    """The person's grants the viewer may see, newest first; reads on another basis than their own unit are logged."""
    rows = list(
        Grant.objects.filter(person=person)
        .select_related("unit__party", "budget_line", "requested_by", "decided_by")
        .order_by("-created_at", "-id")
    )
    shown: list[Grant] = []
    consents: set[int] = set()
    as_approver = False
    approver_ids: set[int] | None = None
    for g in rows:
        if g.unit_id in sharing.own_unit_ids:
            shown.append(g)
            continue
        if approver_ids is None:
            approver_ids = approver_agreement_ids(actor.user)
        if g.budget_line.agreement_id in approver_ids:
            shown.append(g)
            as_approver = True
            continue
        consent_id = sharing.consent_for(GRANT_KIND, g.unit_id, g.unit.party_id)
        if consent_id is not None:
            shown.append(g)
            consents.add(consent_id)
    if as_approver:
        log_reads(actor, [person], "fonden: som beslutande")
    for consent_id in sorted(consents):
        log_reads(actor, [person], f"fonden: {GRANT_KIND}", consent_id=consent_id)
    return shown


def get_grant(actor: Actor, person: Person, sharing: Sharing, grant_id: int) -> Grant:
    """One of the person's grants the viewer may see, else 404 (as if it did not exist)."""
    for g in grants_for(actor, person, sharing):
        if g.pk == grant_id:
            return g
    raise Http404


# Writing grants


def request_grant(
    actor: Actor,
    person: Person,
    *,
    unit: Unit,
    budget_line: BudgetLine,
    purpose: str,
    description: str,
    amount: int,
) -> Grant:
    if unit.pk not in {u.pk for u in requester_units(actor.user)}:
        raise PermissionDenied
    if not budget_line.active or budget_line.agreement_id != unit.party.agreement_id:
        raise ValidationError({"budget_line": _("Välj en aktiv budgetpost i er enhets överenskommelse.")})
    if amount <= 0:
        raise ValidationError({"amount": _("Beloppet måste vara minst 1 kr.")})
    figures = figures_for([budget_line])[budget_line.pk]
    # Refused already here, since it could never be approved; the approval checks again under a lock.
    if not rules.fits(budget_line.amount, figures.used, amount):
        raise ValidationError({"amount": rules.over_budget_message(str(budget_line), figures.remaining)})
    grant = Grant.objects.create(
        person=person,
        unit=unit,
        requested_by=actor.user,
        requested_by_name=_name(actor),
        budget_line=budget_line,
        purpose=purpose,
        description=description.strip(),
        amount=amount,
    )
    _log(
        actor,
        person,
        "fonden: ansökan",
        {},
        {
            "bidrag": grant.pk,
            "enhet": unit.name,
            "budgetpost": str(budget_line),
            "ändamål": str(GrantPurpose(purpose).label),
            "belopp": amount,
        },
    )
    return grant


@transaction.atomic
def decide(actor: Actor, person: Person, grant: Grant, *, approve: bool, note: str) -> Grant:
    """Approve or reject a requested grant. The budget line is locked, so two approvers cannot both spend the last kronor."""
    line = BudgetLine.objects.select_for_update().get(pk=grant.budget_line_id)
    grant = Grant.objects.select_for_update().select_related("unit", "budget_line").get(pk=grant.pk, person=person)
    held = roles_by_agreement(actor.user).get(line.agreement_id, set())
    if not rules.is_approver(held, approver_roles_for([line.agreement_id])[line.agreement_id]):
        raise PermissionDenied
    if grant.requested_by_id == actor.user.pk:
        raise ValidationError(
            _("Du kan inte besluta om en ansökan som du själv har gjort. En annan beslutande får göra det.")
        )
    new = GrantStatus.APPROVED if approve else GrantStatus.REJECTED
    if not rules.can_move(grant.status, new):
        raise ValidationError(
            _("Ansökan är redan %(status)s och kan inte beslutas igen.")
            % {"status": str(GrantStatus(grant.status).label).lower()}
        )
    problem = rules.decision_problem(approve, note)
    if problem:
        raise ValidationError({"note": problem})
    if approve:
        if not line.active:
            raise ValidationError({"decision": _("Budgetposten %(post)s är inte längre aktiv.") % {"post": str(line)}})
        used = _used(line)
        if not rules.fits(line.amount, used, grant.amount):
            raise ValidationError(
                {"decision": rules.over_budget_message(str(line), rules.remaining(line.amount, used))}
            )
    before = {"status": grant.status}
    grant.status = new
    grant.decided_by = actor.user
    grant.decided_by_name = _name(actor)
    grant.decided_at = timezone.now()
    grant.decision_note = note.strip()
    grant.save(update_fields=["status", "decided_by", "decided_by_name", "decided_at", "decision_note"])
    _log(actor, person, f"fonden: {new}", before, {"bidrag": grant.pk, "status": new, "belopp": grant.amount})
    return grant


@transaction.atomic
def mark_paid(actor: Actor, person: Person, grant: Grant, sharing: Sharing, *, paid_on: date, today: date) -> Grant:
    grant = Grant.objects.select_for_update().select_related("budget_line").get(pk=grant.pk, person=person)
    approver = grant.budget_line.agreement_id in approver_agreement_ids(actor.user)
    if not (approver or grant.unit_id in sharing.own_unit_ids):
        raise PermissionDenied
    if not rules.can_move(grant.status, GrantStatus.PAID):
        raise ValidationError(_("Bara ett beviljat bidrag kan markeras som utbetalt."))
    decided_on = timezone.localdate(grant.decided_at) if grant.decided_at else None
    problem = rules.payment_problem(paid_on, decided_on, today)
    if problem:
        raise ValidationError({"paid_on": problem})
    grant.status = GrantStatus.PAID
    grant.paid_on = paid_on
    grant.paid_by_name = _name(actor)
    grant.save(update_fields=["status", "paid_on", "paid_by_name"])
    _log(
        actor,
        person,
        "fonden: utbetalt",
        {"status": GrantStatus.APPROVED},
        {"bidrag": grant.pk, "status": GrantStatus.PAID, "utbetalt": paid_on.isoformat()},
    )
    return grant


@transaction.atomic
def withdraw(actor: Actor, person: Person, grant: Grant, sharing: Sharing) -> Grant:
    """The requesting unit takes its application back, e.g. when the young person no longer needs it."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk, person=person)
    if grant.unit_id not in sharing.own_unit_ids:
        raise PermissionDenied
    if not rules.can_move(grant.status, GrantStatus.WITHDRAWN):
        raise ValidationError(_("Bara en ansökan som inte är beslutad kan återkallas."))
    grant.status = GrantStatus.WITHDRAWN
    grant.withdrawn_at = timezone.now()
    grant.save(update_fields=["status", "withdrawn_at"])
    _log(
        actor,
        person,
        "fonden: återkallat",
        {"status": GrantStatus.REQUESTED},
        {"bidrag": grant.pk, "status": grant.status},
    )
    return grant


def _name(actor: Actor) -> str:
    """The person's name as it is now, kept with the grant (the columns hold 150 characters)."""
    return actor.user.display_name()[:150]


def _used(line: BudgetLine) -> int:
    return Grant.objects.filter(budget_line=line, status__in=rules.COMMITTED).aggregate(s=Sum("amount"))["s"] or 0


def _log(actor: Actor, person: Person, action: str, before: dict, after: dict) -> None:
    log_change(actor, person, action, after, before)


# The approvers' queue


def queue_page(actor: Actor, cursor: str | None, size: int, today: date) -> tuple[list[Grant], str | None]:
    """Requested grants of the approver's agreements, oldest first, only of persons the approver may see.

    Every person on the page is written to the read log (with the consent, when the approver sees
    the person through one).
    """
    require_person_access(actor)
    agreement_ids = approver_agreement_ids(actor.user)
    if not agreement_ids:
        raise PermissionDenied(_("Du har ingen roll som beslutar om bidrag ur fonden."))
    qs = Grant.objects.filter(
        status=GrantStatus.REQUESTED,
        budget_line__agreement_id__in=agreement_ids,
        person__in=restrict(actor.user, on=today).values("pk"),
    ).select_related("person", "unit__party", "budget_line", "requested_by")
    grants, next_cursor = keyset_page(qs, ("created_at", "id"), cursor, size)
    if grants:
        persons = with_basis(
            restrict(actor.user, on=today).filter(pk__in={g.person_id for g in grants}), actor.user, today
        )
        log_reads(actor, list(persons), "fonden: ansökningar")
    return grants, next_cursor


# Budget figures (aggregates: never persons)


def figures_for(lines: Iterable[BudgetLine]) -> dict[int, rules.Figures]:
    """Amount, used (approved and paid) and pending (requested) per line: one query."""
    lines = list(lines)
    sums = {
        row["budget_line_id"]: row
        for row in Grant.objects.filter(budget_line__in=[line.pk for line in lines])
        .values("budget_line_id")
        .annotate(
            used=Sum("amount", filter=Q(status__in=rules.COMMITTED)),
            pending=Sum("amount", filter=Q(status__in=rules.PENDING)),
        )
    }
    return {
        line.pk: rules.Figures(
            line.amount, (sums.get(line.pk) or {}).get("used") or 0, (sums.get(line.pk) or {}).get("pending") or 0
        )
        for line in lines
    }


def budget_agreement_ids(user) -> set[int]:
    """Agreements whose budget summary the user may see: administrators those they administer, steering groups and
    approvers their own."""
    admin = admin_scope_for(user)
    if admin.installation:
        return set(Agreement.objects.values_list("pk", flat=True))
    ids = set(admin.agreement_ids) | approver_agreement_ids(user)
    ids |= {a for a, roles in roles_by_agreement(user).items() if Role.STEERING in roles}
    return ids


@dataclass
class AgreementBudget:
    """One agreement's budget summary: its lines with their figures, and the grants by purpose, disclosed."""

    agreement: Agreement
    lines: list[tuple[BudgetLine, rules.LineRow]] = field(default_factory=list)
    total: rules.LineRow | None = None
    purposes: list[tuple[str, rules.PurposeFigures]] = field(default_factory=list)


def budget_summary(agreement_ids: Iterable[int], year: int) -> list[AgreementBudget]:
    """Per agreement: each line's figures for `year` and the grants by purpose. No person is read.

    Every figure made of grants goes through the one disclosure rule (`rules.disclosed_budget`,
    fotfaste.core.disclosure): nothing on the page shows, or lets anyone recompute, the amount or
    number of fewer than five grants.
    """
    agreements = list(Agreement.objects.filter(pk__in=list(agreement_ids)).order_by("name"))
    lines = list(BudgetLine.objects.filter(agreement__in=agreements, year=year).order_by("name"))
    groups: dict[int, list[rules.GrantGroup]] = defaultdict(list)
    for row in (
        Grant.objects.filter(budget_line__in=lines)
        .values("budget_line__agreement_id", "budget_line_id", "purpose", "status")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by()
    ):
        groups[row["budget_line__agreement_id"]].append(
            rules.GrantGroup(row["budget_line_id"], row["purpose"], row["status"], row["n"], row["total"] or 0)
        )
    purposes = [str(p) for p in GrantPurpose.values]
    labels = dict(GrantPurpose.choices)
    result = []
    for a in agreements:
        own = [line for line in lines if line.agreement_id == a.pk]
        disclosed = rules.disclosed_budget([(line.pk, line.amount) for line in own], purposes, groups[a.pk])
        result.append(
            AgreementBudget(
                a,
                list(zip(own, disclosed.lines, strict=True)),
                disclosed.total,
                [(str(labels[p.purpose]), p) for p in disclosed.purposes],
            )
        )
    return result


def budget_years(agreement_ids: Iterable[int]) -> list[int]:
    return sorted(
        set(BudgetLine.objects.filter(agreement_id__in=list(agreement_ids)).values_list("year", flat=True)),
        reverse=True,
    )


# Administration


@transaction.atomic
def save_line(
    line: BudgetLine | None, *, agreement: Agreement | None = None, name: str, year: int, amount: int, active: bool
) -> BudgetLine:
    """Create or change a budget line. The amount can never fall below what is already approved."""
    # An existing line is locked like an approval, so no grant is approved between the check and the save.
    line = BudgetLine(agreement=agreement) if line is None else BudgetLine.objects.select_for_update().get(pk=line.pk)
    name = name.strip()
    if BudgetLine.objects.filter(agreement=line.agreement, year=year, name=name).exclude(pk=line.pk).exists():
        raise ValidationError(
            {"name": _("Det finns redan en budgetpost med det namnet för %(ar)d i överenskommelsen.") % {"ar": year}}
        )
    if line.pk:
        used = _used(line)
        if amount < used:
            raise ValidationError(
                {
                    "amount": _(
                        "Beloppet kan inte vara lägre än det som redan är beviljat eller utbetalt: %(belopp)s kr."
                    )
                    % {"belopp": rules.kronor(used)}
                }
            )
    line.name, line.year, line.amount, line.active = name, year, amount, active
    line.save()
    return line


def save_approver_roles(agreement: Agreement, roles: Iterable[str]) -> FundSettings:
    chosen = sorted(r for r in set(roles) if r in rules.APPROVER_ROLE_CHOICES)
    if not chosen:
        raise ValidationError({"roles": _("Välj minst en roll som får besluta om bidrag.")})
    settings, _created = FundSettings.objects.update_or_create(agreement=agreement, defaults={"approver_roles": chosen})
    return settings


def admin_overview(
    agreements: Iterable[Agreement],
) -> list[tuple[Agreement, list[str], list[tuple[BudgetLine, rules.Figures]]]]:
    """Each agreement with the labels of its approving roles and its budget lines with their figures."""
    agreements = sorted(agreements, key=lambda a: a.name)
    roles = approver_roles_for(a.pk for a in agreements)
    lines = list(BudgetLine.objects.filter(agreement__in=agreements).order_by("-year", "name"))
    figures = figures_for(lines)
    by_agreement: dict[int, list] = defaultdict(list)
    for line in lines:
        by_agreement[line.agreement_id].append((line, figures[line.pk]))
    return [
        (a, [str(Role(r).label) for r in rules.APPROVER_ROLE_CHOICES if r in roles[a.pk]], by_agreement[a.pk])
        for a in agreements
    ]

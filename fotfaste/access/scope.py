"""The one place that decides which persons a user may see.

Every list, search, detail, export and API read of personal data starts from
`visible_persons(user)`. Later issues widen it with consent; nothing else
should filter persons for access. What of a person another party's information
a user may see is decided in `sharing`, by consent.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import ADMIN_ROLES, MUNICIPALITY_WIDE_ROLES, is_administrator, sees_persons
from fotfaste.people.models import Involvement, Person
from fotfaste.registers.models import Registration

from . import sharing


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str]
    unit_ids: frozenset[int]  # units where the user holds a casework role
    municipality_codes: frozenset[str]  # municipalities the user's KAA role covers
    party_ids: frozenset[int] = frozenset()  # the parties of unit_ids
    agreement_roles: frozenset[tuple[int, str]] = frozenset()  # (agreement id, role) of every active role

    @property
    def sees_persons(self) -> bool:
        return sees_persons(set(self.roles))

    @property
    def is_administrator(self) -> bool:
        return is_administrator(set(self.roles))


def scope_for(user) -> Scope:
    if not user or not user.is_authenticated or not user.is_active:
        return Scope(frozenset(), frozenset(), frozenset())
    cached = getattr(user, "_fotfaste_scope", None)
    if cached is not None:
        return cached
    memberships = Membership.objects.filter(user=user, active=True).select_related("unit__party__agreement")
    roles: set[str] = set()
    unit_ids: set[int] = set()
    party_ids: set[int] = set()
    municipality_codes: set[str] = set()
    agreement_roles: set[tuple[int, str]] = set()
    for m in memberships:
        roles.add(m.role)
        agreement_roles.add((m.unit.party.agreement_id, m.role))
        if not sees_persons({m.role}):
            continue
        unit_ids.add(m.unit_id)
        party_ids.add(m.unit.party_id)
        if m.role in MUNICIPALITY_WIDE_ROLES:
            party = m.unit.party
            if party.municipality_id:
                municipality_codes.add(party.municipality_id)
            else:
                municipality_codes.update(party.agreement.municipalities.values_list("code", flat=True))
    if user.is_superuser:
        roles.add("admin")
    scope = Scope(
        frozenset(roles),
        frozenset(unit_ids),
        frozenset(municipality_codes),
        frozenset(party_ids),
        frozenset(agreement_roles),
    )
    user._fotfaste_scope = scope
    return scope


def casework_units(user) -> QuerySet[Unit]:
    """The units where the user holds a casework role: those they record, plan and meet for."""
    return Unit.objects.filter(pk__in=scope_for(user).unit_ids).select_related("party").order_by("party__name", "name")


def own_basis(scope: Scope, on: date) -> Q:
    """The user's own grounds to see a person: the KAA duty, or their unit works with the person."""
    works_with = Involvement.objects.active_on(on).filter(person=OuterRef("pk"), unit_id__in=scope.unit_ids)
    condition = Q(Exists(works_with))
    if scope.municipality_codes:
        # The municipality's KAA register also holds those who were registered there and have moved away.
        registered = Registration.objects.filter(person=OuterRef("pk"), municipality_id__in=scope.municipality_codes)
        condition |= Q(home_municipality_id__in=scope.municipality_codes) | Q(Exists(registered))
    return condition


def identity_consent(scope: Scope, on: date) -> Subquery:
    """The id of a consent in force that shares the person's identity with the user's unit, or NULL."""
    return Subquery(
        sharing.consents_for_viewer(scope, on, InformationKind.IDENTITY)
        .filter(person=OuterRef("pk"))
        .order_by("pk")
        .values("pk")[:1]
    )


def visible_persons(user, *, on: date | None = None) -> QuerySet[Person]:
    """The persons `user` may see on day `on` (default today). Empty for aggregate-only roles."""
    scope = scope_for(user)
    if not scope.sees_persons:
        return Person.objects.none()
    on = on or timezone.localdate()
    # Another party's user sees a person whose consent, in force today, shares identity with their unit.
    shared = Exists(sharing.consents_for_viewer(scope, on, InformationKind.IDENTITY).filter(person=OuterRef("pk")))
    return Person.objects.filter(own_basis(scope, on) | Q(shared))


# --- Administration scope ------------------------------------------------------------------
# Added for issue 10 (exports helper): which agreements an administrator administers. It is
# apart from the person scope above and opens no person: administrators never see persons.


@dataclass(frozen=True)
class AdminScope:
    """What a user administers: every agreement and the installation's settings, or some agreements."""

    installation: bool  # a superuser: every agreement, agreements themselves, installation-wide settings
    agreement_ids: frozenset[int]  # the agreements where the user holds an active administrator role

    def agreement_filter(self, field: str = "pk") -> Q:
        """A filter on `field` (an agreement id path, e.g. "party__agreement") to the administered agreements."""
        return Q() if self.installation else Q(**{f"{field}__in": self.agreement_ids})


def admin_scope_for(user) -> AdminScope:
    if not user or not user.is_authenticated or not user.is_active:
        return AdminScope(False, frozenset())
    scope = scope_for(user)
    return AdminScope(
        installation=bool(user.is_superuser),
        agreement_ids=frozenset(a for a, role in scope.agreement_roles if role in ADMIN_ROLES),
    )

"""Who the user is to the access rules: their roles, casework units and duties.

A `Scope` is read once per request from the user's active memberships. It says nothing about any
person; `fotfaste.access.grounds` turns it into the persons the user may see.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import ADMIN_ROLES, DUTY_ROLES, is_administrator, sees_persons


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str]
    unit_ids: frozenset[int]  # units where the user holds a casework role
    municipality_codes: frozenset[str]  # municipalities whose KAA duty the user's KAA role carries
    party_ids: frozenset[int] = frozenset()  # the parties of unit_ids
    agreement_roles: frozenset[tuple[int, str]] = frozenset()  # (agreement id, role) of every active role
    # (municipality code, unit id): the unit through which the user carries that municipality's duty.
    duty_units: frozenset[tuple[str, int]] = frozenset()
    # The keeper of the register (a command run for the municipality) sees every period of it,
    # not only those within the caseworkers' follow-up time.
    register_keeper: bool = False
    unit_names: tuple[tuple[int, str], ...] = ()  # (id, name) of unit_ids, for what the pages say
    unit_parties: tuple[tuple[int, int], ...] = ()  # (unit id, party id) of unit_ids

    def unit_name(self, unit_id: int | None) -> str:
        return dict(self.unit_names).get(unit_id, "")

    @property
    def sees_persons(self) -> bool:
        return sees_persons(set(self.roles))

    @property
    def is_administrator(self) -> bool:
        return is_administrator(set(self.roles))


EMPTY = Scope(frozenset(), frozenset(), frozenset())


def scope_for(user) -> Scope:
    if not user:
        return EMPTY
    fixed = getattr(user, "fixed_scope", None)
    if fixed is not None:  # a command acting for a municipality (access.services.SystemUser)
        return fixed
    if not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, "_fotfaste_scope", None)
    if cached is not None:
        return cached
    memberships = Membership.objects.filter(user=user, active=True).select_related("unit__party__agreement")
    roles: set[str] = set()
    unit_ids: set[int] = set()
    party_ids: set[int] = set()
    duty_units: set[tuple[str, int]] = set()
    agreement_roles: set[tuple[int, str]] = set()
    names: dict[int, str] = {}
    parties: dict[int, int] = {}
    for m in memberships:
        roles.add(m.role)
        agreement_roles.add((m.unit.party.agreement_id, m.role))
        if not sees_persons({m.role}):
            continue
        unit_ids.add(m.unit_id)
        names[m.unit_id] = m.unit.name
        parties[m.unit_id] = m.unit.party_id
        party_ids.add(m.unit.party_id)
        if m.role in DUTY_ROLES:
            for code in role_municipalities(m.unit.party):
                duty_units.add((code, m.unit_id))
    if user.is_superuser:
        roles.add("admin")
    scope = Scope(
        frozenset(roles),
        frozenset(unit_ids),
        frozenset(code for code, _unit in duty_units),
        frozenset(party_ids),
        frozenset(agreement_roles),
        frozenset(duty_units),
        unit_names=tuple(sorted(names.items())),
        unit_parties=tuple(sorted(parties.items())),
    )
    user._fotfaste_scope = scope
    return scope


def role_municipalities(party) -> list[str]:
    """The municipalities a KAA role in a unit of `party` answers for: the party's own, or else the
    agreement's (one rule, used by access and by every list of a municipality's KAA caseworkers)."""
    if party.municipality_id:
        return [party.municipality_id]
    return list(party.agreement.municipalities.values_list("code", flat=True))


def casework_units(user) -> QuerySet[Unit]:
    """The units where the user holds a casework role: those they record, plan and meet for."""
    return Unit.objects.filter(pk__in=scope_for(user).unit_ids).select_related("party").order_by("party__name", "name")


@dataclass(frozen=True)
class CaseworkUnit:
    """One of the user's casework units, with the user's roles there and everyone's."""

    unit: Unit
    user_roles: frozenset[str]
    unit_roles: frozenset[str]


def casework_units_with_roles(user) -> list[CaseworkUnit]:
    """The user's casework units (by party and name) with the roles that decide what the unit may hold:
    one query, every active role in those units."""
    scope = scope_for(user)
    if not scope.unit_ids:
        return []
    units: dict[int, Unit] = {}
    user_roles: dict[int, set[str]] = {}
    unit_roles: dict[int, set[str]] = {}
    for m in Membership.objects.filter(unit_id__in=scope.unit_ids, active=True).select_related(
        "unit__party__agreement"
    ):
        units[m.unit_id] = m.unit
        unit_roles.setdefault(m.unit_id, set()).add(m.role)
        if m.user_id == user.pk:
            user_roles.setdefault(m.unit_id, set()).add(m.role)
    return [
        CaseworkUnit(u, frozenset(user_roles.get(u.pk, ())), frozenset(unit_roles.get(u.pk, ())))
        for u in sorted(units.values(), key=lambda u: (u.party.name, u.name))
    ]


# --- Administration scope ------------------------------------------------------------------
# Which agreements an administrator administers. It is apart from the person scope above and
# opens no person: administrators never see persons.


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

"""Administration of users, roles and role settings.

Each function is one transaction so a half-done change (a user without the
role the administrator asked for, a deactivated user with live API tokens)
never becomes visible.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.accounts.models import ApiToken, User

from .models import Membership, RoleSetting, Unit
from .roles import ADMIN_ROLES, Role


class AdministrationError(Exception):
    """A request an administrator may not carry out; the message is shown to them."""


SELF_GRANT_MESSAGE = gettext_lazy(
    "Du kan inte ge dig själv en roll. Be en annan administratör, så att två personer står bakom varje ny behörighet."
)


def format_organisation_number(value: str) -> str:
    """'NNNNNN-NNNN' for a stored 10-digit number; anything else as it is."""
    if len(value) == 10 and value.isdigit():
        return f"{value[:6]}-{value[6:]}"
    return value


@transaction.atomic
def create_user(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    unit: Unit | None = None,
    role: str = "",
    by: User,
) -> User:
    user = User.objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name, email=email
    )
    if unit is not None and role:
        add_membership(user, unit, role, by=by)
    return user


@transaction.atomic
def add_membership(user: User, unit: Unit, role: str, *, by: User) -> Membership:
    """Give `user` a role in `unit`, recording who gave it. Nobody gives a role to themselves."""
    if user.pk == by.pk:
        # Otherwise an administrator could make themselves a caseworker and read persons.
        raise AdministrationError(SELF_GRANT_MESSAGE)
    if Membership.objects.filter(user=user, unit=unit, role=role, active=True).exists():
        raise AdministrationError(_("Användaren har redan den rollen i enheten."))
    return Membership.objects.create(user=user, unit=unit, role=role, granted_by=by, granted_by_name=by.display_name())


@transaction.atomic
def end_membership(membership: Membership, *, by: User) -> None:
    """End a role, recording who ended it. Memberships are never deleted: they show who could see what, and when."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.active:
        return
    if membership.user_id == by.pk and membership.role in ADMIN_ROLES and not _other_admin_role(membership):
        # Otherwise the administrator could lock themselves out with one click.
        raise AdministrationError(
            _("Du kan inte avsluta din egen roll som systemadministratör. Be en annan administratör om det.")
        )
    membership.active = False
    membership.ended_at = timezone.now()
    membership.ended_by = by
    membership.ended_by_name = by.display_name()
    membership.save(update_fields=["active", "ended_at", "ended_by", "ended_by_name"])


def _other_admin_role(membership: Membership) -> bool:
    return (
        membership.user.is_superuser
        or Membership.objects.filter(user_id=membership.user_id, role__in=ADMIN_ROLES, active=True)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def deactivate_user(user: User, *, by: User) -> int:
    """Stop the user from signing in, on the web and through the API. Returns the number of tokens revoked."""
    if user.pk == by.pk:
        raise AdministrationError(_("Du kan inte inaktivera ditt eget konto."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    return ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)


@transaction.atomic
def reactivate_user(user: User) -> None:
    # Revoked API tokens stay revoked: the user asks for a new one if needed.
    user.is_active = True
    user.save(update_fields=["is_active"])


@dataclass(frozen=True)
class RoleRequirement:
    role: str
    label: str
    require_two_factor: bool
    saved: bool  # False: no row yet, so the secure default (required) applies


def role_requirements() -> list[RoleRequirement]:
    saved = dict(RoleSetting.objects.values_list("role", "require_two_factor"))
    return [
        RoleRequirement(role.value, str(role.label), saved.get(role.value, True), role.value in saved) for role in Role
    ]


@transaction.atomic
def save_role_requirements(required: dict[str, bool]) -> None:
    for role in Role:
        if role.value in required:
            RoleSetting.objects.update_or_create(role=role.value, defaults={"require_two_factor": required[role.value]})

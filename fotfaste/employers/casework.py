"""Who uses the employer pages: those the menu offers them to (registrations.py) — an agreement's casework
roles and administrators (who see no agreement's register through it unless they also do casework). Others
— the steering group, users without a role — get 403, as on the other casework pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from fotfaste.access.scope import scope_for
from fotfaste.orgs.roles import CASEWORK_ROLES, Role


def uses_employer_pages(user) -> bool:
    roles = {role for _agreement, role in scope_for(user).agreement_roles}
    return bool(roles & (CASEWORK_ROLES | {Role.ADMIN}))


def casework_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not uses_employer_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped

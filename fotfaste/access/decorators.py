from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .scope import admin_scope_for, scope_for


def administrator_required(view):
    """Signed-in system administrators only; everyone else gets 403 before any data is read."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not scope_for(request.user).is_administrator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def installation_administrator_required(view):
    """Installation-wide administrators (superusers) only: settings that reach every agreement.

    Added for issue 10: an administrator of one agreement gets 403 here, as everyone else does.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not admin_scope_for(request.user).installation:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)

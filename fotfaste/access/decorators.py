from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .scope import scope_for


def administrator_required(view):
    """Signed-in system administrators only; everyone else gets 403 before any data is read."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not scope_for(request.user).is_administrator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)

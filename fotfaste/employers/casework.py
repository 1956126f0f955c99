"""Who uses the placement and candidate pages: the casework roles of an agreement (register.agreement_ids),
as the register's pages. Others — the steering group, an agreement's administrator only, users without a
role — get 403, as on the other casework pages (docs/employers.md: an administrator sets the warning's days
and reads the figures, and has no register)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .register import agreement_ids


def casework_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not agreement_ids(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped

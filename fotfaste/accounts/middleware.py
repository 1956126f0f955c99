from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .security import SESSION_2FA_KEY, two_factor_required

# Pages a signed-in user can reach before completing the second factor: nothing that changes
# the account (a stolen password alone must not be enough to change it or re-enrol 2FA).
OPEN_PATHS = (
    "/konto/logga-in/",
    "/konto/logga-ut/",
    "/konto/tvafaktor/",
    "/static/",
    "/tillganglighet/",
)


class TwoFactorMiddleware:
    """Keeps a signed-in user at the second-factor step until it is done, where it applies.

    Whether it applies is decided on every request, so a role that starts to
    require two-factor login takes effect at once, also in open sessions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.session.get(SESSION_2FA_KEY) is not True
            and not request.path.startswith(OPEN_PATHS)
            and not request.path.startswith("/api/")
        ):
            if user.has_two_factor:
                return redirect(reverse("accounts:verify") + "?" + urlencode({"next": request.get_full_path()}))
            if two_factor_required(user):
                return redirect(reverse("accounts:totp_setup"))
        return self.get_response(request)

from django.shortcuts import redirect
from django.urls import reverse

from .security import SESSION_2FA_KEY, two_factor_required

# Pages a signed-in user can reach before completing the second factor.
OPEN_PATHS = ("/konto/", "/static/", "/tillganglighet/")


class TwoFactorMiddleware:
    """Keeps a signed-in user at the second-factor step until it is done, where it applies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_2FA_KEY)
            and not request.path.startswith(OPEN_PATHS)
            and not request.path.startswith("/api/")
        ):
            if user.has_two_factor:
                return redirect(reverse("accounts:verify") + "?next=" + request.get_full_path())
            if two_factor_required(user):
                return redirect(reverse("accounts:totp_setup"))
            # Remember for this session that no second factor applies, to spare the lookup.
            request.session[SESSION_2FA_KEY] = "ej-krav"
        return self.get_response(request)

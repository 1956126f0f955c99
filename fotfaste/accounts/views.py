from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.core.net import client_ip

from .forms import CodeForm, LoginForm, PasswordChangeForm
from .security import (
    SESSION_2FA_KEY,
    clear_failures,
    is_throttled,
    new_secret,
    provisioning_uri,
    record_failure,
    two_factor_required,
    verify_totp,
)


def _safe_next(request, default: str = "core:start") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


def login_view(request):
    if request.user.is_authenticated and request.session.get(SESSION_2FA_KEY):
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    ip = client_ip(request)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if is_throttled(username, ip):
            form.add_error(None, _("För många misslyckade inloggningsförsök. Vänta en stund och försök igen."))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                record_failure(username, ip)
                form.add_error(None, _("Fel användarnamn eller lösenord."))
            else:
                login(request, user)
                if user.has_two_factor:
                    return redirect(reverse("accounts:verify") + "?" + urlencode({"next": _safe_next(request)}))
                if two_factor_required(user):
                    return redirect("accounts:totp_setup")
                # Failures are forgotten only after the whole login, second factor included, succeeded.
                clear_failures(username)
                return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def verify(request):
    if not request.user.has_two_factor:
        return redirect("core:start")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_throttled(request.user.username, client_ip(request)):
            form.add_error("code", _("För många felaktiga koder. Vänta en stund och försök igen."))
        elif verify_totp(request.user, form.cleaned_data["code"]):
            request.session.cycle_key()
            request.session[SESSION_2FA_KEY] = True
            clear_failures(request.user.username)
            return redirect(_safe_next(request))
        else:
            record_failure(request.user.username, client_ip(request))
            form.add_error("code", _("Koden stämmer inte. Kontrollera att klockan i telefonen går rätt."))
    return render(request, "accounts/verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def totp_setup(request):
    if request.user.has_two_factor and request.session.get(SESSION_2FA_KEY) is not True:
        # Re-enrolling needs the current second factor first, or a stolen password would replace it.
        return redirect(reverse("accounts:verify") + "?" + urlencode({"next": request.path}))
    secret = request.session.get("totp_pending_secret") or new_secret()
    request.session["totp_pending_secret"] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_throttled(request.user.username, client_ip(request)):
            form.add_error("code", _("För många felaktiga koder. Vänta en stund och försök igen."))
        elif verify_totp(request.user, form.cleaned_data["code"], secret=secret):
            user = request.user
            user.totp_secret = secret
            user.totp_confirmed_at = timezone.now()
            user.save(update_fields=["totp_secret", "totp_confirmed_at"])
            del request.session["totp_pending_secret"]
            request.session[SESSION_2FA_KEY] = True
            clear_failures(user.username)
            messages.success(request, _("Tvåfaktorsinloggning är nu påslagen för ditt konto."))
            return redirect("accounts:security")
        else:
            record_failure(request.user.username, client_ip(request))
            form.add_error("code", _("Koden stämmer inte. Skanna QR-koden igen eller skriv in nyckeln."))
    uri = provisioning_uri(request.user, secret)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, title=_("QR-kod för tvåfaktorsinloggning"))
    return render(
        request,
        "accounts/totp_setup.html",
        {"form": form, "secret": secret, "qr_svg": qr_svg, "required": two_factor_required(request.user)},
    )


@login_required
def security(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Ditt lösenord är ändrat."))
        return redirect("accounts:security")
    return render(
        request,
        "accounts/security.html",
        {"form": form, "nav_active": "account", "required": two_factor_required(request.user)},
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("Du är utloggad."))
    return redirect("accounts:login")

"""Login throttling and two-factor rules."""

from datetime import timedelta

import pyotp
from django.conf import settings
from django.utils import timezone

from fotfaste.orgs.models import Membership, RoleSetting

from .models import LoginFailure, User

SESSION_2FA_KEY = "fotfaste_2fa_verified"


def is_throttled(username: str, ip: str | None) -> bool:
    """Too many recent failures for this username, or very many from this address.

    The address limit is ten times higher because a whole municipal office may
    share one address behind NAT; guessing one account is stopped by the first limit.
    """
    since = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_MAX_FAILURES:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= settings.LOGIN_MAX_FAILURES * 10


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip=ip)
    # Old rows are of no further use for throttling.
    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


def two_factor_required(user: User) -> bool:
    """True when any of the user's active roles requires two-factor login.

    A role without a setting requires it: the secure default for a new installation.
    """
    roles = set(Membership.objects.filter(user=user, active=True).values_list("role", flat=True))
    if user.is_superuser:
        roles.add("admin")
    if not roles:
        return False
    settings_by_role = dict(RoleSetting.objects.filter(role__in=roles).values_list("role", "require_two_factor"))
    return any(settings_by_role.get(role, True) for role in roles)


def verify_totp(user: User, code: str, secret: str | None = None) -> bool:
    """Check a six-digit code, allowing one step of clock drift, and refuse replays."""
    secret = secret or user.totp_secret
    code = (code or "").replace(" ", "")
    if not secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    current_step = int(now.timestamp()) // totp.interval
    for offset in (-1, 0, 1):
        step = current_step + offset
        if step <= user.totp_last_step:
            continue
        if totp.at(step * totp.interval) == code:
            user.totp_last_step = step
            user.save(update_fields=["totp_last_step"])
            return True
    return False


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="Fotfäste")


def new_secret() -> str:
    return pyotp.random_base32()

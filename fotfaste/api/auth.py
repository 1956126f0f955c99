"""API authentication: a personal bearer token, nothing else."""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from fotfaste.accounts.models import ApiToken

# Recording every request would turn each read into a database write; the
# minute is precise enough to see whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


def user_for_token(key: str):
    """The active user behind a valid, unrevoked token, or None."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # update() rather than save(): no race with a concurrent revocation overwriting `revoked`.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class BearerToken(HttpBearer):
    """`Authorization: Bearer TOKEN`.

    This is the API's only authentication: a browser session cookie is never
    accepted, so a third-party page cannot make a signed-in user's browser call
    the API, and CSRF protection is not needed here.
    """

    def authenticate(self, request, token: str):
        user = user_for_token(token.strip())
        if user is not None:
            # Replace any session user, so everything downstream (including the
            # no-store caching header) acts for the token's user only.
            request.user = user
        return user

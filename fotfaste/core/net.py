"""The client's address, also behind the reverse proxy that production requires."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or with FOTFASTE_TRUSTED_PROXIES=N the address N hops back in X-Forwarded-For.

    Only the entries our own proxies appended are trusted; anything further left
    could have been written by the client.
    """
    hops = settings.TRUSTED_PROXIES
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")

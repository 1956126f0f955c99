from django.conf import settings


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: the Content-Security-Policy and a permissions policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages with personal data must not linger in shared caches or the back button.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

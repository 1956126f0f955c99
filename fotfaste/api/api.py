"""The JSON API at /api/v1/: bearer-token authentication and Swedish JSON errors."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import BearerToken
from .collaboration import Unprocessable  # also adds the write endpoints to the persons router
from .employers import router as employers_router
from .followup import router as followup_router
from .persons import router as persons_router
from .programmes import router as programmes_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Fotfäste API",
    version="1",
    description=(
        "Personer och samverkan för verksamhetssystem. Autentisera med en personlig API-nyckel: "
        "`Authorization: Bearer NYCKEL` (skapas med `python manage.py api_token ANVÄNDARNAMN`). "
        "Samma behörigheter som i webbgränssnittet gäller, och varje läsning loggas."
    ),
    urls_namespace="api",
    auth=BearerToken(),
    # The interactive docs load JavaScript from a CDN, which our Content-Security-Policy forbids.
    docs_url=None,
)
api.add_router("/", persons_router)
api.add_router("/", followup_router)
api.add_router("/", programmes_router)
api.add_router("/", employers_router)


def error(request, status: int, detail: str, **headers):
    response = api.create_response(request, {"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return error(
        request,
        401,
        _("Giltig API-nyckel saknas. Ange den som ”Authorization: Bearer NYCKEL”."),
        **{"WWW-Authenticate": 'Bearer realm="fotfaste"'},
    )


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return error(request, 403, str(exc) or _("Du har inte behörighet till detta."))


@api.exception_handler(Http404)
def not_found(request, exc):
    # One fixed body: an answer must not reveal whether a person exists but is hidden from the caller.
    return error(request, 404, _("Hittades inte."))


@api.exception_handler(ValidationError)
def invalid(request, exc):
    names = sorted({str(e["loc"][-1]) for e in exc.errors if e.get("loc")})
    return error(request, 422, _("Ogiltig parameter: %(namn)s.") % {"namn": ", ".join(names)})


@api.exception_handler(Unprocessable)
def unprocessable(request, exc):
    named = [name for name in exc.fields if name != "__all__"]
    detail = " ".join(exc.fields.values())
    if named:
        detail = _("Ogiltigt värde i %(namn)s: %(fel)s") % {"namn": ", ".join(named), "fel": detail}
    response = api.create_response(request, {"detail": detail, "falt": exc.fields}, status=422)
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    return error(request, exc.status_code, _("Begäran kunde inte utföras."))


@api.exception_handler(Exception)
def server_error(request, exc):
    # Logged in full here, since the caller only gets a generic message (never a traceback).
    logger.exception("Oväntat fel i API:t", exc_info=exc)
    return error(request, 500, _("Ett oväntat fel inträffade."))

"""Every route in the project, opened by users who may not see persons, leaks nothing.

It walks the URL configuration, so a view added later without a guard fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages anyone may open, signed in or not.
PUBLIC = {"/konto/logga-in/", "/tillganglighet/", "/tillganglighet/rapportera/", "/api/v1/openapi.json"}
# Aggregates without persons, made for the steering group: the fund's budget, the follow-up dashboard and
# the annual follow-up (exactly these pages: editing goals is not theirs), the board's reports; and the
# annual cycle, which names no person (Mina uppgifter holds only its occurrences for those who see no person).
STEERING_PAGES = {
    "/uppfoljning/",
    "/uppfoljning/arsuppfoljning/",
    "/uppfoljning/arsuppfoljning.pdf",
    "/uppfoljning/arsuppfoljning.xlsx",
    "/arbetsgivare/resultat/",
    "/arbetsgivare/resultat/xlsx/",
    "/mina-uppgifter/",
}
STEERING_PREFIXES = ("/fonden/budget/", "/rapporter/", "/arshjul/")
# Pages for any signed-in user about their own account, or the start page.
OWN = {"/", "/konto/sakerhet/", "/konto/tvafaktor/", "/konto/tvafaktor/aktivera/", "/konto/logga-ut/"}


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def concrete(route: str, pk: int, personnummer: str = "200803152388") -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # the JSON 404 catch-all and ninja's regex routes are covered in tests/api
    # Every integer in a route gets the person's id: pages about other things answer before their lookup.
    route = re.sub(r"<int:\w+>", str(pk), route)
    route = route.replace("<personnummer>", personnummer)
    return "/" + route if "<" not in route else None


@pytest.mark.parametrize("who", ["styrgrupp", "outsider", "anonymous"])
def test_every_route_refuses_users_without_access(world, login, client, who):
    asa = world["persons"]["asa"]
    user_client = client if who == "anonymous" else login(world["users"][who])
    checked = 0
    for route in walk(get_resolver().url_patterns):
        path = concrete(route, asa.pk, asa.personnummer)
        if path is None or path in PUBLIC or (path in OWN and who != "anonymous"):
            continue
        response = user_client.get(path)
        checked += 1
        allowed = {302, 401, 403, 404, 405} | (
            {200} if who == "styrgrupp" and (path in STEERING_PAGES or path.startswith(STEERING_PREFIXES)) else set()
        )
        assert response.status_code in allowed, f"{who} fick {response.status_code} på {path}"
        body = response.content.decode(errors="replace")
        for person in world["persons"].values():
            assert person.last_name not in body, f"{path} visade {person.last_name} för {who}"
            assert person.personnummer not in body
    assert checked > 20

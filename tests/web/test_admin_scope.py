"""An administrator administers only the agreements where they hold the admin role, and gives nobody's role to
themselves.

Lekeberg's administrator tries every administration route (built from the URL configuration, so a new route
must be listed here) against Örebro's agreement, parties, units, users and roles: each answers 404 as a missing
object would, or 403 where only an installation administrator may go; lists leave Örebro out; and nothing
changes. Roles record who gave and who ended them.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.scope import admin_scope_for, scope_for
from fotfaste.accounts.models import User
from fotfaste.fund.models import BudgetLine, FundSettings
from fotfaste.fund.urls import urlpatterns as fund_urls
from fotfaste.orgs.models import Agreement, Membership, Party, PartyKind, RoleSetting, Unit
from fotfaste.orgs.roles import Role
from fotfaste.orgs.urls import urlpatterns as orgs_urls
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

INSTALLATION_ONLY = {"agreement_create", "agreement_edit", "role_settings"}
FUND_ADMIN = {"admin", "line_create", "line_edit", "approvers"}


@pytest.fixture
def scoped(world):
    """Lekeberg's administrator (IT unit of Lekebergs kommun), and a user who works in both agreements."""
    lekeberg_party = world["units"]["lekeberg_kaa"].party
    it = Unit.objects.create(party=lekeberg_party, name="IT Lekeberg")
    admin = User.objects.create_user(
        username="admin.lekeberg", password=PASSWORD, first_name="Linnea", last_name="Lindgren"
    )
    Membership.objects.create(user=admin, unit=it, role=Role.ADMIN)
    both = User.objects.create_user(username="bada", password=PASSWORD, first_name="Bo", last_name="Båda")
    Membership.objects.create(user=both, unit=world["units"]["lekeberg_kaa"], role=Role.KAA)
    Membership.objects.create(user=both, unit=world["units"]["social"], role=Role.SOCIAL_WORKER)
    line = BudgetLine.objects.create(agreement=world["agreements"]["orebro"], name="Resor", year=2026, amount=10_000)
    return {"admin": admin, "it": it, "both": both, "line": line}


def orebro_routes(world, scoped) -> dict[str, str]:
    """Every administration route, with an object of Örebro's agreement in every id slot."""
    agreement = world["agreements"]["orebro"]
    unit = world["units"]["kaa"]
    kaa = world["users"]["kaa"]
    membership = kaa.memberships.get()
    args = {
        "orgs:agreement_list": [],
        "orgs:agreement_create": [],
        "orgs:agreement_detail": [agreement.pk],
        "orgs:agreement_edit": [agreement.pk],
        "orgs:party_create": [agreement.pk],
        "orgs:party_edit": [unit.party.pk],
        "orgs:unit_create": [unit.party.pk],
        "orgs:unit_edit": [unit.pk],
        "orgs:user_list": [],
        "orgs:user_create": [],
        "orgs:user_detail": [kaa.pk],
        "orgs:user_edit": [kaa.pk],
        "orgs:membership_add": [kaa.pk],
        "orgs:membership_end": [kaa.pk, membership.pk],
        "orgs:user_deactivate": [kaa.pk],
        "orgs:user_reactivate": [kaa.pk],
        "orgs:role_settings": [],
        "fund:admin": [],
        "fund:line_create": [],
        "fund:line_edit": [scoped["line"].pk],
        "fund:approvers": [agreement.pk],
    }
    return {name: reverse(name, args=a) for name, a in args.items()}


def test_the_route_list_covers_every_administration_route(world, scoped):
    listed = set(orebro_routes(world, scoped))
    assert listed == {f"orgs:{p.name}" for p in orgs_urls} | {
        f"fund:{p.name}" for p in fund_urls if p.name in FUND_ADMIN
    }


def state():
    """Everything an administration route could change."""
    return (
        list(Agreement.objects.order_by("pk").values_list("pk", "name", "valid_from", "valid_until")),
        list(Party.objects.order_by("pk").values_list("pk", "name", "kind", "organisation_number", "municipality")),
        list(Unit.objects.order_by("pk").values_list("pk", "name", "party")),
        list(User.objects.order_by("pk").values_list("pk", "username", "first_name", "last_name", "is_active")),
        list(Membership.objects.order_by("pk").values_list("pk", "user", "unit", "role", "active")),
        list(RoleSetting.objects.order_by("role").values_list("role", "require_two_factor")),
        list(BudgetLine.objects.order_by("pk").values_list("pk", "name", "amount", "active")),
        list(FundSettings.objects.order_by("pk").values_list("agreement", "approver_roles")),
    )


ATTEMPT = {
    "name": "Intrång",
    "first_name": "Intrång",
    "last_name": "Intrång",
    "kind": PartyKind.MUNICIPALITY,
    "municipalities": ["1814"],
    "role": Role.ADMIN,
    "amount": "1",
    "year": "2026",
    "active": "on",
    "roles": [Role.KAA],
}


# What Lekeberg's administrator gets for each route with Örebro's objects, as (GET, POST): lists and forms of
# their own (200; a POST naming Örebro's unit or agreement is refused as an invalid choice), installation-wide
# pages (403), and everything of Örebro's (404, as missing; 405 for a GET of a POST-only route).
EXPECTED = {
    "orgs:agreement_list": (200, 200),
    "orgs:user_list": (200, 200),
    "orgs:user_create": (200, 200),
    "fund:admin": (200, 200),
    "fund:line_create": (200, 200),
    "orgs:agreement_create": (403, 403),
    "orgs:agreement_edit": (403, 403),
    "orgs:role_settings": (403, 403),
    "orgs:membership_end": (405, 404),
    "orgs:user_reactivate": (405, 404),
}


def test_another_agreements_administrator_can_neither_open_nor_change_anything_of_it(world, scoped, login):
    client = login(scoped["admin"])
    before = state()
    secrets = ("Samverkan unga Örebro", "KAA-enheten", "Örebro kommun", "Försörjningsstöd", "Resor")
    data = {**ATTEMPT, "unit": str(world["units"]["kaa"].pk), "agreement": str(world["agreements"]["orebro"].pk)}
    for name, url in orebro_routes(world, scoped).items():
        answers = (client.get(url), client.post(url, data))
        assert tuple(r.status_code for r in answers) == EXPECTED.get(name, (404, 404)), name
        for response in answers:
            html = response.content.decode()
            for secret in secrets:
                assert secret not in html, (name, secret)
    assert state() == before


def test_lists_show_only_the_administered_agreements(world, scoped, login):
    client = login(scoped["admin"])
    html = client.get(reverse("orgs:agreement_list")).content.decode()
    assert "Samverkan unga Lekeberg" in html and "Samverkan unga Örebro" not in html
    assert "Ny överenskommelse" not in html and "Tvåfaktorskrav per roll" not in html
    users = client.get(reverse("orgs:user_list")).content.decode()
    for own in ("kaa.lekeberg", "admin.lekeberg", "bada"):
        assert own in users, own
    for other in ("socialsekreterare", "styrgrupp", "arbetsformedlare", "outsider", ">kaa<", "Försörjningsstöd"):
        assert other not in users, other
    # The user working in both agreements: only the Lekeberg role is shown, the other is counted.
    detail = client.get(reverse("orgs:user_detail", args=[scoped["both"].pk])).content.decode()
    assert "KAA Lekeberg" in detail and "Försörjningsstöd" not in detail and "Örebro" not in detail
    assert "1 roll i en annan överenskommelse" in detail
    fund = client.get(reverse("fund:admin")).content.decode()
    assert "Samverkan unga Lekeberg" in fund and "Samverkan unga Örebro" not in fund
    assert admin_scope_for(scoped["admin"]).agreement_ids == {world["agreements"]["lekeberg"].pk}


def test_the_budget_summary_of_another_agreement_is_not_the_administrators(world, scoped, login):
    html = login(scoped["admin"]).get(reverse("fund:budget", args=[2026])).content.decode()
    assert "Samverkan unga Lekeberg" in html and "Samverkan unga Örebro" not in html


def test_a_unit_of_another_agreement_cannot_be_chosen_for_a_role_or_a_new_user(world, scoped, login):
    client = login(scoped["admin"])
    own_user = world["users"]["kaa.lekeberg"]
    before = state()
    html = client.post(
        reverse("orgs:membership_add", args=[own_user.pk]), {"unit": str(world["units"]["kaa"].pk), "role": Role.KAA}
    ).content.decode()
    assert "Välj en enhet ur listan." in html
    html = client.post(
        reverse("orgs:user_create"),
        {
            "username": "ny.orebro",
            "first_name": "Ny",
            "last_name": "Användare",
            "password": "en-lang-och-ovanlig-fras-42",
            "unit": str(world["units"]["kaa"].pk),
            "role": Role.KAA,
        },
    ).content.decode()
    assert "Välj en enhet ur listan." in html
    assert state() == before


def test_an_agreements_administrator_gives_a_new_user_its_first_role_at_once(world, scoped, login):
    client = login(scoped["admin"])
    data = {"username": "ny", "first_name": "Ny", "last_name": "Användare", "password": "en-lang-och-ovanlig-fras-42"}
    html = client.post(reverse("orgs:user_create"), data).content.decode()
    assert 'href="#id_unit"' in html and 'href="#id_role"' in html
    assert not User.objects.filter(username="ny").exists()
    response = client.post(
        reverse("orgs:user_create"), {**data, "unit": str(world["units"]["lekeberg_kaa"].pk), "role": Role.KAA}
    )
    new = User.objects.get(username="ny")
    assert response.status_code == 302
    membership = new.memberships.get()
    assert membership.granted_by == scoped["admin"] and membership.granted_by_name == "Linnea Lindgren"
    assert scope_for(new).municipality_codes == {"1814"}


def test_a_party_gets_only_a_municipality_of_its_agreement(world, scoped, login):
    """Else Lekeberg's administrator could make a party 'Örebro kommun' whose KAA caseworkers see Örebro's youths."""
    client = login(scoped["admin"])
    url = reverse("orgs:party_create", args=[world["agreements"]["lekeberg"].pk])
    html = client.post(url, {"kind": PartyKind.MUNICIPALITY, "name": "Örebro kommun", "municipality": "1880"})
    assert "Välj en av överenskommelsens kommuner." in html.content.decode()
    assert not Party.objects.filter(agreement=world["agreements"]["lekeberg"], municipality="1880").exists()
    party = world["units"]["lekeberg_kaa"].party
    client.post(
        reverse("orgs:party_edit", args=[party.pk]), {"kind": party.kind, "name": party.name, "municipality": "1880"}
    )
    party.refresh_from_db()
    assert party.municipality_id == "1814"


def test_the_account_of_someone_working_in_other_agreements_is_changed_only_installation_wide(world, scoped, login):
    client = login(scoped["admin"])
    both = scoped["both"]
    for name in ("orgs:user_edit", "orgs:user_deactivate"):
        response = client.get(reverse(name, args=[both.pk]))
        assert response.status_code == 403 and "administratör för hela installationen" in response.content.decode()
    client.post(reverse("orgs:user_deactivate", args=[both.pk]))
    client.post(reverse("orgs:user_edit", args=[both.pk]), {"first_name": "X", "last_name": "Y"})
    both.refresh_from_db()
    assert both.is_active and both.first_name == "Bo"
    # Their Lekeberg role is Lekeberg's to end.
    lekeberg_role = both.memberships.get(unit=world["units"]["lekeberg_kaa"])
    client.post(reverse("orgs:membership_end", args=[both.pk, lekeberg_role.pk]))
    lekeberg_role.refresh_from_db()
    assert not lekeberg_role.active and lekeberg_role.ended_by == scoped["admin"]
    assert both.memberships.get(unit=world["units"]["social"]).active
    # An account only in Lekeberg is theirs to deactivate.
    own = world["users"]["kaa.lekeberg"]
    client.post(reverse("orgs:user_deactivate", args=[own.pk]))
    own.refresh_from_db()
    assert not own.is_active


# Nobody gives a role to themselves


@pytest.mark.parametrize("who", ["agreement", "installation"])
@pytest.mark.parametrize("role", [Role.KAA, Role.SOCIAL_WORKER, Role.ADMIN, Role.STEERING])
def test_nobody_gives_themselves_a_role(world, scoped, login, who, role):
    if who == "installation":
        me = world["users"]["root"]
        unit = world["units"]["kaa"]
    else:
        me, unit = scoped["admin"], world["units"]["lekeberg_kaa"]
    client = login(me)
    before = state()
    url = reverse("orgs:membership_add", args=[me.pk])
    for response in (client.get(url), client.post(url, {"unit": str(unit.pk), "role": role})):
        assert response.status_code == 403
    assert state() == before
    assert not scope_for(User.objects.get(pk=me.pk)).sees_persons


def test_the_refusal_to_give_oneself_a_role_is_explained(world, scoped, login):
    client = login(scoped["admin"])
    response = client.get(reverse("orgs:membership_add", args=[scoped["admin"].pk]))
    assert response.status_code == 403
    assert "Du kan inte ge dig själv en roll." in response.content.decode()
    page = client.get(reverse("orgs:user_detail", args=[scoped["admin"].pk])).content.decode()
    assert "Du kan inte ge dig själv en roll." in page and "Lägg till roll" not in page


def test_the_service_refuses_a_role_given_to_oneself_too(world, scoped):
    from fotfaste.orgs import services

    with pytest.raises(services.AdministrationError, match="Du kan inte ge dig själv en roll"):
        services.add_membership(scoped["admin"], world["units"]["lekeberg_kaa"], Role.KAA, by=scoped["admin"])


# Who gave and who ended a role


def test_a_role_shows_who_gave_it_and_who_ended_it(world, scoped, login):
    client = login(scoped["admin"])
    account = world["users"]["kaa.lekeberg"]
    client.post(
        reverse("orgs:membership_add", args=[account.pk]), {"unit": str(scoped["it"].pk), "role": Role.STEERING}
    )
    given = account.memberships.get(role=Role.STEERING)
    assert (given.granted_by, given.granted_by_name) == (scoped["admin"], "Linnea Lindgren")
    client.post(reverse("orgs:membership_end", args=[account.pk, given.pk]))
    given.refresh_from_db()
    assert (given.ended_by, given.ended_by_name) == (scoped["admin"], "Linnea Lindgren")
    html = client.get(reverse("orgs:user_detail", args=[account.pk])).content.decode()
    # The page shows the local (Swedish) day, which near midnight is not the UTC day.
    day = timezone.localtime(given.created_at).date().isoformat()
    assert f"Tilldelad av Linnea Lindgren den {day}" in html
    assert f"Avslutad av Linnea Lindgren den {timezone.localtime(given.ended_at).date().isoformat()}" in html
    # A role given before this was recorded says only when.
    assert "Tilldelad den " in html
    # The name, not the username, where the person is meant.
    assert '<li aria-current="page">Kaa.Lekeberg</li>' in html


def test_other_apps_administration_is_scoped_to_ones_agreements_or_to_the_installation(world, login):
    """Need levels, the agreement settings and outreach settings show only one's own agreements; the
    log review, disposal, the measure catalogue, occupation currency and accessibility reports are the
    installation's."""
    orebro, lekeberg = world["agreements"]["orebro"], world["agreements"]["lekeberg"]
    admin = login(world["users"]["admin"])  # Örebro's agreement administrator
    assert admin.get(reverse("mapping:level_edit", args=[lekeberg.pk])).status_code == 404
    assert admin.get(reverse("mapping:level_edit", args=[orebro.pk])).status_code == 200
    for name in ("mapping:level_list", "meetings:agreement_settings"):
        page = admin.get(reverse(name)).content.decode()
        assert orebro.name in page and lekeberg.name not in page, name
    settings_page = admin.get(reverse("outreach:municipality_settings")).content.decode()
    assert "Örebro" in settings_page and "Lekeberg" not in settings_page
    for name in (
        "access:readlog",
        "disposal:rule_list",
        "plans:catalogue",
        "outreach:currency_settings",
        "core:accessibility_reports",
    ):
        assert admin.get(reverse(name)).status_code == 403, name
        assert login(world["users"]["root"]).get(reverse(name)).status_code == 200, name
    assert "Loggkontroll" not in admin.get(reverse("orgs:agreement_list")).content.decode()

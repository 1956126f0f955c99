"""Administration pages: only system administrators, and the whole setup flow via POSTs."""

import pytest
from django.test import Client
from django.urls import reverse

from fotfaste.access.scope import scope_for
from fotfaste.accounts.models import ApiToken, User
from fotfaste.orgs.models import Agreement, Membership, Party, PartyKind, RoleSetting, Unit
from fotfaste.orgs.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def page_urls(world):
    """Every administration page, GET-able, with the objects of the world fixture."""
    agreement = world["agreements"]["orebro"]
    party = world["units"]["kaa"].party
    unit = world["units"]["kaa"]
    kaa = world["users"]["kaa"]
    membership = kaa.memberships.get()
    return {
        "agreement_list": reverse("orgs:agreement_list"),
        "agreement_create": reverse("orgs:agreement_create"),
        "agreement_detail": reverse("orgs:agreement_detail", args=[agreement.pk]),
        "agreement_edit": reverse("orgs:agreement_edit", args=[agreement.pk]),
        "party_create": reverse("orgs:party_create", args=[agreement.pk]),
        "party_edit": reverse("orgs:party_edit", args=[party.pk]),
        "unit_create": reverse("orgs:unit_create", args=[party.pk]),
        "unit_edit": reverse("orgs:unit_edit", args=[unit.pk]),
        "user_list": reverse("orgs:user_list"),
        "user_create": reverse("orgs:user_create"),
        "user_detail": reverse("orgs:user_detail", args=[kaa.pk]),
        "user_edit": reverse("orgs:user_edit", args=[kaa.pk]),
        "membership_add": reverse("orgs:membership_add", args=[kaa.pk]),
        "user_deactivate": reverse("orgs:user_deactivate", args=[kaa.pk]),
        "role_settings": reverse("orgs:role_settings"),
        # POST-only
        "membership_end": reverse("orgs:membership_end", args=[kaa.pk, membership.pk]),
        "user_reactivate": reverse("orgs:user_reactivate", args=[kaa.pk]),
    }


POST_ONLY = {"membership_end", "user_reactivate"}


# Agreements and the two-factor rules reach every agreement: an installation administrator's.
INSTALLATION_ONLY = {"agreement_create", "agreement_edit", "role_settings"}


@pytest.fixture
def root(world):
    """An installation administrator: a superuser, as `createsuperuser` makes the first one."""
    return world["users"]["root"]


def test_every_page_renders_for_an_installation_administrator(world, login, root):
    client = login(root)
    for name, url in page_urls(world).items():
        if name in POST_ONLY:
            continue
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert html.count("<h1") == 1, name
        assert 'aria-current="page">Administration' in html, name


def test_every_page_of_its_agreement_renders_for_the_agreements_administrator(world, login):
    client = login(world["users"]["admin"])  # the admin role in Örebro's agreement
    for name, url in page_urls(world).items():
        if name in POST_ONLY:
            continue
        response = client.get(url)
        assert response.status_code == (403 if name in INSTALLATION_ONLY else 200), name
        if name not in INSTALLATION_ONLY:
            assert response.content.decode().count("<h1") == 1, name


@pytest.mark.parametrize("who", ["kaa", "styrgrupp", "outsider"])
def test_every_page_is_403_for_non_admins(world, login, who):
    client = login(world["users"][who])
    urls = page_urls(world)
    for name, url in urls.items():
        for response in (client.get(url), client.post(url, {"name": "Intrång", "role": Role.ADMIN})):
            assert response.status_code == 403, name
            html = response.content.decode()
            # No administration data in the refusal.
            for secret in ("Samverkan unga", "KAA-enheten", "Örebro kommun", "kaa.lekeberg", "Socialsekreterare"):
                assert secret not in html, (name, secret)
    # Nothing was changed by the refused POSTs.
    kaa = world["users"]["kaa"]
    assert kaa.memberships.get().active
    assert not Membership.objects.filter(role=Role.ADMIN).exclude(user__username="admin").exists()
    assert Agreement.objects.filter(name="Intrång").count() == 0
    assert Unit.objects.filter(name="Intrång").count() == 0


def test_anonymous_is_redirected_to_login(world):
    client = Client()
    for name, url in page_urls(world).items():
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], name


def test_superuser_without_membership_is_administrator(world, login):
    boss = world["users"]["root"]
    assert login(boss).get(reverse("orgs:agreement_list")).status_code == 200


def test_admin_sets_up_agreement_parties_units_and_a_user_end_to_end(world, login, root):
    client = login(root)
    response = client.post(
        reverse("orgs:agreement_create"),
        {
            "name": "Samverkan unga Karlskoga",
            "municipalities": ["1883", "1882"],
            "valid_from": "2025-01-01",
            "valid_until": "2026-12-31",
        },
    )
    agreement = Agreement.objects.get(name="Samverkan unga Karlskoga")
    assert response.status_code == 302 and response["Location"] == reverse("orgs:agreement_detail", args=[agreement.pk])
    assert set(agreement.municipalities.values_list("code", flat=True)) == {"1883", "1882"}

    response = client.post(
        reverse("orgs:party_create", args=[agreement.pk]),
        {
            "kind": PartyKind.MUNICIPALITY,
            "name": "Karlskoga kommun",
            "organisation_number": "212000-1876",
            "municipality": "1883",
        },
        follow=True,
    )
    assert "Parten är sparad." in response.content.decode()
    party = Party.objects.get(name="Karlskoga kommun")
    assert party.organisation_number == "2120001876" and party.agreement == agreement

    client.post(reverse("orgs:unit_create", args=[party.pk]), {"name": "KAA Karlskoga"})
    unit = Unit.objects.get(name="KAA Karlskoga")
    client.post(reverse("orgs:unit_edit", args=[unit.pk]), {"name": "KAA-enheten Karlskoga"})
    unit.refresh_from_db()
    assert unit.name == "KAA-enheten Karlskoga" and unit.party == party

    response = client.post(
        reverse("orgs:user_create"),
        {
            "username": "kaa.karlskoga",
            "first_name": "Kim",
            "last_name": "Karlsson",
            "email": "kim@example.se",
            "password": "en-lang-och-ovanlig-fras-42",
            "unit": str(unit.pk),
            "role": Role.KAA,
        },
    )
    new_user = User.objects.get(username="kaa.karlskoga")
    assert response["Location"] == reverse("orgs:user_detail", args=[new_user.pk])
    assert new_user.check_password("en-lang-och-ovanlig-fras-42")
    assert scope_for(new_user).municipality_codes == {"1883"}

    html = client.get(reverse("orgs:agreement_detail", args=[agreement.pk])).content.decode()
    assert "212000-1876" in html and "KAA-enheten Karlskoga" in html and "kaa.karlskoga" in html
    assert "KAA-handläggare" in html
    html = client.get(reverse("orgs:agreement_list")).content.decode()
    assert "Samverkan unga Karlskoga" in html and "Karlskoga" in html

    # A second role through the user page.
    response = client.post(
        reverse("orgs:membership_add", args=[new_user.pk]),
        {"unit": str(world["units"]["steering"].pk), "role": Role.STEERING},
        follow=True,
    )
    assert "Rollen är tillagd." in response.content.decode()
    assert scope_for(User.objects.get(pk=new_user.pk)).roles == {Role.KAA, Role.STEERING}


def test_edit_agreement_rejects_end_before_start(world, login, root):
    client = login(root)
    agreement = world["agreements"]["orebro"]
    html = client.post(
        reverse("orgs:agreement_edit", args=[agreement.pk]),
        {
            "name": agreement.name,
            "municipalities": ["1880"],
            "valid_from": "2025-06-01",
            "valid_until": "2025-01-01",
        },
    ).content.decode()
    assert "Slutdatumet kan inte vara före startdatumet." in html
    assert 'href="#id_valid_until"' in html
    assert 'type="date"' in html


def test_invalid_organisation_number_gives_swedish_error_in_summary_and_field(world, login):
    client = login(world["users"]["admin"])
    agreement = world["agreements"]["orebro"]
    response = client.post(
        reverse("orgs:party_create", args=[agreement.pk]),
        {
            "kind": PartyKind.FOLK_HIGH_SCHOOL,
            "name": "Folkhögskolan",
            "organisation_number": "212000-1877",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Det finns ett problem" in html
    assert 'href="#id_organisation_number"' in html
    assert 'id="id_organisation_number-error"' in html
    assert 'aria-invalid="true"' in html
    assert "Ogiltigt organisationsnummer: Kontrollsiffran stämmer inte." in html
    assert not Party.objects.filter(name="Folkhögskolan").exists()


def test_municipality_party_needs_a_municipality(world, login):
    client = login(world["users"]["admin"])
    agreement = world["agreements"]["orebro"]
    html = client.post(
        reverse("orgs:party_create", args=[agreement.pk]),
        {
            "kind": PartyKind.MUNICIPALITY,
            "name": "Kommunen",
            "organisation_number": "",
        },
    ).content.decode()
    assert 'href="#id_municipality"' in html
    assert html.count("En kommun som part måste ha en kommunkod.") == 2  # summary and field
    assert not Party.objects.filter(name="Kommunen").exists()


def test_create_user_reports_taken_username_and_weak_password(world, login):
    client = login(world["users"]["admin"])
    html = client.post(
        reverse("orgs:user_create"),
        {
            "username": "KAA",
            "first_name": "Ny",
            "last_name": "Person",
            "password": "12345678",
        },
    ).content.decode()
    assert "Användarnamnet KAA är upptaget." in html
    assert 'href="#id_username"' in html and 'href="#id_password"' in html
    # Django's own validators, in Swedish, as one message.
    assert (
        "lösenordet är för kort. Det måste innehålla minst 12 tecken. Detta lösenord är alldeles för vanligt." in html
    )
    assert html.count('id="id_password-error"') == 1
    assert User.objects.filter(username__iexact="kaa").count() == 1


def test_create_user_needs_both_unit_and_role(world, login):
    client = login(world["users"]["admin"])
    html = client.post(
        reverse("orgs:user_create"),
        {
            "username": "ny",
            "first_name": "Ny",
            "last_name": "Person",
            "password": "en-lang-och-ovanlig-fras-42",
            "unit": str(world["units"]["kaa"].pk),
        },
    ).content.decode()
    assert 'href="#id_role"' in html
    assert not User.objects.filter(username="ny").exists()


def test_membership_form_groups_units_by_agreement_and_party(world, login, root):
    html = login(root).get(reverse("orgs:membership_add", args=[world["users"]["outsider"].pk])).content.decode()
    assert '<optgroup label="Samverkan unga Örebro – Örebro kommun">' in html
    assert '<optgroup label="Samverkan unga Lekeberg – Lekebergs kommun">' in html
    # An agreement's administrator is offered the units of that agreement only.
    html = login(world["users"]["admin"]).get(reverse("orgs:membership_add", args=[world["users"]["kaa"].pk]))
    html = html.content.decode()
    assert '<optgroup label="Samverkan unga Örebro – Örebro kommun">' in html
    assert "Lekeberg" not in html


def test_duplicate_active_role_is_refused(world, login):
    client = login(world["users"]["admin"])
    kaa = world["users"]["kaa"]
    html = client.post(
        reverse("orgs:membership_add", args=[kaa.pk]), {"unit": str(world["units"]["kaa"].pk), "role": Role.KAA}
    ).content.decode()
    assert "Användaren har redan den rollen i enheten." in html
    assert kaa.memberships.count() == 1


def test_user_list_searches_and_pages(world, login, settings, root):
    client = login(root)
    html = client.get(reverse("orgs:user_list"), {"q": "lekeberg"}).content.decode()
    assert "kaa.lekeberg" in html and "socialsekreterare" not in html
    for i in range(55):
        User.objects.create_user(username=f"zz{i:02d}")
    html = client.get(reverse("orgs:user_list")).content.decode()
    # Eight users before them (root too): the first page of fifty ends with zz41.
    assert "Nästa sida" in html and "zz41" in html and "zz42" not in html
    cursor = html.split("efter=")[1].split('"')[0]
    html = client.get(reverse("orgs:user_list") + "?efter=" + cursor).content.decode()
    assert "zz42" in html and "zz54" in html and "zz41" not in html and "Nästa sida" not in html
    User.objects.create_user(username="kk", first_name="Kim", last_name="Karlsson")
    html = client.get(reverse("orgs:user_list"), {"q": "kim karlsson"}).content.decode()
    assert ">Kim Karlsson</a>" in html and "<td>kk</td>" in html and "kaa.lekeberg" not in html


def test_user_list_shows_status_and_roles(world, login):
    client = login(world["users"]["admin"])
    User.objects.filter(username="styrgrupp").update(is_active=False)
    html = client.get(reverse("orgs:user_list"), {"q": "styrgrupp"}).content.decode()
    assert "Inaktiv" in html and "Styrgrupp/chef – Styrgruppen, Örebro kommun" in html


def test_admin_edits_user_names(world, login):
    client = login(world["users"]["admin"])
    kaa = world["users"]["kaa"]
    response = client.post(
        reverse("orgs:user_edit", args=[kaa.pk]),
        {"first_name": "Karin", "last_name": "Andersson", "email": "karin@example.se"},
        follow=True,
    )
    assert "Användaruppgifterna är sparade." in response.content.decode()
    kaa.refresh_from_db()
    assert (kaa.first_name, kaa.last_name, kaa.email) == ("Karin", "Andersson", "karin@example.se")


def test_deactivate_user_revokes_tokens_and_blocks_login(world, login):
    client = login(world["users"]["admin"])
    kaa = world["users"]["kaa"]
    ApiToken.issue(kaa)
    ApiToken.issue(kaa)
    html = client.get(reverse("orgs:user_deactivate", args=[kaa.pk])).content.decode()
    assert "Varning:" in html and "API-nycklar" in html
    assert Client().login(username="kaa", password=PASSWORD)

    response = client.post(reverse("orgs:user_deactivate", args=[kaa.pk]), follow=True)
    assert "Användaren är inaktiverad." in response.content.decode()
    kaa.refresh_from_db()
    assert not kaa.is_active
    assert kaa.api_tokens.count() == 2 and not kaa.api_tokens.filter(revoked=False).exists()
    assert not Client().login(username="kaa", password=PASSWORD)

    client.post(reverse("orgs:user_reactivate", args=[kaa.pk]))
    kaa.refresh_from_db()
    assert kaa.is_active and not kaa.api_tokens.filter(revoked=False).exists()
    assert Client().login(username="kaa", password=PASSWORD)


def test_admin_cannot_deactivate_themselves(world, login):
    admin = world["users"]["admin"]
    client = login(admin)
    html = client.get(reverse("orgs:user_deactivate", args=[admin.pk])).content.decode()
    assert "Du kan inte inaktivera ditt eget konto." in html and "Ja, inaktivera" not in html
    response = client.post(reverse("orgs:user_deactivate", args=[admin.pk]), follow=True)
    assert "Du kan inte inaktivera ditt eget konto." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_end_membership_removes_it_from_scope_and_keeps_the_row(world, login):
    client = login(world["users"]["admin"])
    kaa = world["users"]["kaa"]
    membership = kaa.memberships.get()
    assert scope_for(User.objects.get(pk=kaa.pk)).municipality_codes == {"1880"}
    response = client.post(reverse("orgs:membership_end", args=[kaa.pk, membership.pk]), follow=True)
    assert "Rollen är avslutad." in response.content.decode()
    membership.refresh_from_db()
    assert not membership.active and membership.ended_at is not None
    scope = scope_for(User.objects.get(pk=kaa.pk))
    assert not scope.roles and not scope.municipality_codes and not scope.sees_persons
    assert "Avslutad" in client.get(reverse("orgs:user_detail", args=[kaa.pk])).content.decode()


def test_end_membership_only_through_its_own_user_and_post(world, login):
    client = login(world["users"]["admin"])
    kaa, other = world["users"]["kaa"], world["users"]["styrgrupp"]
    membership = kaa.memberships.get()
    assert client.get(reverse("orgs:membership_end", args=[kaa.pk, membership.pk])).status_code == 405
    assert client.post(reverse("orgs:membership_end", args=[other.pk, membership.pk])).status_code == 404
    membership.refresh_from_db()
    assert membership.active


def test_admin_cannot_end_own_last_admin_role(world, login):
    admin = world["users"]["admin"]
    client = login(admin)
    membership = admin.memberships.get()
    response = client.post(reverse("orgs:membership_end", args=[admin.pk, membership.pk]), follow=True)
    assert "Du kan inte avsluta din egen roll som systemadministratör." in response.content.decode()
    membership.refresh_from_db()
    assert membership.active


def test_role_setting_toggle_persists_and_missing_rows_are_created(world, login, root):
    client = login(root)
    RoleSetting.objects.filter(role=Role.MENTOR).delete()
    html = client.get(reverse("orgs:role_settings")).content.decode()
    assert "Ingen inställning sparad ännu: tvåfaktorsinloggning krävs." in html
    assert "Kräv tvåfaktorsinloggning för KAA-handläggare" in html
    # Checked: KAA and admin; everything else unchecked.
    response = client.post(reverse("orgs:role_settings"), {Role.KAA: "on", Role.ADMIN: "on"}, follow=True)
    assert "Inställningarna för tvåfaktorsinloggning är sparade." in response.content.decode()
    settings_by_role = dict(RoleSetting.objects.values_list("role", "require_two_factor"))
    assert len(settings_by_role) == len(Role)
    assert settings_by_role[Role.KAA] and settings_by_role[Role.ADMIN]
    assert not settings_by_role[Role.MENTOR] and not settings_by_role[Role.STEERING]
    # The admin role now requires two-factor login, at once also in this open session.
    assert client.get(reverse("orgs:role_settings"))["Location"] == reverse("accounts:totp_setup")
    session = client.session
    session["fotfaste_2fa_verified"] = True
    session.save()
    client.post(reverse("orgs:role_settings"), {Role.ADMIN: "on"})
    assert not RoleSetting.objects.get(role=Role.KAA).require_two_factor

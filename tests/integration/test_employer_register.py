"""The employer register's pages: the list with search, filters, the latest contact and next steps due, new
and changed employers, the employer page with its warning, contact people and agreements, logging a contact
with its confirmation step, and the warning's settings. Another agreement's users get 404 on every employer
URL, users without a casework role 403."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fotfaste.accounts.models import User
from fotfaste.employers import register
from fotfaste.employers.models import (
    CollaborationAgreement,
    ContactPerson,
    Employer,
    EmployerContact,
    EmployerSettings,
    Occupation,
)
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def org_number(nine: str) -> str:
    """A valid organisation number from nine digits (the tenth is the Luhn check digit)."""
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return f"{nine[:6]}-{nine[6:]}{(10 - total % 10) % 10}"


LAGER = org_number("556677889")
BAGERI = org_number("556123456")
ENSKILD = "192612239232"  # Skatteverket's test number: a sole trader's organisation number


def employer(world, name="Lagerhuset AB", number=LAGER, agreement="orebro", **more):
    return Employer.objects.create(
        agreement=world["agreements"][agreement],
        organisation_number=number,
        name=name,
        sector=more.pop("sector", "privat"),
        **more,
    )


def contact(world, found, unit="kaa", days_ago=0, **more):
    return EmployerContact.objects.create(
        employer=found,
        unit=world["units"][unit],
        date=timezone.localdate() - timedelta(days=days_ago),
        channel=more.pop("channel", "telefon"),
        purpose=more.pop("purpose", "Praktikplats"),
        created_by_name=more.pop("created_by_name", "Kaa"),
        **more,
    )


def member(username, *units_roles):
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    for unit, role in units_roles:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def lager(world):
    return employer(world)


def urls(found, extra=None):
    pk = found.pk
    return [
        reverse("employers:employer", args=[pk]),
        reverse("employers:edit", args=[pk]),
        reverse("employers:contact_new", args=[pk]),
        reverse("employers:contact_person_new", args=[pk]),
        reverse("employers:collaboration_new", args=[pk]),
        *(extra or []),
    ]


# --- Who gets in ------------------------------------------------------------------------------------------


def test_another_agreements_user_gets_404_on_every_employer_url(world, login, lager):
    person = ContactPerson.objects.create(employer=lager, name="Eva Ek")
    deal = CollaborationAgreement.objects.create(employer=lager, kind="matchning", unit=world["units"]["kaa"])
    extra = [
        reverse("employers:contact_person", args=[lager.pk, person.pk]),
        reverse("employers:collaboration_end", args=[lager.pk, deal.pk]),
    ]
    client = login(world["users"]["kaa.lekeberg"])
    for url in urls(lager, extra):
        assert client.get(url).status_code == 404, url
    for url in urls(lager, extra)[1:]:  # the page itself answers GET only
        assert client.post(url, {"name": "Ändrat", "valid_until": "2020-01-01"}).status_code == 404, url
    assert client.get(reverse("employers:settings", args=[world["agreements"]["orebro"].pk])).status_code == 404
    lager.refresh_from_db()
    person.refresh_from_db()
    deal.refresh_from_db()
    assert (lager.name, person.name, deal.valid_until, lager.contacts.count()) == ("Lagerhuset AB", "Eva Ek", None, 0)
    # Nor is it in their list or search.
    assert "Lagerhuset" not in client.get(reverse("employers:index"), {"q": "Lager"}).content.decode()


@pytest.mark.parametrize("who", ["styrgrupp", "admin", "outsider"])
def test_a_user_without_a_casework_role_gets_403(world, login, lager, who):
    client = login(world["users"][who])
    assert client.get(reverse("employers:index")).status_code == 403
    assert client.get(reverse("employers:new")).status_code == 403
    for url in urls(lager):
        assert client.get(url).status_code == 403, url


def test_a_contact_person_or_agreement_of_another_employer_is_404(world, login, lager):
    other = employer(world, "Bageriet", BAGERI)
    person = ContactPerson.objects.create(employer=other, name="Bo Bagare")
    deal = CollaborationAgreement.objects.create(employer=other, kind="matchning", unit=world["units"]["kaa"])
    client = login(world["users"]["kaa"])
    assert client.get(reverse("employers:contact_person", args=[lager.pk, person.pk])).status_code == 404
    assert client.get(reverse("employers:collaboration_end", args=[lager.pk, deal.pk])).status_code == 404


# --- The list ---------------------------------------------------------------------------------------------


def test_the_list_shows_the_latest_contact_search_and_sector_filter(world, login, lager):
    employer(world, "Bageriet i Örebro", BAGERI, sector="ideell", city="Örebro")
    employer(world, "Lekebergs Lager", LAGER, agreement="lekeberg")
    contact(world, lager, "kaa", days_ago=10)
    contact(world, lager, "af", days_ago=3)
    client = login(world["users"]["kaa"])
    html = client.get(reverse("employers:index")).content.decode()
    assert f'href="{reverse("employers:employer", args=[lager.pk])}"' in html
    assert (timezone.localdate() - timedelta(days=3)).isoformat() + "</span>, Arbetsförmedlingen Örebro" in html
    assert "Lekebergs Lager" not in html
    assert "Ny arbetsgivare" in html
    html = client.get(reverse("employers:index"), {"q": "bageri"}).content.decode()
    assert "Bageriet i Örebro" in html and "Lagerhuset" not in html
    html = client.get(reverse("employers:index"), {"sektor": "ideell"}).content.decode()
    assert "Bageriet i Örebro" in html and "Lagerhuset" not in html


def test_the_list_reads_the_latest_contacts_in_one_query_whatever_the_count(world, login):
    client = login(world["users"]["kaa"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("employers:index")).status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        contact(world, employer(world, f"Firma {i}", org_number(f"55600000{i}")), "af")
    few = queries()
    for i in range(2, 8):
        contact(world, employer(world, f"Firma {i}", org_number(f"55600000{i}")), "af")
    assert queries() == few


def test_the_list_pages_by_keyset(world, login, monkeypatch):
    from fotfaste.employers import views_register

    monkeypatch.setattr(views_register, "PAGE", 2)
    for i in range(5):
        employer(world, f"Firma {i}", org_number(f"55600000{i}"))
    client = login(world["users"]["kaa"])
    seen = []
    response = client.get(reverse("employers:index"), {"sektor": "privat"})
    while True:
        page = response.context["employers"]
        seen += [e.name for e in page]
        if not response.context["next_page"]:
            break
        assert "sektor=privat" in response.context["next_page"]
        response = client.get(reverse("employers:index") + "?" + response.context["next_page"])
    assert seen == [f"Firma {i}" for i in range(5)]


def test_a_user_of_several_agreements_filters_by_agreement(world, login):
    both = member("tva", (world["units"]["kaa"], Role.KAA), (world["units"]["lekeberg_kaa"], Role.KAA))
    employer(world, "Örebrofirman", LAGER)
    employer(world, "Lekebergsfirman", BAGERI, agreement="lekeberg")
    client = login(both)
    html = client.get(reverse("employers:index")).content.decode()
    assert "Örebrofirman" in html and "Lekebergsfirman" in html
    html = client.get(
        reverse("employers:index"), {"overenskommelse": world["agreements"]["lekeberg"].pk}
    ).content.decode()
    assert "Lekebergsfirman" in html and "Örebrofirman" not in html


def test_next_steps_due_are_the_units_own_and_not_followed_up(world, login, lager):
    today = timezone.localdate()
    bageri = employer(world, "Bageriet", BAGERI)
    contact(world, lager, "kaa", days_ago=5, next_step="Ring om praktik", next_step_on=today)
    contact(world, bageri, "kaa", days_ago=5, next_step="Skicka avtal", next_step_on=today - timedelta(days=1))
    contact(world, bageri, "kaa", days_ago=1)  # followed up by the same unit: no longer due
    cafe = employer(world, "Caféet", org_number("556999111"))
    contact(world, cafe, "kaa", days_ago=5, next_step="Besök", next_step_on=today + timedelta(days=1))  # not yet
    contact(world, cafe, "af", days_ago=5, next_step="AF:s steg", next_step_on=today)  # another party's
    response = login(world["users"]["kaa"]).get(reverse("employers:index"))
    assert [c.next_step for c in response.context["due"]] == ["Ring om praktik"]
    # Another unit's contact does not follow up this unit's step.
    contact(world, lager, "af", days_ago=0)
    response = login(world["users"]["kaa"]).get(reverse("employers:index"))
    assert [c.next_step for c in response.context["due"]] == ["Ring om praktik"]
    af = login(world["users"]["arbetsformedlare"]).get(reverse("employers:index"))
    assert [c.next_step for c in af.context["due"]] == ["AF:s steg"]


# --- A new employer ---------------------------------------------------------------------------------------


def post_new(client, **fields):
    data = {"organisation_number": LAGER, "name": "Lagerhuset AB", "sector": "privat"} | fields
    return client.post(reverse("employers:new"), data)


def test_a_new_employer_with_its_municipality_and_occupations(world, login):
    client = login(world["users"]["kaa"])
    response = post_new(
        client, postal_code="702 01", city="Örebro", occupations="9, 5, 9412", industry="Lager", street_address="X 1"
    )
    found = Employer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("employers:employer", args=[found.pk])
    assert (found.postal_code, found.municipality_id, found.agreement) == (
        "70201",
        "1880",
        world["agreements"]["orebro"],
    )
    assert sorted(found.occupations.values_list("code", flat=True)) == ["5", "9"]  # 9412 is under 9
    assert found.created_by_name == "Kaa"


def test_a_sole_traders_personnummer_is_accepted_and_flagged(world, login):
    client = login(world["users"]["kaa"])
    post_new(client, organisation_number=ENSKILD, name="Eriks Måleri")
    found = Employer.objects.get()
    assert found.sole_trader and found.organisation_number == "261223-9232"
    assert "enskild firma" in client.get(reverse("employers:employer", args=[found.pk])).content.decode()
    assert "enskild firma" in client.get(reverse("employers:index")).content.decode()


def test_bad_input_is_named_and_nothing_is_saved(world, login):
    client = login(world["users"]["kaa"])
    response = post_new(
        client, organisation_number="556677-8890", name=" ", postal_code="7021", occupations="9, 12345, x"
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Employer.objects.exists()
    errors = response.context["form"].errors
    assert "Ogiltigt organisationsnummer" in errors["organisation_number"][0]
    assert errors["name"] == ["Ange arbetsgivarens namn."]
    assert "fem siffror" in errors["postal_code"][0]
    assert "12345" in errors["occupations"][0] and "x (" in errors["occupations"][0]
    assert 'href="#id_organisation_number"' in html and 'aria-invalid="true"' in html


def test_a_duplicate_organisation_number_links_to_the_existing_employer(world, login, lager):
    client = login(world["users"]["arbetsformedlare"])
    response = post_new(client, organisation_number=LAGER.replace("-", ""), name="Lagerhuset igen")
    assert Employer.objects.count() == 1
    assert "finns redan" in response.context["form"].errors["organisation_number"][0]
    assert f'href="{reverse("employers:employer", args=[lager.pk])}"' in response.content.decode()


def test_the_same_number_in_another_agreement_is_no_duplicate(world, login, lager):
    response = post_new(login(world["users"]["kaa.lekeberg"]), name="Lagerhuset i Lekeberg")
    assert response.status_code == 302
    assert Employer.objects.filter(organisation_number=LAGER).count() == 2


def test_a_user_of_several_agreements_chooses_the_agreement(world, login):
    both = member("tva", (world["units"]["kaa"], Role.KAA), (world["units"]["lekeberg_kaa"], Role.KAA))
    client = login(both)
    response = post_new(client)
    assert response.context["form"].errors["agreement"] == ["Välj vilken överenskommelse arbetsgivaren hör till."]
    post_new(client, agreement=world["agreements"]["lekeberg"].pk)
    assert Employer.objects.get().agreement == world["agreements"]["lekeberg"]


def test_a_user_cannot_add_to_an_agreement_that_is_not_theirs(world, login):
    response = post_new(login(world["users"]["kaa"]), agreement=world["agreements"]["lekeberg"].pk)
    assert response.status_code == 302
    assert Employer.objects.get().agreement == world["agreements"]["orebro"]  # the field is not there for one


# --- Changing an employer ---------------------------------------------------------------------------------


def edit_data(found, **fields):
    return {
        "version": found.version,
        "organisation_number": found.organisation_number,
        "name": found.name,
        "sector": found.sector,
    } | fields


def test_an_edit_saves_and_counts_the_version(world, login, lager):
    client = login(world["users"]["arbetsformedlare"])
    initial = client.get(reverse("employers:edit", args=[lager.pk])).context["form"].initial
    assert initial["name"] == "Lagerhuset AB" and initial["version"] == 1
    response = client.post(
        reverse("employers:edit", args=[lager.pk]), edit_data(lager, name="Lagerhuset Sverige AB", occupations="9")
    )
    assert response.status_code == 302
    lager.refresh_from_db()
    assert (lager.name, lager.version, [o.code for o in lager.occupations.all()]) == ("Lagerhuset Sverige AB", 2, ["9"])


def test_an_edit_conflict_shows_what_the_other_saved_and_saves_nothing(world, login, lager):
    stale = edit_data(lager, name="Mitt namn")
    Employer.objects.filter(pk=lager.pk).update(name="Deras namn", industry="Logistik", version=2)
    response = login(world["users"]["kaa"]).post(reverse("employers:edit", args=[lager.pk]), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan sparade arbetsgivaren" in html and "Deras namn" in html and "Logistik" in html
    assert response.context["form"].data["version"] == 2
    lager.refresh_from_db()
    assert (lager.name, lager.version) == ("Deras namn", 2)


def test_an_edit_to_another_employers_number_is_a_duplicate(world, login, lager):
    employer(world, "Bageriet", BAGERI)
    response = login(world["users"]["kaa"]).post(
        reverse("employers:edit", args=[lager.pk]), edit_data(lager, organisation_number=BAGERI)
    )
    assert "finns redan" in response.context["form"].errors["organisation_number"][0]
    lager.refresh_from_db()
    assert (lager.organisation_number, lager.version) == (LAGER, 1)


# --- The employer page and its warning --------------------------------------------------------------------


def test_another_partys_contact_is_seen_with_a_warning_within_14_days_not_on_day_15(world, login, lager):
    contact(world, lager, "kaa", days_ago=14, purpose="Frukostmöte", created_by_name="Kaa Kaasson")
    client = login(world["users"]["arbetsformedlare"])
    html = client.get(reverse("employers:employer", args=[lager.pk])).content.decode()
    day = (timezone.localdate() - timedelta(days=14)).isoformat()
    assert 'role="alert"' in html
    assert f"Örebro kommun (KAA-enheten) kontaktade arbetsgivaren {day}." in html
    assert "Frukostmöte" in html and "Kaa Kaasson" in html  # the log of every party
    EmployerContact.objects.update(date=timezone.localdate() - timedelta(days=15))
    html = client.get(reverse("employers:employer", args=[lager.pk])).content.decode()
    assert 'role="alert"' not in html and "Frukostmöte" in html


def test_the_own_partys_contact_gives_no_warning(world, login, lager):
    contact(world, lager, "social", days_ago=1)
    response = login(world["users"]["kaa"]).get(reverse("employers:employer", args=[lager.pk]))
    assert response.context["warnings"] == []


def test_a_setting_of_7_days_changes_the_warning(world, login, lager):
    contact(world, lager, "kaa", days_ago=8)
    client = login(world["users"]["arbetsformedlare"])
    assert len(client.get(reverse("employers:employer", args=[lager.pk])).context["warnings"]) == 1
    EmployerSettings.objects.create(agreement=world["agreements"]["orebro"], warning_days=7)
    assert client.get(reverse("employers:employer", args=[lager.pk])).context["warnings"] == []
    EmployerContact.objects.update(date=timezone.localdate() - timedelta(days=7))
    assert len(client.get(reverse("employers:employer", args=[lager.pk])).context["warnings"]) == 1


def test_a_viewer_with_units_in_two_parties_is_not_warned_of_either(world, login, lager):
    both = member("bada", (world["units"]["kaa"], Role.KAA), (world["units"]["af"], Role.EMPLOYMENT_OFFICER))
    contact(world, lager, "kaa", days_ago=1)
    contact(world, lager, "af", days_ago=2)
    assert login(both).get(reverse("employers:employer", args=[lager.pk])).context["warnings"] == []
    # Either party alone is warned of the other.
    warned = login(world["users"]["kaa"]).get(reverse("employers:employer", args=[lager.pk])).context["warnings"]
    assert [w.party for w in warned] == ["Arbetsförmedlingen Örebro"]


def test_the_contact_log_pages(world, login, lager, monkeypatch):
    from fotfaste.employers import views_register

    monkeypatch.setattr(views_register, "CONTACTS_PAGE", 2)
    for i in range(3):
        contact(world, lager, "kaa", days_ago=i, purpose=f"Syfte {i}")
    client = login(world["users"]["kaa"])
    first = client.get(reverse("employers:employer", args=[lager.pk]))
    assert [c.purpose for c in first.context["contacts"]] == ["Syfte 0", "Syfte 1"]
    second = client.get(reverse("employers:employer", args=[lager.pk]) + "?" + first.context["next_page"])
    assert [c.purpose for c in second.context["contacts"]] == ["Syfte 2"]


def test_the_placements_hook_renders_nothing_yet(world, login, lager):
    response = login(world["users"]["kaa"]).get(reverse("employers:employer", args=[lager.pk]))
    assert "employers/_employer_placements.html" in [t.name for t in response.templates]


# --- Logging a contact ------------------------------------------------------------------------------------


def contact_data(response_or_seen, **fields):
    seen = response_or_seen if isinstance(response_or_seen, str) else response_or_seen.context["form"]["seen"].value()
    return {
        "seen": seen,
        "date": timezone.localdate().isoformat(),
        "channel": "telefon",
        "purpose": "Praktikplats",
    } | fields


def test_the_form_shows_todays_warnings_and_a_shown_warning_needs_no_confirmation(world, login, lager):
    contact(world, lager, "kaa", days_ago=3)
    client = login(world["users"]["arbetsformedlare"])
    url = reverse("employers:contact_new", args=[lager.pk])
    form = client.get(url)
    html = form.content.decode()
    assert 'role="alert"' in html and "Örebro kommun (KAA-enheten) kontaktade arbetsgivaren" in html
    assert 'list="vanliga-syften"' in html and '<datalist id="vanliga-syften">' in html
    assert form.context["form"].initial["date"] == timezone.localdate()
    response = client.post(url, contact_data(form, next_step="Skicka info", next_step_on=timezone.localdate()))
    assert response.status_code == 302
    saved = EmployerContact.objects.get(unit=world["units"]["af"])
    assert (saved.purpose, saved.created_by, saved.next_step) == (
        "Praktikplats",
        world["users"]["arbetsformedlare"],
        "Skicka info",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Kontakten med Lagerhuset AB är loggad. Observera: Örebro kommun (KAA-enheten) kontaktade" in page


def test_warnings_not_shown_need_a_confirmation_and_nothing_is_saved_until_then(world, login, lager):
    contact(world, lager, "kaa", days_ago=20)  # outside today's 14 days, inside those of the chosen date
    client = login(world["users"]["arbetsformedlare"])
    url = reverse("employers:contact_new", args=[lager.pk])
    form = client.get(url)
    assert form.context["warnings"] == []
    chosen = (timezone.localdate() - timedelta(days=10)).isoformat()
    again = client.post(url, contact_data(form, date=chosen))
    html = again.content.decode()
    assert again.status_code == 200 and not EmployerContact.objects.filter(unit=world["units"]["af"]).exists()
    assert again.context["confirming"] and 'role="alert"' in html
    assert "Jag har sett att Örebro kommun kontaktade arbetsgivaren" in html and "och vill ändå logga kontakten" in html
    assert not again.context["form"].errors  # asked, not yet an error
    # Submitting again without ticking it saves nothing, and says what is missing.
    still = client.post(url, contact_data(again, date=chosen))
    assert still.context["form"].errors["confirm"] == ["Kryssa i att du har sett de andra parternas kontakter."]
    assert not EmployerContact.objects.filter(unit=world["units"]["af"]).exists()
    done = client.post(url, contact_data(again, date=chosen, confirm="on"))
    assert done.status_code == 302
    assert EmployerContact.objects.get(unit=world["units"]["af"]).date.isoformat() == chosen


def test_a_contact_another_party_logged_meanwhile_brings_the_confirmation(world, login, lager):
    client = login(world["users"]["arbetsformedlare"])
    url = reverse("employers:contact_new", args=[lager.pk])
    form = client.get(url)
    assert form.context["warnings"] == []
    contact(world, lager, "kaa", days_ago=0)  # logged by the municipality while AF filled in the form
    again = client.post(url, contact_data(form))
    assert again.status_code == 200 and again.context["confirming"]
    assert EmployerContact.objects.filter(unit=world["units"]["af"]).count() == 0
    # A confirmation of what was shown does not cover a further contact logged after it.
    contact(world, lager, "social", days_ago=1)
    EmployerContact.objects.filter(unit=world["units"]["social"]).update(
        unit=world["units"]["kaa"], date=timezone.localdate() - timedelta(days=2)
    )
    third = client.post(url, contact_data(again, confirm="on"))
    assert third.status_code == 200 and EmployerContact.objects.filter(unit=world["units"]["af"]).count() == 0
    assert client.post(url, contact_data(third, confirm="on")).status_code == 302
    assert EmployerContact.objects.filter(unit=world["units"]["af"]).count() == 1


def test_a_forged_seen_field_shows_no_warning_as_seen(world, login, lager):
    contact(world, lager, "kaa", days_ago=1)
    client = login(world["users"]["arbetsformedlare"])
    response = client.post(reverse("employers:contact_new", args=[lager.pk]), contact_data("forged"))
    assert response.status_code == 200 and response.context["confirming"]
    assert not EmployerContact.objects.filter(unit=world["units"]["af"]).exists()


def test_a_future_date_and_missing_purpose_are_named(world, login, lager):
    client = login(world["users"]["arbetsformedlare"])
    url = reverse("employers:contact_new", args=[lager.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, contact_data(client.get(url), date=tomorrow, purpose=""))
    errors = response.context["form"].errors
    assert errors["purpose"] == ["Ange syftet med kontakten."]
    response = client.post(url, contact_data(client.get(url), date=tomorrow))
    assert "efter i dag" in response.context["form"].errors["date"][0]
    response = client.post(url, contact_data(client.get(url), next_step_on="2000-01-01"))
    assert "före kontakten" in response.context["form"].errors["next_step_on"][0]
    assert not EmployerContact.objects.exists()


def test_a_user_with_several_units_chooses_one_and_names_a_contact_person(world, login, lager):
    both = member("bada", (world["units"]["kaa"], Role.KAA), (world["units"]["af"], Role.EMPLOYMENT_OFFICER))
    person = ContactPerson.objects.create(employer=lager, name="Eva Ek", title="HR-chef")
    ContactPerson.objects.create(employer=lager, name="Gammal Kontakt", active=False)
    client = login(both)
    url = reverse("employers:contact_new", args=[lager.pk])
    form = client.get(url)
    assert "Gammal Kontakt" not in form.content.decode() and "Eva Ek, HR-chef" in form.content.decode()
    response = client.post(url, contact_data(form))
    assert response.context["form"].errors["unit"] == ["Välj för vilken av dina enheter du loggar kontakten."]
    response = client.post(url, contact_data(form, unit=world["units"]["lekeberg_kaa"].pk))
    assert "unit" in response.context["form"].errors
    client.post(url, contact_data(form, unit=world["units"]["af"].pk, contact_person=person.pk))
    saved = EmployerContact.objects.get()
    assert (saved.unit, saved.contact_person) == (world["units"]["af"], person)


# --- Contact people and agreements with the collaboration -------------------------------------------------


def test_contact_people_are_added_changed_and_marked_not_current(world, login, lager):
    client = login(world["users"]["arbetsformedlare"])
    url = reverse("employers:contact_person_new", args=[lager.pk])
    response = client.post(url, {"name": "", "email": "inte-en-adress"})
    assert response.context["form"].errors["name"] == ["Ange kontaktpersonens namn."]
    assert "e-postadress" in response.context["form"].errors["email"][0]
    client.post(url, {"name": "Eva Ek", "title": "HR", "phone": "019-123", "email": "eva@lager.se", "active": "on"})
    person = ContactPerson.objects.get()
    assert person.active and person.email == "eva@lager.se"
    edit = reverse("employers:contact_person", args=[lager.pk, person.pk])
    assert client.get(edit).context["form"].initial["name"] == "Eva Ek"
    client.post(edit, {"name": "Eva Ek", "title": "HR"})  # the box left empty: no longer current
    person.refresh_from_db()
    assert not person.active
    assert "Inte längre" in client.get(reverse("employers:employer", args=[lager.pk])).content.decode()


def test_an_agreement_is_added_and_ended_only_by_its_party(world, login, lager):
    client = login(world["users"]["kaa"])
    url = reverse("employers:collaboration_new", args=[lager.pk])
    response = client.post(url, {"kind": "", "valid_from": "2026-01-01", "valid_until": "2025-01-01"})
    assert response.context["form"].errors["kind"] == ["Välj vilken sorts avtal det är."]
    response = client.post(url, {"kind": "matchning", "valid_from": "2026-01-01", "valid_until": "2025-01-01"})
    assert "före den dag" in response.context["form"].errors["valid_until"][0]
    client.post(url, {"kind": "matchning", "description": "Tre praktikplatser", "valid_from": "2025-01-01"})
    deal = CollaborationAgreement.objects.get()
    assert (deal.unit, deal.description) == (world["units"]["kaa"], "Tre praktikplatser")
    end = reverse("employers:collaboration_end", args=[lager.pk, deal.pk])
    # Another party sees it but cannot end it.
    af = login(world["users"]["arbetsformedlare"])
    assert "Tre praktikplatser" in af.get(reverse("employers:employer", args=[lager.pk])).content.decode()
    assert af.post(end, {"valid_until": "2026-06-30"}).status_code == 403
    deal.refresh_from_db()
    assert deal.valid_until is None
    # Its own party ends it.
    social = login(world["users"]["socialsekreterare"])
    assert social.post(end, {"valid_until": "2024-01-01"}).context["form"].errors["valid_until"]
    assert social.post(end, {"valid_until": "2026-06-30"}).status_code == 302
    deal.refresh_from_db()
    assert deal.valid_until.isoformat() == "2026-06-30"


# --- Settings ---------------------------------------------------------------------------------------------


def test_the_coordinator_or_admin_sets_the_days_others_403_or_404(world, login):
    orebro = world["agreements"]["orebro"]
    url = reverse("employers:settings", args=[orebro.pk])
    coordinator = member("samordnare", (world["units"]["kaa"], Role.COORDINATOR))
    client = login(coordinator)
    assert client.get(url).context["form"].initial["warning_days"] == 14
    assert f'href="{url}"' in client.get(reverse("employers:index")).content.decode()
    response = client.post(url, {"warning_days": "366"})
    assert response.context["form"].errors["warning_days"] == ["Ange ett helt antal dagar från 0 till 365."]
    assert not EmployerSettings.objects.exists()
    assert client.post(url, {"warning_days": "7"}).status_code == 302
    assert register.warning_days(orebro.pk) == 7
    assert login(world["users"]["admin"]).post(url, {"warning_days": "0"}).status_code == 302
    assert register.warning_days(orebro.pk) == 0
    assert login(world["users"]["kaa"]).get(url).status_code == 403
    assert f'href="{url}"' not in login(world["users"]["kaa"]).get(reverse("employers:index")).content.decode()
    assert login(world["users"]["kaa.lekeberg"]).post(url, {"warning_days": "30"}).status_code == 404
    assert login(world["users"]["outsider"]).get(url).status_code == 404
    assert register.warning_days(orebro.pk) == 0


def test_occupations_are_shown_on_the_employer_page(world, login, lager):
    lager.occupations.set(Occupation.objects.filter(code__in=["9", "5"]))
    html = login(world["users"]["kaa"]).get(reverse("employers:employer", args=[lager.pk])).content.decode()
    assert "<li>5 " in html and "<li>9 " in html


@pytest.mark.parametrize("who, status", [("kaa", 200), ("admin", 200), ("styrgrupp", 200)])
def test_the_menu_item_leads_to_a_page_the_user_may_open(world, login, who, status):
    client = login(world["users"][who])
    items = client.get(reverse("core:start")).context["nav_items"]
    href = next(u for u, _label, key in items if key == "employers")
    assert client.get(href).status_code == status


def test_the_steering_groups_menu_item_leads_to_the_figures_not_the_register(world, login):
    items = login(world["users"]["styrgrupp"]).get(reverse("core:start")).context["nav_items"]
    assert next(u for u, _label, key in items if key == "employers") == reverse("employers:results")


@pytest.mark.parametrize("who", ["outsider"])
def test_no_menu_item_for_who_has_no_employer_page(world, login, who):
    items = login(world["users"][who]).get(reverse("core:start")).context["nav_items"]
    assert "employers" not in [key for _u, _label, key in items]

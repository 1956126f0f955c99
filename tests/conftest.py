"""Shared fixtures: two municipalities' agreements, one user per role, and young people.

Identity numbers come only from Skatteverket's test numbers.
"""

from datetime import date

import pytest
from django.test import Client

from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.accounts.models import User
from fotfaste.employers.occupations import ensure_major_groups
from fotfaste.orgs.models import Agreement, Membership, Party, PartyKind, RoleSetting, Unit
from fotfaste.orgs.roles import Role
from fotfaste.people.models import Person
from fotfaste.reference.data import load_tables, test_identity_numbers
from fotfaste.reference.models import County, Municipality

PASSWORD = "test-lösenord-123"


@pytest.fixture
def test_numbers() -> list[str]:
    # Born 2006–2010: of KAA age in the tests' years.
    return [n for n in test_identity_numbers() if n[:4] in {"2006", "2007", "2008", "2009", "2010"}]


@pytest.fixture
def world(db, test_numbers):
    """Örebro's agreement (KAA unit, social services, AF), Lekeberg's, and a few persons."""
    # Transactional tests (the browser's) empty every table when they end, reference data included.
    load_tables(County, Municipality)
    ensure_major_groups()
    orebro, lekeberg = Municipality.objects.get(code="1880"), Municipality.objects.get(code="1814")
    a1 = Agreement.objects.create(name="Samverkan unga Örebro")
    a1.municipalities.add(orebro)
    kommun = Party.objects.create(
        agreement=a1,
        name="Örebro kommun",
        kind=PartyKind.MUNICIPALITY,
        municipality=orebro,
        organisation_number="212000-1967",
    )
    af = Party.objects.create(
        agreement=a1,
        name="Arbetsförmedlingen Örebro",
        kind=PartyKind.EMPLOYMENT_SERVICE,
        organisation_number="202100-2114",
    )
    kaa_unit = Unit.objects.create(party=kommun, name="KAA-enheten")
    social_unit = Unit.objects.create(party=kommun, name="Försörjningsstöd")
    steering_unit = Unit.objects.create(party=kommun, name="Styrgruppen")
    admin_unit = Unit.objects.create(party=kommun, name="IT-förvaltningen")
    af_unit = Unit.objects.create(party=af, name="AF Örebro ungdom")
    a2 = Agreement.objects.create(name="Samverkan unga Lekeberg")
    a2.municipalities.add(lekeberg)
    lk = Party.objects.create(
        agreement=a2,
        name="Lekebergs kommun",
        kind=PartyKind.MUNICIPALITY,
        municipality=lekeberg,
        organisation_number="212121-2126",
    )
    lk_kaa = Unit.objects.create(party=lk, name="KAA Lekeberg")
    for role in Role:
        RoleSetting.objects.create(role=role, require_two_factor=False)

    def user(username, role, unit):
        u = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
        Membership.objects.create(user=u, unit=unit, role=role)
        return u

    users = {
        "kaa": user("kaa", Role.KAA, kaa_unit),
        "socialsekreterare": user("socialsekreterare", Role.SOCIAL_WORKER, social_unit),
        "arbetsformedlare": user("arbetsformedlare", Role.EMPLOYMENT_OFFICER, af_unit),
        "styrgrupp": user("styrgrupp", Role.STEERING, steering_unit),
        "admin": user("admin", Role.ADMIN, admin_unit),
        "kaa.lekeberg": user("kaa.lekeberg", Role.KAA, lk_kaa),
    }
    users["outsider"] = User.objects.create_user(username="outsider", password=PASSWORD)
    # The installation's administrator (a superuser): log review, disposal, installation-wide settings.
    users["root"] = User.objects.create_superuser(
        username="root", password=PASSWORD, first_name="Rut", last_name="Root"
    )

    def person(i, first, last, municipality, **extra):
        return Person.objects.create(
            personnummer=test_numbers[i],
            first_name=first,
            last_name=last,
            home_municipality=municipality,
            street_address=f"Storgatan {i + 1}",
            postal_code="70210",
            postal_town="Örebro",
            phone="070-123 45 67",
            **extra,
        )

    persons = {
        "asa": person(0, "Åsa", "Öberg", orebro),
        "protected": person(1, "Sara", "Skyddad", orebro, protection="skyddad_folkbokforing"),
        "ali": person(2, "Ali", "Hassan", orebro),
        "lekeberg": person(3, "Lina", "Lekström", lekeberg),
    }
    # Social services work with Ali; AF works with nobody yet.
    own_ground(persons["ali"], social_unit, date(2025, 1, 1))
    # The KAA duty: Örebro's three and Lekeberg's Lina are in their municipality's KAA register.
    for key in ("asa", "protected", "ali"):
        put_in_kaa(persons[key], "1880")
    put_in_kaa(persons["lekeberg"], "1814")
    return {
        "agreements": {"orebro": a1, "lekeberg": a2},
        "units": {
            "kaa": kaa_unit,
            "social": social_unit,
            "af": af_unit,
            "steering": steering_unit,
            "admin": admin_unit,
            "lekeberg_kaa": lk_kaa,
        },
        "users": users,
        "persons": persons,
    }


@pytest.fixture
def login():
    """A test client logged in as the given user."""

    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


def kaa_person(**fields):
    """A person registered in a municipality and in its KAA register today: a KAA caseworker's duty."""
    person = Person.objects.create(**fields)
    put_in_kaa(person, person.home_municipality_id)
    return person


def own_ground(person, unit, start, end=None, basis=OwnBasis.WORK):
    """The unit works with the person on its own account (what a team membership or its register gives)."""
    return OwnGround.objects.create(person=person, unit=unit, start_date=start, end_date=end, basis=basis)


def put_in_kaa(person, municipality: str = "1880", *, days_before: int = 30, days_after: int = 300):
    """A KAA period covering today, as the derivation would have stored it."""
    from datetime import timedelta

    from django.utils import timezone

    from fotfaste.kaa.models import KaaPeriod

    today = timezone.localdate()
    # One period covering today per municipality, as the derivation stores them (the world fixture has one).
    KaaPeriod.objects.filter(person=person, municipality_id=municipality, end_date__gte=today).delete()
    return KaaPeriod.objects.create(
        person=person,
        municipality_id=municipality,
        start_date=today - timedelta(days=days_before),
        end_date=today + timedelta(days=days_after),
        start_reason="avbrott",
        end_reason="fyllt_20",
        derived_at=timezone.now(),
    )

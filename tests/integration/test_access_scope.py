"""The one access mechanism: who sees which persons."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from fotfaste.access.grounds import restrict
from fotfaste.access.models import OwnGround, ReadLogEntry
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, open_person, search_persons
from fotfaste.accounts.models import User
from fotfaste.orgs.models import Membership, Party, PartyKind, Unit
from fotfaste.orgs.roles import Role
from tests.conftest import kaa_person, own_ground

pytestmark = pytest.mark.django_db


def names(user):
    return set(restrict(user).values_list("first_name", flat=True))


def test_kaa_sees_whole_own_municipality_only(world):
    assert names(world["users"]["kaa"]) == {"Åsa", "Sara", "Ali"}
    assert names(world["users"]["kaa.lekeberg"]) == {"Lina"}


def test_casework_role_sees_persons_its_unit_works_with(world):
    assert names(world["users"]["socialsekreterare"]) == {"Ali"}
    assert names(world["users"]["arbetsformedlare"]) == set()


def test_ended_involvement_ends_access(world):
    inv = OwnGround.objects.get(person=world["persons"]["ali"])
    inv.end_date = timezone.localdate() - timedelta(days=1)
    inv.save()
    assert names(world["users"]["socialsekreterare"]) == set()


def test_future_involvement_gives_no_access_yet(world):
    own_ground(world["persons"]["asa"], world["units"]["af"], timezone.localdate() + timedelta(days=3))
    assert names(world["users"]["arbetsformedlare"]) == set()


def test_inactive_membership_or_user_sees_nothing(world):
    Membership.objects.filter(user=world["users"]["kaa"]).update(active=False)
    assert names(User.objects.get(username="kaa")) == set()
    user = User.objects.get(username="kaa.lekeberg")
    user.is_active = False
    assert names(user) == set()


def test_several_roles_are_united(world):
    user = world["users"]["socialsekreterare"]
    Membership.objects.create(user=user, unit=world["units"]["lekeberg_kaa"], role=Role.KAA)
    assert names(User.objects.get(pk=user.pk)) == {"Ali", "Lina"}


@pytest.mark.parametrize("who", ["styrgrupp", "admin", "outsider"])
def test_aggregate_and_admin_roles_see_no_person(world, who):
    user = world["users"][who]
    assert names(user) == set()
    with pytest.raises(PermissionDenied):
        search_persons(Actor(user), "Öberg")
    with pytest.raises(PermissionDenied):
        open_person(Actor(user), "test", personnummer=world["persons"]["asa"].personnummer)


def test_steering_plus_casework_role_sees_casework_scope(world):
    user = world["users"]["styrgrupp"]
    Membership.objects.create(user=user, unit=world["units"]["social"], role=Role.SOCIAL_WORKER)
    assert names(User.objects.get(pk=user.pk)) == {"Ali"}


def test_kaa_in_party_without_municipality_covers_agreement_municipalities(world):
    agreement = world["agreements"]["orebro"]
    party = Party.objects.create(
        agreement=agreement, name="Samordningsförbundet", kind=PartyKind.COORDINATION_ASSOCIATION
    )
    unit = Unit.objects.create(party=party, name="Finsam")
    user = User.objects.create_user("finsam")
    Membership.objects.create(user=user, unit=unit, role=Role.KAA)
    assert scope_for(user).municipality_codes == {"1880"}


def test_open_person_logs_and_hides_existence(world):
    user = world["users"]["kaa"]
    actor = Actor(user, ip="10.0.0.1")
    with pytest.raises(Http404):
        open_person(actor, "test", personnummer=world["persons"]["lekeberg"].personnummer)
    with pytest.raises(Http404):
        open_person(actor, "test", personnummer="inte ett nummer")
    assert not ReadLogEntry.objects.exists()
    person = open_person(actor, "test", personnummer=world["persons"]["protected"].personnummer)
    entry = ReadLogEntry.objects.get()
    assert (entry.username, entry.personnummer, entry.what, entry.ip, entry.protected) == (
        "kaa",
        person.personnummer,
        "test",
        "10.0.0.1",
        True,
    )


def test_search_pages_with_keyset_and_logs_only_shown_hits(world, test_numbers):

    orebro = world["persons"]["asa"].home_municipality
    for i in range(30):
        kaa_person(
            personnummer=test_numbers[10 + i],
            first_name=f"Test{i:02d}",
            last_name="Andersson",
            home_municipality=orebro,
        )
    actor = Actor(world["users"]["kaa"])
    first, cursor = search_persons(actor, "andersson", size=25)
    assert len(first) == 25 and cursor
    assert ReadLogEntry.objects.count() == 25
    rest, cursor2 = search_persons(actor, "andersson", cursor=cursor, size=25)
    assert len(rest) == 5 and cursor2 is None
    assert {p.pk for p in first}.isdisjoint({p.pk for p in rest})


def test_person_age_and_birth_date_from_number(world):
    asa = world["persons"]["asa"]
    assert asa.birth_date == date(int(asa.personnummer[:4]), int(asa.personnummer[4:6]), int(asa.personnummer[6:8]))


def test_page_cursor_is_opaque_and_cannot_be_forged(world, test_numbers):
    import base64

    from fotfaste.core.keyset import encode_cursor
    from fotfaste.people.models import Person

    orebro = world["persons"]["asa"].home_municipality
    for i in range(3):
        kaa_person(personnummer=test_numbers[10 + i], first_name=f"Test{i}", last_name="Berg", home_municipality=orebro)
    actor = Actor(world["users"]["kaa"])
    first, cursor = search_persons(actor, "berg", size=2)
    decoded = base64.urlsafe_b64decode(cursor.split(":")[0] + "==").decode(errors="replace")
    assert "berg" not in cursor.lower() and "berg" not in decoded.lower()
    # A forged cursor naming another row is not honoured: the search starts over.
    forged = encode_cursor(Person, first[0].pk)[:-2] + "xx"
    again, _ = search_persons(actor, "berg", cursor=forged, size=2)
    assert [p.pk for p in again] == [p.pk for p in first]
    # A validly signed cursor naming a person outside the user's scope gives no position either.
    hidden = world["persons"]["lekeberg"]
    again, _ = search_persons(actor, "berg", cursor=encode_cursor(Person, hidden.pk), size=2)
    assert [p.pk for p in again] == [p.pk for p in first]

"""Configuring a programme on its page: the rules in plain fields and the routine's steps, with errors by line."""

import pytest
from django.utils import timezone

from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from fotfaste.programmes import services
from fotfaste.programmes.forms import parse_steps
from fotfaste.programmes.models import Participation

pytestmark = pytest.mark.django_db


def test_steps_are_read_line_by_line_and_every_bad_line_is_named():
    steps = parse_steps("Identifiera | arbetsformedlare | 7 | AF lyfter fram\nInformera | Ungdomssamordnare\n\nAvtal")
    assert steps == [
        {"namn": "Identifiera", "roll": "arbetsformedlare", "beskrivning": "AF lyfter fram", "dagar": 7},
        {"namn": "Informera", "roll": "samordnare", "beskrivning": ""},
        {"namn": "Avtal", "roll": "", "beskrivning": ""},
    ]
    with pytest.raises(Exception) as error:
        parse_steps("Identifiera | chef\n | syv\nAvtal | syv | noll")
    text = " ".join(error.value.messages)
    assert "Rad 1: okänd roll ”chef”" in text and "Rad 2: namnet saknas." in text
    assert "Rad 3: dagar ska vara ett heltal från 1 till 365, inte ”noll”." in text


@pytest.fixture
def coordinator(world, login):
    Membership.objects.create(user=world["users"]["kaa"], unit=world["units"]["kaa"], role=Role.COORDINATOR)
    return login(world["users"]["kaa"])


def form_data(programme, **changes):
    data = {
        "name": programme.name,
        "owner": programme.owner,
        "active": "on",
        "registered": "on",
        "age_from": 20,
        "age_until": 25,
        "diploma": "krav",
        "unemployed_months": 6,
        "unemployed_frame": 9,
        "steps": "Identifiera | arbetsformedlare | 10\nAvtal | arbetsformedlare",
        "version": programme.version,
    }
    return {**data, **changes}


def test_a_coordinator_edits_rules_and_steps(world, coordinator):
    programme = services.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    url = f"/program/{programme.agreement_id}/{programme.code}/andra/"
    page = coordinator.get(url).content.decode()
    assert "Identifiera arbetsplatser | arbetsgivarkontakt" in page  # the catalogue's routine, one per line
    response = coordinator.post(url, form_data(programme, valid_until="2017-12-31", income_support="on"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert [s["namn"] for s in programme.steps] == ["Identifiera", "Avtal"] and programme.steps[0]["dagar"] == 10
    assert {"typ": "forsorjningsstod"} in programme.conditions and str(programme.valid_until) == "2017-12-31"
    # Bad input changes nothing and names the field.
    response = coordinator.post(url, form_data(programme, steps="Identifiera | chef", age_from=30))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rad 1: okänd roll ”chef”" in page and "Den övre åldern ska vara större än den nedre." in page
    programme.refresh_from_db()
    assert len(programme.steps) == 2


def test_steps_with_people_in_them_cannot_be_removed(world, coordinator):
    programme = services.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    Participation.objects.create(
        programme=programme, person=world["persons"]["asa"], unit=world["units"]["kaa"], step=3,
        step_since=timezone.localdate(),
    )  # fmt: skip
    url = f"/program/{programme.agreement_id}/{programme.code}/andra/"
    response = coordinator.post(url, form_data(programme))
    assert response.status_code == 200
    assert "Det finns deltagare i steg 4. Behåll minst 4 steg" in response.content.decode()
    programme.refresh_from_db()
    assert len(programme.steps) == 7


def test_two_coordinators_editing_at_once_never_overwrite_each_other(world, coordinator):
    programme = services.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    url = f"/program/{programme.agreement_id}/{programme.code}/andra/"
    opened = programme.version
    assert f'name="version" value="{opened}"' in coordinator.get(url).content.decode()
    assert coordinator.post(url, form_data(programme, name="Först sparat", version=opened)).status_code == 302
    response = coordinator.post(url, form_data(programme, name="Sparat sedan", version=opened))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Någon annan sparade programmet medan du arbetade. Dina ändringar är inte sparade." in page
    programme.refresh_from_db()
    assert programme.name == "Först sparat" and programme.version == opened + 1
    # The form now carries the saved version: saving again overwrites, knowingly.
    assert f'name="version" value="{opened + 1}"' in page
    assert coordinator.post(url, form_data(programme, name="Sparat sedan")).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Sparat sedan" and programme.version == opened + 2


def test_a_form_without_its_version_saves_nothing(world, coordinator):
    programme = services.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    url = f"/program/{programme.agreement_id}/{programme.code}/andra/"
    data = form_data(programme, name="Utan version")
    del data["version"]
    assert coordinator.post(url, data).status_code == 200
    programme.refresh_from_db()
    assert programme.name != "Utan version"


def test_only_the_agreements_coordinators_edit(world, login, coordinator):
    programme = services.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    url = f"/program/{programme.agreement_id}/{programme.code}/andra/"
    assert login(world["users"]["arbetsformedlare"]).get(url).status_code == 403
    assert login(world["users"]["kaa.lekeberg"]).post(url, form_data(programme)).status_code == 403

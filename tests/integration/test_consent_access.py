"""Consent in the access mechanism: for each kind of information, a user of another party sees it
with a consent in force and not without it, not after withdrawal, not after expiry, and not when
the consent covers other kinds only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.consent.models import KIND_FIELDS, Consent, ConsentConfirmation, ConsentRecipient
from fotfaste.orgs.models import Unit
from fotfaste.records.models import PartyRecord
from fotfaste.team.models import TeamMember
from tests.conftest import own_ground

pytestmark = pytest.mark.django_db


def give_consent(person, recorded_by, kinds, *, state="valid", parties=(), confirmed_by=None):
    """A consent as recorded and confirmed: by default every unit of the named parties has confirmed
    it for what it holds (the recorder with the identity it holds); `confirmed_by` names the units
    that have, for tests of a holder that has not."""
    today = timezone.localdate()
    consent = Consent.objects.create(
        person=person,
        purpose="Samordnat stöd",
        status="lamnat",
        method="underskrift",
        given_by="personen",
        valid_from=today - timedelta(days=30),
        valid_until=today - timedelta(days=1) if state == "expired" else today + timedelta(days=300),
        withdrawn_at=timezone.now() if state == "withdrawn" else None,
        recorded_by_unit=recorded_by,
        **{KIND_FIELDS[k]: True for k in kinds},
    )
    if state == "withdrawn":
        consent.status = "aterkallat"
        consent.save()
    if state == "not_started":
        consent.valid_from = today + timedelta(days=1)
        consent.save()
    for party in parties:
        ConsentRecipient.objects.create(consent=consent, party=party)
    holders = (
        [recorded_by, *Unit.objects.filter(party__in=parties).exclude(pk=recorded_by.pk)]
        if confirmed_by is None
        else confirmed_by
    )
    for unit in holders:
        ConsentConfirmation.objects.create(consent=consent, unit=unit, holds_identity=unit == recorded_by)
    return consent


# kind, the unit that holds the information, the viewer from another party or authority
CASES = [
    ("sysselsattning_plan", "kaa", "arbetsformedlare"),
    ("af", "af", "kaa"),
    ("forsorjningsstod", "social", "arbetsformedlare"),
    ("halsa", "social", "kaa"),
]
STATES = ["valid", "none", "withdrawn", "expired", "not_started", "other_kinds"]


def _viewer_may_open(viewer: str) -> set[str]:
    # KAA sees everyone in its municipality by law; AF needs the identity kind to see the person at all.
    return set() if viewer == "kaa" else {"identitet"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind,owner,viewer", CASES)
def test_each_kind_is_shared_only_under_a_consent_in_force(world, login, kind, owner, viewer, state):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    PartyRecord.objects.create(
        person=person, unit=units[owner], kind=kind, title="HEMLIG-UPPGIFT", start_date=timezone.localdate()
    )
    parties = (units["kaa"].party, units["af"].party)  # the municipality as a whole and AF
    if state != "none":
        kinds = _viewer_may_open(viewer) | ({"identitet"} if state == "other_kinds" else {kind})
        if state == "other_kinds":
            kinds |= {k for k in KIND_FIELDS if k not in (kind, "identitet")} - {kind}
        give_consent(person, units["kaa"], kinds, state="valid" if state == "other_kinds" else state, parties=parties)
    response = login(users[viewer]).get(reverse("people:detail", args=[person.pk]))
    page = response.content.decode()
    if state == "valid":
        assert response.status_code == 200
        assert "HEMLIG-UPPGIFT" in page
    else:
        assert "HEMLIG-UPPGIFT" not in page
        if viewer == "kaa":
            assert response.status_code == 200  # KAA still sees the person, just not the other authority's record
        elif state != "other_kinds":
            assert response.status_code == 404  # without identity shared, AF cannot even find the person


@pytest.mark.parametrize("state", STATES)
def test_identity_reaches_another_party_only_under_a_consent_in_force(world, login, state):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    if state != "none":
        kinds = {"sysselsattning_plan"} if state == "other_kinds" else {"identitet"}
        give_consent(
            person,
            units["kaa"],
            kinds,
            state="valid" if state == "other_kinds" else state,
            parties=(units["kaa"].party, units["af"].party),
        )
    client = login(users["arbetsformedlare"])
    detail = client.get(reverse("people:detail", args=[person.pk]))
    search = client.get(reverse("people:search"), {"q": person.personnummer})
    visible = state == "valid"
    assert detail.status_code == (200 if visible else 404)
    assert (reverse("people:detail", args=[person.pk]) in search.content.decode()) is visible


def test_withdrawal_takes_effect_at_once(world, login):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    consent = give_consent(person, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    af, kaa = login(users["arbetsformedlare"]), login(users["kaa"])
    assert af.get(reverse("people:detail", args=[person.pk])).status_code == 200
    response = kaa.post(
        reverse("consent:withdraw", args=[person.pk, consent.pk]), {"note": "Ringde i dag och återkallade."}
    )
    assert response.status_code == 302
    assert af.get(reverse("people:detail", args=[person.pk])).status_code == 404


def test_a_consent_naming_only_other_units_shares_nothing_with_the_viewer(world, login):
    """A consent between social services and AF does not open AF's records to the KAA unit."""
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    PartyRecord.objects.create(
        person=person, unit=units["af"], kind="af", title="AF-UPPGIFT", start_date=timezone.localdate()
    )
    consent = give_consent(person, units["social"], {"identitet", "af"}, parties=(units["af"].party,))
    ConsentRecipient.objects.create(consent=consent, party=units["social"].party, unit=units["social"])
    assert "AF-UPPGIFT" not in login(users["kaa"]).get(reverse("people:detail", args=[person.pk])).content.decode()
    own_ground(person, units["social"], timezone.localdate())
    page = login(users["socialsekreterare"]).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "AF-UPPGIFT" in page


def test_without_consent_the_municipality_cannot_learn_that_af_knows_the_person(world, login):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    today = timezone.localdate()
    own_ground(person, units["af"], today)
    TeamMember.objects.create(
        person=person, unit=units["af"], name="Amir AF", role="arbetsformedlare", start_date=today
    )
    PartyRecord.objects.create(person=person, unit=units["af"], kind="af", title="Inskriven", start_date=today)
    kaa = login(users["kaa"])
    page = kaa.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert units["af"].name not in page and "Amir AF" not in page and "Inskriven" not in page
    token_team = kaa.get(reverse("people:detail", args=[person.pk]))
    assert token_team.status_code == 200
    # With a consent covering identity, team and AF, all three appear.
    give_consent(
        person,
        units["kaa"],
        {"identitet", "sysselsattning_plan", "af"},
        parties=(units["kaa"].party, units["af"].party),
    )
    page = kaa.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert units["af"].name in page and "Amir AF" in page and "Inskriven" in page


def test_every_use_of_a_consent_is_in_the_read_log(world, login):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    PartyRecord.objects.create(
        person=person, unit=units["kaa"], kind="sysselsattning_plan", title="Praktik", start_date=timezone.localdate()
    )
    consent = give_consent(
        person, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party)
    )
    login(users["arbetsformedlare"]).get(reverse("people:detail", args=[person.pk]))
    rows = ReadLogEntry.objects.filter(username="arbetsformedlare", personnummer=person.personnummer)
    assert {r.consent_id_ref for r in rows} == {consent.pk}
    assert {r.what for r in rows} == {
        f"personsida (samtycke #{consent.pk})",
        f"uppgifter: sysselsattning_plan (samtycke #{consent.pk})",
        # The programme section used the municipality's school facts the consent shares.
        f"programbehörighet (samtycke #{consent.pk})",
    }
    # The KAA caseworker reads by law, not by consent: no consent in its log rows.
    login(users["kaa"]).get(reverse("people:detail", args=[person.pk]))
    assert not ReadLogEntry.objects.filter(username="kaa", consent_id_ref__isnull=False).exists()


def test_social_services_team_work_stays_hidden_from_kaa_without_consent(world, login):
    ali, units, users = world["persons"]["ali"], world["units"], world["users"]
    social = login(users["socialsekreterare"])
    response = social.post(
        reverse("team:add", args=[ali.pk]),
        {
            "unit": units["social"].pk,
            "user": users["socialsekreterare"].pk,
            "role": "socialsekreterare",
            "is_main_contact": "on",
            "start_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert TeamMember.objects.filter(person=ali, unit=units["social"], is_main_contact=True).exists()
    assert "Socialsekreterare" in social.get(reverse("people:detail", args=[ali.pk])).content.decode()
    page = login(users["kaa"]).get(reverse("people:detail", args=[ali.pk])).content.decode()
    assert units["social"].name not in page and "Socialsekreterare" not in page


def test_each_unit_adds_only_its_own_members_even_with_a_consent(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    kaa = login(users["kaa"])
    data = {"unit": units["af"].pk, "name": "Amir AF", "role": "arbetsformedlare", "start_date": "2026-01-01"}
    response = kaa.post(reverse("team:add", args=[asa.pk]), data)
    assert response.status_code == 200 and not TeamMember.objects.exists()  # AF is not even offered
    give_consent(
        asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party)
    )
    assert kaa.post(reverse("team:add", args=[asa.pk]), data).status_code == 200
    assert not TeamMember.objects.exists()
    # AF, seeing Åsa under the consent, adds its own officer.
    af_data = {**data, "user": users["arbetsformedlare"].pk, "name": ""}
    assert login(users["arbetsformedlare"]).post(reverse("team:add", args=[asa.pk]), af_data).status_code == 302
    assert TeamMember.objects.filter(person=asa, unit=units["af"]).exists()


def test_a_consent_shares_details_but_does_not_let_another_party_change_them(world, login):
    person, units, users = world["persons"]["asa"], world["units"], world["users"]
    give_consent(person, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    af = login(users["arbetsformedlare"])
    page = af.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Ändra kontaktuppgifter" not in page and "Du ser personen genom ett samtycke" in page
    response = af.post(reverse("people:edit_contact", args=[person.pk]), {"phone": "070-000 00 00"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.phone == "070-123 45 67"


def test_a_guardian_consents_too_for_an_under_18_where_the_agreement_says_so(world, login):
    from fotfaste.consent.models import ConsentSettings

    asa, units = world["persons"]["asa"], world["units"]  # Åsa is 16
    kaa = login(world["users"]["kaa"])
    data = {
        "unit": units["kaa"].pk,
        "status": "lamnat",
        "parties": [units["af"].party.pk],
        "kinds": ["identitet"],
        "purpose": "Samordnat stöd",
        "method": "underskrift",
        "given_by": "personen",
        "valid_from": timezone.localdate().isoformat(),
    }
    refused = kaa.post(reverse("consent:create", args=[asa.pk]), data).content.decode()
    assert "Personen är under 18 år: vårdnadshavaren ska också samtycka." in refused
    assert "Skriv vårdnadshavarens namn." in refused and not Consent.objects.exists()
    ConsentSettings.objects.create(agreement=world["agreements"]["orebro"], guardian_required_under_18=False)
    assert kaa.post(reverse("consent:create", args=[asa.pk]), data).status_code == 302
    settings_page = login(world["users"]["root"]).get(reverse("meetings:agreement_settings"))
    assert settings_page.status_code == 200
    response = login(world["users"]["root"]).post(
        reverse("meetings:agreement_settings"),
        {
            f"{world['agreements']['orebro'].pk}_vardnadshavare": "on",
            f"{world['agreements']['orebro'].pk}_samtal": "6",
            f"{world['agreements']['lekeberg'].pk}_samtal": "0",
        },
    )
    assert "Ange ett helt antal samtal från 1 till 20 för Samverkan unga Lekeberg." in response.content.decode()

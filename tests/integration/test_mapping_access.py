"""The mapping in the access mechanism: who may record sensitive barriers, who sees what of another unit's
mapping under which consent (and that each use of a consent is logged), and need levels per agreement."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ChangeLogEntry, OwnGround, ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.access.sharing import Sharing
from fotfaste.accounts.models import User
from fotfaste.mapping import services
from fotfaste.mapping.models import Mapping, NeedLevel, SensitiveBarrier
from fotfaste.mapping.person import mapping_section
from fotfaste.mapping.rules import DEFAULT_LEVELS, levels_for
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from tests.conftest import own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db

FORM = {
    "talk_date": "",
    "education_level": "gymnasium_ej_klar",
    "grades_note": "Saknar betyg i matematik",
    "work_experience": "Feriearbete",
    "interests": "Musik",
    "goals": "VILL-BLI-ELEKTRIKER",
    "strengths": "Pålitlig",
    "driving_licence": "ovningskorning",
    "cv": "skrivs",
    "barrier_economy": "on",
    "barrier_economy_note": "Skulder",
    "need_level": "samordnade_insatser",
    "own_words": "Jag vill jobba.",
}


def post_mapping(client, person, unit, **extra):
    data = FORM | {"unit": unit.pk, "talk_date": timezone.localdate().isoformat()} | extra
    return client.post(reverse("mapping:create", args=[person.pk]), data)


def record(world, username, unit, person="ali", **extra):
    args = dict(
        unit=world["units"][unit],
        talk_date=timezone.localdate(),
        education_level="grundskola",
        driving_licence="inget",
        cv="nej",
        goals="VILL-BLI-ELEKTRIKER",
    )
    return services.record_mapping(Actor(world["users"][username]), world["persons"][person], **(args | extra))


# Recording sensitive barriers


def test_kaa_never_sees_the_sensitive_fields_and_the_service_refuses_them(world, login):
    ali, kaa_unit = world["persons"]["ali"], world["units"]["kaa"]
    client = login(world["users"]["kaa"])
    page = client.get(reverse("mapping:create", args=[ali.pk])).content.decode()
    assert "Gör en kartläggning" in page
    assert "sensitive_health" not in page and "Funktionsnedsättning" not in page

    # Posting the fields anyway stores no sensitive barrier.
    response = post_mapping(client, ali, kaa_unit, sensitive_health="on", sensitive_health_note="HEMLIG-HÄLSA")
    assert response.status_code == 302
    assert Mapping.objects.filter(person=ali, unit=kaa_unit).count() == 1
    assert not SensitiveBarrier.objects.exists()

    with pytest.raises(ValidationError) as error:
        record(world, "kaa", "kaa", sensitive={"halsa": "HEMLIG-HÄLSA"})
    assert "sensitive_health" in error.value.message_dict
    assert "KAA-enheten" in error.value.message_dict["sensitive_health"][0]
    assert Mapping.objects.count() == 1


def test_a_casework_role_in_a_unit_with_kaa_caseworkers_may_not_record_them_either(world):
    guide = User.objects.create_user(username="syv")
    Membership.objects.create(user=guide, unit=world["units"]["kaa"], role=Role.GUIDANCE)
    assert [mu.may_record_sensitive for mu in services.mapping_units(guide)] == [False]
    world["users"]["syv"] = guide
    with pytest.raises(ValidationError):
        record(world, "syv", "kaa", sensitive={"funktionsnedsattning": ""})
    assert not Mapping.objects.exists()


def test_the_social_worker_records_sensitive_barriers(world, login):
    ali, social = world["persons"]["ali"], world["units"]["social"]
    client = login(world["users"]["socialsekreterare"])
    page = client.get(reverse("mapping:create", args=[ali.pk])).content.decode()
    assert 'name="sensitive_health"' in page
    response = post_mapping(
        client, ali, social, sensitive_health="on", sensitive_health_note="HEMLIG-HÄLSA", sensitive_substance_use="on"
    )
    mapping = Mapping.objects.get(person=ali, unit=social)
    assert response.status_code == 302
    assert response.url == reverse("mapping:detail", args=[ali.pk, mapping.pk])
    assert {(b.barrier, b.note) for b in mapping.sensitive_barriers.all()} == {
        ("halsa", "HEMLIG-HÄLSA"),
        ("beroende", ""),
    }
    assert mapping.barrier_economy and mapping.barrier_economy_note == "Skulder"
    assert mapping.need_level.code == "samordnade_insatser"
    detail = client.get(response.url).content.decode()
    assert "HEMLIG-HÄLSA" in detail and "VILL-BLI-ELEKTRIKER" in detail
    # The change log says that a mapping was made, never what the sensitive barriers are.
    entry = ChangeLogEntry.objects.get(person=ali, action="kartläggning: ny")
    assert "HEMLIG-HÄLSA" not in str(entry.after) and "halsa" not in str(entry.after)


def test_an_error_names_the_field_and_saves_nothing(world, login):
    ali, social = world["persons"]["ali"], world["units"]["social"]
    client = login(world["users"]["socialsekreterare"])
    response = post_mapping(client, ali, social, education_level="", talk_date="2999-01-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel:" in page
    assert "Välj den högsta utbildningsnivån." in page
    assert not Mapping.objects.exists()
    response = post_mapping(client, ali, social, talk_date="2999-01-01")
    assert "Datum för samtalet kan inte vara senare än i dag." in response.content.decode()
    assert not Mapping.objects.exists()


def test_only_the_users_own_casework_units_can_own_a_mapping(world, login):
    ali = world["persons"]["ali"]
    response = post_mapping(login(world["users"]["socialsekreterare"]), ali, world["units"]["af"])
    assert response.status_code == 200
    assert not Mapping.objects.exists()
    with pytest.raises(Exception):  # noqa: B017 – PermissionDenied from the service
        record(world, "socialsekreterare", "af")


def test_a_new_mapping_supersedes_the_units_previous_one_which_is_kept(world, login):
    first = record(world, "socialsekreterare", "social", goals="FÖRSTA-MÅLET")
    second = record(world, "socialsekreterare", "social", goals="ANDRA-MÅLET")
    kaa = record(world, "kaa", "kaa")
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert second.superseded_at is None and kaa.superseded_at is None
    ali = world["persons"]["ali"]
    client = login(world["users"]["socialsekreterare"])
    person_page = client.get(reverse("people:detail", args=[ali.pk])).content.decode()
    assert reverse("mapping:detail", args=[ali.pk, second.pk]) in person_page
    assert reverse("mapping:detail", args=[ali.pk, first.pk]) not in person_page
    detail = client.get(reverse("mapping:detail", args=[ali.pk, second.pk])).content.decode()
    assert "ANDRA-MÅLET" in detail
    assert reverse("mapping:detail", args=[ali.pk, first.pk]) in detail  # in the history
    assert reverse("mapping:detail", args=[ali.pk, kaa.pk]) not in detail  # another unit's is not its history
    old = client.get(reverse("mapping:detail", args=[ali.pk, first.pk])).content.decode()
    assert "FÖRSTA-MÅLET" in old and "En senare kartläggning från samma enhet har ersatt den här." in old
    # The next mapping starts from the unit's current one.
    form = client.get(reverse("mapping:create", args=[ali.pk])).content.decode()
    assert "ANDRA-MÅLET" in form and "FÖRSTA-MÅLET" not in form


def test_a_mapping_talk_means_the_unit_works_with_the_person(world):
    record(world, "kaa", "kaa", person="asa")
    assert OwnGround.objects.filter(person=world["persons"]["asa"], unit=world["units"]["kaa"]).exists()
    record(world, "socialsekreterare", "social")
    assert OwnGround.objects.filter(person=world["persons"]["ali"], unit=world["units"]["social"]).count() == 1


# Another unit's mapping, under consent


def af_view(world, login, person, mapping):
    client = login(world["users"]["arbetsformedlare"])
    page = client.get(reverse("people:detail", args=[person.pk]))
    detail = client.get(reverse("mapping:detail", args=[person.pk, mapping.pk]))
    return page, detail


@pytest.mark.parametrize(
    "kinds,sees_mapping,sees_sensitive",
    [
        (set(), False, False),
        ({"sysselsattning_plan"}, True, False),
        ({"halsa"}, False, False),  # the sensitive part only within a mapping the viewer may see
        ({"sysselsattning_plan", "halsa"}, True, True),
    ],
)
def test_af_sees_the_mapping_and_its_sensitive_part_only_by_the_kinds_of_a_consent(
    world, login, kinds, sees_mapping, sees_sensitive
):
    ali, units = world["persons"]["ali"], world["units"]
    mapping = record(world, "socialsekreterare", "social", sensitive={"halsa": "HEMLIG-HÄLSA"})
    parties = (units["social"].party, units["af"].party)
    identity = give_consent(ali, units["social"], {"identitet"}, parties=parties)
    consent = give_consent(ali, units["social"], kinds, parties=parties) if kinds else None
    page, detail = af_view(world, login, ali, mapping)
    assert page.status_code == 200  # identity is shared
    assert (reverse("mapping:detail", args=[ali.pk, mapping.pk]) in page.content.decode()) is sees_mapping
    assert detail.status_code == (200 if sees_mapping else 404)
    body = detail.content.decode()
    assert ("VILL-BLI-ELEKTRIKER" in body) is sees_mapping
    assert ("HEMLIG-HÄLSA" in body) is sees_sensitive

    logged = {
        (r.what.split(" (")[0], r.consent_id_ref)
        for r in ReadLogEntry.objects.filter(username="arbetsformedlare", what__startswith="kartläggning: ")
    }
    expected = set()
    if sees_mapping:
        expected.add(("kartläggning: sysselsattning_plan", consent.pk))
    if sees_sensitive:
        expected.add(("kartläggning: halsa", consent.pk))
    assert logged == expected
    assert identity.pk not in {c for _what, c in logged}


def test_the_person_page_logs_the_consent_it_shows_another_units_mapping_by(world, login):
    ali, units = world["persons"]["ali"], world["units"]
    record(world, "socialsekreterare", "social", need_level_code="omfattande")
    parties = (units["social"].party, units["af"].party)
    give_consent(ali, units["social"], {"identitet"}, parties=parties)
    consent = give_consent(ali, units["social"], {"sysselsattning_plan"}, parties=parties)
    page = login(world["users"]["arbetsformedlare"]).get(reverse("people:detail", args=[ali.pk])).content.decode()
    assert "Långsiktigt och omfattande stöd" in page
    rows = ReadLogEntry.objects.filter(username="arbetsformedlare", what__startswith="kartläggning")
    assert [(r.what, r.consent_id_ref) for r in rows] == [
        (f"kartläggning: sysselsattning_plan (samtycke #{consent.pk})", consent.pk)
    ]


@pytest.mark.parametrize("state", ["withdrawn", "expired", "not_started"])
def test_nothing_of_the_mapping_after_withdrawal_or_expiry(world, login, state):
    ali, units = world["persons"]["ali"], world["units"]
    mapping = record(world, "socialsekreterare", "social", sensitive={"halsa": "HEMLIG-HÄLSA"})
    parties = (units["social"].party, units["af"].party)
    give_consent(ali, units["social"], {"identitet"}, parties=parties)
    give_consent(ali, units["social"], {"sysselsattning_plan", "halsa"}, state=state, parties=parties)
    page, detail = af_view(world, login, ali, mapping)
    assert page.status_code == 200
    assert "VILL-BLI-ELEKTRIKER" not in page.content.decode()
    assert reverse("mapping:detail", args=[ali.pk, mapping.pk]) not in page.content.decode()
    assert detail.status_code == 404
    assert not ReadLogEntry.objects.filter(username="arbetsformedlare", what__startswith="kartläggning: ").exists()


def test_withdrawal_takes_the_mapping_away_at_once(world, login):
    ali, units = world["persons"]["ali"], world["units"]
    mapping = record(world, "socialsekreterare", "social")
    parties = (units["social"].party, units["af"].party)
    give_consent(ali, units["social"], {"identitet"}, parties=parties)
    consent = give_consent(ali, units["social"], {"sysselsattning_plan"}, parties=parties)
    assert af_view(world, login, ali, mapping)[1].status_code == 200
    social = login(world["users"]["socialsekreterare"])
    social.post(reverse("consent:withdraw", args=[ali.pk, consent.pk]), {"note": "Ringde och återkallade."})
    assert af_view(world, login, ali, mapping)[1].status_code == 404


def test_kaa_sees_social_services_mapping_only_by_consent_and_own_units_without(world, login):
    ali, units = world["persons"]["ali"], world["units"]
    social_mapping = record(world, "socialsekreterare", "social", sensitive={"halsa": "HEMLIG-HÄLSA"})
    kaa_mapping = record(world, "kaa", "kaa", goals="KAA-MÅLET")
    kaa = login(world["users"]["kaa"])
    page = kaa.get(reverse("people:detail", args=[ali.pk])).content.decode()
    assert reverse("mapping:detail", args=[ali.pk, kaa_mapping.pk]) in page
    assert reverse("mapping:detail", args=[ali.pk, social_mapping.pk]) not in page
    assert kaa.get(reverse("mapping:detail", args=[ali.pk, social_mapping.pk])).status_code == 404
    social = login(world["users"]["socialsekreterare"])
    assert social.get(reverse("mapping:detail", args=[ali.pk, kaa_mapping.pk])).status_code == 404
    # A consent naming the whole municipality shares each of its units' mappings with the others.
    consent = give_consent(ali, units["social"], {"sysselsattning_plan", "halsa"}, parties=(units["kaa"].party,))
    detail = kaa.get(reverse("mapping:detail", args=[ali.pk, social_mapping.pk])).content.decode()
    assert "HEMLIG-HÄLSA" in detail
    assert social.get(reverse("mapping:detail", args=[ali.pk, kaa_mapping.pk])).status_code == 200
    assert set(
        ReadLogEntry.objects.filter(username="kaa", what__startswith="kartläggning: ").values_list(
            "what", "consent_id_ref"
        )
    ) == {
        (f"kartläggning: sysselsattning_plan (samtycke #{consent.pk})", consent.pk),
        (f"kartläggning: halsa (samtycke #{consent.pk})", consent.pk),
    }


def test_a_mapping_of_another_person_is_not_found_through_this_one(world, login):
    mapping = record(world, "kaa", "kaa", person="asa")
    ali = world["persons"]["ali"]
    assert login(world["users"]["kaa"]).get(reverse("mapping:detail", args=[ali.pk, mapping.pk])).status_code == 404


def test_the_section_is_there_for_every_casework_user_and_costs_the_same_for_many_mappings(world, login):
    ali = world["persons"]["ali"]
    assert mapping_section(Actor(world["users"]["kaa"]), ali, Sharing(own_unit_ids=frozenset()), None) is None
    client = login(world["users"]["kaa"])
    page = client.get(reverse("people:detail", args=[ali.pk])).content.decode()
    assert "Ingen kartläggning som du kan se." in page and "Gör en kartläggning" in page

    record(world, "kaa", "kaa")
    client.get(reverse("people:detail", args=[ali.pk]))  # warm up
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("people:detail", args=[ali.pk]))
    # Several units' mappings, visible to the viewer through its own roles in them.
    for unit in ("social", "af"):
        Membership.objects.create(user=world["users"]["kaa"], unit=world["units"][unit], role=Role.GUIDANCE)
        Mapping.objects.create(
            person=ali,
            unit=world["units"][unit],
            talk_date=timezone.localdate() - timedelta(days=3),
            education_level="grundskola",
            driving_licence="b",
            cv="ja",
            need_level=NeedLevel.objects.first(),
        )
    client = login(world["users"]["kaa"])
    client.get(reverse("people:detail", args=[ali.pk]))
    with CaptureQueriesContext(connection) as three:
        page = client.get(reverse("people:detail", args=[ali.pk])).content.decode()
    assert all(reverse("mapping:detail", args=[ali.pk, m.pk]) in page for m in Mapping.objects.all())
    assert Mapping.objects.count() == 3
    assert len(three) == len(one)


# Need levels per agreement


def test_need_levels_default_to_eslovs_four_and_are_configurable_per_agreement(world, login):
    orebro, lekeberg = world["agreements"]["orebro"], world["agreements"]["lekeberg"]
    assert [lv.code for lv in levels_for(orebro)] == [d.code for d in DEFAULT_LEVELS]
    assert not NeedLevel.objects.exists()

    admin = login(world["users"]["root"])
    url = reverse("mapping:level_edit", args=[orebro.pk])
    page = admin.get(url).content.decode()
    assert "Samordnade insatser i 4–8 månader" in page and "använder standardnivåerna" in page
    data = {}
    for d in DEFAULT_LEVELS:
        data |= {f"{d.code}-name": d.name, f"{d.code}-description": d.description, f"{d.code}-order": d.order}
        data[f"{d.code}-active"] = "on"
    data |= {
        "begransad-name": "Lätt stöd",
        "begransad-order": "5",  # now last
        "ej_tillganglig-active": "",  # deactivated
        "ny-niva-name": "Akut stöd",
        "ny-niva-description": "Behöver stöd i dag.",
        "ny-niva-order": "1",
    }
    data = {k: v for k, v in data.items() if v != ""}
    assert admin.post(url, data).status_code == 302

    levels = levels_for(orebro)
    assert [(lv.name, lv.active) for lv in levels] == [
        ("Akut stöd", True),
        ("Samordnade insatser i 4–8 månader", True),
        ("Långsiktigt och omfattande stöd", True),
        ("Inte tillgänglig för arbete just nu", False),
        ("Lätt stöd", True),
    ]
    assert levels[-1].code == "begransad"  # the code stays when the name changes
    assert levels[0].code == "akut_stod"
    assert [lv.code for lv in levels_for(lekeberg)] == [d.code for d in DEFAULT_LEVELS]
    assert "ej_tillganglig" not in [lv.code for lv in levels_for(orebro, active_only=True)]

    # The mapping form offers the agreement's active levels; the service refuses an inactive one.
    form = login(world["users"]["kaa"]).get(reverse("mapping:create", args=[world["persons"]["ali"].pk]))
    assert "Akut stöd" in form.content.decode() and "Inte tillgänglig för arbete just nu" not in form.content.decode()
    lekeberg_form = login(world["users"]["kaa.lekeberg"]).get(
        reverse("mapping:create", args=[world["persons"]["lekeberg"].pk])
    )
    assert "Begränsad samordnad service" in lekeberg_form.content.decode()
    with pytest.raises(ValidationError) as error:
        record(world, "kaa", "kaa", need_level_code="ej_tillganglig")
    assert "need_level" in error.value.message_dict
    assert record(world, "kaa", "kaa", need_level_code="akut_stod").need_level.name == "Akut stöd"

    # A mapping in an agreement on the defaults stores them, as they were.
    mapping = record(world, "kaa.lekeberg", "lekeberg_kaa", person="lekeberg", need_level_code="omfattande")
    assert mapping.need_level.agreement == lekeberg
    assert [lv.name for lv in NeedLevel.objects.filter(agreement=lekeberg)] == [d.name for d in DEFAULT_LEVELS]
    # Stored unchanged, they are still the defaults to the administrator.
    assert "använder standardnivåerna" in admin.get(reverse("mapping:level_edit", args=[lekeberg.pk])).content.decode()
    listing = admin.get(reverse("mapping:level_list")).content.decode()
    assert "Akut stöd" in listing and listing.count("<td>Standardnivåerna</td>") == 1


def test_at_least_one_level_stays_active_and_errors_name_the_level(world, login):
    orebro = world["agreements"]["orebro"]
    admin = login(world["users"]["admin"])
    url = reverse("mapping:level_edit", args=[orebro.pk])
    data = {}
    for d in DEFAULT_LEVELS:
        data |= {f"{d.code}-name": d.name, f"{d.code}-order": d.order}
    response = admin.post(url, data)
    assert "Minst en behovsnivå måste vara aktiv." in response.content.decode()
    assert not NeedLevel.objects.exists()
    data["samordnade_insatser-name"] = ""
    data["samordnade_insatser-active"] = "on"
    response = admin.post(url, data)
    assert "Skriv ett namn för nivå 2." in response.content.decode()
    assert "<title>Fel:" in response.content.decode()
    assert not NeedLevel.objects.exists()


@pytest.mark.parametrize("who", ["kaa", "socialsekreterare", "styrgrupp"])
def test_only_administrators_edit_need_levels(world, login, who):
    client = login(world["users"][who])
    orebro = world["agreements"]["orebro"]
    assert client.get(reverse("mapping:level_list")).status_code == 403
    assert client.post(reverse("mapping:level_edit", args=[orebro.pk]), {}).status_code == 403


# Demo data


def test_demo_maps_about_half_with_eslovs_split_and_kaa_never_sensitive(world, test_numbers):
    import random
    from collections import Counter

    from fotfaste.mapping.demo import add_demo_mappings
    from fotfaste.people.models import Person

    units, orebro = world["units"], world["persons"]["asa"].home_municipality
    people = [
        Person.objects.create(personnummer=n, first_name="Demo", last_name=f"Person{i}", home_municipality=orebro)
        for i, n in enumerate(test_numbers[10:410])
    ]
    today = timezone.localdate()
    for p in people[:120]:
        own_ground(p, units["social"], today - timedelta(days=100))
    made = add_demo_mappings(
        random.Random(3), today, people, {"kaa": units["kaa"], "social": units["social"]}, world["users"]
    )
    current_kaa = Mapping.objects.filter(unit=units["kaa"], superseded_at__isnull=True)
    assert current_kaa.count() == made["kaa"] == 200
    assert Mapping.objects.filter(unit=units["kaa"], superseded_at__isnull=False).count() == made["ersatta"] > 10
    assert not SensitiveBarrier.objects.filter(mapping__unit=units["kaa"]).exists()
    social = Mapping.objects.filter(unit=units["social"])
    assert 40 < social.count() == made["socialtjansten"] < 120
    assert set(social.values_list("person_id", flat=True)) <= {p.pk for p in people[:120]}
    assert 0 < SensitiveBarrier.objects.count() == made["kansliga_hinder"]
    shares = Counter(current_kaa.values_list("need_level__code", flat=True))
    for level in DEFAULT_LEVELS:
        assert abs(shares[level.code] / 200 - level.share) < 0.1, (level.code, shares)
    assert all(m.talk_date <= today for m in Mapping.objects.all())
    for old in Mapping.objects.filter(superseded_at__isnull=False):
        newer = Mapping.objects.get(person=old.person, unit=old.unit, superseded_at__isnull=True)
        assert old.talk_date < newer.talk_date

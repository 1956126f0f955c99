"""Issue 10: every access has a ground the data holder gave, and nothing done under a consent widens
or prolongs it. Each test reproduces a defect the review found (it failed on the code before)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.grounds import GroundKind, end_contact, grounds_for, restrict
from fotfaste.access.models import OwnGround, ReadLogEntry
from fotfaste.access.services import Actor, open_person
from fotfaste.consent import services as consents
from fotfaste.consent.models import Consent, ConsentConfirmation, ConsentDocument
from fotfaste.kaa.models import KaaPeriod
from fotfaste.mapping import services as mapping
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from fotfaste.people.models import Person
from fotfaste.records import services as records
from fotfaste.records.models import PartyRecord
from fotfaste.team import services as team
from fotfaste.team.models import TeamMember
from tests.conftest import own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db


def sees(user, person) -> bool:
    return restrict(user).filter(pk=person.pk).exists()


def identity_consent_to_af(world, **kw):
    units = world["units"]
    return give_consent(
        world["persons"]["asa"], units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party), **kw
    )


# 1. A consent becomes permanent access


def test_joining_the_team_under_a_consent_gives_no_lasting_access(world):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    consent = give_consent(
        asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party)
    )
    af = Actor(users["arbetsformedlare"])
    assert sees(users["arbetsformedlare"], asa)
    team.add_member(af, asa, unit=units["af"], user=users["arbetsformedlare"], role="arbetsformedlare",
                    start_date=timezone.localdate())  # fmt: skip
    assert not OwnGround.objects.filter(person=asa, unit=units["af"]).exists()
    Consent.objects.filter(pk=consent.pk).update(status="aterkallat", withdrawn_at=timezone.now())
    assert not sees(users["arbetsformedlare"], asa)
    with pytest.raises(Http404):
        open_person(af, "personsida", pk=asa.pk)


def test_a_mapping_under_a_consent_gives_no_lasting_access(world):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    consent = identity_consent_to_af(world)
    mapping.record_mapping(
        Actor(users["arbetsformedlare"]),
        asa,
        unit=units["af"],
        talk_date=timezone.localdate(),
        education_level="grundskola",
        driving_licence="b",
        cv="nej",
        interests="lager",
    )
    assert not OwnGround.objects.filter(person=asa, unit=units["af"]).exists()
    Consent.objects.filter(pk=consent.pk).update(status="aterkallat", withdrawn_at=timezone.now())
    assert not sees(users["arbetsformedlare"], asa)


def test_a_record_under_a_consent_gives_no_lasting_access(world):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    consent = identity_consent_to_af(world)
    records.add_record(
        Actor(users["arbetsformedlare"]), asa, unit=units["af"], kind="af", title="Inskriven",
        start_date=timezone.localdate(),
    )  # fmt: skip
    assert not OwnGround.objects.filter(person=asa, unit=units["af"]).exists()
    Consent.objects.filter(pk=consent.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert not sees(users["arbetsformedlare"], asa)


def test_a_unit_with_a_duty_gets_an_own_ground_by_its_work_and_it_ends_with_the_work(world):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    kaa = Actor(users["kaa"])
    today = timezone.localdate()
    member = team.add_member(kaa, asa, unit=units["kaa"], user=users["kaa"], role="kaa", start_date=today)
    ground = OwnGround.objects.get(person=asa, unit=units["kaa"])
    assert ground.basis == "team" and ground.end_date is None
    team.end_member(kaa, asa, member, end_date=today + timedelta(days=10))
    ground.refresh_from_db()
    assert ground.end_date == today + timedelta(days=10)  # the last day of the unit's work


def test_ending_the_contact_ends_the_own_ground_at_once_and_the_units_team_membership(world, login):
    ali, units, users = world["persons"]["ali"], world["units"], world["users"]  # social services work with Ali
    social = login(users["socialsekreterare"])
    social.post(
        reverse("team:add", args=[ali.pk]),
        {"unit": units["social"].pk, "user": users["socialsekreterare"].pk, "role": "socialsekreterare",
         "start_date": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert social.get(reverse("people:end_contact", args=[ali.pk])).status_code == 200
    refused = social.post(reverse("people:end_contact", args=[ali.pk]), {"unit": units["social"].pk, "reason": ""})
    assert "Skriv varför kontakten avslutas." in refused.content.decode()
    response = social.post(
        reverse("people:end_contact", args=[ali.pk]), {"unit": units["social"].pk, "reason": "Har börjat studera"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("people:search")
    assert social.get(reverse("people:detail", args=[ali.pk])).status_code == 404
    ground = OwnGround.objects.get(person=ali, unit=units["social"])
    assert ground.end_reason == "Har börjat studera" and ground.end_date == timezone.localdate() - timedelta(days=1)
    assert TeamMember.objects.get(person=ali, unit=units["social"]).end_date == ground.end_date


def test_only_ones_own_contact_can_be_ended(world):
    ali, units, users = world["persons"]["ali"], world["units"], world["users"]
    with pytest.raises(PermissionDenied):
        end_contact(Actor(users["kaa"]), ali, units["social"], reason="Inte min")
    assert OwnGround.objects.get(person=ali, unit=units["social"]).end_date is None


# 2. A recipient grants itself a consent


def test_a_recipient_cannot_grant_itself_another_holders_information(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    own_ground(asa, units["social"], date(2025, 1, 1))
    PartyRecord.objects.create(
        person=asa, unit=units["social"], kind="forsorjningsstod", title="FORSORJNINGSSTOD-BEVILJAT",
        start_date=timezone.localdate(),
    )  # fmt: skip
    identity_consent_to_af(world)  # AF sees Åsa's identity, nothing more
    af = login(users["arbetsformedlare"])
    response = af.post(
        reverse("consent:create", args=[asa.pk]),
        {"unit": units["af"].pk, "status": "lamnat", "units": [units["social"].pk],
         "kinds": ["identitet", "forsorjningsstod"], "purpose": "Eget", "method": "muntligt",
         "given_by": "personen_och_vardnadshavare", "guardian_name": "Förälder",
         "valid_from": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    own = Consent.objects.get(recorded_by_unit=units["af"])
    assert list(own.confirmations.values_list("unit_id", flat=True)) == [units["af"].pk]
    page = af.get(reverse("people:detail", args=[asa.pk])).content.decode()
    assert "FORSORJNINGSSTOD-BEVILJAT" not in page
    assert "Väntar på bekräftelse från" in page and units["social"].name in page
    # Social services, the holder, sees the consent waiting for it, confirms, and only then AF sees it.
    social = login(users["socialsekreterare"])
    assert [c.pk for c in consents.waiting_for_user(users["socialsekreterare"])] == [own.pk]
    social.post(reverse("consent:confirm", args=[asa.pk, own.pk]), {"unit": units["social"].pk})
    assert "FORSORJNINGSSTOD-BEVILJAT" in af.get(reverse("people:detail", args=[asa.pk])).content.decode()


def test_a_recipient_cannot_pass_on_the_identity_it_only_received(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    fhs_party = units["af"].party.agreement.parties.create(name="Folkhögskolan", kind="folkhogskola")
    fhs = Unit.objects.create(party=fhs_party, name="Folkhögskolan Studiemotiverande")
    teacher = type(users["kaa"]).objects.create_user(username="larare", first_name="Lärare")
    Membership.objects.create(user=teacher, unit=fhs, role=Role.GUIDANCE)
    identity_consent_to_af(world)
    consents.record_consent(
        Actor(users["arbetsformedlare"]), asa, unit=units["af"], parties=[], units=[fhs], kinds=["identitet"],
        purpose="Vidare", status="lamnat", method="muntligt", given_by="personen_och_vardnadshavare",
        guardian_name="Förälder", valid_from=timezone.localdate(),
    )  # fmt: skip
    assert not sees(teacher, asa)


def test_a_named_unit_cannot_answer_a_consent_another_unit_asked_for(world):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    identity_consent_to_af(world)
    asked = consents.record_consent(
        Actor(users["kaa"]), asa, unit=units["kaa"], parties=[units["af"].party], units=[],
        kinds=["identitet", "sysselsattning_plan"], purpose="Samordning", status="begart",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        consents.decide(
            Actor(users["arbetsformedlare"]), asa, asked, status="lamnat", method="muntligt",
            given_by="personen_och_vardnadshavare", guardian_name="Förälder", valid_from=timezone.localdate(),
            valid_until=None,
        )  # fmt: skip
    asked.refresh_from_db()
    assert asked.status == "begart" and not asked.confirmations.exists()


def test_scans_are_kept_as_versions(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    asa, users = world["persons"]["asa"], world["users"]
    consent = identity_consent_to_af(world)
    kaa = Actor(users["kaa"])
    consents.attach_document(kaa, asa, consent, SimpleUploadedFile("forsta.pdf", b"%PDF-1 first"))
    consents.attach_document(kaa, asa, consent, SimpleUploadedFile("andra.pdf", b"%PDF-1 second"))
    scans = list(ConsentDocument.objects.filter(consent=consent).order_by("uploaded_at", "id"))
    assert [s.name for s in scans] == ["forsta.pdf", "andra.pdf"]
    assert all(s.file.storage.exists(s.file.name) for s in scans)
    with pytest.raises(PermissionDenied):  # only the unit that holds the form attaches it
        consents.attach_document(Actor(users["arbetsformedlare"]), asa, consent, SimpleUploadedFile("x.pdf", b"%PDF"))


def test_the_consent_form_offers_only_units_that_work_with_young_people(world, login):
    asa, units = world["persons"]["asa"], world["units"]
    page = login(world["users"]["kaa"]).get(reverse("consent:create", args=[asa.pk])).content.decode()
    assert units["af"].name in page and units["social"].name in page
    assert units["steering"].name not in page and units["admin"].name not in page


def test_the_same_consent_twice_is_refused_with_a_clear_message(world):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    kaa = Actor(users["kaa"])
    values = dict(
        unit=units["kaa"], parties=[units["af"].party], units=[], kinds=["identitet"], purpose="Samordning",
        status="lamnat", method="underskrift", given_by="personen_och_vardnadshavare", guardian_name="Förälder",
        valid_from=timezone.localdate(),
    )  # fmt: skip
    first = consents.record_consent(kaa, asa, **values)
    with pytest.raises(ValidationError) as refused:
        consents.record_consent(kaa, asa, **values)
    assert f"nr {first.pk}" in str(refused.value)
    assert Consent.objects.count() == 1


# Less severe: team, health data, KAA without end, read log


def test_a_unit_under_a_consent_cannot_end_another_units_membership(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    main = TeamMember.objects.create(
        person=asa, unit=units["kaa"], name="Karin", role="kaa", is_main_contact=True, start_date=timezone.localdate()
    )
    give_consent(asa, units["kaa"], {"identitet", "sysselsattning_plan"},
                 parties=(units["kaa"].party, units["af"].party))  # fmt: skip
    af = login(users["arbetsformedlare"])
    assert af.get(reverse("team:end", args=[asa.pk, main.pk])).status_code == 404
    assert af.post(reverse("team:end", args=[asa.pk, main.pk]), {"end_date": "2026-01-01"}).status_code == 404
    with pytest.raises(PermissionDenied):
        team.end_member(Actor(users["arbetsformedlare"]), asa, main, end_date=timezone.localdate())
    main.refresh_from_db()
    assert main.end_date is None and main.is_main_contact
    with pytest.raises(ValidationError):  # nor take over the main contact
        team.add_member(Actor(users["arbetsformedlare"]), asa, unit=units["af"], user=users["arbetsformedlare"],
                        role="arbetsformedlare", is_main_contact=True, start_date=timezone.localdate())  # fmt: skip
    main.refresh_from_db()
    assert main.is_main_contact


def test_one_rule_decides_whether_a_unit_with_kaa_members_may_hold_health_data(world):
    units, users = world["units"], world["users"]
    guide = type(users["kaa"]).objects.create_user(username="syv-i-kaa", first_name="Syv")
    Membership.objects.create(user=guide, unit=units["kaa"], role=Role.GUIDANCE)
    kinds = dict((u.pk, k) for u, k in records.recordable(guide))
    assert "halsa" not in kinds[units["kaa"].pk]
    assert [mu.may_record_sensitive for mu in mapping.mapping_units(guide)] == [False]
    social = dict((u.pk, k) for u, k in records.recordable(users["socialsekreterare"]))
    assert {"halsa", "forsorjningsstod"} <= set(social[units["social"].pk])


def test_the_kaa_duty_ends_after_the_follow_up_time(world):
    asa, users = world["persons"]["asa"], world["users"]
    today = timezone.localdate()
    KaaPeriod.objects.filter(person=asa).update(
        start_date=today - timedelta(days=900), end_date=today - timedelta(days=150)
    )
    assert sees(users["kaa"], asa)
    [duty] = [g for g in grounds_for(users["kaa"], asa.pk) if g.kind == GroundKind.DUTY]
    assert duty.end and duty.end >= today
    KaaPeriod.objects.filter(person=asa).update(end_date=today - timedelta(days=200))
    assert not sees(users["kaa"], asa)


def test_restricting_to_the_kaa_duty_gives_only_the_persons_of_the_duty(world, test_numbers):
    """The worklist's queryset: a subset of restrict, never another ground's persons."""
    asa, users, units = world["persons"]["asa"], world["users"], world["units"]
    other = Person.objects.create(
        personnummer=test_numbers[150], first_name="Ulla", last_name="Utan", home_municipality=asa.home_municipality
    )
    own_ground(other, units["kaa"], timezone.localdate() - timedelta(days=10))
    duty = set(restrict(users["kaa"], duty="kaa").values_list("pk", flat=True))
    everyone = set(restrict(users["kaa"]).values_list("pk", flat=True))
    assert asa.pk in duty and other.pk in everyone and other.pk not in duty and duty < everyone
    assert not restrict(users["arbetsformedlare"], duty="kaa").exists()
    assert not restrict(users["styrgrupp"], duty="kaa").exists()
    assert "fotfaste:restrict" in str(restrict(users["kaa"], duty="kaa").query)


def test_a_404_on_another_persons_plan_or_scan_writes_no_read(world, login):
    asa, lina, users = world["persons"]["asa"], world["persons"]["lekeberg"], world["users"]
    from fotfaste.plans.models import Plan

    plan = Plan.objects.create(person=lina, unit=world["units"]["lekeberg_kaa"], goal_kind="arbete", goal="Jobb")
    consent = identity_consent_to_af(world)
    kaa = login(users["kaa"])
    before = ReadLogEntry.objects.count()
    assert kaa.get(reverse("plans:detail", args=[asa.pk, plan.pk])).status_code == 404
    assert kaa.get(reverse("consent:document", args=[asa.pk, consent.pk, 999])).status_code == 404
    assert ReadLogEntry.objects.count() == before
    assert kaa.get(reverse("people:detail", args=[asa.pk])).status_code == 200
    assert ReadLogEntry.objects.count() > before


def test_the_person_page_says_why_the_user_sees_the_person(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    consent = identity_consent_to_af(world)
    kaa_page = login(users["kaa"]).get(reverse("people:detail", args=[asa.pk])).content.decode()
    assert "Varför du ser Åsa" in kaa_page and "KAA-register" in kaa_page
    af_page = login(users["arbetsformedlare"]).get(reverse("people:detail", args=[asa.pk])).content.decode()
    assert f"samtycke nr {consent.pk}" in af_page and units["af"].name in af_page


def test_an_unconfirmed_holder_discloses_nothing(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    PartyRecord.objects.create(
        person=asa, unit=units["af"], kind="af", title="AF-PROGRAM", start_date=timezone.localdate()
    )
    consent = give_consent(asa, units["kaa"], {"identitet", "af"}, parties=(units["kaa"].party, units["af"].party),
                           confirmed_by=[units["kaa"]])  # fmt: skip
    kaa = login(users["kaa"])
    assert "AF-PROGRAM" not in kaa.get(reverse("people:detail", args=[asa.pk])).content.decode()
    ConsentConfirmation.objects.create(consent=consent, unit=units["af"])
    assert "AF-PROGRAM" in kaa.get(reverse("people:detail", args=[asa.pk])).content.decode()


def test_mina_uppgifter_lists_the_consents_waiting_for_ones_unit(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    consent = give_consent(asa, units["kaa"], {"identitet", "af"}, parties=(units["kaa"].party, units["af"].party),
                           confirmed_by=[units["kaa"]])  # fmt: skip
    af = login(users["arbetsformedlare"])
    # AF holds nothing of Åsa yet: a consent naming all of AF asks nobody there.
    assert "Inga samtycken väntar" in af.get(reverse("mywork:my_tasks")).content.decode()
    PartyRecord.objects.create(
        person=asa, unit=units["af"], kind="af", title="Inskriven", start_date=timezone.localdate()
    )
    page = af.get(reverse("mywork:my_tasks")).content.decode()
    assert "Samtycken att bekräfta" in page and reverse("consent:detail", args=[asa.pk, consent.pk]) in page
    assert af.post(reverse("consent:confirm", args=[asa.pk, consent.pk]), {"unit": units["af"].pk}).status_code == 302
    page = af.get(reverse("mywork:my_tasks")).content.decode()
    assert "Inga samtycken väntar på din enhets bekräftelse." in page
    # KAA, which recorded it, has nothing to confirm.
    assert "Inga samtycken väntar" in login(users["kaa"]).get(reverse("mywork:my_tasks")).content.decode()


def test_letters_and_outreach_agree_on_the_persons_kaa_municipality(world):
    """One rule for "the person's KAA municipality" (outreach.services.municipality_of): the letters had
    their own, by home municipality and registrations, which refused a person Örebro still follows up."""
    from fotfaste.letters.services import kaa_municipality
    from fotfaste.outreach.services import authorise

    asa, users = world["persons"]["asa"], world["users"]
    today = timezone.localdate()
    KaaPeriod.objects.filter(person=asa).update(
        start_date=today - timedelta(days=300), end_date=today - timedelta(days=5)
    )
    asa.home_municipality_id = "1814"
    asa.save()
    assert authorise(Actor(users["kaa"]), asa.pk, today)[1] == "1880"
    assert kaa_municipality(users["kaa"], asa).code == "1880"

"""Mina uppgifter: each user's due work, only what they may see, and reminders that name nobody."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.outreach import services as outreach
from fotfaste.plans.models import Measure, MeasureType, Plan
from fotfaste.team.models import TeamMember
from tests.conftest import own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db


def plan_with_follow_up(person, unit, days, title="Praktik"):
    today = timezone.localdate()
    plan = Plan.objects.create(person=person, unit=unit, goal_kind="arbete", goal="Jobb")
    Measure.objects.create(
        plan=plan,
        measure_type=MeasureType.objects.get(name=title),
        responsible="personen",
        planned_start=today,
        follow_up_on=today + timedelta(days=days),
    )
    return plan


def test_my_follow_ups_recontacts_and_plans(world, login):
    asa, ali, units, users = world["persons"]["asa"], world["persons"]["ali"], world["units"], world["users"]
    today = timezone.localdate()
    plan_with_follow_up(asa, units["kaa"], -2)  # overdue, KAA's own plan
    Plan.objects.filter(person=asa).update(revise_by=today + timedelta(days=3))
    plan_with_follow_up(ali, units["social"], -1, "Arbetsträning")  # social services' plan: not KAA's to see
    outreach.record_contact(Actor(users["kaa"]), ali.pk, contacted_on=today, channel="telefon", outcome="avbojt")
    outreach.assign(Actor(users["kaa"]), [ali.pk], users["kaa"].pk)
    from fotfaste.outreach.models import OutreachCase

    OutreachCase.objects.filter(person=ali).update(next_contact_due=today - timedelta(days=1))
    page = login(users["kaa"]).get(reverse("mywork:my_tasks")).content.decode()
    assert "Öberg, Åsa" in page and "Praktik" in page and "Försenad" in page
    assert "Arbetsträning" not in page
    assert "Hassan, Ali" in page  # a recontact, and new to KAA (assigned today)
    logged = set(
        ReadLogEntry.objects.filter(username="kaa", what="mina uppgifter").values_list("personnummer", flat=True)
    )
    assert logged == {asa.personnummer, ali.personnummer}


def test_another_units_plan_counts_only_under_consent_and_when_main_contact(world, login):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    today = timezone.localdate()
    own_ground(asa, units["social"], today)
    plan_with_follow_up(asa, units["kaa"], 1, "Arbetsträning")
    TeamMember.objects.create(
        person=asa,
        unit=units["social"],
        user=users["socialsekreterare"],
        name="Soc",
        role="socialsekreterare",
        is_main_contact=True,
        start_date=today,
    )
    social = login(users["socialsekreterare"])
    assert "Arbetsträning" not in social.get(reverse("mywork:my_tasks")).content.decode()
    give_consent(asa, units["kaa"], {"sysselsattning_plan"}, parties=(units["kaa"].party,))
    assert "Arbetsträning" in social.get(reverse("mywork:my_tasks")).content.decode()


def test_reminders_name_nobody_and_go_once_a_day(world, settings):
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    users["kaa"].email = "kaa@example.se"
    users["kaa"].save()
    plan_with_follow_up(asa, units["kaa"], -3)
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "1 försenade uppföljningar" in body and "/mina-uppgifter/" in body
    assert asa.first_name not in body and asa.last_name not in body and asa.personnummer not in body
    call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_steering_group_sees_only_the_annual_cycle_in_its_tasks(world, login):
    """The steering group sees no person, so its Mina uppgifter holds the annual cycle alone (issue 11: it
    chairs the steering-group meetings); a user without any role still has no tasks page."""
    from fotfaste.accounts.models import User
    from fotfaste.cycle.models import CycleActivity, CycleOccurrence

    today = timezone.localdate()
    meeting = CycleActivity.objects.create(
        agreement=world["agreements"]["orebro"], name="Styrgruppsmöte", kind="styrgrupp", months=[today.month]
    )
    CycleOccurrence.objects.create(activity=meeting, due_on=today, responsible=world["users"]["styrgrupp"])
    response = login(world["users"]["styrgrupp"]).get(reverse("mywork:my_tasks"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Styrgruppsmöte" in page and "Markera som gjord" in page
    assert "Uppföljningar" not in page and "Nya för dig" not in page
    nobody = User.objects.create_user(username="utan.roll", password="x-Lösen-123456")
    assert login(nobody).get(reverse("mywork:my_tasks")).status_code == 403


def test_new_for_you_is_paged_and_counts_each_person_once(world, login, settings, test_numbers):
    """It was one unpaged list, counted by rows: a person both assigned and in the team counted twice."""
    from fotfaste.outreach.models import OutreachCase
    from fotfaste.people.models import Person
    from tests.conftest import put_in_kaa

    settings.PAGE_SIZE = 5
    users, units, today = world["users"], world["units"], timezone.localdate()
    kaa = users["kaa"]
    orebro = world["persons"]["asa"].home_municipality
    new = []
    for i in range(9):
        person = Person.objects.create(
            personnummer=test_numbers[50 + i], first_name=f"Ny{i}", last_name="Nysson", home_municipality=orebro
        )
        put_in_kaa(person)
        new.append(person)
    for i, person in enumerate(new[:7]):  # assigned, one a day
        OutreachCase.objects.create(
            person=person,
            municipality_id="1880",
            assigned_to=kaa,
            assigned_at=timezone.now() - timedelta(days=i),
        )
    for person in new[5:]:  # two of the assigned also joined the team, and two only that
        TeamMember.objects.create(person=person, unit=units["kaa"], user=kaa, name="Kaa", role="kaa", start_date=today)
    # New to the caseworker but not visible to them: not counted, not listed.
    lina = world["persons"]["lekeberg"]
    OutreachCase.objects.create(person=lina, municipality_id="1814", assigned_to=kaa, assigned_at=timezone.now())

    client = login(kaa)
    first = client.get(reverse("mywork:my_tasks")).content.decode()
    assert 'Nya för dig <span class="secondary">(9)</span>' in first
    shown = re.findall(r"Nysson, (Ny\d)", first)
    assert len(shown) == 5 and lina.last_name not in first
    next_link = re.search(r'href="\?(efter=[^"#]+)#nya"', first).group(1)
    ReadLogEntry.objects.all().delete()
    second = client.get(reverse("mywork:my_tasks") + "?" + next_link.replace("&amp;", "&")).content.decode()
    shown_next = re.findall(r"Nysson, (Ny\d)", second)
    assert len(shown_next) == 4 and not set(shown) & set(shown_next)
    assert 'Nya för dig <span class="secondary">(9)</span>' in second
    assert "Till de senaste nya" in second and "Fler nya för dig" not in second
    logged = set(ReadLogEntry.objects.filter(what="mina uppgifter").values_list("personnummer", flat=True))
    assert logged == {p.personnummer for p in new if p.first_name in shown_next}
    # A person both assigned and in the team is one row saying both.
    both = new[5]
    assert re.search(
        rf"{both.first_name}</a> – tilldelad dig \d{{4}}-\d\d-\d\d, du är med i teamet sedan", first + second
    )

    users["kaa"].email = "kaa@example.se"
    users["kaa"].save()
    call_command("send_reminders")
    assert "- 9 nya personer för dig" in mail.outbox[0].body


def test_a_list_cut_at_the_limit_still_counts_every_row(world, login, monkeypatch):
    from fotfaste.mywork import tasks

    monkeypatch.setattr(tasks, "LIMIT", 1)
    asa, ali, units = world["persons"]["asa"], world["persons"]["ali"], world["units"]
    plan_with_follow_up(asa, units["kaa"], -2)
    plan_with_follow_up(ali, units["kaa"], -1)
    page = login(world["users"]["kaa"]).get(reverse("mywork:my_tasks")).content.decode()
    assert "(2, 2 försenade)" in page and "Listan visar de 1 första." in page

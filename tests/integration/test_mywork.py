"""Mina uppgifter: each user's due work, only what they may see, and reminders that name nobody."""

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


def test_steering_group_has_no_tasks_page(world, login):
    assert login(world["users"]["styrgrupp"]).get(reverse("mywork:my_tasks")).status_code == 403

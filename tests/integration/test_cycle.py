"""The annual cycle (issue 11): the default wheel and a year's occurrences made once, the responsible found
from roles and turns, who may do what (another agreement's objects answer as missing), marking done once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fotfaste.accounts.models import User
from fotfaste.cycle import services
from fotfaste.cycle.models import CycleActivity, CycleOccurrence
from fotfaste.meetings.models import TalkCapacity
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
YEAR = 2026


def wheel(world, year=YEAR):
    orebro = world["agreements"]["orebro"]
    services.load_default_wheel(orebro)
    services.generate_year(orebro, year)
    return orebro


def coordinator(world):
    user = User.objects.create_user(username="samordnare", password=PASSWORD, first_name="Sara", last_name="Mohlin")
    Membership.objects.create(user=user, unit=world["units"]["kaa"], role=Role.COORDINATOR)
    return user


def test_loading_the_default_wheel_and_creating_a_year_twice_changes_nothing(world):
    orebro = world["agreements"]["orebro"]
    added = services.load_default_wheel(orebro)
    assert added == len(services.default_wheel()) and services.load_default_wheel(orebro) == 0
    made = services.generate_year(orebro, YEAR)
    before = list(CycleOccurrence.objects.order_by("pk").values())
    assert made == len(before) > 30
    assert services.generate_year(orebro, YEAR) == 0
    assert list(CycleOccurrence.objects.order_by("pk").values()) == before
    # Another year is its own; the same dates in Lekeberg's are Lekeberg's.
    assert services.generate_year(orebro, YEAR + 1) == made
    assert services.generate_year(world["agreements"]["lekeberg"], YEAR) == 0  # no activities there yet


def test_an_occurrence_already_made_keeps_its_responsible_when_the_year_is_created_again(world):
    orebro = wheel(world)
    review = CycleOccurrence.objects.filter(activity__name="Genomgång av målgruppen").first()
    CycleOccurrence.objects.filter(pk=review.pk).update(responsible=world["users"]["socialsekreterare"])
    services.generate_year(orebro, YEAR)
    review.refresh_from_db()
    assert review.responsible == world["users"]["socialsekreterare"]


def test_responsible_from_roles_the_chair_rotating_and_the_dates(world, settings):
    orebro = world["agreements"]["orebro"]
    TalkCapacity.objects.create(agreement=orebro, per_day=5)
    settings.CYCLE_SCB_REPORT_DAY = 14
    wheel(world)
    of = lambda name: list(CycleOccurrence.objects.filter(activity__name=name).order_by("due_on"))  # noqa: E731
    assert [o.due_on for o in of("Genomgång av målgruppen")] == [date(YEAR, 8, 15), date(YEAR, 12, 15)]
    assert {o.responsible for o in of("Genomgång av målgruppen")} == {world["users"]["kaa"]}
    assert [o.due_on for o in of("Revidering av överenskommelsen")] == [date(YEAR, 6, 30), date(YEAR, 12, 30)]
    assert [o.due_on for o in of("Kartläggningssamtal")][1] == date(YEAR, 2, 28)  # day 31 in February
    assert CycleActivity.objects.get(name="Kartläggningssamtal").capacity_per_day == 5
    assert [o.due_on for o in of("Halvårsrapport till SCB")] == [date(YEAR, 1, 14), date(YEAR, 7, 14)]
    steering = of("Styrgruppsmöte")
    assert [o.due_on.month for o in steering] == [2, 5, 9, 11]
    chairs = [o.chair_party.name for o in steering]
    assert set(chairs) == set(orebro.parties.values_list("name", flat=True)) and all(
        a != b for a, b in zip(chairs, chairs[1:], strict=False)
    )
    assert {o.responsible for o in steering} == {world["users"]["styrgrupp"]}  # the only steering-group member
    # No coordinator in this agreement: those occurrences wait for an administrator to give them to someone.
    assert all(o.responsible is None for o in of("Utvärdering av måluppfyllelsen"))


def test_users_taking_turns(world):
    orebro = world["agreements"]["orebro"]
    activity = CycleActivity.objects.create(agreement=orebro, name="Protokoll", months=[1, 2, 3], rotation="personer")
    activity.rotation_users.set([world["users"]["kaa"], world["users"]["socialsekreterare"]])
    services.generate_year(orebro, YEAR)
    turns = list(activity.occurrences.order_by("due_on").values_list("responsible__username", flat=True))
    assert sorted(set(turns)) == ["kaa", "socialsekreterare"] and turns[0] != turns[1] and turns[1] != turns[2]


def test_another_agreements_user_gets_404_for_everything_of_this_agreement(world, login):
    orebro = wheel(world)
    occurrence = CycleOccurrence.objects.filter(activity__agreement=orebro).first()
    activity = occurrence.activity
    lekeberg_admin = User.objects.create_user(username="admin.lekeberg", password=PASSWORD)
    Membership.objects.create(
        user=lekeberg_admin, unit=Unit.objects.create(party=world["units"]["lekeberg_kaa"].party, name="IT"),
        role=Role.ADMIN,
    )  # fmt: skip
    before = list(CycleOccurrence.objects.order_by("pk").values())
    for user in (world["users"]["kaa.lekeberg"], lekeberg_admin):
        client = login(user)
        for method, url in (
            ("get", reverse("cycle:year", args=[orebro.pk, YEAR])),
            ("post", reverse("cycle:generate", args=[orebro.pk, YEAR])),
            ("post", reverse("cycle:load_default", args=[orebro.pk])),
            ("get", reverse("cycle:activity_create", args=[orebro.pk])),
            ("get", reverse("cycle:activity_edit", args=[activity.pk])),
            ("post", reverse("cycle:activity_edit", args=[activity.pk])),
            ("get", reverse("cycle:occurrence", args=[occurrence.pk])),
            ("post", reverse("cycle:occurrence_done", args=[occurrence.pk])),
            ("post", reverse("cycle:occurrence_reassign", args=[occurrence.pk])),
        ):
            assert getattr(client, method)(url, {"note": "x"} if method == "post" else None).status_code == 404, (
                user.username,
                url,
            )
    assert list(CycleOccurrence.objects.order_by("pk").values()) == before
    assert CycleActivity.objects.filter(agreement=orebro).count() == len(services.default_wheel())


def test_who_may_do_what_within_the_agreement(world, login):
    orebro = wheel(world)
    users = world["users"]
    meeting = CycleOccurrence.objects.filter(activity__name="Styrgruppsmöte").order_by("due_on").first()
    social = login(users["socialsekreterare"])
    # Every member sees the year view; one who is neither responsible nor an editor changes nothing.
    assert social.get(reverse("cycle:year", args=[orebro.pk, YEAR])).status_code == 200
    assert social.post(reverse("cycle:occurrence_done", args=[meeting.pk])).status_code == 404
    assert social.post(reverse("cycle:generate", args=[orebro.pk, YEAR])).status_code == 404
    assert social.get(reverse("cycle:activity_edit", args=[meeting.activity_id])).status_code == 404
    # The steering group, responsible for the meeting, marks it done with a note, but may not reassign.
    steering = login(users["styrgrupp"])
    assert steering.post(reverse("cycle:occurrence_reassign", args=[meeting.pk]), {"responsible": users["kaa"].pk}).status_code == 404  # fmt: skip
    response = steering.post(reverse("cycle:occurrence_done", args=[meeting.pk]), {"note": "Protokoll skickat."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.done_on == timezone.localdate() and meeting.note == "Protokoll skickat."
    assert meeting.done_by == users["styrgrupp"] and meeting.done_by_name == users["styrgrupp"].display_name()
    # The administrator gives an open occurrence to another member; a done one keeps its responsible.
    admin = login(users["admin"])
    evaluation = CycleOccurrence.objects.filter(activity__name="Utvärdering av måluppfyllelsen").first()
    admin.post(reverse("cycle:occurrence_reassign", args=[evaluation.pk]), {"responsible": users["kaa"].pk})
    evaluation.refresh_from_db()
    assert evaluation.responsible == users["kaa"]
    admin.post(reverse("cycle:occurrence_reassign", args=[meeting.pk]), {"responsible": users["kaa"].pk})
    meeting.refresh_from_db()
    assert meeting.responsible == users["styrgrupp"]
    # Someone outside the agreement cannot be made responsible.
    response = admin.post(
        reverse("cycle:occurrence_reassign", args=[evaluation.pk]), {"responsible": users["kaa.lekeberg"].pk}
    )
    assert "Ny ansvarig: Välj en användare i överenskommelsen." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.responsible == users["kaa"]


def test_the_coordinator_edits_activities_and_creates_the_year(world, login):
    orebro = world["agreements"]["orebro"]
    client = login(coordinator(world))
    assert client.post(reverse("cycle:load_default", args=[orebro.pk])).status_code == 302
    assert client.post(reverse("cycle:generate", args=[orebro.pk, YEAR])).status_code == 302
    assert CycleOccurrence.objects.filter(activity__agreement=orebro, responsible__username="samordnare").exists()
    activity = CycleActivity.objects.get(agreement=orebro, name="Styrgruppsmöte")
    data = {"name": "Styrgruppsmöte", "kind": "styrgrupp", "months": ["3", "10"], "day": "10",
            "responsible_role": "styrgrupp", "rotation": "parter", "active": "on"}  # fmt: skip
    assert client.post(reverse("cycle:activity_edit", args=[activity.pk]), data).status_code == 302
    activity.refresh_from_db()
    assert activity.months == [3, 10] and activity.day == 10


def test_bad_input_names_the_field_in_swedish_and_changes_nothing(world, login):
    orebro = wheel(world)
    client = login(world["users"]["admin"])
    activity = CycleActivity.objects.get(agreement=orebro, name="Styrgruppsmöte")
    before = list(CycleActivity.objects.order_by("pk").values())
    page = client.post(
        reverse("cycle:activity_edit", args=[activity.pk]), {"name": "", "kind": "styrgrupp", "day": "32"}
    ).content.decode()
    assert "Namn: Skriv aktivitetens namn." in page
    assert "Månader: Välj minst en månad." in page
    assert "Senast dag i månaden: Ange en dag från 1 till 31." in page
    page = client.post(
        reverse("cycle:activity_create", args=[orebro.pk]),
        {"name": "Ny", "kind": "annat", "months": ["13"], "day": "x", "capacity_per_day": "99", "rotation": "personer"},
    ).content.decode()
    assert "Månader: Välj månader i listan." in page and "Samtal per dag: Ange ett helt antal samtal" in page
    assert "Användare i tur: Välj vilka användare som turas om." in page
    # Only a member of the agreement may be made responsible.
    page = client.post(
        reverse("cycle:activity_edit", args=[activity.pk]),
        {"name": "Styrgruppsmöte", "kind": "styrgrupp", "months": ["2"], "day": "15",
         "responsible_user": world["users"]["kaa.lekeberg"].pk},
    ).content.decode()  # fmt: skip
    assert "Ansvarig användare: Välj en användare i överenskommelsen." in page
    assert list(CycleActivity.objects.order_by("pk").values()) == before
    occurrence = CycleOccurrence.objects.filter(activity__name="Genomgång av målgruppen").first()
    page = (
        login(world["users"]["kaa"])
        .post(reverse("cycle:occurrence_done", args=[occurrence.pk]), {"note": "x" * 2001})
        .content.decode()
    )
    assert "Anteckning: Skriv högst 2 000 tecken (du skrev 2001)." in page
    occurrence.refresh_from_db()
    assert occurrence.done_on is None and occurrence.note == ""


def test_marking_done_twice_keeps_the_first(world, login):
    wheel(world)
    occurrence = CycleOccurrence.objects.filter(activity__name="Genomgång av målgruppen").first()
    kaa = world["users"]["kaa"]
    # Two requests that both read the occurrence while it was open: the conditional UPDATE lets one through.
    first, second = (CycleOccurrence.objects.get(pk=occurrence.pk) for _ in range(2))
    assert services.mark_done(kaa, first, date(YEAR, 8, 14), "Första") is True
    assert services.mark_done(world["users"]["admin"], second, date(YEAR, 8, 15), "Andra") is False
    occurrence.refresh_from_db()
    assert (occurrence.done_on, occurrence.note, occurrence.done_by) == (date(YEAR, 8, 14), "Första", kaa)
    page = (
        login(kaa)
        .post(reverse("cycle:occurrence_done", args=[occurrence.pk]), {"note": "Tredje"}, follow=True)
        .content.decode()
    )
    assert "var redan markerad som gjord" in page
    occurrence.refresh_from_db()
    assert occurrence.note == "Första"


def test_posts_need_csrf(world):
    wheel(world)
    occurrence = CycleOccurrence.objects.filter(activity__name="Genomgång av målgruppen").first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["kaa"])
    assert client.post(reverse("cycle:occurrence_done", args=[occurrence.pk]), {"note": "x"}).status_code == 403
    occurrence.refresh_from_db()
    assert occurrence.done_on is None


def test_mina_uppgifter_and_the_reminder_count_the_cycle(world, login):
    orebro = world["agreements"]["orebro"]
    today = timezone.localdate()
    activity = CycleActivity.objects.create(agreement=orebro, name="Avstämning", months=[today.month], day=28)
    soon = CycleOccurrence.objects.create(activity=activity, due_on=today + timedelta(days=5), responsible=world["users"]["kaa"])  # fmt: skip
    late = CycleOccurrence.objects.create(activity=activity, due_on=today - timedelta(days=40), responsible=world["users"]["kaa"])  # fmt: skip
    CycleOccurrence.objects.create(activity=activity, due_on=today + timedelta(days=31), responsible=world["users"]["kaa"])  # fmt: skip
    CycleOccurrence.objects.create(activity=activity, due_on=today, responsible=world["users"]["kaa"], done_on=today)
    client = login(world["users"]["kaa"])
    page = client.get(reverse("mywork:my_tasks")).content.decode()
    assert page.count('action="/arshjul/tillfalle/') == 2
    assert f"/arshjul/tillfalle/{soon.pk}/gjord/" in page and f"/arshjul/tillfalle/{late.pk}/gjord/" in page
    response = client.post(
        reverse("cycle:occurrence_done", args=[soon.pk]), {"note": "", "tillbaka": "/mina-uppgifter/#arshjulet"}
    )
    assert response.status_code == 302 and response.url == "/mina-uppgifter/#arshjulet"
    evil = client.post(reverse("cycle:occurrence_done", args=[late.pk]), {"tillbaka": "//example.com/"})
    assert evil.url == reverse("cycle:occurrence", args=[late.pk])
    world["users"]["kaa"].email = "kaa@example.se"
    world["users"]["kaa"].save()
    CycleOccurrence.objects.filter(pk=late.pk).update(done_on=None)
    call_command("send_reminders")
    assert "- 1 uppgifter i årshjulet" in mail.outbox[0].body

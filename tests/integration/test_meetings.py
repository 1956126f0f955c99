"""Meetings: the case review's agenda from who needs it, actions as follow-ups, talks, capacity."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.mapping.models import Mapping
from fotfaste.meetings import rules, services
from fotfaste.meetings.models import Action, AgendaItem, Invitation, MappingTalk, Meeting
from fotfaste.people.models import Person
from fotfaste.plans.models import Measure, MeasureType, Plan
from tests.conftest import kaa_person, put_in_kaa
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db


def test_agenda_reasons_and_order():
    day = date(2026, 11, 25)
    assert rules.agenda_reasons(
        new_mapping=True, plan_due=True, stalled_measures=2, birth_date=date(2007, 1, 10), day=day
    ) == ["fyller_20", "insats_star_still", "plan_ses_over", "ny_kartlaggning"]
    assert (
        rules.agenda_reasons(
            new_mapping=False, plan_due=False, stalled_measures=0, birth_date=date(2007, 3, 1), day=day
        )
        == []
    )
    assert rules.turns_20_within(date(2008, 2, 29), date(2028, 1, 15))  # 20 on 1 March 2028
    assert rules.capacity_left(4, 4) == 0 and rules.capacity_left(1, 4) == 3


def meeting(world, kind="arendedragning", unit="kaa", **kw):
    return Meeting.objects.create(
        kind=kind, unit=world["units"][unit], title="Samverkansgruppen", starts_at=timezone.now(), **kw
    )


def plan(person, unit, **kw):
    return Plan.objects.create(person=person, unit=unit, goal_kind="arbete", goal="Jobb", **kw)


def test_case_review_agenda_from_those_who_need_it(world, login, test_numbers):
    units, users, today = world["units"], world["users"], timezone.localdate()
    orebro = world["persons"]["asa"].home_municipality
    asa, ali = world["persons"]["asa"], world["persons"]["ali"]
    plan(asa, units["kaa"], revise_by=today)  # due for revision
    stalled_plan = plan(ali, units["kaa"])
    Measure.objects.create(
        plan=stalled_plan,
        measure_type=MeasureType.objects.get(name="Praktik"),
        responsible="personen",
        planned_start=today - timedelta(days=45),
    )
    nineteen = kaa_person(
        personnummer=next(n for n in test_numbers if n.startswith(str(today.year - 20))),
        first_name="Nils",
        last_name="Nitton",
        home_municipality=orebro,
    )
    # Turns 20 in three weeks (the test number's own date is whatever it is).
    Person.objects.filter(pk=nineteen.pk).update(
        birth_date=date(today.year - 20, today.month, min(today.day, 28)) + timedelta(days=20)
    )
    plan(nineteen, units["kaa"])
    quiet = kaa_person(personnummer=test_numbers[30], first_name="Tyst", last_name="Ok", home_municipality=orebro)
    plan(quiet, units["kaa"], revise_by=today + timedelta(days=60))
    mapped = kaa_person(personnummer=test_numbers[31], first_name="Ny", last_name="Kartlagd", home_municipality=orebro)
    plan(mapped, units["kaa"])
    Mapping.objects.create(
        person=mapped,
        unit=units["kaa"],
        talk_date=today,
        education_level="grundskola",
        driving_licence="inget",
        cv="nej",
    )
    hidden = world["persons"]["protected"]
    plan(hidden, units["social"], revise_by=today)  # social services' plan: no consent, not KAA's to see

    m = meeting(world)
    kaa = login(users["kaa"])
    assert kaa.post(reverse("meetings:generate", args=[m.pk])).status_code == 302
    items = {i.person_id: i.reasons for i in AgendaItem.objects.filter(meeting=m)}
    assert items == {
        asa.pk: ["plan_ses_over"],
        ali.pk: ["insats_star_still"],
        nineteen.pk: ["fyller_20"],
        mapped.pk: ["ny_kartlaggning"],
    }
    order = list(AgendaItem.objects.filter(meeting=m).values_list("person_id", flat=True))
    assert order[0] == nineteen.pk  # closest to leaving the municipality's responsibility first
    # Generating again adds nobody twice.
    kaa.post(reverse("meetings:generate", args=[m.pk]))
    assert AgendaItem.objects.filter(meeting=m).count() == 4
    page = kaa.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "Fyller 20 snart" in page and hidden.last_name not in page
    assert ReadLogEntry.objects.filter(username="kaa", what="möte").count() >= 4


def test_decisions_and_actions_become_follow_ups(world, login):
    units, users, today = world["units"], world["users"], timezone.localdate()
    asa = world["persons"]["asa"]
    plan(asa, units["kaa"], revise_by=today)
    m = meeting(world)
    kaa = login(users["kaa"])
    kaa.post(reverse("meetings:generate", args=[m.pk]))
    item = AgendaItem.objects.get(meeting=m)
    bad = kaa.post(reverse("meetings:add_action", args=[m.pk, item.pk]), {f"a{item.pk}-description": ""})
    assert bad.status_code == 200 and "Skriv vad som ska göras." in bad.content.decode()
    assert (
        kaa.post(
            reverse("meetings:decide", args=[m.pk, item.pk]), {f"b{item.pk}-decision": "Erbjud praktik."}
        ).status_code
        == 302
    )
    response = kaa.post(
        reverse("meetings:add_action", args=[m.pk, item.pk]),
        {
            f"a{item.pk}-description": "Ring arbetsgivaren",
            f"a{item.pk}-responsible": users["kaa"].pk,
            f"a{item.pk}-due_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    tasks = kaa.get(reverse("mywork:my_tasks")).content.decode()
    assert "Ring arbetsgivaren" in tasks
    action = Action.objects.get()
    kaa.post(reverse("meetings:action_done", args=[action.pk]))
    assert "Ring arbetsgivaren" not in kaa.get(reverse("mywork:my_tasks")).content.decode()
    item.refresh_from_db()
    assert item.decision == "Erbjud praktik."


def test_three_party_talk_on_the_person_shared_only_by_consent(world, login):
    units, users, today = world["units"], world["users"], timezone.localdate()
    asa = world["persons"]["asa"]
    kaa = login(users["kaa"])
    response = kaa.post(
        reverse("meetings:three_party", args=[asa.pk]),
        {
            "unit": units["kaa"].pk,
            "day": today.isoformat(),
            "time": "10:00",
            "participants": "Amir (AF), Karin (kommunen)",
            "person_present": "on",
            "agreed": "Åsa skriver in sig på AF.",
        },
    )
    assert response.status_code == 302
    assert "Åsa skriver in sig på AF." in kaa.get(reverse("people:detail", args=[asa.pk])).content.decode()
    af = login(users["arbetsformedlare"])
    give_consent(asa, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    assert "Åsa skriver in sig på AF." not in af.get(reverse("people:detail", args=[asa.pk])).content.decode()
    give_consent(asa, units["kaa"], {"sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party))
    assert "Åsa skriver in sig på AF." in af.get(reverse("people:detail", args=[asa.pk])).content.decode()


def test_information_meeting_invitations_and_mapping_talk_capacity(world, login, test_numbers):
    units, users = world["units"], world["users"]
    asa = world["persons"]["asa"]
    m = meeting(world, kind="informationsmote")
    kaa = login(users["kaa"])
    unseen = kaa.post(
        reverse("meetings:invite", args=[m.pk]),
        {"personnummer": world["persons"]["lekeberg"].personnummer, "channel": "sms"},
    )
    assert "Rad 1: hittar ingen person med det numret som du har rätt att se." in unseen.content.decode()
    assert (
        kaa.post(
            reverse("meetings:invite", args=[m.pk]), {"personnummer": asa.personnummer, "channel": "sms"}
        ).status_code
        == 302
    )
    invitation = Invitation.objects.get()
    kaa.post(reverse("meetings:attendance", args=[m.pk]), {"kom": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.attended is True
    day = timezone.localdate() + timedelta(days=7)
    orebro = asa.home_municipality
    for i in range(4):  # four other talks fill the day
        p = Person.objects.create(
            personnummer=test_numbers[40 + i], first_name="P", last_name=str(i), home_municipality=orebro
        )
        MappingTalk.objects.create(
            person=p, unit=units["kaa"], starts_at=timezone.make_aware(datetime.combine(day, time(9 + i)))
        )
    url = reverse("meetings:book", args=[m.pk, invitation.pk])
    full = kaa.post(url, {"unit": units["kaa"].pk, "day": day.isoformat(), "time": "15:00"})
    assert "Dagen är fullbokad (4 av 4 kartläggningssamtal)" in full.content.decode()
    assert not MappingTalk.objects.filter(person=asa).exists()
    ok = kaa.post(url, {"unit": units["kaa"].pk, "day": (day + timedelta(days=1)).isoformat(), "time": "09:00"})
    assert ok.status_code == 302 and MappingTalk.objects.filter(person=asa).exists()


def test_meetings_are_for_casework_roles_and_their_units(world, login):
    m = meeting(world)
    assert login(world["users"]["styrgrupp"]).get(reverse("meetings:list")).status_code == 403
    assert login(world["users"]["arbetsformedlare"]).get(reverse("meetings:detail", args=[m.pk])).status_code == 404


def test_a_group_is_invited_at_once_or_not_at_all_and_send_lists_hide_protected_addresses(world, login):
    asa, ali, protected = world["persons"]["asa"], world["persons"]["ali"], world["persons"]["protected"]
    m = meeting(world, kind="informationsmote")
    kaa = login(world["users"]["kaa"])
    url = reverse("meetings:invite", args=[m.pk])
    bad = kaa.post(
        url,
        {
            "personnummer": f"{asa.personnummer}\n\n12345\n{world['persons']['lekeberg'].personnummer}",
            "channel": "brev",
        },
    )
    page = bad.content.decode()
    assert "Rad 3: ”12345” är inte ett giltigt personnummer." in page
    assert "Rad 4: hittar ingen person" in page
    assert not Invitation.objects.exists()
    ok = kaa.post(
        url, {"personnummer": f"{asa.personnummer}\n{protected.personnummer}\n{ali.personnummer}", "channel": "brev"}
    )
    assert ok.status_code == 302 and Invitation.objects.count() == 3
    csv_text = kaa.get(reverse("meetings:send_list", args=[m.pk, "brev"])).content.decode("utf-8-sig")
    assert "Storgatan 1, 702 10 Örebro" in csv_text and "Skyddad" in csv_text
    assert protected.street_address not in csv_text
    assert ReadLogEntry.objects.filter(what="export: utskickslista (brev)").count() == 3
    # Nobody to send a text message to: no empty file, a message where the user clicked.
    empty = kaa.get(reverse("meetings:send_list", args=[m.pk, "sms"]), follow=True)
    assert empty.redirect_chain[-1][0] == reverse("meetings:detail", args=[m.pk])
    assert "så det finns ingen lista att hämta" in empty.content.decode()


def responsible_options(page: str, item) -> list[str]:
    select = re.search(rf'<select name="a{item.pk}-responsible".*?</select>', page, re.S).group(0)
    return [label for value, label in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select) if value]


def test_an_action_can_only_be_given_to_someone_who_will_see_it(world, login):
    """The administrator, the steering group, another agreement's caseworker and a caseworker without
    access to the person would never see the action in Mina uppgifter: they are neither offered nor taken."""
    users, today = world["users"], timezone.localdate()
    asa, ali = world["persons"]["asa"], world["persons"]["ali"]
    put_in_kaa(asa)
    put_in_kaa(ali)
    m = meeting(world)
    asa_item = AgendaItem.objects.create(meeting=m, person=asa)
    ali_item = AgendaItem.objects.create(meeting=m, person=ali)  # social services work with Ali
    kaa = login(users["kaa"])
    page = kaa.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert responsible_options(page, asa_item) == ["Kaa"]
    assert responsible_options(page, ali_item) == ["Kaa", "Socialsekreterare"]

    url = reverse("meetings:add_action", args=[m.pk, asa_item.pk])
    for who in ("admin", "styrgrupp", "kaa.lekeberg", "socialsekreterare", "arbetsformedlare"):
        response = kaa.post(
            url,
            {
                f"a{asa_item.pk}-description": "Ring arbetsgivaren",
                f"a{asa_item.pk}-responsible": users[who].pk,
                f"a{asa_item.pk}-due_on": today.isoformat(),
            },
        )
        assert response.status_code == 200, who
        assert "som har tillgång till personen – ingen annan skulle se åtgärden." in response.content.decode()
    assert not Action.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.add_action(Actor(users["kaa"]), m, asa_item, description="x", responsible=users["admin"], due_on=today)
    assert "responsible" in refused.value.message_dict

    response = kaa.post(
        reverse("meetings:add_action", args=[m.pk, ali_item.pk]),
        {
            f"a{ali_item.pk}-description": "Boka möte om försörjningsstöd",
            f"a{ali_item.pk}-responsible": users["socialsekreterare"].pk,
            f"a{ali_item.pk}-due_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    tasks = login(users["socialsekreterare"]).get(reverse("mywork:my_tasks")).content.decode()
    assert "Boka möte om försörjningsstöd" in tasks


def test_attendance_changes_and_counts_only_the_invited_the_user_may_see(world, login):
    asa, lina = world["persons"]["asa"], world["persons"]["lekeberg"]
    put_in_kaa(asa)
    m = meeting(world, kind="informationsmote")
    seen = Invitation.objects.create(meeting=m, person=asa, channel="sms", attended=True)
    # Invited by someone who sees Lina; Örebro's KAA caseworker does not.
    unseen_came = Invitation.objects.create(meeting=m, person=lina, channel="sms", attended=True)
    kaa = login(world["users"]["kaa"])
    page = kaa.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "(1 inbjudna, 1 kom)" in page and lina.last_name not in page
    kaa.post(reverse("meetings:attendance", args=[m.pk]), {"kom": []})
    seen.refresh_from_db()
    unseen_came.refresh_from_db()
    assert seen.attended is False and unseen_came.attended is True  # never reset
    unseen_came.attended = None
    unseen_came.save()
    kaa.post(reverse("meetings:attendance", args=[m.pk]), {"kom": [seen.pk, unseen_came.pk]})
    seen.refresh_from_db()
    unseen_came.refresh_from_db()
    assert seen.attended is True and unseen_came.attended is None
    assert "(1 inbjudna, 1 kom)" in kaa.get(reverse("meetings:detail", args=[m.pk])).content.decode()

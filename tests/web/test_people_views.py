from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from tests.conftest import kaa_person

pytestmark = pytest.mark.django_db


def test_kaa_finds_own_municipality_by_any_number_format(world, login):
    client = login(world["users"]["kaa"])
    asa = world["persons"]["asa"]
    for text in (asa.personnummer, asa.personnummer[2:], f"{asa.personnummer[2:8]}-{asa.personnummer[8:]}"):
        response = client.get(reverse("people:search"), {"q": text})
        assert response.status_code == 200
        assert "Öberg" in response.content.decode()


def test_search_by_name_and_hits_are_logged(world, login):
    client = login(world["users"]["kaa"])
    response = client.get(reverse("people:search"), {"q": "åsa"})
    assert "Öberg" in response.content.decode()
    assert ReadLogEntry.objects.filter(
        username="kaa", what="sökträff", personnummer=world["persons"]["asa"].personnummer
    ).exists()


def test_kaa_does_not_see_other_municipality(world, login):
    client = login(world["users"]["kaa"])
    lina = world["persons"]["lekeberg"]
    response = client.get(reverse("people:search"), {"q": lina.personnummer})
    assert "Lekström" not in response.content.decode()
    assert client.get(reverse("people:detail", args=[lina.pk])).status_code == 404


def test_invalid_number_gives_swedish_error_in_summary_and_field(world, login):
    client = login(world["users"]["kaa"])
    response = client.get(reverse("people:search"), {"q": "20080315-2382"})
    html = response.content.decode()
    assert "Det finns ett problem" in html
    assert 'href="#id_q"' in html
    assert 'id="id_q-error"' in html
    assert 'aria-invalid="true"' in html


def test_detail_shows_person_and_logs(world, login):
    client = login(world["users"]["kaa"])
    asa = world["persons"]["asa"]
    html = client.get(reverse("people:detail", args=[asa.pk])).content.decode()
    assert "Storgatan 1" in html and "Örebro (1880)" in html
    assert ReadLogEntry.objects.filter(username="kaa", what="personsida", personnummer=asa.personnummer).count() == 1


def test_protected_address_never_shown(world, login):
    client = login(world["users"]["kaa"])
    p = world["persons"]["protected"]
    html = client.get(reverse("people:detail", args=[p.pk])).content.decode()
    assert "Skyddad folkbokföring" in html
    assert p.street_address not in html
    html = client.get(reverse("people:edit_contact", args=[p.pk])).content.decode()
    assert p.street_address not in html


def test_social_worker_sees_only_involved(world, login):
    client = login(world["users"]["socialsekreterare"])
    assert client.get(reverse("people:detail", args=[world["persons"]["ali"].pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[world["persons"]["asa"].pk])).status_code == 404


@pytest.mark.parametrize("who", ["styrgrupp", "admin", "outsider"])
def test_no_person_roles_get_403(world, login, who):
    client = login(world["users"][who])
    asa = world["persons"]["asa"]
    for url in (reverse("people:search") + "?q=Öberg", reverse("people:detail", args=[asa.pk])):
        response = client.get(url)
        assert response.status_code == 403
        assert "Öberg" not in response.content.decode()


def test_anonymous_redirected_to_login(world, client):
    response = client.get(reverse("people:detail", args=[world["persons"]["asa"].pk]))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_contact_change_keeps_history(world, login):
    client = login(world["users"]["kaa"])
    asa = world["persons"]["asa"]
    response = client.post(
        reverse("people:edit_contact", args=[asa.pk]),
        {
            "phone": "070-999 99 99",
            "email": "asa@example.se",
            "street_address": "Nygatan 2",
            "postal_code": "702 11",
            "postal_town": "Örebro",
        },
    )
    assert response.status_code == 302
    asa.refresh_from_db()
    assert asa.postal_code == "70211"
    change = asa.changes.get()
    assert change.before["phone"] == "070-123 45 67" and change.after["phone"] == "070-999 99 99"
    assert change.username == "kaa"


def test_search_and_detail_query_counts_do_not_grow_with_rows(
    world, login, test_numbers, django_assert_max_num_queries
):
    """N+1 guard: a full page of hits costs the same number of queries as one hit."""
    from fotfaste.people.models import Person
    from tests.conftest import own_ground

    orebro = world["persons"]["asa"].home_municipality
    for i in range(30):
        p = Person.objects.create(
            personnummer=test_numbers[20 + i], first_name=f"Nils{i}", last_name="Nilsson", home_municipality=orebro
        )
        own_ground(p, world["units"]["kaa"], p.birth_date)
    client = login(world["users"]["kaa"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:search"), {"q": "nilsson"})
    assert response.content.decode().count("Nilsson, Nils") == 25
    # Consents, team members and records shared with KAA, several of each.
    from fotfaste.consent.models import Consent, ConsentConfirmation, ConsentRecipient
    from fotfaste.records.models import PartyRecord
    from fotfaste.team.models import TeamMember

    units, today = world["units"], date.today()
    for i in range(5):
        c = Consent.objects.create(
            person=p,
            purpose="Test",
            status="lamnat",
            valid_from=today,
            recorded_by_unit=units["kaa"],
            covers_identity=True,
            covers_occupation_plan=True,
            covers_employment_service=True,
        )
        ConsentRecipient.objects.create(consent=c, party=units["kaa"].party)
        ConsentRecipient.objects.create(consent=c, party=units["af"].party)
        # AF, which holds the team members and records below, has confirmed the consent.
        ConsentConfirmation.objects.create(consent=c, unit=units["kaa"], holds_identity=True)
        ConsentConfirmation.objects.create(consent=c, unit=units["af"])
        TeamMember.objects.create(
            person=p, unit=units["af"], name=f"Handläggare {i}", role="arbetsformedlare", start_date=today
        )
        PartyRecord.objects.create(person=p, unit=units["af"], kind="af", title=f"Program {i}", start_date=today)
    from fotfaste.meetings.models import AgendaItem, Meeting
    from fotfaste.plans.models import Measure, MeasureType, Plan

    plan = Plan.objects.create(person=p, unit=units["kaa"], goal_kind="arbete", goal="Jobb")
    for i in range(3):
        Measure.objects.create(
            plan=plan, measure_type=MeasureType.objects.get(name="Praktik"), responsible="personen", planned_start=today
        )
        meeting = Meeting.objects.create(
            kind="trepartssamtal", unit=units["kaa"], title=f"Samtal {i}", starts_at=timezone.now()
        )
        AgendaItem.objects.create(meeting=meeting, person=p, decision=f"Beslut {i}")
    # The KAA section adds four fixed queries (periods, registrations, enrolments, certificates),
    # the outreach section one for a person without outreach data yet; consents (with their
    # parties and units), the consents in force and their parties, team, records, the user's units
    # and one read-log row per kind of information seen by consent: nine more; mapping, plan (with its
    # measures), meetings (with their actions), booked talks and grants (with the budget lines) eight more;
    # the menu two (whether to offer list matching and the fund); why the user sees the person (own
    # grounds, duty periods, identity consents and whom they name) and the units working with them five.
    # 47: the programme sections add seven constant queries (programmes, units, AF spells, duty, diplomas,
    # the participations shown, the programmes the person is already in). 49: the placements section's
    # candidacies shown and the mapping it matches on (more only when there is one to match).
    with django_assert_max_num_queries(49):
        response = client.get(reverse("people:detail", args=[p.pk]))
    page = response.content.decode()
    assert page.count("<td>Handläggare ") == 5 and page.count("<td>Program ") == 5
    assert page.count("Beslut ") == 3 and page.count("<td>Praktik</td>") == 3


def test_search_next_page_link_continues_the_list(world, login, test_numbers):
    import re

    orebro = world["persons"]["asa"].home_municipality
    for i in range(27):
        kaa_person(
            personnummer=test_numbers[60 + i], first_name=f"Per{i:02d}", last_name="Persson", home_municipality=orebro
        )
    client = login(world["users"]["kaa"])
    html = client.get(reverse("people:search"), {"q": "persson"}).content.decode()
    link = re.search(r'class="pagination"><a href="\?([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "persson" in link.lower() and "efter=" in link
    second = client.get(reverse("people:search") + "?" + link).content.decode()
    assert second.count("Persson, Per") == 2 and "Nästa sida" not in second

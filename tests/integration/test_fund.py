"""The fund for economic barriers: requests, decisions within the budget, who sees a grant, the queue's
read log, the steering group's aggregates and the administration.

The `world` has no coordinator, so `fund` adds one: a unit "Ungdomssamordning" of Örebro kommun with
the user `samordnare` (the default approving role) whose unit works with Åsa and Ali (an Involvement,
as in the demo, where the coordinators have their own caseload). The coordinator therefore sees those
two on their own basis and nobody else, which is what the queue's filtering is tested against.
"""

import random
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ChangeLogEntry, OwnGround, ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.accounts.models import User
from fotfaste.fund import services
from fotfaste.fund.demo import add_demo_fund
from fotfaste.fund.models import BudgetLine, FundSettings, Grant, GrantStatus
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from fotfaste.people.models import Person
from tests.conftest import PASSWORD, own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(world):
    today = timezone.localdate()
    kaa_unit = world["units"]["kaa"]
    unit = Unit.objects.create(party=kaa_unit.party, name="Ungdomssamordning")
    coordinator = User.objects.create_user(username="samordnare", password=PASSWORD, first_name="Sara")
    Membership.objects.create(user=coordinator, unit=unit, role=Role.COORDINATOR)
    for key in ("asa", "ali"):
        own_ground(world["persons"][key], unit, today - timedelta(days=100))
    line = BudgetLine.objects.create(
        agreement=world["agreements"]["orebro"], name="Ekonomiska hinder – resor", year=today.year, amount=10_000
    )
    return {**world, "coordinator": coordinator, "coordinator_unit": unit, "line": line, "today": today}


def grant(fund, person="asa", unit="kaa", by="kaa", amount=1_000, status=GrantStatus.REQUESTED, line=None, **extra):
    units = {**fund["units"], "coordinator": fund["coordinator_unit"]}
    user = fund["coordinator"] if by == "samordnare" else fund["users"][by]
    return Grant.objects.create(
        person=fund["persons"][person] if isinstance(person, str) else person,
        unit=units[unit],
        requested_by=user,
        requested_by_name=user.username,
        budget_line=line or fund["line"],
        purpose="resekort",
        description=extra.pop("description", "Månadskort till praktiken"),
        amount=amount,
        status=status,
        **extra,
    )


def decide_url(g):
    return reverse("fund:decide", args=[g.person_id, g.pk])


# Request, decision and the budget


def test_a_unit_requests_the_coordinator_approves_and_the_remaining_budget_drops(fund, login):
    asa = fund["persons"]["asa"]
    kaa = login(fund["users"]["kaa"])
    page = kaa.get(reverse("people:detail", args=[asa.pk])).content.decode()
    assert "Bidrag ur fonden" in page and reverse("fund:request", args=[asa.pk]) in page
    response = kaa.post(
        reverse("fund:request", args=[asa.pk]),
        {
            "unit": fund["units"]["kaa"].pk,
            "budget_line": fund["line"].pk,
            "purpose": "resekort",
            "description": "Busskort till praktiken",
            "amount": "1200",
        },
    )
    g = Grant.objects.get()
    assert response.status_code == 302 and response.url == reverse("fund:detail", args=[asa.pk, g.pk])
    assert (g.status, g.amount, g.unit, g.requested_by) == ("ansokt", 1200, fund["units"]["kaa"], fund["users"]["kaa"])
    assert ChangeLogEntry.objects.filter(person=asa, action="fonden: ansökan").exists()

    coordinator = login(fund["coordinator"])
    queue = coordinator.get(reverse("fund:queue")).content.decode()
    assert "Öberg, Åsa" in queue and "1\u00a0200" in queue
    response = coordinator.post(decide_url(g), {"decision": "bevilja", "note": ""})
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.status == GrantStatus.APPROVED and g.decided_by == fund["coordinator"] and g.decided_at
    assert services.figures_for([fund["line"]])[fund["line"].pk].remaining == 8_800
    assert "Öberg, Åsa" not in coordinator.get(reverse("fund:queue")).content.decode()
    assert ChangeLogEntry.objects.filter(person=asa, action="fonden: beviljat").exists()


def test_the_grant_names_people_not_usernames(fund, login):
    User.objects.filter(username="kaa").update(first_name="Karin", last_name="Ahlgren")
    User.objects.filter(username="samordnare").update(last_name="Mohlin")
    g = grant(fund)  # stored as most grants were before: with the requester's username
    coordinator = login(User.objects.get(username="samordnare"))
    assert "Karin Ahlgren, KAA-enheten" in coordinator.get(reverse("fund:queue")).content.decode()
    coordinator.post(decide_url(g), {"decision": "bevilja", "note": ""})
    coordinator.post(reverse("fund:paid", args=[g.person_id, g.pk]), {"paid_on": fund["today"].isoformat()})
    g.refresh_from_db()
    assert (g.decided_by_name, g.paid_by_name) == ("Sara Mohlin", "Sara Mohlin")
    page = coordinator.get(reverse("fund:detail", args=[g.person_id, g.pk])).content.decode()
    assert "Karin Ahlgren, KAA-enheten" in page and "av Sara Mohlin," in page and "(Sara Mohlin)" in page
    assert ">samordnare<" not in page and "kaa, KAA-enheten" not in page
    # The heading names the grant by what it is for, not by its number in the database.
    heading = page[page.index("<h1") : page.index("</h1>")]
    assert "Bidrag: Buss- eller tågkort, ansökt " in heading and f"Bidrag {g.pk}" not in heading


def test_approving_beyond_the_budget_line_is_refused(fund, login):
    line = fund["line"]
    line.amount = 1_000
    line.save()
    grant(fund, amount=700, status=GrantStatus.APPROVED)
    too_much = grant(fund, person="ali", unit="social", by="socialsekreterare", amount=400)
    response = login(fund["coordinator"]).post(decide_url(too_much), {"decision": "bevilja", "note": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beloppet ryms inte i budgetposten Ekonomiska hinder – resor" in page and "300 kr kvar" in page
    assert "<title>Fel:" in page
    too_much.refresh_from_db()
    assert too_much.status == GrantStatus.REQUESTED and too_much.decided_at is None
    # Rejecting it needs a reason, and then works.
    client = login(fund["coordinator"])
    assert "Skriv varför ansökan avslås" in client.post(decide_url(too_much), {"decision": "avsla"}).content.decode()
    client.post(decide_url(too_much), {"decision": "avsla", "note": "Budgeten räcker inte i år."})
    too_much.refresh_from_db()
    assert too_much.status == GrantStatus.REJECTED


def test_a_request_larger_than_what_is_left_is_refused_at_once(fund, login):
    grant(fund, amount=9_500, status=GrantStatus.PAID)
    asa = fund["persons"]["asa"]
    response = login(fund["users"]["kaa"]).post(
        reverse("fund:request", args=[asa.pk]),
        {
            "unit": fund["units"]["kaa"].pk,
            "budget_line": fund["line"].pk,
            "purpose": "kurs",
            "description": "Truckkort",
            "amount": "600",
        },
    )
    assert response.status_code == 200 and "500 kr kvar" in response.content.decode()
    assert Grant.objects.count() == 1


def test_the_requester_cannot_approve_their_own_request(fund, login):
    own = grant(fund, unit="coordinator", by="samordnare")
    client = login(fund["coordinator"])
    page = client.get(reverse("fund:detail", args=[own.person_id, own.pk])).content.decode()
    assert "Du har själv gjort ansökan" in page and decide_url(own) not in page
    response = client.post(decide_url(own), {"decision": "bevilja", "note": ""})
    assert "Du kan inte besluta om en ansökan som du själv har gjort" in response.content.decode()
    own.refresh_from_db()
    assert own.status == GrantStatus.REQUESTED
    # A second coordinator may.
    colleague = User.objects.create_user(username="samordnare2", password=PASSWORD)
    Membership.objects.create(user=colleague, unit=fund["coordinator_unit"], role=Role.COORDINATOR)
    assert login(colleague).post(decide_url(own), {"decision": "bevilja", "note": ""}).status_code == 302
    own.refresh_from_db()
    assert own.status == GrantStatus.APPROVED


def test_only_the_approving_roles_of_the_agreement_may_approve(fund, login):
    g = grant(fund, person="ali", unit="social", by="socialsekreterare")
    kaa = login(fund["users"]["kaa"])
    # KAA sees Ali (municipality-wide) and the social services' grant only as far as it is an approver: not at all.
    assert kaa.post(decide_url(g), {"decision": "bevilja", "note": ""}).status_code == 404
    # The requesting unit sees its grant but has no approving role.
    assert login(fund["users"]["socialsekreterare"]).post(decide_url(g), {"decision": "bevilja"}).status_code == 403
    g.refresh_from_db()
    assert g.status == GrantStatus.REQUESTED

    # The administrator lets KAA decide instead of the coordinator.
    admin = login(fund["users"]["admin"])
    url = reverse("fund:approvers", args=[fund["agreements"]["orebro"].pk])
    assert "Välj minst en roll" in admin.post(url, {}).content.decode()
    assert admin.post(url, {"roles": ["kaa"]}).status_code == 302
    assert FundSettings.objects.get().approver_roles == ["kaa"]
    assert login(fund["coordinator"]).get(reverse("fund:queue")).status_code == 403
    assert login(fund["coordinator"]).post(decide_url(g), {"decision": "bevilja"}).status_code in (403, 404)
    assert kaa.post(decide_url(g), {"decision": "bevilja", "note": ""}).status_code == 302
    g.refresh_from_db()
    assert g.status == GrantStatus.APPROVED and g.decided_by == fund["users"]["kaa"]


def test_paid_out_and_withdrawn(fund, login):
    approved = grant(fund, status=GrantStatus.APPROVED, decided_at=timezone.now())
    client = login(fund["coordinator"])
    url = reverse("fund:paid", args=[approved.person_id, approved.pk])
    tomorrow = fund["today"] + timedelta(days=1)
    assert "kan inte vara i framtiden" in client.post(url, {"paid_on": tomorrow.isoformat()}).content.decode()
    assert client.post(url, {"paid_on": fund["today"].isoformat()}).status_code == 302
    approved.refresh_from_db()
    assert approved.status == GrantStatus.PAID and approved.paid_on == fund["today"]
    # Paid out still counts as used.
    assert services.figures_for([fund["line"]])[fund["line"].pk].used == 1_000

    requested = grant(fund, person="ali", unit="social", by="socialsekreterare")
    withdraw = reverse("fund:withdraw", args=[requested.person_id, requested.pk])
    assert client.post(withdraw).status_code == 403  # the approver is not the requesting unit
    assert login(fund["users"]["socialsekreterare"]).post(withdraw).status_code == 302
    requested.refresh_from_db()
    assert requested.status == GrantStatus.WITHDRAWN and requested.withdrawn_at
    response = client.post(decide_url(requested), {"decision": "bevilja"})
    assert "kan inte beslutas igen" in response.content.decode()


# Who sees a grant


@pytest.mark.parametrize("consent", ["none", "identity_only", "identity_and_plan", "withdrawn"])
def test_af_sees_another_units_grant_only_under_consent(fund, login, consent):
    asa, units = fund["persons"]["asa"], fund["units"]
    g = grant(fund, amount=777, description="HEMLIGT-BEHOV")
    c = None
    parties = (units["kaa"].party, units["af"].party)
    if consent == "identity_only":
        c = give_consent(asa, units["kaa"], {"identitet"}, parties=parties)
    elif consent == "identity_and_plan":
        c = give_consent(asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=parties)
    elif consent == "withdrawn":
        give_consent(asa, units["kaa"], {"identitet", "sysselsattning_plan"}, state="withdrawn", parties=parties)
    af = login(fund["users"]["arbetsformedlare"])
    person_page = af.get(reverse("people:detail", args=[asa.pk]))
    detail = af.get(reverse("fund:detail", args=[asa.pk, g.pk]))
    if consent in ("none", "withdrawn"):
        assert person_page.status_code == 404 and detail.status_code == 404
        return
    assert person_page.status_code == 200
    if consent == "identity_only":
        assert "Resekort" not in person_page.content.decode() and "777" not in person_page.content.decode()
        assert detail.status_code == 404
        assert not ReadLogEntry.objects.filter(what__startswith="fonden:").exists()
        return
    assert "777&nbsp;kr" in person_page.content.decode()
    assert detail.status_code == 200 and "HEMLIGT-BEHOV" in detail.content.decode()
    logged = ReadLogEntry.objects.filter(person_id_ref=asa.pk, what__startswith="fonden: sysselsattning_plan")
    assert logged.exists() and set(logged.values_list("consent_id_ref", flat=True)) == {c.pk}
    # Seeing is not acting: AF can neither withdraw nor mark the municipality's grant.
    assert af.post(reverse("fund:withdraw", args=[asa.pk, g.pk])).status_code == 403


def test_another_municipal_unit_without_consent_does_not_see_the_grant(fund, login):
    g = grant(fund, person="ali", amount=555)
    social = login(fund["users"]["socialsekreterare"])
    page = social.get(reverse("people:detail", args=[fund["persons"]["ali"].pk])).content.decode()
    # The amount as the section prints it (a bare "555" can turn up in any token or id).
    assert "555&nbsp;kr" not in page and "Inga bidrag ur fonden som du kan se." in page
    assert social.get(reverse("fund:detail", args=[g.person_id, g.pk])).status_code == 404


def test_the_approver_reads_are_logged_on_the_person_page(fund, login):
    grant(fund, person="asa", amount=640)
    page = login(fund["coordinator"]).get(reverse("people:detail", args=[fund["persons"]["asa"].pk])).content.decode()
    assert "640&nbsp;kr" in page
    assert ReadLogEntry.objects.filter(username="samordnare", what="fonden: som beslutande").count() == 1


# The queue


def test_the_queue_lists_only_persons_the_approver_may_see_and_logs_every_one(fund, login):
    units = fund["units"]
    grant(fund, person="asa")
    grant(fund, person="ali", unit="social", by="socialsekreterare")
    grant(fund, person="protected")  # the coordinator's unit does not work with Sara
    grant(fund, person="asa", status=GrantStatus.APPROVED)  # decided: not in the queue
    lekeberg_line = BudgetLine.objects.create(
        agreement=fund["agreements"]["lekeberg"], name="Lekebergs pott", year=fund["today"].year, amount=5_000
    )
    grant(fund, person="lekeberg", unit="lekeberg_kaa", by="kaa.lekeberg", line=lekeberg_line)
    client = login(fund["coordinator"])
    page = client.get(reverse("fund:queue")).content.decode()
    assert "Öberg, Åsa" in page and "Hassan, Ali" in page
    assert "Skyddad" not in page and "Lekström" not in page
    logged = ReadLogEntry.objects.filter(what="fonden: ansökningar")
    assert sorted(logged.values_list("person_id_ref", flat=True)) == sorted(
        [fund["persons"]["asa"].pk, fund["persons"]["ali"].pk]
    )
    # A consent that shares Sara's identity with the whole municipality lets the coordinator see her;
    # the queue's read of her names the consent.
    c = give_consent(fund["persons"]["protected"], units["kaa"], {"identitet"}, parties=(units["kaa"].party,))
    page = client.get(reverse("fund:queue")).content.decode()
    assert "Skyddad, Sara" in page
    row = ReadLogEntry.objects.get(
        what__startswith="fonden: ansökningar", person_id_ref=fund["persons"]["protected"].pk
    )
    assert row.consent_id_ref == c.pk and row.protected


def test_the_queue_is_oldest_first_and_keyset_paginated(fund, login, settings, test_numbers):
    settings.PAGE_SIZE = 2
    orebro = fund["persons"]["asa"].home_municipality
    made = []
    for i in range(3):
        p = Person.objects.create(
            personnummer=test_numbers[40 + i], first_name=f"Kö{i}", last_name="Köström", home_municipality=orebro
        )
        OwnGround.objects.create(person=p, unit=fund["coordinator_unit"], start_date=date(2025, 1, 1))
        g = grant(fund, person=p)
        Grant.objects.filter(pk=g.pk).update(created_at=timezone.now() - timedelta(days=10 - i))
        made.append(p)
    client = login(fund["coordinator"])
    first = client.get(reverse("fund:queue")).content.decode()
    assert first.index("Kö0") < first.index("Kö1") and "Kö2" not in first
    link = re.search(r'class="pagination"><a href="\?([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(reverse("fund:queue") + "?" + link).content.decode()
    assert "Kö2" in second and "Kö0" not in second and "Nästa sida" not in second
    assert ReadLogEntry.objects.filter(what="fonden: ansökningar").count() == 3


@pytest.mark.parametrize("who", ["kaa", "socialsekreterare", "arbetsformedlare", "styrgrupp", "admin", "outsider"])
def test_the_queue_is_for_approvers_only(fund, login, who):
    grant(fund)
    assert login(fund["users"][who]).get(reverse("fund:queue")).status_code == 403


# The steering group: aggregates only


def test_the_steering_group_sees_the_budget_summary_without_any_person(fund, login):
    grant(fund, person="asa", amount=1_500, status=GrantStatus.PAID)
    grant(fund, person="ali", unit="social", by="socialsekreterare", amount=900)
    g = grant(fund, person="protected", amount=300, status=GrantStatus.REJECTED)
    steering = login(fund["users"]["styrgrupp"])
    response = steering.get(reverse("fund:budget_now"))
    assert response.status_code == 302
    response = steering.get(response.url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ekonomiska hinder – resor" in page
    assert "10\u00a0000&nbsp;kr" in page  # the budget line's own amount is the fund's accounts
    # One paid and one pending grant: neither amount, nor the remaining budget that gives the first away.
    for figure in ("1\u00a0500", "900", "8\u00a0500"):
        assert f"{figure}&nbsp;kr" not in page, figure
    assert "dolt" in page
    assert "Buss- eller tågkort" in page
    for person in fund["persons"].values():
        assert person.last_name not in page and person.personnummer not in page and person.first_name not in page
    assert "/personer/" not in page
    assert not ReadLogEntry.objects.exists()
    assert steering.get(reverse("fund:queue")).status_code == 403
    assert steering.get(reverse("people:detail", args=[g.person_id])).status_code == 403
    assert steering.get(reverse("fund:detail", args=[g.person_id, g.pk])).status_code == 403
    assert steering.get(reverse("fund:request", args=[g.person_id])).status_code == 403


@pytest.mark.parametrize("who,status", [("admin", 200), ("samordnare", 200), ("kaa", 403), ("outsider", 403)])
def test_who_sees_the_budget_summary(fund, login, client, who, status):
    user = fund["coordinator"] if who == "samordnare" else fund["users"][who]
    url = reverse("fund:budget", args=[fund["today"].year])
    assert login(user).get(url).status_code == status
    assert login(user).get(reverse("fund:budget_now")).status_code == (302 if status == 200 else 403)
    assert client.get(url).status_code == 302  # anonymous: to the login page


# The person page


def test_the_person_section_offers_a_request_only_where_a_budget_line_is_open(fund, login):
    lekeberg = fund["persons"]["lekeberg"]
    page = login(fund["users"]["kaa.lekeberg"]).get(reverse("people:detail", args=[lekeberg.pk])).content.decode()
    assert "Bidrag ur fonden" in page and "Ansök om bidrag" not in page
    assert login(fund["users"]["kaa.lekeberg"]).get(reverse("fund:request", args=[lekeberg.pk])).status_code == 404
    fund["line"].active = False
    fund["line"].save()
    page = login(fund["users"]["kaa"]).get(reverse("people:detail", args=[fund["persons"]["asa"].pk])).content.decode()
    assert "Ansök om bidrag" not in page


def test_the_person_section_costs_the_same_queries_for_many_grants(fund, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    asa, units = fund["persons"]["asa"], fund["units"]
    give_consent(asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party,))
    grant(fund, person="asa", unit="social", by="socialsekreterare")
    client = login(fund["users"]["kaa"])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("people:detail", args=[asa.pk]))
    for i in range(10):
        grant(fund, person="asa", unit="social" if i % 2 else "kaa", by="socialsekreterare" if i % 2 else "kaa")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("people:detail", args=[asa.pk])).content.decode()
    assert page.count("Buss- eller tågkort") == 11


# Administration


def test_the_administrator_sets_up_budget_lines(fund, login):
    admin = login(fund["users"]["admin"])
    assert admin.get(reverse("fund:admin")).status_code == 200
    orebro = fund["agreements"]["orebro"]
    data = {"agreement": orebro.pk, "name": "Ekonomiska hinder – resor", "year": fund["today"].year, "amount": "5000"}
    response = admin.post(reverse("fund:line_create"), {**data, "active": "on"})
    assert "Det finns redan en budgetpost med det namnet" in response.content.decode()
    response = admin.post(reverse("fund:line_create"), {**data, "name": "Ekonomiska hinder – kurser", "active": "on"})
    assert response.status_code == 302
    line = BudgetLine.objects.get(name="Ekonomiska hinder – kurser")
    assert (line.amount, line.active) == (5000, True)

    grant(fund, amount=4_000, status=GrantStatus.APPROVED, line=line)
    url = reverse("fund:line_edit", args=[line.pk])
    response = admin.post(url, {"name": line.name, "year": line.year, "amount": "3000", "active": "on"})
    assert "Beloppet kan inte vara lägre än det som redan är beviljat eller utbetalt: 4\u00a0000 kr" in (
        response.content.decode()
    )
    assert admin.post(url, {"name": line.name, "year": line.year, "amount": "6000"}).status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.active) == (6000, False)
    # An inactive line takes no new approvals.
    pending = grant(fund, amount=100, line=line)
    response = login(fund["coordinator"]).post(decide_url(pending), {"decision": "bevilja"})
    assert "är inte längre aktiv" in response.content.decode()


@pytest.mark.parametrize("who", ["kaa", "styrgrupp", "samordnare"])
def test_only_the_administrator_administers_the_fund(fund, login, who):
    user = fund["coordinator"] if who == "samordnare" else fund["users"][who]
    client = login(user)
    for url in (
        reverse("fund:admin"),
        reverse("fund:line_create"),
        reverse("fund:line_edit", args=[fund["line"].pk]),
        reverse("fund:approvers", args=[fund["agreements"]["orebro"].pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("fund:line_edit", args=[fund["line"].pk]), {"amount": "1"}).status_code == 403


# Services used directly


def test_deciding_locks_the_budget_line(fund):
    """The budget line is fetched with SELECT … FOR UPDATE (a no-op on SQLite, the lock on PostgreSQL)."""
    from unittest import mock

    g = grant(fund)
    actor = Actor(user=fund["coordinator"])
    with mock.patch.object(BudgetLine.objects, "select_for_update", wraps=BudgetLine.objects.select_for_update) as lock:
        services.decide(actor, fund["persons"]["asa"], g, approve=True, note="")
    assert lock.called


def test_demo_fund_gives_the_coordinator_a_queue(fund, test_numbers, login):
    orebro = fund["persons"]["asa"].home_municipality
    persons = []
    for i in range(14):
        p = Person.objects.create(
            personnummer=test_numbers[60 + i], first_name=f"Demo{i}", last_name="Demosson", home_municipality=orebro
        )
        OwnGround.objects.create(person=p, unit=fund["coordinator_unit"], start_date=date(2025, 1, 1))
        persons.append(p)
    BudgetLine.objects.all().delete()
    units = {"kaa": fund["units"]["kaa"], "social": fund["units"]["social"], "coordinator": fund["coordinator_unit"]}
    users = {**fund["users"], "samordnare": fund["coordinator"]}
    made = add_demo_fund(random.Random(3), fund["today"], persons, units, users)
    assert made["budgetposter"] == 3 and made["bidrag"] == 12 and made["ansokt"] == 5
    for line, figures in services.figures_for(BudgetLine.objects.all()).items():
        assert figures.remaining >= 0, line
    # Social services works with those it asked for, so it sees them.
    for g in Grant.objects.filter(unit=fund["units"]["social"]):
        assert OwnGround.objects.active_on(fund["today"]).filter(person=g.person, unit=g.unit).exists()
    page = login(fund["coordinator"]).get(reverse("fund:queue")).content.decode()
    assert page.count("Demosson, Demo") == 5


def test_a_masked_purpose_cannot_be_recomputed_from_the_total_on_the_budget_page(fund, login):
    """Five bus cards and one course approved from one line: the course's amount would be the total minus the cards."""
    for person in ("asa", "ali", "protected", "asa", "ali"):
        grant(fund, person=person, amount=700, status=GrantStatus.APPROVED)
    course = grant(fund, person="lekeberg", amount=500, status=GrantStatus.APPROVED)
    Grant.objects.filter(pk=course.pk).update(purpose="kurs")
    steering = login(fund["users"]["styrgrupp"])
    page = steering.get(reverse("fund:budget", args=[fund["today"].year])).content.decode()
    assert "4\u00a0000&nbsp;kr" in page  # six grants on the line: the line's figures are shown
    cards = page[page.index("Buss- eller tågkort") :].split("</tr>")[0]
    courses = page[page.index("Kortare utbildning eller certifikat") :].split("</tr>")[0]
    assert "färre än 5" in courses and "500&nbsp;kr" not in courses
    # 4 000 − 3 500 would give the course away: the cards' amount is hidden too, their count is not.
    assert "<td>5</td>" in cards and "3\u00a0500&nbsp;kr" not in cards and "dolt" in cards


def test_small_counts_by_purpose_are_masked_for_the_steering_group(fund, login):
    for person in ("asa", "ali", "protected", "asa"):
        grant(fund, person=person, amount=700, status=GrantStatus.APPROVED)
    steering = login(fund["users"]["styrgrupp"])
    page = steering.get(steering.get(reverse("fund:budget_now")).url).content.decode()
    row = page[page.index("Buss- eller tågkort") :].split("</tr>")[0]
    assert "färre än 5" in row and "2\u00a0800&nbsp;kr" not in row  # four grants: fewer than five
    grant(fund, person="ali", amount=700, status=GrantStatus.APPROVED)
    page = steering.get(steering.get(reverse("fund:budget_now")).url).content.decode()
    row = page[page.index("Buss- eller tågkort") :].split("</tr>")[0]
    assert "<td>5</td>" in row and "3\u00a0500&nbsp;kr" in row

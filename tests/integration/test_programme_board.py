"""A programme's routine: taking people in, the board, moving and ending, places, selection and waiting list.

Who sees what follows the participation's holder (its unit) and consents; another agreement's users get 404;
two people acting on the same card or period never overwrite each other.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.grounds import end_contact
from fotfaste.access.models import ChangeLogEntry, OwnGround, ReadLogEntry
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor
from fotfaste.access.sharing import sharing_for
from fotfaste.accounts.models import User
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from fotfaste.plans import services as plan_services
from fotfaste.plans.models import Measure
from fotfaste.programmes import board, places, services
from fotfaste.programmes.models import Participation, PlacePeriod, Selection, SelectionDecision, StepMove
from tests.conftest import PASSWORD
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db

S = "traineejobb_valfard"


@pytest.fixture
def routine(world):
    """Örebro runs traineejobb in welfare; a coordinator works in the KAA unit (and so sees its own work)."""
    programme = services.add_from_catalogue(world["agreements"]["orebro"], S)
    coordinator = User.objects.create_user(username="samordnare", password=PASSWORD, first_name="Sara")
    Membership.objects.create(user=coordinator, unit=world["units"]["kaa"], role=Role.COORDINATOR)
    world["users"]["samordnare"] = coordinator
    return programme


def today():
    return timezone.localdate()


def add(world, person, user="kaa", programme=None, unit=None):
    u = world["users"][user]
    programme = programme or services.add_from_catalogue(world["agreements"]["orebro"], S)
    return board.add_participation(Actor(u), programme, world["persons"][person].pk, unit, today())


# --- Taking a person into the routine ------------------------------------------------------------------


def test_adding_a_person_opens_the_routine_and_the_units_own_ground(world, routine):
    p = add(world, "asa")
    assert (p.step, p.status, p.step_since, p.unit) == (0, "aktuell", today(), world["units"]["kaa"])
    assert list(StepMove.objects.filter(participation=p).values_list("step", flat=True)) == [0]
    # The KAA duty gave the unit the person; the participation is its own work now, open while it is.
    ground = OwnGround.objects.get(person=world["persons"]["asa"], unit=world["units"]["kaa"])
    assert ground.end_date is None


def test_adding_twice_is_refused_with_a_clear_message(world, routine):
    add(world, "asa")
    with pytest.raises(ValidationError, match="finns redan i rutinen"):
        add(world, "asa")
    assert Participation.objects.count() == 1


def test_adding_twice_from_a_unit_that_does_not_see_the_first_says_so_and_changes_nothing(world, routine):
    add(world, "ali")  # the KAA unit's, not shared with social services
    with pytest.raises(ValidationError, match="hos en annan enhet"):
        add(world, "ali", user="socialsekreterare")
    assert Participation.objects.count() == 1


def test_adding_a_person_the_user_may_not_see_is_404(world, routine):
    with pytest.raises(Http404):
        add(world, "lekeberg")  # Lekeberg's KAA register, not Örebro's
    with pytest.raises(Http404):
        add(world, "asa", user="socialsekreterare")  # social services do not work with Åsa
    assert not Participation.objects.exists()


def test_the_unit_must_be_the_users_in_the_programmes_agreement(world, routine):
    lekeberg_programme = services.add_from_catalogue(world["agreements"]["lekeberg"], S)
    with pytest.raises(PermissionDenied):
        add(world, "asa", programme=lekeberg_programme)
    with pytest.raises(ValidationError):
        add(world, "asa", unit=world["units"]["social"].pk)  # not one of the KAA caseworker's units


def test_adding_from_the_page_and_from_the_person_page(world, routine, login):
    kaa, asa, lina = login(world["users"]["kaa"]), world["persons"]["asa"], world["persons"]["lekeberg"]
    url = reverse("programmes:board_add", args=[routine.agreement_id, routine.code])
    response = kaa.post(url, {"person": asa.pk, "tillbaka": "person"})
    assert response.status_code == 302 and response.url == reverse("people:detail", args=[asa.pk]) + "#program"
    assert Participation.objects.filter(person=asa).exists()
    again = kaa.post(url, {"person": asa.pk}, follow=True)
    assert "finns redan i rutinen" in again.content.decode()
    assert kaa.post(url, {"person": lina.pk}).status_code == 404
    lekeberg = login(world["users"]["kaa.lekeberg"])
    assert lekeberg.post(url, {"person": lina.pk}).status_code == 404  # another agreement's programme
    assert Participation.objects.count() == 1


def test_the_person_page_offers_the_programmes_the_person_is_eligible_for(world, routine, login):
    routine.conditions = [{"typ": "alder", "fran": 10, "till": 40}]  # everyone in the world is eligible
    routine.save()
    asa, kaa = world["persons"]["asa"], login(world["users"]["kaa"])
    page = kaa.get(reverse("people:detail", args=[asa.pk])).content.decode()
    assert "Bjud in / lägg till i rutinen" in page
    add(world, "asa")
    page = kaa.get(reverse("people:detail", args=[asa.pk])).content.decode()
    # Listed once, in "Deltagande i program", with its step linking to the board; no longer offered.
    assert "Deltagande i program" in page and "Steg 1" in page and "Bjud in / lägg till i rutinen" not in page
    # The list on the programme's page offers it for those not yet in the routine.
    detail = kaa.get(reverse("programmes:detail", args=[routine.agreement_id, routine.code])).content.decode()
    assert "Bjud in / lägg till i rutinen" in detail and "I rutinen" in detail


# --- The board ---------------------------------------------------------------------------------------


def test_a_programmes_steps_are_its_own_not_the_catalogues(world):
    from fotfaste.programmes import catalogue

    programme = services.add_from_catalogue(world["agreements"]["orebro"], S)
    programme.steps[0]["dagar"] = 30
    programme.conditions.append({"typ": "inskriven"})
    assert "dagar" not in catalogue.BY_CODE[S]["steg"][0]
    assert catalogue.BY_CODE[S]["villkor"] != programme.conditions


def test_step_days_default_and_configured():
    assert board.step_days({"namn": "x"}) == 14
    assert board.step_days({"namn": "x", "dagar": 30}) == 30
    assert board.step_days({"namn": "x", "dagar": "nonsens"}) == 14
    assert board.step_days({"namn": "x", "dagar": 0}) == 14


def test_board_shows_steps_days_and_overdue_in_text(world, routine, login):
    p = add(world, "asa")
    Participation.objects.filter(pk=p.pk).update(step_since=today() - timedelta(days=15))
    kaa = login(world["users"]["kaa"])
    url = reverse("programmes:board", args=[routine.agreement_id, routine.code])
    page = kaa.get(url).content.decode()
    assert "Öberg, Åsa" in page and "Försenad" in page and "(15 dagar, högst 14)" in page
    assert "Arbetsgivarkontakt" in page  # the role responsible for the first step
    assert ReadLogEntry.objects.filter(person_id_ref=p.person_id, what__startswith="tavla").count() == 1
    # The step may allow more days.
    steps = routine.steps
    steps[0]["dagar"] = 30
    routine.steps = steps
    routine.save()
    found = board.board(Actor(world["users"]["kaa"]), routine, today())
    assert found.columns[0].cards[0].overdue is False and found.overdue == 0


def test_another_agreements_user_gets_404(world, routine, login):
    p = add(world, "asa")
    period = PlacePeriod.objects.create(programme=routine, name="Höst", start_date=today(), end_date=today(), places=1)
    lekeberg = login(world["users"]["kaa.lekeberg"])
    args = [routine.agreement_id, routine.code]
    for url in (
        reverse("programmes:board", args=args),
        reverse("programmes:board_end", args=[*args, p.pk]),
        reverse("programmes:period", args=[*args, period.pk]),
    ):
        assert lekeberg.get(url).status_code == 404, url
    assert (
        lekeberg.post(
            reverse("programmes:board_move", args=[*args, p.pk]), {"version": 1, "riktning": "fram"}
        ).status_code
        == 404
    )
    p.refresh_from_db()
    assert p.step == 0


def test_a_unit_without_consent_does_not_see_anothers_participation(world, routine, login):
    p = add(world, "ali")  # held by the KAA unit; social services see Ali on their own ground
    social = world["users"]["socialsekreterare"]
    assert not board.visible_participations(social, today(), routine).exists()
    page = login(social).get(reverse("programmes:board", args=[routine.agreement_id, routine.code])).content.decode()
    assert "Hassan" not in page
    with pytest.raises(Http404):
        board.move(Actor(social), routine, p.pk, version=1, direction=1, day=today())
    # Under a consent the KAA unit confirmed, they see it, and the read names the consent.
    kommun = world["units"]["kaa"].party
    consent = give_consent(
        world["persons"]["ali"], world["units"]["kaa"], {"identitet", "sysselsattning_plan"}, parties=(kommun,)
    )
    page = login(social).get(reverse("programmes:board", args=[routine.agreement_id, routine.code])).content.decode()
    assert "Hassan, Ali" in page
    assert ReadLogEntry.objects.filter(username="socialsekreterare", consent_id_ref=consent.pk).exists()
    # A consent shares the participation, not the right to change the KAA unit's record.
    assert "Hålls av en annan enhet" in page and "Till nästa steg" not in page
    with pytest.raises(PermissionDenied):
        board.move(Actor(social), routine, p.pk, version=1, direction=1, day=today())
    p.refresh_from_db()
    assert (p.step, p.version) == (0, 1)


def test_move_compares_and_sets_the_version(world, routine, login):
    p = add(world, "asa")
    kaa = Actor(world["users"]["kaa"])
    moved = board.move(kaa, routine, p.pk, version=1, direction=1, day=today())
    assert (moved.step, moved.version) == (1, 2)
    with pytest.raises(board.StaleVersion):
        board.move(kaa, routine, p.pk, version=1, direction=1, day=today())  # the page someone else had open
    board.move(kaa, routine, p.pk, version=2, direction=-1, day=today())
    with pytest.raises(ValidationError, match="första steg"):
        board.move(kaa, routine, p.pk, version=3, direction=-1, day=today())
    p.refresh_from_db()
    assert p.step == 0 and list(StepMove.objects.filter(participation=p).values_list("step", flat=True)) == [0, 1, 0]
    moves = ChangeLogEntry.objects.filter(person=p.person, action="program: steg").order_by("pk")
    assert [(e.before["steg"], e.after["steg"]) for e in moves] == [(1, 2), (2, 1)]
    # On the page: a stale post answers 409 in Swedish and changes nothing.
    client = login(world["users"]["kaa"])
    url = reverse("programmes:board_move", args=[routine.agreement_id, routine.code, p.pk])
    response = client.post(url, {"version": 1, "riktning": "fram"})
    assert response.status_code == 409 and "Någon annan ändrade deltagandet" in response.content.decode()
    p.refresh_from_db()
    assert p.step == 0
    assert client.post(url, {"version": p.version, "riktning": "fram"}).status_code == 302
    p.refresh_from_db()
    assert p.step == 1


def test_a_move_reads_the_routine_as_saved_not_as_the_page_had_it(world, routine):
    """A coordinator cut the routine to two steps after the board was opened: the move into step three
    is refused, however stale the programme the request started with."""
    p = add(world, "asa")
    Participation.objects.filter(pk=p.pk).update(step=1)
    stale = type(routine).objects.get(pk=routine.pk)
    services.update_programme(routine, version=routine.version, steps=routine.steps[:2])
    with pytest.raises(ValidationError, match="sista steg"):
        board.move(Actor(world["users"]["kaa"]), stale, p.pk, version=1, direction=1, day=today())
    p.refresh_from_db()
    assert p.step == 1


def test_the_routine_keeps_every_step_someone_is_in(world, routine):
    p = add(world, "asa")
    Participation.objects.filter(pk=p.pk).update(step=2)
    with pytest.raises(ValidationError) as error:
        services.update_programme(routine, version=routine.version, steps=routine.steps[:2])
    assert "Behåll minst 3 steg" in error.value.message_dict["steps"][0]
    routine.refresh_from_db()
    assert (len(routine.steps), routine.version) == (7, 1)


def test_the_last_step_cannot_go_on(world, routine):
    p = add(world, "asa")
    last = len(routine.steps) - 1
    Participation.objects.filter(pk=p.pk).update(step=last)
    with pytest.raises(ValidationError, match="sista steg"):
        board.move(Actor(world["users"]["kaa"]), routine, p.pk, version=1, direction=1, day=today())


def test_ending_needs_a_reason_when_ended_early_and_settles_the_ground(world, routine, login):
    p = add(world, "asa")
    client = login(world["users"]["kaa"])
    url = reverse("programmes:board_end", args=[routine.agreement_id, routine.code, p.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "avbruten", "reason": "", "version": 1})
    assert response.status_code == 200 and "Skriv varför deltagandet avbröts" in response.content.decode()
    p.refresh_from_db()
    assert p.status == "aktuell"
    assert client.post(url, {"status": "avbruten", "reason": "Flyttar", "version": 1}).status_code == 302
    p.refresh_from_db()
    assert (p.status, p.end_reason, p.ended_on) == ("avbruten", "Flyttar", today())
    # The unit's only work with her has ended: its own ground ends with it.
    ground = OwnGround.objects.get(person=p.person_id, unit=world["units"]["kaa"])
    assert ground.end_date == today()
    with pytest.raises(ValidationError, match="redan avslutat"):
        board.end(Actor(world["users"]["kaa"]), routine, p.pk, version=2, status="avstar", reason="", day=today())


def test_ending_the_contact_ends_the_units_open_participations(world, routine):
    p = add(world, "asa")
    end_contact(Actor(world["users"]["kaa"]), world["persons"]["asa"], world["units"]["kaa"], reason="Klar")
    p.refresh_from_db()
    assert p.status == "avbruten" and p.ended_on == today() - timedelta(days=1)


# --- Places and selection -----------------------------------------------------------------------------


def applicants(world, routine, *people):
    return [add(world, who, programme=routine) for who in people]


def new_period(world, routine, places_=1):
    return places.create_period(
        Actor(world["users"]["samordnare"]),
        routine,
        name="Hösten",
        start_date=date(2026, 8, 1),
        end_date=date(2026, 12, 31),
        places=places_,
    )


def test_only_the_agreements_coordinators_create_periods(world, routine, login):
    with pytest.raises(PermissionDenied):
        places.create_period(
            Actor(world["users"]["kaa"]), routine, name="x", start_date=today(), end_date=today(), places=1
        )
    client = login(world["users"]["samordnare"])
    url = reverse("programmes:period_new", args=[routine.agreement_id, routine.code])
    bad = client.post(url, {"name": "Hösten", "start_date": "2026-08-01", "end_date": "2026-07-01", "places": "0"})
    page = bad.content.decode()
    assert bad.status_code == 200 and "Periodens sista dag ligger före dess första" in page and "minst 1" in page
    assert not PlacePeriod.objects.exists()
    ok = client.post(url, {"name": "Hösten", "start_date": "2026-08-01", "end_date": "2026-12-31", "places": "2"})
    assert ok.status_code == 302 and PlacePeriod.objects.get().places == 2
    assert login(world["users"]["kaa"]).get(url).status_code == 403
    detail = client.get(reverse("programmes:detail", args=[routine.agreement_id, routine.code])).content.decode()
    assert "Platser per period" in detail and "Hösten" in detail


def decide(world, period, *pairs, rationale="De med bäst förutsättningar går vidare.", user="samordnare"):
    decisions = []
    for p, result, *rank in pairs:
        p.refresh_from_db()
        decisions.append(places.Decision(p.pk, p.version, result, rank[0] if rank else None))
    return places.record_selection(Actor(world["users"][user]), period, decisions, rationale=rationale, day=today())


def test_selection_over_capacity_is_refused_and_changes_nothing(world, routine):
    a, b, c = applicants(world, routine, "asa", "ali", "protected")
    period = new_period(world, routine, 1)
    with pytest.raises(ValidationError, match="bara 1 lediga platser av 1"):
        decide(world, period, (a, "vald"), (b, "vald"), (c, "ej_vald"))
    assert not Selection.objects.exists() and set(Participation.objects.values_list("status", flat=True)) == {"aktuell"}


def test_selection_needs_a_rationale_and_ranks_for_the_waiting(world, routine):
    a, b = applicants(world, routine, "asa", "ali")
    period = new_period(world, routine, 1)
    with pytest.raises(ValidationError) as exc:
        decide(world, period, (a, "vald"), (b, "vantelista"), rationale="  ")
    assert set(exc.value.message_dict) == {"rationale", places.rank_field(b.pk)}
    assert not Selection.objects.exists()


def test_a_selection_is_recorded_with_its_waiting_list_and_the_first_moves_up(world, routine):
    a, b, c = applicants(world, routine, "asa", "ali", "protected")
    period = new_period(world, routine, 1)
    selection = decide(world, period, (a, "vald"), (b, "vantelista", 2), (c, "vantelista", 1))
    assert selection.rationale == "De med bäst förutsättningar går vidare." and selection.decided_by_name == "Sara"
    for p in (a, b, c):
        p.refresh_from_db()
    assert (a.status, a.place_period) == ("vald", period)
    assert (c.status, c.waiting_rank, b.status, b.waiting_rank) == ("vantelista", 1, "vantelista", 2)
    assert SelectionDecision.objects.filter(selection=selection).count() == 3
    assert places.taken(period) == 1
    coordinator = Actor(world["users"]["samordnare"])
    # No free place: nobody moves up.
    with pytest.raises(ValidationError, match="ingen ledig plats"):
        places.promote_first(coordinator, period, c.pk, version=c.version, day=today())
    # The selected declines: the first on the waiting list gets the place; the second is not first.
    board.end(coordinator, routine, a.pk, version=a.version, status="avstar", reason="", day=today())
    with pytest.raises(ValidationError, match="Väntelistan har ändrats"):
        places.promote_first(coordinator, period, b.pk, version=b.version, day=today())
    places.promote_first(coordinator, period, c.pk, version=c.version, day=today())
    c.refresh_from_db()
    assert (c.status, c.waiting_rank) == ("vald", None) and places.taken(period) == 1
    assert Selection.objects.filter(place_period=period).count() == 2
    # Every decision about a person is in the change log, by whom, before and after.
    logged = ChangeLogEntry.objects.filter(person=c.person).order_by("pk")
    assert [(e.action, e.before, e.after.get("resultat")) for e in logged if e.action == "program: urval"] == [
        ("program: urval", {"status": "aktuell"}, "vantelista"),
        ("program: urval", {"status": "vantelista"}, "vald"),
    ]
    assert {e.username for e in logged if e.action == "program: urval"} == {"samordnare"}
    ended = ChangeLogEntry.objects.get(person=a.person, action="program: avslut")
    assert (ended.before, ended.after["status"]) == ({"status": "vald"}, "avstar")


def test_two_coordinators_selecting_at_once_cannot_overfill(world, routine):
    a, b = applicants(world, routine, "asa", "ali")
    period = new_period(world, routine, 1)
    stale = [places.Decision(b.pk, b.version, "vald")]  # the second coordinator's page, opened before the first saved
    decide(world, period, (a, "vald"))
    with pytest.raises(ValidationError, match="lediga platser"):
        places.record_selection(Actor(world["users"]["samordnare"]), period, stale, rationale="Ja", day=today())
    # Someone changed the applicant after the page was opened: the old version is refused.
    board.move(Actor(world["users"]["kaa"]), routine, b.pk, version=b.version, direction=1, day=today())
    period.places = 2
    period.save()
    with pytest.raises(ValidationError, match="ändrat bland de sökande"):
        places.record_selection(Actor(world["users"]["samordnare"]), period, stale, rationale="Ja", day=today())
    b.refresh_from_db()
    assert b.status == "aktuell" and places.taken(period) == 1


def test_the_selection_page_records_shows_and_refuses(world, routine, login):
    a, b, c = applicants(world, routine, "asa", "ali", "protected")
    period = new_period(world, routine, 1)
    client = login(world["users"]["samordnare"])
    url = reverse("programmes:period", args=[routine.agreement_id, routine.code, period.pk])
    page = client.get(url).content.decode()
    assert "Fler sökande än lediga platser" in page and "Beslut för Åsa Öberg" in page

    def data(**decisions):
        found = {"rationale": "De individerna med bäst förutsättningar får gå vidare; resterande får vänta."}
        for p in (a, b, c):
            found[places.version_field(p.pk)] = p.version
        found.update(decisions)
        return found

    over = client.post(url, data(**{places.decision_field(a.pk): "vald", places.decision_field(b.pk): "vald"}))
    assert over.status_code == 200 and "bara 1 lediga platser" in over.content.decode()
    assert not Selection.objects.exists()
    ok = client.post(
        url,
        data(
            **{
                places.decision_field(a.pk): "vald",
                places.decision_field(b.pk): "vantelista",
                places.rank_field(b.pk): "1",
                places.decision_field(c.pk): "ej_vald",
            }
        ),
    )
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "resterande får vänta" in page and "Hassan, Ali" in page and "Lägg till annan insats i planen" not in page
    assert "Ingen öppen plan" in page
    # Another unit's caseworker in the agreement is no coordinator.
    assert login(world["users"]["kaa"]).get(url).status_code == 403


def test_a_measure_for_those_not_selected(world, routine, login):
    a, b = applicants(world, routine, "asa", "ali")
    period = new_period(world, routine, 1)
    decide(world, period, (a, "vald"), (b, "ej_vald"))
    kaa = world["users"]["kaa"]
    ali = world["persons"]["ali"]
    plan = plan_services.create_plan(
        Actor(kaa),
        ali,
        sharing_for(scope_for(kaa), ali.pk, today()),
        unit=world["units"]["kaa"],
        goal_kind="arbete",
        goal="Arbete inom vården",
    )
    client = login(world["users"]["samordnare"])
    url = reverse("programmes:period", args=[routine.agreement_id, routine.code, period.pk])
    assert "Lägg till annan insats i planen" in client.get(url).content.decode()
    post = reverse("programmes:period_measure", args=[routine.agreement_id, routine.code, period.pk, b.pk])
    assert client.post(post).status_code == 302
    measure = Measure.objects.get(plan=plan)
    assert measure.measure_type.name == "Annan insats" and measure.status == "planerad"
    assert measure.responsible == "kommunen" and measure.responsible_unit == world["units"]["kaa"]
    again = client.post(post, follow=True)
    assert "Planen har redan den insatsen" in again.content.decode() and Measure.objects.count() == 1
    # The selected one is not offered one; nor can it be posted.
    selected = reverse("programmes:period_measure", args=[routine.agreement_id, routine.code, period.pk, a.pk])
    assert client.post(selected).status_code == 404


# --- The demo -------------------------------------------------------------------------------------------


def test_the_demo_has_a_routine_with_overdue_steps_and_a_selection_with_a_waiting_list(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("demodata", stdout=StringIO(), today=today(), force=True, persons=400)
    programme = Participation.objects.filter(programme__code=S).first().programme
    period = PlacePeriod.objects.get(programme=programme)
    applied = Participation.objects.filter(place_period=period)
    assert period.places < applied.count()
    assert set(applied.values_list("status", flat=True)) == {"vald", "vantelista", "ej_vald"}
    selection = Selection.objects.get(place_period=period)
    assert "bäst förutsättningar" in selection.rationale
    coordinator = User.objects.get(username="samordnare")
    found = board.board(Actor(coordinator), programme, today())
    assert found.total >= 5 and found.overdue >= 1
    client.force_login(coordinator)
    args = [programme.agreement_id, programme.code]
    page = client.get(reverse("programmes:period", args=[*args, period.pk])).content.decode()
    assert "Väntelista" in page and "bäst förutsättningar" in page
    assert client.get(reverse("programmes:board", args=args)).status_code == 200

"""Outreach services: who may read and write, the denormalised case state, and the worklist query."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.kaa.models import KaaPeriod
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from fotfaste.outreach import rules, services
from fotfaste.outreach.models import (
    ContactAttempt,
    Guardian,
    Occupation,
    OccupationCurrency,
    OutreachCase,
    OutreachSettings,
)
from fotfaste.outreach.worklist import SORTS, WorklistQuery, worklist_page
from fotfaste.people.models import Person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 16)
D = date.fromisoformat


def in_kaa(person, municipality=None, start=date(2025, 8, 20), end=date(2027, 1, 1), reason="avbrott"):
    return KaaPeriod.objects.create(
        person=person,
        municipality_id=municipality or person.home_municipality_id,
        start_date=start,
        end_date=end,
        start_reason=reason,
        end_reason="fyllt_20",
        derived_at=timezone.now(),
        basis={},
    )


@pytest.fixture
def kaa_world(world):
    KaaPeriod.objects.all().delete()  # this file's KAA register: Åsa, Sara and Lina, not Ali
    for key in ("asa", "protected", "lekeberg"):
        in_kaa(world["persons"][key])
    return world


def actor(world, who):
    return Actor(world["users"][who], ip="10.0.0.1")


def contact(world, person, who="kaa", **kw):
    data = {"contacted_on": TODAY, "channel": "telefon", "outcome": "ej_nadd", "note": "", "today": TODAY, **kw}
    return services.record_contact(actor(world, who), person.pk, **data)


# Who may write


def test_kaa_records_a_contact_and_the_case_follows(kaa_world):
    asa = kaa_world["persons"]["asa"]
    attempt = contact(kaa_world, asa, contacted_on=D("2026-03-01"), outcome="avbojt", note=" Vill inte nu ")
    assert attempt.municipality_id == "1880" and attempt.note == "Vill inte nu"
    assert attempt.created_by == kaa_world["users"]["kaa"] and attempt.created_by_name == "Kaa"
    case = OutreachCase.objects.get(person=asa, municipality_id="1880")
    assert (case.first_contact_on, case.last_contact_on, case.last_outcome) == (
        D("2026-03-01"),
        D("2026-03-01"),
        "avbojt",
    )
    assert case.reached_on == D("2026-03-01")
    assert case.next_contact_due == D("2026-06-01")


def test_a_printed_letter_is_a_contact_attempt(kaa_world):
    asa = kaa_world["persons"]["asa"]
    contact(kaa_world, asa, channel="brev", outcome="ej_nadd")
    case = OutreachCase.objects.get(person=asa)
    assert case.last_outcome == "ej_nadd" and case.reached_on is None and case.next_contact_due is None
    contact(kaa_world, asa, channel="brev", outcome="svarat", contacted_on=TODAY)
    case.refresh_from_db()
    assert case.last_outcome == "svarat" and case.reached_on == TODAY


def test_recontact_period_is_the_municipality_setting(kaa_world):
    OutreachSettings.objects.create(municipality_id="1880", recontact_after_decline_months=6)
    contact(kaa_world, kaa_world["persons"]["asa"], contacted_on=D("2026-01-31"), outcome="avbojt")
    assert OutreachCase.objects.get().next_contact_due == D("2026-07-31")


def test_back_dated_attempt_keeps_the_latest_state(kaa_world):
    asa = kaa_world["persons"]["asa"]
    contact(kaa_world, asa, contacted_on=D("2026-03-10"), outcome="avbojt")
    contact(kaa_world, asa, contacted_on=D("2026-02-01"), outcome="ej_nadd")
    case = OutreachCase.objects.get()
    assert case.first_contact_on == D("2026-02-01") and case.last_outcome == "avbojt"
    assert case.next_contact_due == D("2026-06-10")


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"contacted_on": TODAY + timedelta(days=1)}, "contacted_on"),
        ({"channel": "brevduva"}, "channel"),
        ({"outcome": "kanske"}, "outcome"),
    ],
)
def test_invalid_contact_is_refused_and_nothing_stored(kaa_world, kw, field):
    with pytest.raises(ValidationError) as exc:
        contact(kaa_world, kaa_world["persons"]["asa"], **kw)
    assert field in exc.value.message_dict
    assert not ContactAttempt.objects.exists() and not OutreachCase.objects.exists()


@pytest.mark.parametrize(
    ("who", "person", "error"),
    [
        ("kaa.lekeberg", "asa", Http404),  # KAA, another municipality
        ("kaa", "lekeberg", Http404),
        ("socialsekreterare", "ali", Http404),  # may see Ali (works with him), but is not KAA
        ("socialsekreterare", "asa", Http404),
        ("arbetsformedlare", "asa", Http404),
        ("styrgrupp", "asa", PermissionDenied),
        ("admin", "asa", PermissionDenied),
        ("outsider", "asa", PermissionDenied),
        ("anonymous", "asa", PermissionDenied),
    ],
)
def test_only_kaa_of_the_municipality_may_write(kaa_world, who, person, error):
    in_kaa(kaa_world["persons"]["ali"])
    user = AnonymousUser() if who == "anonymous" else kaa_world["users"][who]
    target = kaa_world["persons"][person]
    a = Actor(user)
    with pytest.raises(error):
        services.record_contact(a, target.pk, contacted_on=TODAY, channel="sms", outcome="nadd", today=TODAY)
    with pytest.raises(error):
        services.record_occupation(a, target.pk, status="arbete", valid_from=TODAY, verified_on=TODAY, today=TODAY)
    with pytest.raises(error):
        services.add_guardian(a, target.pk, name="Anna", phone="070-123 45 67", today=TODAY)
    with pytest.raises(error):
        services.assign(a, [target.pk], None, today=TODAY)
    with pytest.raises(error):
        services.open_outreach_person(a, target.pk, "test", TODAY)
    assert not ContactAttempt.objects.exists() and not Occupation.objects.exists()
    assert not Guardian.objects.exists() and not OutreachCase.objects.exists()
    assert not ReadLogEntry.objects.exists()  # a refused read is not a read


def test_kaa_has_no_duty_towards_a_resident_not_in_kaa(kaa_world):
    """Issue 10: the KAA role saw everyone ever registered in its municipality, with no end."""
    ali = kaa_world["persons"]["ali"]  # home municipality Örebro, never in KAA
    with pytest.raises(Http404):
        contact(kaa_world, ali, outcome="nadd")
    assert not OutreachCase.objects.filter(person=ali).exists()


def test_outreach_follows_the_kaa_period_not_only_the_home_municipality(kaa_world):
    """A person registered in Lekeberg whose KAA period is Örebro's (moved; the period is the last one)."""
    asa = kaa_world["persons"]["asa"]
    KaaPeriod.objects.filter(person=asa).update(end_date=D("2026-01-31"))
    in_kaa(asa, "1814", start=D("2026-02-01"))
    Person.objects.filter(pk=asa.pk).update(home_municipality_id="1814")
    assert services.authorise(actor(kaa_world, "kaa.lekeberg"), asa.pk, TODAY)[1] == "1814"
    # Örebro follows her up for six months after her period there ended, and then no more.
    assert services.authorise(actor(kaa_world, "kaa"), asa.pk, TODAY)[1] == "1880"
    assert services.authorise(actor(kaa_world, "kaa"), asa.pk, D("2026-07-31"))[1] == "1880"
    with pytest.raises(Http404):
        services.authorise(actor(kaa_world, "kaa"), asa.pk, D("2026-08-01"))


def test_open_outreach_person_logs_the_read(kaa_world):
    p = kaa_world["persons"]["protected"]
    person, municipality = services.open_outreach_person(
        actor(kaa_world, "kaa"), p.pk, "registrera kontaktförsök", TODAY
    )
    assert person == p and municipality == "1880"
    entry = ReadLogEntry.objects.get()
    assert (entry.username, entry.what, entry.protected) == ("kaa", "registrera kontaktförsök", True)


# Occupation


def test_occupation_history_and_current_state(kaa_world):
    asa = kaa_world["persons"]["asa"]
    a = actor(kaa_world, "kaa")
    services.record_occupation(
        a, asa.pk, status="arbete", valid_from=D("2026-01-10"), verified_on=D("2026-02-01"), today=TODAY
    )
    services.record_occupation(
        a, asa.pk, status="studier_komvux", valid_from=D("2025-08-20"), verified_on=D("2026-03-01"), today=TODAY
    )
    case = OutreachCase.objects.get()
    assert (case.occupation_status, case.occupation_verified_on) == ("arbete", D("2026-02-01"))
    assert Occupation.objects.count() == 2


@pytest.mark.parametrize(
    ("valid_from", "verified_on", "field"),
    [
        (TODAY + timedelta(days=1), TODAY + timedelta(days=1), "valid_from"),
        (TODAY, TODAY + timedelta(days=1), "verified_on"),
        (TODAY, TODAY - timedelta(days=1), "verified_on"),
    ],
)
def test_invalid_occupation_is_refused(kaa_world, valid_from, verified_on, field):
    with pytest.raises(ValidationError) as exc:
        services.record_occupation(
            actor(kaa_world, "kaa"),
            kaa_world["persons"]["asa"].pk,
            status="arbete",
            valid_from=valid_from,
            verified_on=verified_on,
            today=TODAY,
        )
    assert field in exc.value.message_dict
    assert not Occupation.objects.exists() and not OutreachCase.objects.exists()


# Guardians


def test_guardian_for_under_18_only(kaa_world):
    asa = kaa_world["persons"]["asa"]  # born 2010
    KaaPeriod.objects.filter(person=asa).update(end_date=D("2029-12-31"))  # in KAA until then
    g = services.add_guardian(actor(kaa_world, "kaa"), asa.pk, name=" Eva Öberg ", phone="070-174 06 10", today=TODAY)
    assert (g.name, g.phone, g.created_by_name) == ("Eva Öberg", "070-174 06 10", "Kaa")
    with pytest.raises(ValidationError) as exc:
        services.add_guardian(actor(kaa_world, "kaa"), asa.pk, name="Eva", phone="070-174 06 10", today=D("2028-06-01"))
    assert "__all__" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_guardian(actor(kaa_world, "kaa"), asa.pk, name="", phone="ring mig", today=TODAY)
    assert set(exc.value.message_dict) == {"name", "phone"}
    assert Guardian.objects.count() == 1


# Assignment


def test_assign_to_a_colleague_to_oneself_and_to_nobody(kaa_world):
    kaa = kaa_world["users"]["kaa"]
    colleague = type(kaa).objects.create_user(username="kaa2", first_name="Karin", last_name="Kollega")
    Membership.objects.create(user=colleague, unit=kaa_world["units"]["kaa"], role=Role.KAA)
    asa, protected = kaa_world["persons"]["asa"], kaa_world["persons"]["protected"]
    contact(kaa_world, asa)  # a case already exists for Åsa
    assert services.assign(actor(kaa_world, "kaa"), [asa.pk, protected.pk], colleague.pk, today=TODAY) == 2
    assert set(OutreachCase.objects.values_list("assigned_to", flat=True)) == {colleague.pk}
    assert OutreachCase.objects.get(person=asa).last_outcome == "ej_nadd"  # the rest of the case is kept
    services.assign(actor(kaa_world, "kaa"), [asa.pk], kaa.pk, today=TODAY)
    assert OutreachCase.objects.get(person=asa).assigned_to == kaa
    services.assign(actor(kaa_world, "kaa"), [asa.pk], None, today=TODAY)
    case = OutreachCase.objects.get(person=asa)
    assert case.assigned_to is None and case.assigned_at is None


def test_assign_refuses_a_non_kaa_assignee_and_foreign_persons(kaa_world):
    asa, lina = kaa_world["persons"]["asa"], kaa_world["persons"]["lekeberg"]
    a = actor(kaa_world, "kaa")
    for user in ("socialsekreterare", "kaa.lekeberg", "styrgrupp"):
        with pytest.raises(ValidationError):
            services.assign(a, [asa.pk], kaa_world["users"][user].pk, today=TODAY)
    with pytest.raises(Http404):
        services.assign(a, [asa.pk, lina.pk], kaa_world["users"]["kaa"].pk, today=TODAY)
    with pytest.raises(ValidationError):
        services.assign(a, [], kaa_world["users"]["kaa"].pk, today=TODAY)
    assert not OutreachCase.objects.exists()


def test_colleagues_are_active_kaa_users_of_the_municipality(kaa_world):
    kaa = kaa_world["users"]["kaa"]
    assert [u.username for u in services.kaa_colleagues("1880")] == ["kaa"]
    assert [u.username for u in services.kaa_colleagues("1814")] == ["kaa.lekeberg"]
    Membership.objects.filter(user=kaa).update(active=False)
    assert services.kaa_colleagues("1880") == []


# The person page section


def test_outreach_section_only_for_kaa_of_the_municipality(kaa_world):
    asa = kaa_world["persons"]["asa"]
    assert services.outreach_section(asa, frozenset(), TODAY) is None
    assert services.outreach_section(asa, frozenset({"1814"}), TODAY) is None
    OccupationCurrency.objects.create(status="arbete", months=1)
    services.record_occupation(
        actor(kaa_world, "kaa"),
        asa.pk,
        status="arbete",
        valid_from=D("2026-01-01"),
        verified_on=D("2026-01-15"),
        today=TODAY,
    )
    contact(kaa_world, asa, outcome="avbojt")
    section = services.outreach_section(asa, frozenset({"1880"}), TODAY)
    assert section["municipality"] == "1880" and section["under_18"]
    assert [a.outcome for a in section["attempts"]] == ["avbojt"]
    assert section["occupation_now"] == "Okänd" and section["occupation_stale"]
    (row,) = section["occupations"]
    assert row.is_current and row.counts_as == "Okänd" and row.current_until == D("2026-02-15")


# The worklist


def page(world, who="kaa", size=25, cursor=None, **query):
    q = WorklistQuery(municipality=query.pop("municipality", "1880"), **query)
    return worklist_page(actor(world, who), q, cursor, today=TODAY, size=size)


def test_worklist_shows_people_in_kaa_today_only(kaa_world, test_numbers):
    orebro = kaa_world["persons"]["asa"].home_municipality
    ended = Person.objects.create(
        personnummer=test_numbers[40], first_name="Ebba", last_name="Slutad", home_municipality=orebro
    )
    in_kaa(ended, end=D("2026-03-15"))
    future = Person.objects.create(
        personnummer=test_numbers[41], first_name="Frans", last_name="Framtid", home_municipality=orebro
    )
    in_kaa(future, start=D("2026-03-17"))
    rows = page(kaa_world).rows
    assert [r.person.last_name for r in rows] == ["Skyddad", "Öberg"]  # not Ali (no period), Ebba, Frans, Lina
    assert rows[0].kaa_since == D("2025-08-20") and rows[0].start_reason == "Avbrott från gymnasieskolan"
    assert rows[0].occupation == "Okänd" and rows[0].last_contact_on is None


def test_worklist_logs_every_person_shown(kaa_world):
    rows = page(kaa_world).rows
    logged = list(ReadLogEntry.objects.values_list("personnummer", "what", "protected", "ip"))
    assert sorted(logged) == sorted(
        (r.person.personnummer, "arbetslista", r.person.is_protected, "10.0.0.1") for r in rows
    )


def test_worklist_404_for_kaa_of_another_municipality(kaa_world):
    with pytest.raises(Http404):
        page(kaa_world, "kaa.lekeberg", municipality="1880")
    assert not ReadLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["socialsekreterare", "arbetsformedlare", "styrgrupp", "admin", "outsider"])
def test_worklist_403_for_everyone_without_a_kaa_role(kaa_world, who):
    with pytest.raises(PermissionDenied):
        page(kaa_world, who)
    assert not ReadLogEntry.objects.exists()


@pytest.fixture
def crowd(kaa_world, test_numbers):
    """Thirty people in KAA in Örebro in every state the worklist distinguishes."""
    orebro = kaa_world["persons"]["asa"].home_municipality
    kaa = kaa_world["users"]["kaa"]
    OccupationCurrency.objects.create(status="praktik", months=2)
    # Eight who turn 20 from a few days to about four months after TODAY.
    old = [n for n in test_numbers if "20060320" <= n[:8] <= "20060731"][::12][:8]
    numbers = old + [n for n in test_numbers if n.startswith("2009")][:22]
    outcomes = ["", "nadd", "ej_nadd", "avbojt", "svarat"]
    statuses = ["", "arbete", "praktik", "okand", "studier_komvux"]
    persons = []
    for i, number in enumerate(numbers):
        p = Person.objects.create(
            personnummer=number, first_name=f"P{i:02d}", last_name="Crowd", home_municipality=orebro
        )
        in_kaa(
            p,
            start=D("2025-01-01") + timedelta(days=7 * i),
            end=D("2026-06-01") + timedelta(days=11 * (i % 9)),
            reason=["avbrott", "studiebevis", "inflyttad"][i % 3],
        )
        outcome = outcomes[i % 5]
        if outcome:
            contacted = TODAY - timedelta(days=30 * (i % 7))
            contact(kaa_world, p, outcome=outcome, contacted_on=contacted)
        status = statuses[(i // 2) % 5]
        if status:
            verified = TODAY - timedelta(days=20 * (i % 7))
            services.record_occupation(
                actor(kaa_world, "kaa"), p.pk, status=status, valid_from=verified, verified_on=verified, today=TODAY
            )
        if i % 4 == 0:
            services.assign(actor(kaa_world, "kaa"), [p.pk], kaa.pk, today=TODAY)
        persons.append(p)
    ReadLogEntry.objects.all().delete()
    return persons


def everyone(world, **query):
    rows, cursor = [], None
    while True:
        result = page(world, size=7, cursor=cursor, **query)
        rows += result.rows
        cursor = result.next_cursor
        if cursor is None:
            return rows


@pytest.mark.parametrize("category", rules.CATEGORIES)
def test_category_filters_agree_with_the_rules(crowd, kaa_world, category):
    everybody = everyone(kaa_world)
    cases = {c.person_id: c for c in OutreachCase.objects.all()}
    expected = set()
    for r in everybody:
        case = cases.get(r.person.pk)
        flags = rules.worklist_flags(
            last_contact_on=case.last_contact_on if case else None,
            last_outcome=case.last_outcome if case else "",
            next_contact_due=case.next_contact_due if case else None,
            birth_date=r.person.birth_date,
            today=TODAY,
            window_months=3,
        )
        if flags.category(category):
            expected.add(r.person.pk)
    got = {r.person.pk for r in everyone(kaa_world, category=category)}
    assert got == expected
    if category != rules.ALL:
        assert 0 < len(got) < len(everybody)


@pytest.mark.parametrize("status", ["arbete", "praktik", "studier_komvux", "okand"])
def test_occupation_filter_counts_stale_statuses_as_unknown(crowd, kaa_world, status):
    everybody = everyone(kaa_world)
    got = {r.person.pk for r in everyone(kaa_world, occupation=status)}
    assert got == {
        r.person.pk
        for r in everybody
        if r.occupation
        == dict(arbete="Arbete", praktik="Praktik", studier_komvux="Studier – komvux", okand="Okänd")[status]
    }
    assert got


def test_assigned_filter(crowd, kaa_world):
    kaa = kaa_world["users"]["kaa"]
    mine = {r.person.pk for r in everyone(kaa_world, assigned="mina")}
    assert mine == set(OutreachCase.objects.filter(assigned_to=kaa).values_list("person_id", flat=True))
    assert mine == {r.person.pk for r in everyone(kaa_world, assigned=str(kaa.pk))}
    nobody = {r.person.pk for r in everyone(kaa_world, assigned="ingen")}
    assert mine and nobody and not mine & nobody
    assert len(mine | nobody) == len(everyone(kaa_world))
    assert all(r.assigned_name == "Kaa" for r in everyone(kaa_world, assigned="mina"))


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_sort_pages_through_everyone_once_in_order(crowd, kaa_world, sort):
    rows = everyone(kaa_world, sort=sort)
    assert len(rows) == len({r.person.pk for r in rows}) == 32
    key = {
        "namn": lambda r: (r.person.sort_name, r.person.pk),
        "i_kaa_sedan": lambda r: (-r.kaa_since.toordinal(), r.person.sort_name, r.person.pk),
        "nasta_kontakt": lambda r: (r.next_contact_due or date.max, r.person.sort_name, r.person.pk),
        "sista_dag": lambda r: (r.kaa_until, r.person.sort_name, r.person.pk),
    }[sort]
    assert rows == sorted(rows, key=key)
    assert ReadLogEntry.objects.filter(what="arbetslista").count() == 32


def test_turning_20_flag_uses_the_municipality_window(crowd, kaa_world):
    flagged = {r.person.pk for r in everyone(kaa_world) if r.turning_20_on}
    OutreachSettings.objects.create(municipality_id="1880", turning_20_window_months=1)
    fewer = {r.person.pk for r in everyone(kaa_world) if r.turning_20_on}
    assert fewer < flagged
    assert fewer == {r.person.pk for r in everyone(kaa_world, category=rules.TURNING_20)}


@pytest.mark.parametrize("size", [1, 2, 5, 6, 7, 40])
def test_next_contact_sort_pages_across_its_two_parts_at_any_page_size(crowd, kaa_world, size):
    """Those with a next contact come first (one index walk), then the rest by name (another)."""
    due = OutreachCase.objects.exclude(next_contact_due=None).count()
    assert 0 < due < 32
    rows, cursor, pages = [], None, 0
    while True:
        result = page(kaa_world, size=size, cursor=cursor, sort="nasta_kontakt")
        assert len(result.rows) <= size
        rows += result.rows
        pages += 1
        cursor = result.next_cursor
        if cursor is None:
            break
    assert pages == -(-32 // size)
    assert len({r.person.pk for r in rows}) == 32
    assert all(r.next_contact_due for r in rows[:due]) and not any(r.next_contact_due for r in rows[due:])

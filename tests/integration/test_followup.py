"""The follow-up's computed indicators on small hand-made data, counted exactly, and the same data
through the disclosure rule, the pages and the API (fotfaste.followup)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.guard import guarded
from fotfaste.followup import indicators, services
from fotfaste.followup.models import MANUAL, Goal, Indicator, ManualResult
from fotfaste.followup.periods import parse_period
from fotfaste.kaa.models import KaaPeriod
from fotfaste.outreach.models import ContactAttempt, Occupation
from fotfaste.people.models import Person
from fotfaste.plans.models import Measure, MeasureType, Plan
from fotfaste.plans.services import ensure_catalogue
from tests.api.conftest import issue_token

pytestmark = pytest.mark.django_db

PERIOD = parse_period("2025H2")  # wholly in the past; the world's own KAA periods cover only the last weeks


def kaa(person, start, end, municipality="1880", end_reason="fyllt_20"):
    return KaaPeriod.objects.create(
        person=person, municipality_id=municipality, start_date=start, end_date=end, start_reason="avbrott",
        end_reason=end_reason, derived_at=timezone.now(),
    )  # fmt: skip


def measure(person, unit, status, start=None, end=None, end_reason=""):
    plan = Plan.objects.create(person=person, unit=unit, goal_kind="arbete", goal="Arbete")
    return Measure.objects.create(
        plan=plan, measure_type=MeasureType.objects.get(name="Praktik"), responsible="personen",
        planned_start=start or date(2025, 8, 1), actual_start=start, actual_end=end, status=status,
        end_reason=end_reason,
    )  # fmt: skip


@pytest.fixture
def cohort(world, test_numbers):
    """Eleven young people in Örebro's KAA register during 2025H2, one in Lekeberg's, one who left before."""
    ensure_catalogue()  # transactional (browser) tests empty the catalogue the migration adds
    orebro = world["persons"]["asa"].home_municipality

    def person(i, sex, born, background):
        made = Person.objects.create(
            personnummer=test_numbers[10 + i], first_name=f"P{i}", last_name="Kohort", sex=sex,
            background=background, home_municipality=orebro,
        )  # fmt: skip
        # The birth date follows the number on save; these ages are what the test is about.
        Person.objects.filter(pk=made.pk).update(birth_date=born, sex=sex)
        made.birth_date = born
        return made

    young, older = date(2008, 5, 1), date(2004, 5, 1)  # 17 and 21 on 31 December 2025
    p = [
        person(i, "kvinna" if i < 6 else "man", young if i < 9 else older,
               "svensk" if i < 7 else ("fodd_utomlands" if i < 9 else ""))
        for i in range(13)
    ]  # fmt: skip
    for i in range(10):
        kaa(p[i], date(2025, 3, 1), date(2026, 3, 1))
    kaa(p[10], date(2025, 8, 1), date(2025, 10, 15), end_reason="borjat_utbildning")  # resumed studies
    kaa(p[11], date(2025, 3, 1), date(2026, 3, 1), municipality="1814")  # Lekeberg: another agreement
    kaa(p[12], date(2024, 1, 1), date(2025, 5, 1))  # left before the period
    for i in (*range(6), 11):
        ContactAttempt.objects.create(person=p[i], municipality_id="1880" if i < 11 else "1814",
                                      contacted_on=date(2025, 9, 1), channel="telefon", outcome="nadd")  # fmt: skip
    ContactAttempt.objects.create(person=p[6], municipality_id="1880", contacted_on=date(2025, 9, 1),
                                  channel="telefon", outcome="ej_nadd")  # fmt: skip
    # Reached before the KAA period began: not a contact of this time in KAA.
    ContactAttempt.objects.create(person=p[7], municipality_id="1880", contacted_on=date(2025, 1, 1),
                                  channel="telefon", outcome="nadd")  # fmt: skip

    def occupation(person, status, verified):
        Occupation.objects.create(person=person, municipality_id="1880", status=status,
                                  valid_from=verified - timedelta(days=10), verified_on=verified)  # fmt: skip

    for i in range(4):
        occupation(p[i], "arbete", date(2025, 11, 1))  # current on 31 December
    occupation(p[4], "arbete", date(2025, 3, 1))  # older than six months: unknown
    occupation(p[5], "okand", date(2025, 11, 1))
    occupation(p[6], "arbete", date(2026, 2, 1))  # learnt after the day: not known then
    unit = world["units"]["kaa"]
    measure(p[0], unit, "pagaende", date(2025, 9, 1))
    measure(p[1], unit, "pagaende", date(2025, 9, 1))
    measure(p[2], unit, "avslutad", date(2025, 8, 1), date(2025, 10, 1), "borjat_arbeta")
    measure(p[3], unit, "avslutad", date(2025, 9, 1), date(2025, 11, 1), "avbruten")
    measure(p[4], unit, "planerad")
    measure(p[9], unit, "avbojd")
    return p


def counted(world, key):
    ctx = indicators.Context(world["agreements"]["orebro"].pk, ("1880",), PERIOD, date(2026, 6, 1))
    with guarded():  # as in a request: the aggregate says why it reads persons
        rows = indicators.compute(key, ctx)
    return sum(r.numerator for r in rows), sum(r.denominator for r in rows), rows


def test_number_in_kaa(world, cohort):
    num, den, rows = counted(world, "kaa_antal")
    assert num == den == 11
    assert sum(r.numerator for r in rows if r.sex == "kvinna") == 6
    assert sum(r.numerator for r in rows if r.age == "20-24") == 2
    assert sum(r.numerator for r in rows if r.background == "okand") == 2


def test_share_reached(world, cohort):
    assert counted(world, "kaa_nadda")[:2] == (6, 11)


def test_share_with_unknown_occupation_counts_stale_and_missing_as_unknown(world, cohort):
    # In KAA on 31 December: P0–P9. Known: P0–P3. Unknown: stale P4, okänd P5, later P6, none P7–P9.
    assert counted(world, "okand_sysselsattning")[:2] == (6, 10)


def test_share_with_a_measure(world, cohort):
    assert counted(world, "med_insats")[:2] == (4, 11)


def test_16_to_19_without_a_measure(world, cohort):
    num, _den, rows = counted(world, "utan_insats_16_19")
    assert num == 5  # P4–P8: 17 years old, no measure under way (a planned one is not)
    assert {r.age for r in rows} == {"16-19"}


def test_transitions_to_work_or_studies(world, cohort):
    assert counted(world, "overgang_arbete_studier")[:2] == (1, 2)


def test_resumed_studies(world, cohort):
    assert counted(world, "aterupptagna_studier")[:2] == (1, 11)


def test_one_query_per_indicator(world, cohort, django_assert_max_num_queries):
    for key in indicators.DEFINITIONS:
        with django_assert_max_num_queries(2):  # the grouped query (and the saved currency periods)
            counted(world, key)


def make_goals(world):
    goal = Goal.objects.create(agreement=world["agreements"]["orebro"], title="Färre unga i KAA")
    Indicator.objects.create(goal=goal, name="Unga i KAA", kind="kaa_antal", unit="antal", target_kind="varden",
                             target_values={"2025": "12"}, direction="lagre")  # fmt: skip
    Indicator.objects.create(goal=goal, name="Nådda", kind="kaa_nadda", unit="procent", direction="hogre",
                             target_kind="varden", target_values={"2025": "50"})  # fmt: skip
    manual = Indicator.objects.create(goal=goal, name="Försörjningsstöd", kind=MANUAL, unit="antal")
    ManualResult.objects.create(indicator=manual, period="2025", value=3, source="Månadslistan",
                                source_date=date(2026, 1, 10))  # fmt: skip
    return goal


def test_results_are_disclosed_for_everyone(world, cohort):
    make_goals(world)
    found = {r.indicator.name: r for r in services.results(world["agreements"]["orebro"], PERIOD, date(2026, 6, 1))}
    count = found["Unga i KAA"]
    assert count.figure.value == 11 and not count.figure.masked and count.status == "i_fas"
    ages = dict(count.splits["alder"])
    assert ages["20-24"].masked and ages["16-19"].masked and ages["25-29"].value == 0  # 9 + 2: both hidden
    sexes = dict(count.splits["kon"])
    assert sexes["kvinna"].value == 6 and sexes["man"].value == 5
    reached = found["Nådda"]
    # 6 of 11 reached, but all six have Swedish background, where 7 are in KAA: the reached total
    # would give away the one Swedish-background youth not reached (7 − 6), so the share is masked.
    assert reached.figure.masked and reached.figure.value is None and reached.status == "uppgift_saknas"
    assert reached.figure.denominator == 11
    # A hand-entered year counts for its half-years, and three is fewer than five.
    assert found["Försörjningsstöd"].figure.masked and found["Försörjningsstöd"].status == "uppgift_saknas"


def test_the_dashboard_shows_aggregates_to_the_steering_group(world, cohort, login):
    make_goals(world)
    page = login(world["users"]["styrgrupp"]).get(reverse("followup:dashboard") + "?period=2025H2&uppdelning=alder")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Färre unga i KAA" in text and "<svg" in text and "färre än 5 eller dolt" in text
    assert "Kohort" not in text and cohort[0].personnummer not in text
    bad = login(world["users"]["styrgrupp"]).get(reverse("followup:dashboard") + "?period=2025H3")
    assert "Ogiltig period" in bad.content.decode()


def test_caseworkers_do_not_get_the_dashboard_and_the_steering_group_cannot_edit(world, login):
    goal = make_goals(world)
    assert login(world["users"]["kaa"]).get(reverse("followup:dashboard")).status_code == 403
    steering = login(world["users"]["styrgrupp"])
    assert steering.get(reverse("followup:goal_edit", args=[goal.pk])).status_code == 404
    assert steering.post(reverse("followup:goal_edit", args=[goal.pk]), {"title": "X", "order": 0}).status_code == 404
    assert Goal.objects.get(pk=goal.pk).title == "Färre unga i KAA"


def test_an_administrator_edits_an_indicator_and_a_bad_form_changes_nothing(world, login):
    goal = make_goals(world)
    admin = login(world["users"]["admin"])
    ind = Indicator.objects.get(name="Unga i KAA")
    data = {"name": "Unga i KAA", "kind": "kaa_antal", "unit": "antal", "direction": "lagre",
            "target_kind": "linjar", "baseline": "614", "baseline_date": "2015-12-31", "target_value": "",
            "target_date": "2020-12-31", "order": "0"}  # fmt: skip
    page = admin.post(reverse("followup:indicator_edit", args=[ind.pk]), data)
    assert page.status_code == 200 and "Målvärde: Behövs för den valda målbanan." in page.content.decode()
    assert Indicator.objects.get(pk=ind.pk).target_kind == "varden"
    data["target_value"] = "500"
    assert admin.post(reverse("followup:indicator_edit", args=[ind.pk]), data).status_code == 302
    saved = Indicator.objects.get(pk=ind.pk)
    assert saved.target_kind == "linjar" and saved.target_value == 500
    created = admin.post(reverse("followup:goal_create", args=[goal.agreement_id]), {"title": "", "order": "0"})
    assert "Skriv målet." in created.content.decode() and Goal.objects.count() == 1


def test_a_coordinator_enters_a_manual_result(world, login):
    make_goals(world)
    from fotfaste.orgs.models import Membership

    coordinator = Membership.objects.create(
        user=world["users"]["outsider"], unit=world["units"]["steering"], role="samordnare"
    ).user
    client = login(coordinator)
    manual = Indicator.objects.get(name="Försörjningsstöd")
    url = reverse("followup:manual_result", args=[manual.pk])
    bad = client.post(url, {"period": "2025H3", "value": "540", "source": "Listan", "source_date": "2026-01-10"})
    assert "Ogiltig period" in bad.content.decode() and ManualResult.objects.count() == 1
    ok = client.post(url, {"period": "2025H2", "value": "540", "source": "Listan", "source_date": "2026-01-10"})
    assert ok.status_code == 302
    assert ManualResult.objects.get(period="2025H2").value == 540


# The API


def api(user):
    from django.test import Client

    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user.username)}")


def test_the_api_contract(world, cohort):
    make_goals(world)
    agreement = world["agreements"]["orebro"]
    response = api(world["users"]["styrgrupp"]).get(f"/api/v1/indicators?avtal={agreement.pk}&period=2025H2")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["indikator"] for i in items] == ["Unga i KAA", "Nådda", "Försörjningsstöd"]
    fields = {"mal", "indikator", "enhet", "period", "varde", "prickad", "malvarde", "status", "uppdelning"}
    for item in items:
        assert set(item) == fields
        assert set(item["uppdelning"]) == {"kon", "alder", "bakgrund"}
        assert item["status"] in ("i_fas", "inte_i_fas", "uppgift_saknas")
        assert item["enhet"] in ("antal", "procent")
        for group in [item, *(g for groups in item["uppdelning"].values() for g in groups)]:
            if group["prickad"]:
                assert group["varde"] is None
    count = items[0]
    assert (
        count["varde"] == 11 and count["malvarde"] == 12 and count["status"] == "i_fas" and count["period"] == "2025H2"
    )
    assert [g["grupp"] for g in count["uppdelning"]["kon"]] == ["kvinna", "man"]
    assert [g["grupp"] for g in count["uppdelning"]["alder"]] == ["16-19", "20-24", "25-29"]
    assert [g["grupp"] for g in count["uppdelning"]["bakgrund"]] == [
        "svensk", "utlandsk_fodd_i_sverige", "fodd_utomlands", "okand"
    ]  # fmt: skip
    assert {"grupp": "20-24", "varde": None, "prickad": True} in count["uppdelning"]["alder"]
    assert items[2]["varde"] is None and items[2]["prickad"] is True
    text = response.content.decode()
    for person in cohort:
        assert person.personnummer not in text
    assert "personnummer" not in text and "Kohort" not in text


def test_the_api_answers_404_across_agreements_and_422_for_a_bad_period(world):
    make_goals(world)
    steering = api(world["users"]["styrgrupp"])
    other = world["agreements"]["lekeberg"].pk
    assert steering.get(f"/api/v1/indicators?avtal={other}&period=2025H2").status_code == 404
    assert steering.get("/api/v1/indicators?avtal=987654&period=2025H2").status_code == 404
    bad = steering.get(f"/api/v1/indicators?avtal={world['agreements']['orebro'].pk}&period=2025H3")
    assert bad.status_code == 422 and "Ogiltig period" in bad.json()["detail"]
    caseworker = api(world["users"]["kaa"])
    assert (
        caseworker.get(f"/api/v1/indicators?avtal={world['agreements']['orebro'].pk}&period=2025H2").status_code == 403
    )

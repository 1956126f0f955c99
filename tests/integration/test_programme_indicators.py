"""The follow-up's programme indicators (fotfaste.followup.indicators: program_deltagare, program_fullfoljt,
program_arbete_studier) counted exactly on hand-made participations, split by sex and background, and through
the disclosure rule (threshold 5)."""

from datetime import date

import pytest

from fotfaste.access.guard import guarded
from fotfaste.followup import indicators, services
from fotfaste.followup.models import Goal, Indicator
from fotfaste.followup.periods import parse_period
from fotfaste.people.models import Person
from fotfaste.programmes import services as programmes
from fotfaste.programmes.models import Participation
from tests.conftest import own_ground

pytestmark = pytest.mark.django_db

PERIOD = parse_period("2025H2")
TODAY = date(2026, 6, 1)


@pytest.fixture
def participants(world, test_numbers):
    """Twelve young adults (22 at the end of 2025, past KAA age) that Örebro's units work or worked with."""
    orebro = world["agreements"]["orebro"]
    contract = programmes.add_from_catalogue(orebro, "utbildningskontrakt")
    trainee = programmes.add_from_catalogue(orebro, "traineejobb_valfard")
    lekeberg = programmes.add_from_catalogue(world["agreements"]["lekeberg"], "utbildningskontrakt")
    units = world["units"]
    municipality = world["persons"]["asa"].home_municipality

    def person(i, sex, background):
        made = Person.objects.create(
            personnummer=test_numbers[20 + i],
            first_name=f"D{i}",
            last_name="Deltagare",
            sex=sex,
            background=background,
            home_municipality=municipality,
        )
        Person.objects.filter(pk=made.pk).update(birth_date=date(2003, 5, 1), sex=sex)
        return made

    p = [person(i, "kvinna" if i % 2 == 0 else "man", "fodd_utomlands" if i < 3 else "svensk") for i in range(12)]
    # Their units' own grounds; P1's ended in October, before the measuring day: it still counts.
    for i in range(11):
        end = date(2025, 10, 1) if i == 1 else None
        own_ground(p[i], units["af"] if i % 3 else units["kaa"], date(2025, 1, 1), end)
    own_ground(p[11], units["lekeberg_kaa"], date(2025, 1, 1))  # Lekeberg's: not one of Örebro's

    def take_part(person, programme, status, start=None, end=None, outcome="", unit="af"):
        return Participation.objects.create(
            programme=programme,
            person=person,
            unit=units[unit],
            step_since=start or date(2025, 1, 1),
            status=status,
            started_on=start,
            ended_on=end,
            outcome=outcome,
        )

    take_part(p[0], contract, "deltar", date(2025, 9, 1))
    take_part(p[1], contract, "fullfoljd", date(2025, 3, 1), date(2025, 10, 1), "arbete")
    take_part(p[1], trainee, "deltar", date(2025, 11, 1))  # two programmes: one person
    take_part(p[2], contract, "fullfoljd", date(2025, 8, 1), date(2025, 12, 1), "studier")
    take_part(p[3], contract, "avbruten", date(2025, 8, 1), date(2025, 9, 15), "ingen")
    take_part(p[4], trainee, "avbruten", date(2025, 7, 1), date(2025, 11, 1), "arbete_studier")
    take_part(p[5], trainee, "deltar", date(2025, 12, 31))
    take_part(p[6], contract, "fullfoljd", date(2025, 1, 1), date(2025, 6, 30), "arbete")  # ended before
    take_part(p[7], contract, "deltar", date(2026, 2, 1))  # started after the period
    take_part(p[8], contract, "vald")  # selected, never started
    take_part(p[9], trainee, "ej_vald")
    take_part(p[10], trainee, "fullfoljd", date(2025, 8, 1), date(2026, 1, 20), "arbete")  # ends after
    take_part(p[11], lekeberg, "deltar", date(2025, 9, 1), unit="lekeberg_kaa")  # Lekeberg's programme
    return p


def counted(world, key, agreement="orebro", municipality="1880"):
    ctx = indicators.Context(world["agreements"][agreement].pk, (municipality,), PERIOD, TODAY)
    with guarded():  # as in a request: the aggregate reads persons only through restrict()
        rows = indicators.compute(key, ctx)
    return sum(r.numerator for r in rows), sum(r.denominator for r in rows), rows


def test_participants_took_part_some_day_of_the_period(world, participants):
    num, den, rows = counted(world, "program_deltagare")
    # P0, P1 (once, in two programmes), P2, P3, P4, P5 and P10 (ended after the period).
    assert num == den == 7
    assert sum(r.numerator for r in rows if r.sex == "kvinna") == 4  # P0, P2, P4, P10
    assert sum(r.numerator for r in rows if r.background == "fodd_utomlands") == 3
    assert {r.age for r in rows} == {"20-24"}
    # Lekeberg's agreement counts its own.
    assert counted(world, "program_deltagare", "lekeberg", "1814")[:2] == (1, 1)


def test_completed_of_those_who_ended_in_the_period(world, participants):
    num, den, rows = counted(world, "program_fullfoljt")
    assert (num, den) == (2, 4)  # ended: P1, P2, P3, P4; completed: P1, P2
    assert sum(r.numerator for r in rows if r.background == "fodd_utomlands") == 2


def test_went_on_to_work_or_studies(world, participants):
    num, den, rows = counted(world, "program_arbete_studier")
    assert (num, den) == (3, 4)  # P1 arbete, P2 studier, P4 arbete och studier; P3 nothing
    assert sum(r.numerator for r in rows if r.sex == "man") == 1


def test_an_ended_ground_still_counts_but_no_ground_does_not(world, participants):
    from fotfaste.access.models import OwnGround

    # Without any ground of Örebro's units (nor KAA, nor consent) the participation is not Örebro's to count.
    OwnGround.objects.filter(person=participants[1]).delete()
    assert counted(world, "program_deltagare")[:2] == (6, 6)


def test_the_figures_are_disclosed_under_the_threshold(world, participants):
    goal = Goal.objects.create(agreement=world["agreements"]["orebro"], title="Fler ska fullfölja program")
    for kind, unit in (
        ("program_deltagare", "antal"),
        ("program_fullfoljt", "procent"),
        ("program_arbete_studier", "procent"),
    ):
        Indicator.objects.create(goal=goal, name=kind, kind=kind, unit=unit, direction="hogre")
    with guarded():
        found = {r.indicator.name: r for r in services.results(world["agreements"]["orebro"], PERIOD, TODAY)}
    count = found["program_deltagare"]
    assert count.figure.value == 7 and not count.figure.masked
    sexes = dict(count.splits["kon"])
    # 4 women and 3 men: both under 5, so both are masked although the total is shown.
    assert sexes["kvinna"].masked and sexes["man"].masked and sexes["kvinna"].value is None
    # Four ended: every count behind the shares is under 5, so neither share is shown.
    for name in ("program_fullfoljt", "program_arbete_studier"):
        assert found[name].figure.masked and found[name].figure.value is None
        assert found[name].status == "uppgift_saknas"

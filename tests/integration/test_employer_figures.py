"""Placed and hired (fotfaste.employers.figures, /arbetsgivare/resultat/): counts of persons under the disclosure
rule, every split summing to the same total, a person counted once, another agreement's candidacies never counted,
an anonymous listing's employer never named; the XLSX keeps the suppression; who may read (403/404)."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fotfaste.access.guard import guarded
from fotfaste.core.disclosure import Cell, Sum, derivable
from fotfaste.employers import figures, occupations
from fotfaste.employers.models import Candidate, Employer, Occupation, Placement
from fotfaste.people.models import Person
from tests.conftest import own_ground

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2026, 1, 1), date(2026, 6, 30)
URL = "/arbetsgivare/resultat/"


def ensure_major_groups():
    """The ten major groups migration 0002 loads: a transactional (browser) test before this one emptied them."""
    for code, name in occupations.major_groups():
        Occupation.objects.get_or_create(code=code, defaults={"name": name})


def employer(agreement, name, org, sector="privat"):
    return Employer.objects.create(agreement=agreement, organisation_number=org, name=name, sector=sector)


def placement(emp, unit, step="verklig", anonymous=False):
    return Placement.objects.create(
        employer=emp,
        unit=unit,
        occupation=Occupation.objects.get(code="9"),
        ssyk="9",
        step=step,
        places=10,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        anonymous=anonymous,
    )


def candidate(pl, person, unit, started=None, ended=None, outcome=""):
    stage = "avslutad" if ended else ("pagar" if started else "foreslagen")
    return Candidate.objects.create(
        placement=pl, person=person, unit=unit, stage=stage, started_on=started, ended_on=ended, outcome=outcome
    )


@pytest.fixture
def scene(world, test_numbers):
    """Seven young people Örebro's AF unit works with, placed at Bageriet (six) and Kommunen (one, and one of the
    six again); Lekeberg's agreement has a placement of its own."""
    ensure_major_groups()
    units = world["units"]
    orebro, lekeberg = world["agreements"]["orebro"], world["agreements"]["lekeberg"]
    municipality = world["persons"]["asa"].home_municipality

    def person(i, sex):
        made = Person.objects.create(
            personnummer=test_numbers[20 + i], first_name=f"Ung{i}", last_name="Praktikant", sex=sex,
            background="svensk", home_municipality=municipality,
        )  # fmt: skip
        Person.objects.filter(pk=made.pk).update(birth_date=date(2005, 3, 1), sex=sex)
        own_ground(made, units["af"], date(2025, 1, 1))
        return made

    p = [person(i, "kvinna" if i % 2 else "man") for i in range(8)]
    bakery = employer(orebro, "Bageriet AB", "556036-0793")
    council = employer(orebro, "Kommunen", "212000-1967", "offentlig")
    secret = employer(orebro, "Hemliga Verkstaden AB", "556677-8899")
    b = placement(bakery, units["af"])
    c = placement(council, units["af"], step="skyddad")
    s = placement(secret, units["kaa"], anonymous=True)
    for i in range(6):
        ended = date(2026, 5, 1) if 1 <= i <= 5 else None
        candidate(b, p[i], units["af"], date(2026, 2, 1), ended, "anstalld" if ended else "")
    candidate(c, p[0], units["af"], date(2026, 3, 1))  # placed twice: counts once, under the first
    candidate(c, p[6], units["af"], date(2026, 2, 1), date(2026, 3, 1), "avbruten")
    candidate(s, p[7], units["kaa"], date(2025, 12, 1))  # started before the period: not placed in it
    candidate(b, world["persons"]["asa"], units["af"])  # only suggested
    lk_emp = employer(lekeberg, "Lekebergs Bygg", "556036-0793")
    lk = placement(lk_emp, units["lekeberg_kaa"])
    for i in range(5):
        candidate(lk, p[i], units["lekeberg_kaa"], date(2026, 2, 1))
    return {"persons": p, "bakery": bakery, "council": council, "secret": secret, "anon": s}


def table(figs, split):
    return next(t for t in figs.tables if t.split == split)


def cell(figs, split, measure, group):
    t = table(figs, split)
    index = [g for g, _label in t.columns].index(group)
    return next(line for line in t.lines if line[0] == measure)[2][index]


def test_counts_persons_once_and_suppresses_with_a_secondary_cell(scene, world):
    with guarded():
        figs = figures.figures_for(world["agreements"]["orebro"], FIRST, LAST)
    # Seven persons started (p0 twice, Lekeberg's five not counted again, p7 before the period).
    assert figs.totals["placerade"].value == 7 and not figs.totals["placerade"].hidden
    bakery = str(scene["bakery"].pk)
    # Kommunen's one person is under "övriga arbetsgivare" (an employer of fewer than five has no column).
    assert str(scene["council"].pk) not in [g for g, _label in table(figs, "arbetsgivare").columns]
    assert cell(figs, "arbetsgivare", "placerade", "ovriga:offentlig").count_text() == "färre än 5"
    # Bageriet's six would give the others' one back (7 − 6): masked as well, as "dolt".
    shown = cell(figs, "arbetsgivare", "placerade", bakery)
    assert shown.value == 6 and shown.masked == "sekundar" and shown.count_text() == "dolt"
    assert cell(figs, "steg", "placerade", "skyddad").count_text() == "färre än 5"
    assert cell(figs, "steg", "placerade", "verklig").count_text() == "dolt"
    # Six ended: five hired, one early. The one early would follow from 6 − 5: completed and hired are hidden.
    # And the 6 too: "dolt" is at least 5 and "färre än 5" at least 1, so 6 = dolt + färre än 5 makes them 5
    # and 1 (core.disclosure.pinned).
    assert figs.totals["avslutade"].count_text() == "dolt"
    assert figs.totals["avbrutna"].count_text() == "färre än 5"
    assert figs.totals["fullfoljda"].hidden and figs.totals["anstallda"].hidden


def test_every_split_sums_to_the_total(scene, world):
    with guarded():
        found = figures.rows(world["agreements"]["orebro"], FIRST, LAST)
    names = {str(scene["bakery"].pk): "Bageriet AB", str(scene["council"].pk): "Kommunen"}
    figs = figures.disclose_figures(found, names, FIRST, LAST, threshold=1)  # nothing masked
    for t in figs.tables:
        for measure, _label, values in t.lines:
            assert values[0].value == sum(v.value for v in values[1:]), (t.split, measure)
            assert not any(v.hidden for v in values)
    totals = {m: s.value for m, s in figs.totals.items()}
    assert totals == {
        "placerade": 7, "avslutade": 6, "fullfoljda": 5, "anstallda": 5, "studier": 0,
        "fullfoljd_utan_anstallning": 0, "avbrutna": 1,
    }  # fmt: skip


def test_anonymous_listing_employer_never_named(scene, world, test_numbers):
    # Five more started on the anonymous listing, so that its group is shown.
    units = world["units"]
    for i in range(5):
        made = Person.objects.create(
            personnummer=test_numbers[40 + i], first_name="A", last_name="B", sex="man",
            home_municipality=world["persons"]["asa"].home_municipality,
        )  # fmt: skip
        own_ground(made, units["kaa"], date(2025, 1, 1))
        candidate(scene["anon"], made, units["kaa"], date(2026, 4, 1))
    with guarded():
        figs = figures.figures_for(world["agreements"]["orebro"], FIRST, LAST)
    groups = [g for g, _label in table(figs, "arbetsgivare").columns]
    assert str(scene["secret"].pk) not in groups and "anonym" in groups
    assert cell(figs, "arbetsgivare", "placerade", "anonym").value == 5
    assert "anonym" in [g for g, _l in table(figs, "sektor").columns]
    assert all("Hemliga" not in label for t in figs.tables for _g, label in t.columns)


def test_page_and_xlsx(scene, world, login):
    client = login(world["users"]["styrgrupp"])
    agreement = world["agreements"]["orebro"]
    response = client.get(URL, {"avtal": agreement.pk, "fran": "2026-01-01", "till": "2026-06-30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "färre än 5" in page and "dolt" in page and "<svg" in page and "Bageriet AB" in page
    assert "Ung" not in page and "Hemliga" not in page
    xlsx = client.get(URL + "xlsx/", {"avtal": agreement.pk, "fran": "2026-01-01", "till": "2026-06-30"})
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    values = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "färre än 5" in values and "dolt" in values and 7 in values
    rows = list(book.active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if "Bageriet AB" in row)
    placed = rows[header + 1]
    # Bageriet's six and Kommunen's one are masked in the file as on the page.
    column = rows[header].index("Bageriet AB")
    assert placed[0] == "Började en praktik" and placed[1] == 7
    assert (
        placed[column] == "dolt" and placed[rows[header].index("Övriga arbetsgivare, offentlig sektor")] == "färre än 5"
    )
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_bad_period_is_named(scene, world, login):
    client = login(world["users"]["admin"])
    response = client.get(URL, {"fran": "2026-13-01", "till": "2026-06-30"})
    assert response.status_code == 200 and "Ange datumet som ÅÅÅÅ-MM-DD" in response.content.decode()
    response = client.get(URL, {"fran": "2026-06-01", "till": "2026-01-01"})
    assert "kan inte vara före" in response.content.decode()


@pytest.mark.parametrize("who", ["kaa", "arbetsformedlare", "outsider"])
def test_others_are_refused(world, login, who):
    assert login(world["users"][who]).get(URL).status_code == 403
    assert login(world["users"][who]).get(URL + "xlsx/").status_code == 403


def test_another_agreement_is_404(world, login):
    client = login(world["users"]["styrgrupp"])
    lekeberg = world["agreements"]["lekeberg"]
    assert client.get(URL, {"avtal": lekeberg.pk}).status_code == 404
    assert client.get(URL + "xlsx/", {"avtal": lekeberg.pk}).status_code == 404


# --- The follow-up's indicators (fotfaste.followup.indicators) -----------------------------------------------


def counted(world, key, agreement="orebro", municipality="1880"):
    from fotfaste.followup import indicators
    from fotfaste.followup.periods import parse_period

    ctx = indicators.Context(world["agreements"][agreement].pk, (municipality,), parse_period("2026H1"), LAST)
    with guarded():
        found = indicators.compute(key, ctx)
    return sum(r.numerator for r in found), sum(r.denominator for r in found), found


def test_indicator_placed(scene, world):
    num, den, found = counted(world, "praktik_placerade")
    assert num == den == 7  # p0 twice counts once; p7 started before the period; Lekeberg's not here
    assert sum(r.numerator for r in found if r.sex == "man") == 4  # p0, p2, p4, p6
    assert {r.age for r in found} == {"20-24"}
    assert counted(world, "praktik_placerade", "lekeberg", "1814")[:2] == (0, 0)  # p0–p4 are not Lekeberg's


def test_indicator_hired_share(scene, world):
    num, den, found = counted(world, "praktik_anstallda")
    assert (num, den) == (5, 6)  # p1–p5 hired, p6 ended early


def test_indicators_through_the_follow_up_disclosed(scene, world):
    from fotfaste.followup import services
    from fotfaste.followup.models import Goal, Indicator
    from fotfaste.followup.periods import parse_period

    goal = Goal.objects.create(agreement=world["agreements"]["orebro"], title="Fler ska få jobb efter praktik")
    Indicator.objects.create(goal=goal, name="p", kind="praktik_placerade", unit="antal", direction="hogre")
    Indicator.objects.create(goal=goal, name="a", kind="praktik_anstallda", unit="procent", direction="hogre")
    with guarded():
        found = {
            r.indicator.name: r for r in services.results(world["agreements"]["orebro"], parse_period("2026H1"), LAST)
        }
    assert found["p"].figure.value == 7
    assert dict(found["p"].splits["kon"])["kvinna"].masked  # three women
    # One not hired of six: the share would tell it; masked.
    assert found["a"].figure.masked and found["a"].figure.value is None


def test_small_employers_share_one_column_and_only_the_largest_have_their_own():
    """An employer of fewer than five persons (placed or ended) has no column; beyond the largest
    EMPLOYER_COLUMNS, the rest fold too. Anonymous listings stay apart. Pure."""

    def row(employer, n, measure=figures.PLACED):
        return figures.Row(measure, "kvinna", "20-24", "svensk", "verklig", "privat", employer, n)

    found = [row("1", 7), row("2", 4), row("2", 5, figures.HIRED), row("3", 4), row("4", 1), row("anonym", 2)]
    folded = {(r.employer, r.measure): r.count for r in figures.fold_small_employers(found, threshold=5, limit=1)}
    # 1 (seven placed) is the largest; 2 has five ended but the limit is one column; 3 and 4 are small.
    assert folded == {
        ("1", figures.PLACED): 7,
        ("ovriga:privat", figures.PLACED): 9,
        ("ovriga:privat", figures.HIRED): 5,
        ("anonym", figures.PLACED): 2,
    }
    assert {r.employer for r in figures.fold_small_employers(found, threshold=5, limit=5)} == {
        "1",
        "2",
        "ovriga:privat",
        "anonym",
    }


def test_a_masked_sector_is_not_the_sum_of_its_employers_shown():
    """A reader knows each employer's sector from the register: a sector whose one employer has a column
    must not be masked while that column shows (the demo had "Socialt företag: dolt" beside Återbruket's 7,
    which gave the non-profit sector's "färre än 5" back). Pure."""

    def rows(employer, sector, n, measure=figures.PLACED):
        return [figures.Row(measure, "kvinna", "20-24", "svensk", "verklig", sector, employer, n)]

    found = [
        *rows("1", "offentlig", 8),
        *rows("2", "privat", 6),
        *rows("3", "privat", 5),
        *rows("4", "privat", 6),
        *rows("5", "ideell", 3),
        *rows("6", "socialt_foretag", 7),
    ]
    found = figures.fold_small_employers(found)
    figs = figures.disclose_figures(found, {}, date(2026, 1, 1), date(2026, 6, 30))
    sectors, employers = table(figs, "sektor"), table(figs, "arbetsgivare")
    sector_of = {r.employer: r.sector for r in found}
    for (measure, _label, shown), (_m, _l, by_employer) in zip(sectors.lines, employers.lines, strict=True):
        for (group, _g), figure in zip(sectors.columns[1:], shown[1:], strict=True):
            parts = [
                f
                for (g, _n), f in zip(employers.columns[1:], by_employer[1:], strict=True)
                if sector_of.get(g) == group
            ]
            if figure.hidden and parts:
                assert any(p.hidden for p in parts), (measure, group)
    assert cell(figs, "sektor", "placerade", "ideell").count_text() == "färre än 5"


def test_the_step_table_does_not_give_a_masked_employer_back():
    """A coordinator knows each listing's step. Here Alfa has the only sheltered listings (3 placed), Beta
    only real ones and Gamma only semi-sheltered ones, 10 each. Masking Alfa and the next smallest employer
    (Beta), and the sheltered step and the next smallest step (semi-sheltered), would leave the real step's
    10 shown: that is Beta's, and Alfa's 3 is the total less Beta and Gamma. Pure."""

    def rows(employer, step, n):
        return [figures.Row(figures.PLACED, "kvinna", "20-24", "svensk", step, "privat", employer, n)]

    found = [*rows("1", "skyddad", 3), *rows("2", "verklig", 10), *rows("3", "halvskyddad", 10)]
    names = {"1": "Alfa", "2": "Beta", "3": "Gamma"}
    figs = figures.disclose_figures(found, names, date(2026, 1, 1), date(2026, 6, 30))
    # The reader's equations over the placed: both tables' sums, and the cross-table the steps tie in.
    shown = {("steg", g): cell(figs, "steg", "placerade", g) for g in ("skyddad", "halvskyddad", "verklig")}
    shown |= {("arbetsgivare", e): cell(figs, "arbetsgivare", "placerade", e) for e in names}
    shown[("summa",)] = table(figs, "steg").lines[0][2][0]
    cross = {("x", r.step, r.employer): r.count for r in found}
    values = {k: f.value for k, f in shown.items()} | cross
    cells = {k: Cell(v, v) for k, v in values.items()}
    sums = [
        Sum(("summa",), tuple(k for k in shown if k[0] == "steg")),
        Sum(("summa",), tuple(k for k in shown if k[0] == "arbetsgivare")),
        *(Sum(("arbetsgivare", e), tuple(x for x in cross if x[2] == e)) for e in names),
        *(Sum(("steg", s), tuple(x for x in cross if x[1] == s)) for s in ("skyddad", "halvskyddad", "verklig")),
    ]
    unknown = [k for k, f in shown.items() if f.hidden] + list(cross)
    assert shown[("arbetsgivare", "1")].count_text() == "färre än 5"
    assert not {k for k in derivable(cells, sums, unknown) if k in shown or cross[k] < 5}

"""The half-year report to SCB and Skolverket's KAA tables (issue 11): the basis, the check, the file
and its history, `export_scb` and `kaa_statistics`, against hand-made data whose answers are known."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.core import disclosure
from fotfaste.kaa.models import KaaPeriod
from fotfaste.outreach.models import ContactAttempt, Occupation
from fotfaste.plans.models import Measure, MeasureType, Plan
from fotfaste.plans.services import ensure_catalogue
from fotfaste.scb import spec as spec_module
from fotfaste.scb import statistics
from fotfaste.scb.halfyear import BadHalfYear, HalfYear
from fotfaste.scb.models import ScbExport, ScbVersion
from fotfaste.scb.versions import load_shipped

pytestmark = pytest.mark.django_db

HALF = HalfYear.of(timezone.localdate()).previous()  # the last whole half-year
S, E = HALF.start, HALF.end


def day(n: int):
    """The n:th day of the half-year (0 = its first)."""
    return S + timedelta(days=n)


def period(person, start, end, municipality="1880", start_reason="avbrott", end_reason="fyllt_20"):
    return KaaPeriod.objects.create(
        person=person, municipality_id=municipality, start_date=start, end_date=end,
        start_reason=start_reason, end_reason=end_reason, derived_at=timezone.now(),
    )  # fmt: skip


def contact(person, on, outcome="nadd", municipality="1880"):
    return ContactAttempt.objects.create(
        person=person, municipality_id=municipality, contacted_on=on, channel="telefon", outcome=outcome
    )


def occupation(person, status, valid_from, municipality="1880"):
    return Occupation.objects.create(
        person=person, municipality_id=municipality, status=status, valid_from=valid_from, verified_on=valid_from
    )


def measure(plan, type_name, **fields):
    return Measure.objects.create(
        plan=plan, measure_type=MeasureType.objects.get(name=type_name), responsible=fields.pop("responsible", "kommunen"),
        planned_start=fields.pop("planned_start", day(10)), **fields,
    )  # fmt: skip


@pytest.fixture
def register(world):
    """Åsa ends in the half (turned 20); Ali starts in it and runs on; Sara (protected) ran before it only;
    Lina is Lekeberg's. Åsa is reached twice, once with an occupation; Ali's measures in the KAA unit's
    plan, and a measure in social services' plan that SCB must not get."""
    p, units = world["persons"], world["units"]
    ensure_catalogue()  # emptied in transactional (browser) tests, as are the shipped SCB versions
    load_shipped()
    KaaPeriod.objects.all().delete()
    period(p["asa"], S - timedelta(days=200), day(40), end_reason="fyllt_20")
    period(p["ali"], day(20), E + timedelta(days=100), start_reason="studiebevis")
    period(p["protected"], S - timedelta(days=400), S - timedelta(days=1))
    period(p["lekeberg"], day(5), day(100), municipality="1814")
    occupation(p["asa"], "arbete", day(1))
    contact(p["asa"], day(3))
    contact(p["asa"], day(4), outcome="ej_nadd")  # no contact made: not reported
    contact(p["asa"], day(60))  # after her period: not reported
    contact(p["ali"], day(25), outcome="avbojt")  # declining is contact; no occupation recorded: a problem
    plan = Plan.objects.create(person=p["ali"], unit=units["kaa"], goal_kind="studier", goal="Studera")
    measure(
        plan, "Vägledningssamtal", actual_start=day(30), actual_end=day(31), status="avslutad", end_reason="genomford"
    )
    measure(plan, "Praktik", responsible="annan", planned_start=day(35), status="avbojd")
    measure(plan, "Studier på komvux", planned_start=day(40), status="planerad")  # not started: not reported
    other = Plan.objects.create(person=p["ali"], unit=units["social"], goal_kind="arbete", goal="Arbete")
    measure(other, "Praktik", actual_start=day(30), status="pagaende")
    return world


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter=";"))


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_basis_holds_exactly_the_register_contacts_and_measures_of_the_half_year(register, tmp_path):
    p = register["persons"]
    code, out, err = run("export_scb", "--municipality", "1880", "--half", str(HALF), "--out", str(tmp_path))
    basis = tmp_path / "underlag"
    assert read_csv(basis / "registrerade.csv") == [
        ["personnummer", "registrerad_fran", "registreringsorsak", "registrerad_till", "avregistreringsorsak"],
        *sorted([
            [p["asa"].personnummer, (S - timedelta(days=200)).isoformat(), "avbrott", day(40).isoformat(), "fyllt_20"],
            [p["ali"].personnummer, day(20).isoformat(), "studiebevis", "", ""],
        ]),
    ]  # fmt: skip
    assert read_csv(basis / "kontakter.csv") == [
        ["personnummer", "datum", "sysselsattning"],
        *sorted([[p["asa"].personnummer, day(3).isoformat(), "arbete"], [p["ali"].personnummer, day(25).isoformat(), ""]]),
    ]  # fmt: skip
    assert read_csv(basis / "atgarder.csv") == [
        ["personnummer", "atgard", "ansvarig", "start", "slut", "avbojd"],
        [p["ali"].personnummer, "vagledning", "kommunen", day(30).isoformat(), day(31).isoformat(), "nej"],
        [p["ali"].personnummer, "annan", "annan", day(35).isoformat(), "", "ja"],
    ]
    # Ali's contact has no occupation: exit 2, the problem printed, no file for SCB.
    assert code == 2
    assert out.splitlines() == [
        "personnummer;problem",
        f"{p['ali'].personnummer};Sysselsättning saknas vid kontakten {day(25).isoformat()}: ange vad personen gjorde då.",
    ]
    assert sorted(f.name for f in tmp_path.iterdir()) == ["underlag"]
    assert not ScbExport.objects.exists()


def test_a_clean_half_year_gives_the_file_and_a_second_export_replaces_the_first_for_scb(register, tmp_path):
    p = register["persons"]
    occupation(p["ali"], "ingen", day(20))
    code, out, err = run("export_scb", "--municipality", "1880", "--half", str(HALF), "--out", str(tmp_path))
    assert code == 0, out + err
    upload = tmp_path / f"KAA_1880_{HALF}.csv"
    rows = read_csv(upload)
    assert rows[0] == [
        "Posttyp",
        "Kommun",
        "Personnummer",
        "Datum",
        "Orsak",
        "Sysselsattning",
        "Atgard",
        "Ansvarig",
        "Avbojd",
    ]
    kinds = sorted(r[0] for r in rows[1:])
    # Åsa: registered, ended, one contact; Ali: registered, one contact, two measures started, one ended.
    assert kinds == ["1", "1", "2", "2", "3", "3", "4", "5"]
    assert [r for r in rows if r[0] == "5"] == [
        ["5", "1880", p["asa"].personnummer, day(40).strftime("%Y%m%d"), "3", "", "", "", ""]
    ]
    assert ReadLogEntry.objects.filter(personnummer=p["asa"].personnummer).exists()
    assert not ReadLogEntry.objects.filter(personnummer=p["lekeberg"].personnummer).exists()
    run("export_scb", "--municipality", "1880", "--half", str(HALF), "--out", str(tmp_path))
    first, second = ScbExport.objects.order_by("pk")
    assert (first.half, second.half) == (str(HALF), str(HALF))
    assert bytes(first.content) == bytes(second.content) == upload.read_bytes()


def test_a_code_with_no_mapping_and_bad_arguments_are_clear_errors(register, tmp_path):
    p = register["persons"]
    occupation(p["ali"], "ingen", day(20))
    version = ScbVersion.objects.get()
    del version.spec["kodlistor"]["avregistreringsorsak"]["fyllt_20"]
    version.save()
    code, out, _err = run("export_scb", "--municipality", "1880", "--half", str(HALF), "--out", str(tmp_path))
    assert code == 2
    assert "”fyllt_20” (avregistreringsorsak) har ingen kod" in out
    for args, message in (
        (("--municipality", "9999", "--half", str(HALF)), "Kommunkoden ”9999” finns inte."),
        (("--municipality", "1880", "--half", "2026H3"), "Ogiltigt halvår ”2026H3”"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("export_scb", *args, "--out", str(tmp_path))


def test_kaa_statistics_counts_the_register_of_the_half_year(register):
    p = register["persons"]
    code, out, _err = run("kaa_statistics", "--municipality", "1880", "--half", str(HALF))
    assert code == 0
    rows = list(csv.reader(out.splitlines(), delimiter=";"))
    assert rows[0] == ["tabell", "grupp", "antal", "andel"]
    cells = {(t, g): (int(n), a) for t, g, n, a in rows[1:]}
    assert cells[("totalt", "totalt")] == (2, "100.0")
    sexes = {p["asa"].sex, p["ali"].sex}
    assert sum(n for (t, _g), (n, _a) in cells.items() if t == "kon") == 2
    assert all(("kon", s) in cells for s in sexes)
    assert cells[("registreringsorsak", "avbrott")] == (1, "50.0")
    assert cells[("registreringsorsak", "studiebevis")] == (1, "50.0")
    assert cells[("avregistreringsorsak", "fyllt_20")] == (1, "50.0")
    assert cells[("kontakt", "kontaktade")] == (2, "100.0")
    assert cells[("atgard", "minst_en_atgard")] == (1, "50.0")
    assert cells[("forsta_atgard", "vagledning")] == (1, "100.0")
    assert cells[("nyregistrerade", "totalt")][0] == 1  # Ali; Åsa's period began before the half-year
    assert cells[("nyregistrerade_kontakt", "kontaktade")] == (1, "100.0")
    ages = {str(HALF.year - p["asa"].birth_date.year), str(HALF.year - p["ali"].birth_date.year)}
    assert {g for t, g in cells if t == "alder"} == ages


def test_the_tables_for_others_hide_small_counts_and_what_would_give_them_away():
    rows = [
        statistics.Row("totalt", "totalt", 40, 100.0, 40),
        statistics.Row("kon", "kvinna", 37, 92.5, 40),
        statistics.Row("kon", "man", 3, 7.5, 40),
        statistics.Row("kontakt", "kontaktade", 20, 50.0, 40),
        statistics.Row("kontakt", "inte_kontaktade", 20, 50.0, 40),
        statistics.Row("sysselsattning", "arbete", 16, 80.0, 20),
        statistics.Row("sysselsattning", "ingen", 4, 20.0, 20),
    ]
    shown = {(r.table, r.group): r for r in statistics.suppressed(rows)}
    assert shown[("kon", "man")].masked == disclosure.PRIMARY
    assert shown[("sysselsattning", "ingen")].masked == disclosure.PRIMARY
    # 3 men would be 40 − 37: something else in the sum is hidden too; and 4 would be 20 − 16.
    assert shown[("kon", "kvinna")].masked or shown[("totalt", "totalt")].masked
    assert shown[("sysselsattning", "arbete")].masked or shown[("kontakt", "kontaktade")].masked
    cells = {k: disclosure.Cell(r.count, r.count) for k, r in shown.items()}
    sums = [
        disclosure.Sum(("totalt", "totalt"), (("kon", "kvinna"), ("kon", "man"))),
        disclosure.Sum(("totalt", "totalt"), (("kontakt", "kontaktade"), ("kontakt", "inte_kontaktade"))),
        disclosure.Sum(("kontakt", "kontaktade"), (("sysselsattning", "arbete"), ("sysselsattning", "ingen"))),
    ]
    assert not disclosure.derivable(cells, sums, [k for k, r in shown.items() if r.masked])


def test_half_years_parse_strictly():
    assert HalfYear.parse("2026h2") == HalfYear(2026, 2)
    assert (HalfYear(2026, 1).start.isoformat(), HalfYear(2026, 1).end.isoformat()) == ("2026-01-01", "2026-06-30")
    for bad in ("2026", "2026H0", "26H1", "2026-H1", ""):
        with pytest.raises(BadHalfYear):
            HalfYear.parse(bad)


def test_a_version_with_errors_is_refused_with_every_error_named():
    good = ScbVersion.objects.get().spec
    assert spec_module.parse(good).columns[0] == "Posttyp"
    broken = {**good, "fil": {**good["fil"], "datumformat": "DD/MM"}, "kontroller": [{"kod": "finns_inte"}]}
    broken["poster"] = [
        {**good["poster"][0], "varden": {"Datum": "registrerad_fran|kod:saknas", "Okänd": "personnummer"}}
    ]
    with pytest.raises(spec_module.SpecError) as caught:
        spec_module.parse(broken)
    text = "\n".join(caught.value.errors)
    assert "fil.datumformat: ”DD/MM” stöds inte" in text
    assert "kontrollen ”finns_inte” finns inte" in text
    assert "poster, nr 1, kolumn ”Datum”: kodlistan ”saknas” finns inte" in text
    assert "poster, nr 1: kolumnen ”Okänd” finns inte" in text
    with pytest.raises(spec_module.SpecError, match="inte giltig JSON: rad 1"):
        spec_module.loads("{")


def test_the_target_group_mapping_counts_the_register_and_the_latest_income_support_list(register, test_numbers):
    from datetime import date

    from fotfaste.incomesupport.models import IncomeSupportList, IncomeSupportMonth
    from fotfaste.scb import board

    social = register["units"]["social"]
    listed = IncomeSupportList.objects.create(
        unit=social, municipality_id="1880", file_name="lista.csv", sha256="0" * 64, first_month=date(2026, 1, 1),
        last_month=date(2026, 2, 1), rows=9, persons=7, added=9, created_by_name="Sanna",
    )  # fmt: skip

    def month(pnr, first, sex, age):
        IncomeSupportMonth.objects.create(
            unit=social, municipality_id="1880", personnummer=pnr, month=first, sex=sex, age=age, list=listed
        )

    for i in range(6):
        month(test_numbers[20 + i], date(2026, 2, 1), "kvinna", 21)
    month(test_numbers[30], date(2026, 2, 1), "man", 30)  # 30: outside the target group
    month(test_numbers[31], date(2026, 1, 1), "man", 21)  # an earlier month: not the latest list
    rows = {(r.table, r.group): r.count for r in board.target_group("1880", date(2026, 2, 20))}
    assert rows[("kallor", "forsorjningsstod")] == 6
    assert rows[("forsorjningsstod", "kvinna_20-24")] == 6
    assert rows[("kallor", "kaa")] == rows[("totalt", "totalt")]
    shown = {(r.table, r.group): r for r in board.suppressed_mapping(board.target_group("1880", date(2026, 1, 20)))}
    assert shown[("kallor", "forsorjningsstod")].masked  # one young man in January: fewer than 5

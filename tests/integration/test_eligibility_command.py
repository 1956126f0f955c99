"""`eligibility` as FORMATS.md specifies it, from files read in through the register pipeline.

Identity numbers are Skatteverket's test numbers; every file is written by the test.
"""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from fotfaste.access.models import ReadLogEntry
from fotfaste.orgs.models import Agreement
from fotfaste.programmes import services

pytestmark = pytest.mark.django_db

EXAMPLE = "199503012396"  # FORMATS.md's example: born 1995-03-01
GRADUATE = "199601012397"  # born 1996-01-01, gymnasieexamen 2015-06-10
NOBODY_AT_AF = "199601012389"
LEAP = "199602292386"  # born 1996-02-29: turns 20 on 2016-02-29, 21 on 2017-02-28
LEKEBERG = "199601022396"


def write(tmp_path, name, header, *rows):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def read_in(kind, path, municipality="1880", as_of="2016-01-01"):
    call_command(
        "import_register", kind, str(path), "--municipality", municipality, "--as-of", as_of,
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip


def world_person_numbers(world) -> set[str]:
    return {p.personnummer for p in world["persons"].values() if p.home_municipality_id == "1880"}


@pytest.fixture
def registers(world, tmp_path):
    population = "personnummer;fornamn;efternamn;kommunkod"
    read_in(
        "folkbokforing",
        write(
            tmp_path, "fb.csv", population,
            f"{EXAMPLE};Ebba;Exempel;1880", f"{GRADUATE};Gustav;Gradu;1880",
            f"{NOBODY_AT_AF};Nora;Ingen;1880", f"{LEAP};Lea;Skott;1880",
        ),
    )  # fmt: skip
    read_in("folkbokforing", write(tmp_path, "lk.csv", population, f"{LEKEBERG};Lars;Lekare;1814"), "1814")
    read_in("betyg", write(tmp_path, "betyg.csv", "personnummer;typ;datum", f"{GRADUATE};gymnasieexamen;2015-06-10"))
    read_in(
        "af_inskrivning",
        write(
            tmp_path, "af.csv", "personnummer;inskriven_fran;inskriven_till;sokandekategori",
            f"{EXAMPLE};2016-01-01;;11", f"{GRADUATE};2016-01-01;;11", f"{LEAP};2015-10-01;;69",
            f"{LEKEBERG};2016-01-01;;11",
        ),
        as_of="2016-05-31",
    )  # fmt: skip
    return world


def eligibility(programme, on, municipality="1880"):
    out = io.StringIO()
    call_command("eligibility", "--programme", programme, "--on", on, "--municipality", municipality, stdout=out)
    text = out.getvalue()
    return text, list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_example_of_the_contract_to_the_letter(registers):
    text, rows = eligibility("utbildningskontrakt", "2016-06-01")
    assert text.splitlines()[0] == "personnummer;behorig;blir_behorig;skal"
    assert (
        f"{EXAMPLE};ja;;Inskriven på Arbetsförmedlingen sedan 2016-01-01, fyllt 20 men inte 25, saknar gymnasieexamen"
        in text.splitlines()
    )
    # Every person of the municipality known to Fotfäste (the world's too), by personnummer; not Lekeberg's.
    numbers = [r[0] for r in rows[1:]]
    assert numbers == sorted(numbers) and {EXAMPLE, GRADUATE, NOBODY_AT_AF, LEAP} <= set(numbers)
    assert LEKEBERG not in numbers and world_person_numbers(registers) <= set(numbers)
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number[GRADUATE][1:3] == ["nej", ""]
    assert by_number[GRADUATE][3].startswith("Har gymnasieexamen sedan 2015-06-10, inskriven på")
    assert by_number[NOBODY_AT_AF][3].startswith("Inte inskriven på Arbetsförmedlingen")


def test_traineejobb_becomes_eligible_the_day_six_months_are_reached(registers):
    _text, rows = eligibility("traineejobb_valfard", "2016-06-01")
    row = {r[0]: r for r in rows[1:]}[GRADUATE]
    # 2016-01-01 … 2016-05-31 is 152 days (a leap year); 180 are reached on 2016-06-28, counted on the 29th.
    assert row[1:3] == ["nej", "2016-06-29"]
    assert row[3].startswith("152 dagar som heltidsarbetslös de senaste 9 månaderna (minst 180 krävs), ")
    _text, rows = eligibility("traineejobb_valfard", "2016-06-29")
    assert {r[0]: r for r in rows[1:]}[GRADUATE][1:3] == ["ja", ""]
    _text, rows = eligibility("traineejobb_valfard", "2016-06-28")
    assert {r[0]: r for r in rows[1:]}[GRADUATE][1:3] == ["nej", "2016-06-29"]


def test_a_birthday_on_29_february_and_the_youth_guarantee(registers):
    _text, rows = eligibility("jobbgaranti_ungdomar", "2016-01-01")
    # From 2015-10-01 in category 69: 3 months (90 days) within 4 are reached on 2015-12-29 → eligible.
    assert {r[0]: r for r in rows[1:]}[LEAP][1] == "ja"
    _text, rows = eligibility("utbildningskontrakt", "2016-02-28")
    leap = {r[0]: r for r in rows[1:]}[LEAP]
    assert leap[1:3] == ["nej", "2016-02-29"]
    assert leap[3].startswith("Har inte fyllt 20 (fyller 20 den 2016-02-29)")


def test_the_agreements_own_validity_and_rules_are_used(registers, world):
    agreement = Agreement.objects.get(name="Samverkan unga Örebro")
    programme = services.add_from_catalogue(agreement, "utbildningskontrakt")
    programme.valid_until = "2016-05-31"
    programme.save()
    _text, rows = eligibility("utbildningskontrakt", "2016-06-01")
    example = {r[0]: r for r in rows[1:]}[EXAMPLE]
    assert example[1:3] == ["nej", ""]
    assert example[3].startswith("Programmet kunde beviljas till och med 2016-05-31")


def test_every_person_written_is_in_the_read_log(registers):
    eligibility("utbildningskontrakt", "2016-06-01")
    logged = set(ReadLogEntry.objects.filter(channel="kommando").values_list("personnummer", flat=True))
    assert {EXAMPLE, GRADUATE, NOBODY_AT_AF, LEAP} <= logged and LEKEBERG not in logged


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "okant", "--on", "2016-06-01", "--municipality", "1880"], "finns inte för kommunen"),
        (["--programme", "utbildningskontrakt", "--on", "1 juni", "--municipality", "1880"], "Ogiltigt datum"),
        (["--programme", "utbildningskontrakt", "--on", "2016-06-01", "--municipality", "9999"], "finns inte"),
    ],
)
def test_bad_arguments_get_a_swedish_error(registers, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("eligibility", *args, stdout=io.StringIO())

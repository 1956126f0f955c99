"""Tests for bench/synth.py, the synthetic register generator (plain Python, no Django needed).

bench/ is not a package, so the script is loaded from its path.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 9, 15)
PERSONS = 2000


def _load_synth():
    spec = importlib.util.spec_from_file_location("bench_synth", REPO_ROOT / "bench" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _luhn_ok(number: str) -> bool:
    # Independent of the script's own Luhn code: the usual right-to-left doubling.
    total = 0
    for i, ch in enumerate(reversed(number[2:])):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _birth_date(number: str) -> date:
    return date(int(number[:4]), int(number[4:6]), int(number[6:8]))


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("national")
    return out, synth.generate(PERSONS, AS_OF, out, seed=7)


def test_headers_are_exact(national):
    out, _ = national
    assert (out / "folkbokforing.csv").read_text(encoding="utf-8").split("\n", 1)[0] == (
        "personnummer;fornamn;efternamn;utdelningsadress;postnummer;postort;kommunkod;skyddad;"
        "folkbokford_datum;invandrad_datum;utflyttad_datum;avliden_datum;bakgrund"
    )
    assert (out / "elevregister.csv").read_text(encoding="utf-8").split("\n", 1)[0] == (
        "personnummer;skolform;program;skolenhet;startdatum;slutdatum;slutorsak"
    )
    assert (out / "betyg.csv").read_text(encoding="utf-8").split("\n", 1)[0] == "personnummer;typ;datum"


def test_returned_counts_match_the_files(national):
    out, rows = national
    assert rows["folkbokforing"] == PERSONS
    for name, count in rows.items():
        assert len(_read(out / f"{name}.csv")) == count


def test_identity_numbers_are_valid_unique_and_of_age(national):
    out, _ = national
    numbers = [r["personnummer"] for r in _read(out / "folkbokforing.csv")]
    assert all(len(n) == 12 and n.isdigit() for n in numbers)
    assert all(_luhn_ok(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert {_age(_birth_date(n), AS_OF) for n in numbers} == set(range(15, 21))


def test_municipalities_and_population_fields(national):
    out, _ = national
    with open(REPO_ROOT / "fotfaste" / "reference" / "data" / "kommuner.csv", encoding="utf-8") as f:
        codes = {row["kommunkod"] for row in csv.DictReader(f)}
    assert len(codes) == 290
    people = _read(out / "folkbokforing.csv")
    assert {p["kommunkod"] for p in people} <= codes
    for p in people:
        assert p["skyddad"] in {"", "sekretessmarkering", "skyddad_folkbokforing"}
        assert p["bakgrund"] in {"", "svensk", "utlandsk_fodd_i_sverige", "fodd_utomlands"}
        assert (p["bakgrund"] == "fodd_utomlands") == bool(p["invandrad_datum"])
        assert p["utflyttad_datum"] == p["avliden_datum"] == ""
        born = _birth_date(p["personnummer"])
        for field in ("folkbokford_datum", "invandrad_datum"):
            if p[field]:
                assert born < date.fromisoformat(p[field]) <= AS_OF
        if p["invandrad_datum"] and p["folkbokford_datum"]:
            assert p["invandrad_datum"] <= p["folkbokford_datum"]


def test_enrolments_are_consistent(national):
    out, _ = national
    residents = {p["personnummer"] for p in _read(out / "folkbokforing.csv")}
    enrolments = _read(out / "elevregister.csv")
    assert enrolments
    for e in enrolments:
        assert e["personnummer"] in residents
        assert e["skolform"] in {"GR", "GRAN", "GY", "GYAN", "KOMVUX", "FHSK", "UTL", "MOTSV"}
        assert bool(e["program"]) == (e["skolform"] == "GY")
        assert e["slutorsak"] in {"", "avbrott", "fullfoljd", "flytt", "byte"}
        assert (e["slutorsak"] == "") == (e["slutdatum"] == "")
        assert e["startdatum"] <= AS_OF.isoformat()
        if e["slutdatum"]:
            assert e["startdatum"] <= e["slutdatum"] <= AS_OF.isoformat()
    by_person: dict[str, list[dict[str, str]]] = {}
    for e in enrolments:
        by_person.setdefault(e["personnummer"], []).append(e)
    for history in by_person.values():
        history.sort(key=lambda e: e["startdatum"])
        # One enrolment at a time: each ends before the next starts, so only the last can be ongoing.
        for earlier, later in zip(history, history[1:], strict=False):
            assert earlier["slutdatum"] and earlier["slutdatum"] < later["startdatum"]
    diplomas = _read(out / "betyg.csv")
    assert {d["typ"] for d in diplomas} <= {
        "grundskola",
        "gymnasieexamen",
        "studiebevis",
        "anpassad_gymnasieskolebevis",
        "motsvarande",
    }
    assert all(d["personnummer"] in residents and d["datum"] <= AS_OF.isoformat() for d in diplomas)


def test_af_spells_are_valid_and_about_forty_percent(national):
    out, _ = national
    assert (out / "af_inskrivning.csv").read_text(encoding="utf-8").split("\n", 1)[0] == (
        "personnummer;inskriven_fran;inskriven_till;sokandekategori"
    )
    residents = {p["personnummer"] for p in _read(out / "folkbokforing.csv")}
    spells = _read(out / "af_inskrivning.csv")
    by_person: dict[str, list[dict[str, str]]] = {}
    for s in spells:
        by_person.setdefault(s["personnummer"], []).append(s)
    assert set(by_person) <= residents
    assert 0.35 < len(by_person) / PERSONS < 0.45
    assert {len(h) for h in by_person.values()} == {1, 2, 3}
    categories = [s["sokandekategori"] for s in spells]
    assert set(categories) == {"11", "14", "21", "22", "69"}
    assert categories.count("11") > len(categories) / 2
    window = date(AS_OF.year - 2, AS_OF.month, AS_OF.day)
    for number, history in by_person.items():
        sixteen = _birth_date(number).replace(year=_birth_date(number).year + 16)
        # In file order, each spell ends before the next starts; only the last can be ongoing.
        for i, s in enumerate(history):
            start = date.fromisoformat(s["inskriven_fran"])
            assert max(window, sixteen) <= start <= AS_OF
            if s["inskriven_till"]:
                assert start <= date.fromisoformat(s["inskriven_till"]) < AS_OF
            else:
                assert i == len(history) - 1
            if i:
                assert history[i - 1]["inskriven_till"] < s["inskriven_fran"]


def test_af_spells_leave_the_other_files_as_they_were(national, tmp_path, monkeypatch):
    # The spells have a random stream of their own: the KAA files do not depend on them.
    out, _ = national
    monkeypatch.setattr(synth, "AF_REGISTERED", 0.0)
    rows = synth.generate(PERSONS, AS_OF, tmp_path, seed=7)
    assert rows["af_inskrivning"] == 0
    for name in ("folkbokforing", "elevregister", "betyg"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (out / f"{name}.csv").read_bytes()


def test_same_seed_gives_identical_files(national, tmp_path):
    out, _ = national
    synth.generate(PERSONS, AS_OF, tmp_path, seed=7)
    for name in synth.HEADERS:
        assert (tmp_path / f"{name}.csv").read_bytes() == (out / f"{name}.csv").read_bytes()


def test_one_municipality(tmp_path):
    rows = synth.generate(300, AS_OF, tmp_path, municipality="1880")
    people = _read(tmp_path / "folkbokforing.csv")
    assert rows["folkbokforing"] == len(people) == 300
    assert {p["kommunkod"] for p in people} == {"1880"}


def test_unknown_municipality_is_refused(tmp_path):
    with pytest.raises(ValueError, match="9999"):
        synth.generate(10, AS_OF, tmp_path, municipality="9999")


def test_every_municipality_gets_persons_and_the_big_three_lead():
    municipalities = synth.load_municipalities()
    counts = dict(
        zip((m.code for m in municipalities), synth.allocate(100_000, [m.share for m in municipalities]), strict=True)
    )
    assert sum(counts.values()) == 100_000
    assert min(counts.values()) > 0
    assert (counts["0180"], counts["1480"], counts["1280"]) == (9000, 6000, 3500)
    assert sorted(counts.values(), reverse=True)[:3] == [9000, 6000, 3500]


def test_command_line(tmp_path, capsys):
    assert synth.main(["--persons", "50", "--as-of", "2026-09-15", "--seed", "3", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "folkbokforing.csv: 50 rows" in err
    assert (tmp_path / "betyg.csv").exists()

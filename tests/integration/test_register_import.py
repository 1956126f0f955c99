"""Register files in, KAA register out: import_register and kaa_register against a real database.

Identity numbers are Skatteverket's test numbers; every file is written by the test.
"""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from fotfaste.access.models import ChangeLogEntry, ReadLogEntry
from fotfaste.kaa.models import KaaChange, KaaPeriod
from fotfaste.people.models import Person
from fotfaste.reference.data import load_tables
from fotfaste.reference.models import County, Municipality
from fotfaste.registers import imports
from fotfaste.registers.models import (
    Certificate,
    ColumnMapping,
    Enrolment,
    ImportProblem,
    ImportStatus,
    RegisterImport,
    Registration,
    StagedPerson,
)

pytestmark = pytest.mark.django_db

ASA = "200803152388"  # born 2008-03-15, woman
ALI = "200705022390"  # born 2007-05-02
SARA = "200801102385"  # born 2008-01-10
OLLE = "200003012390"  # born 2000-03-01
NOOR = "200005052386"  # born 2000-05-05

POPULATION_HEADER = (
    "personnummer;fornamn;efternamn;utdelningsadress;postnummer;postort;kommunkod;skyddad;"
    "folkbokford_datum;invandrad_datum;utflyttad_datum;avliden_datum;bakgrund"
)


@pytest.fixture(autouse=True)
def municipalities(db):
    load_tables(County, Municipality)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def population(tmp_path, *rows, name="folkbokforing.csv", encoding="utf-8"):
    return write(tmp_path, name, "\n".join([POPULATION_HEADER, *rows]) + "\n", encoding)


def run_import(kind, path, municipality="1880", as_of=None, *extra):
    out, err = io.StringIO(), io.StringIO()
    args = ["import_register", kind, str(path), "--municipality", municipality]
    if as_of:
        args += ["--as-of", as_of]
    call_command(*args, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def register(as_of, *extra, municipality="1880"):
    out = io.StringIO()
    call_command("kaa_register", "--municipality", municipality, "--as-of", as_of, *extra, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))


def facts_count():
    return (
        Person.objects.count(),
        Registration.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
        KaaPeriod.objects.count(),
    )


# --- The example of docs/register-formats.md --------------------------------------------------


def test_a_dropout_is_in_the_register_from_the_day_after_the_last_day(tmp_path):
    run_import(
        "folkbokforing",
        population(tmp_path, f"{ASA};Åsa;Öberg;Storgatan 1;70210;Örebro;1880;;;;;;svensk"),
        as_of="2026-03-01",
    )
    enrolments = write(
        tmp_path,
        "elev.csv",
        "personnummer;skolform;program;skolenhet;startdatum;slutdatum;slutorsak\n"
        f"{ASA};GY;NA;Rudbecksskolan;2024-08-19;2026-03-15;avbrott\n",
    )
    run_import("elevregister", enrolments, as_of="2026-03-20")
    run_import(
        "betyg",
        write(tmp_path, "betyg.csv", f"personnummer;typ;datum\n{ASA};grundskola;2024-06-10\n"),
        as_of="2026-03-20",
    )

    assert register("2026-03-15") == [list(register("2026-03-15")[0])]  # header only
    rows = register("2026-03-16")
    assert rows == [
        ["personnummer", "fornamn", "efternamn", "kaa_fran", "registreringsorsak", "kaa_till", "avregistreringsorsak"],
        [ASA, "Åsa", "Öberg", "2026-03-16", "avbrott", "", ""],
    ]
    # The 20th birthday ends it; with --periods a finished period shows its end.
    assert register("2028-03-15", "--periods")[1] == [
        ASA,
        "Åsa",
        "Öberg",
        "2026-03-16",
        "avbrott",
        "2028-03-14",
        "fyllt_20",
    ]
    assert register("2028-03-15")[1:] == []


def test_every_export_of_a_person_is_in_the_read_log(tmp_path):
    run_import("folkbokforing", population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;;"), as_of="2026-03-01")
    register("2026-03-01")
    entry = ReadLogEntry.objects.get(personnummer=ALI)
    assert entry.channel == "kommando"
    assert "KAA-registret 1880 per 2026-03-01" in entry.what


# --- Files as municipalities have them ------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_names_survive_every_accepted_encoding(tmp_path, encoding):
    path = population(tmp_path, f"{ASA};Åsa;Öberg-Ängström;;;;1880;;;;;;", encoding=encoding)
    run_import("folkbokforing", path, as_of="2026-03-01")
    person = Person.objects.get(personnummer=ASA)
    assert (person.first_name, person.last_name) == ("Åsa", "Öberg-Ängström")


def test_comma_separated_file_with_short_numbers_and_compact_dates(tmp_path):
    path = write(
        tmp_path,
        "fb.csv",
        "Personnummer,Förnamn,Efternamn,Kommunkod,Folkbokförd datum\n080315-2388,Åsa,Öberg,1880,20250201\n",
    )
    run_import("folkbokforing", path, as_of="2026-03-01")
    registration = Registration.objects.get()
    assert registration.person.personnummer == ASA
    assert registration.start_date == date(2025, 2, 1)


def test_xlsx_with_numbers_and_dates_as_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["personnummer", "skolform", "program", "startdatum", "slutdatum", "slutorsak"])
    sheet.append([int(ASA), "GY", "NA", date(2024, 8, 19), date(2026, 3, 15), "Avbrott"])
    path = tmp_path / "elev.xlsx"
    book.save(path)
    run_import("elevregister", path, as_of="2026-03-20")
    enrolment = Enrolment.objects.get()
    assert (enrolment.personnummer, enrolment.end_date, enrolment.end_cause) == (ASA, date(2026, 3, 15), "avbrott")
    assert enrolment.source_row == 2


# --- Bad input: every problem named, nothing stored --------------------------------------


def test_a_file_with_errors_stores_nothing_and_names_row_column_and_problem(tmp_path):
    run_import("folkbokforing", population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;;"), as_of="2026-03-01")
    before = facts_count()
    bad = population(
        tmp_path,
        f"{ASA};Åsa;Öberg;;;;1880;;;;;;",
        "200803152381;Bo;Fel;;;;1880;;;;;;",
        f"{SARA};;Utan;;;;1880;;2025-13-01;;;;",
        name="bad.csv",
    )
    with pytest.raises(CommandError, match="3 fel. Inget lästes in"):
        run_import("folkbokforing", bad, as_of="2026-03-02")
    assert facts_count() == before
    imp = RegisterImport.objects.latest("id")
    assert imp.status == ImportStatus.REJECTED
    problems = {(p.row, p.column): p.message for p in ImportProblem.objects.filter(register_import=imp)}
    assert problems[(3, "personnummer")] == "Ogiltigt personnummer ”200803152381”: Kontrollsiffran stämmer inte."
    assert problems[(4, "fornamn")] == "Förnamn saknas."
    assert problems[(4, "folkbokford_datum")] == "Datumet ”2025-13-01” finns inte."
    assert not StagedPerson.objects.exists()


def test_problems_can_be_written_to_a_csv_file(tmp_path):
    bad = population(tmp_path, f"{ASA};Åsa;;;;;1880;;;;;;")
    with pytest.raises(CommandError):
        run_import("folkbokforing", bad, "1880", "2026-03-01", "--problems", str(tmp_path / "fel.csv"))
    text = (tmp_path / "fel.csv").read_text(encoding="utf-8-sig")
    assert "Fel;2;efternamn;Efternamn saknas." in text


def test_a_person_twice_in_one_snapshot_is_an_error(tmp_path):
    path = population(tmp_path, f"{ASA};Åsa;Öberg;;;;1880;;;;;;", f"{ASA};Åsa;Öberg;;;;1880;;;;;;")
    with pytest.raises(CommandError):
        run_import("folkbokforing", path, as_of="2026-03-01")
    assert ImportProblem.objects.get().message == (
        "Personnumret finns redan på rad 2. Varje person ska bara finnas en gång i uttaget."
    )
    assert not Person.objects.exists()


def test_dry_run_shows_the_changes_and_stores_nothing(tmp_path):
    out, _err = run_import(
        "folkbokforing", population(tmp_path, f"{ASA};Åsa;Öberg;;;;1880;;;;;;"), "1880", "2026-03-01", "--dry-run"
    )
    assert "Nya: 1" in out and "Provkörning: inget lästes in." in out
    assert facts_count() == (0, 0, 0, 0, 0)
    assert RegisterImport.objects.get().status == ImportStatus.DRY_RUN


# --- Importing the same file twice ----------------------------------------------------


def test_importing_the_same_files_again_changes_nothing(tmp_path):
    fb = population(
        tmp_path,
        f"{ASA};Åsa;Öberg;Storgatan 1;70210;Örebro;1880;;;;;;svensk",
        f"{ALI};Ali;Hassan;;;;1880;;2025-02-01;;;;",
    )
    elev = write(
        tmp_path,
        "elev.csv",
        f"personnummer;skolform;program;startdatum;slutdatum;slutorsak\n{ASA};GY;NA;2024-08-19;2026-03-15;avbrott\n",
    )
    betyg = write(tmp_path, "betyg.csv", f"personnummer;typ;datum\n{ASA};grundskola;2024-06-10\n")
    for kind, path in (("folkbokforing", fb), ("elevregister", elev), ("betyg", betyg)):
        run_import(kind, path, as_of="2026-03-20")
    state = facts_count()
    periods = list(KaaPeriod.objects.values_list("person_id", "start_date", "end_date", "start_reason", "end_reason"))
    logs, changes = ChangeLogEntry.objects.count(), KaaChange.objects.count()
    for kind, path in (("folkbokforing", fb), ("elevregister", elev), ("betyg", betyg)):
        out, _err = run_import(kind, path, as_of="2026-03-20")
        assert "Nya: 0\nÄndrade: 0" in out
        assert "In i KAA: 0, ut ur KAA: 0." in out
    assert facts_count() == state
    assert (
        list(KaaPeriod.objects.values_list("person_id", "start_date", "end_date", "start_reason", "end_reason"))
        == periods
    )
    assert (ChangeLogEntry.objects.count(), KaaChange.objects.count()) == (logs, changes)


# --- Population snapshots ------------------------------------------------------------


def test_missing_from_a_later_snapshot_means_moved_out_on_its_date(tmp_path):
    run_import(
        "folkbokforing",
        population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;;", f"{SARA};Sara;S;;;;1880;;;;;;"),
        as_of="2026-01-15",
    )
    out, _err = run_import(
        "folkbokforing", population(tmp_path, f"{SARA};Sara;S;;;;1880;;;;;;", name="fb2.csv"), as_of="2026-03-01"
    )
    assert "Försvunna (tas som utflyttade): 1" in out
    registration = Registration.objects.get(person__personnummer=ALI)
    assert (registration.end_date, registration.end_kind) == (date(2026, 3, 1), "saknas")
    assert register("2026-03-01", "--periods")[1][0] == ALI
    assert register("2026-03-01", "--periods")[1][5:] == ["2026-02-28", "flyttat"]
    change = KaaChange.objects.get(person__personnummer=ALI, direction="ut")
    assert (change.direction, change.reason, change.day) == ("ut", "flyttat", date(2026, 3, 1))


def test_moving_out_with_a_date_and_the_new_municipality(tmp_path):
    run_import("folkbokforing", population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;;"), as_of="2026-01-15")
    run_import(
        "folkbokforing",
        population(tmp_path, f"{ALI};Ali;Hassan;;;;1814;;;;2026-02-10;;", name="fb2.csv"),
        as_of="2026-03-01",
    )
    assert register("2026-03-01", "--periods")[1][5:] == ["2026-02-09", "flyttat"]
    assert Person.objects.get().home_municipality_id == "1814"
    # The municipality's change history shows what the register changed.
    entry = ChangeLogEntry.objects.get(personnummer=ALI)
    assert entry.after == {"home_municipality_id": "1814"} and entry.action == "registerimport"


def test_death_ends_the_period_as_avliden(tmp_path):
    run_import("folkbokforing", population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;2026-02-10;"), as_of="2026-03-01")
    assert register("2026-03-01", "--periods")[1][5:] == ["2026-02-09", "avliden"]


def test_an_older_snapshot_cannot_be_read_after_a_newer_one(tmp_path):
    run_import("folkbokforing", population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;;"), as_of="2026-03-01")
    with pytest.raises(CommandError):
        run_import(
            "folkbokforing", population(tmp_path, f"{SARA};Sara;S;;;;1880;;;;;;", name="old.csv"), as_of="2026-01-01"
        )
    assert "datumordning" in ImportProblem.objects.get().message
    assert not Person.objects.filter(personnummer=SARA).exists()


def test_a_protected_person_keeps_protection_and_the_address_is_stored_but_never_exported(tmp_path):
    run_import(
        "folkbokforing",
        population(tmp_path, f"{SARA};Sara;Skyddad;Hemliga vägen 1;70210;Örebro;1880;skyddad_folkbokforing;;;;;"),
        as_of="2026-03-01",
    )
    assert Person.objects.get().protection == "skyddad_folkbokforing"
    assert "Hemliga" not in "".join(";".join(r) for r in register("2026-03-01"))
    assert ReadLogEntry.objects.get().protected


# --- School enrolments and diplomas ---------------------------------------------------


def test_a_later_file_updates_an_enrolment_and_nothing_is_deleted_when_a_file_omits_it(tmp_path):
    header = "personnummer;skolform;program;startdatum;slutdatum;slutorsak\n"
    run_import(
        "elevregister", write(tmp_path, "e1.csv", header + f"{ASA};GY;NA;2024-08-19;;\n{ALI};GY;EK;2023-08-21;;\n")
    )
    imp2_out, _ = run_import(
        "elevregister", write(tmp_path, "e2.csv", header + f"{ASA};GY;NA;2024-08-19;2026-03-15;avbrott\n")
    )
    assert "Ändrade: 1" in imp2_out
    assert Enrolment.objects.count() == 2
    updated = Enrolment.objects.get(personnummer=ASA)
    assert (updated.end_date, updated.end_cause, updated.source_row) == (date(2026, 3, 15), "avbrott", 2)
    assert updated.source_import == RegisterImport.objects.latest("id")


def test_school_rows_for_people_outside_the_population_are_kept_with_a_notice(tmp_path):
    run_import("folkbokforing", population(tmp_path, f"{ASA};Åsa;Öberg;;;;1880;;;;;;"), as_of="2026-03-01")
    out, err = run_import(
        "elevregister",
        write(
            tmp_path,
            "e.csv",
            f"personnummer;skolform;program;startdatum\n{ASA};GY;NA;2024-08-19\n{ALI};GY;NA;2024-08-19\n",
        ),
    )
    assert "Meddelanden: 1" in out
    assert "Rad 3, kolumn personnummer: Personen finns inte i kommunens folkbokföring. Raden sparas ändå." in err
    assert Enrolment.objects.count() == 2


def test_gy_without_programme_and_end_before_start_are_errors(tmp_path):
    path = write(
        tmp_path,
        "e.csv",
        "personnummer;skolform;program;startdatum;slutdatum;slutorsak\n"
        f"{ASA};GY;;2024-08-19;;\n{ALI};KOMVUX;;2025-08-19;2025-01-01;avbrott\n{SARA};XX;;2025-01-01;;klar\n",
    )
    with pytest.raises(CommandError):
        run_import("elevregister", path)
    messages = {(p.row, p.column): p.message for p in ImportProblem.objects.all()}
    assert messages[(2, "program")] == "Program saknas: det krävs för skolform GY."
    assert messages[(3, "slutdatum")] == "Slutdatumet 2025-01-01 ligger före startdatumet 2025-08-19."
    assert messages[(4, "skolform")].startswith("Okänd skolform ”XX”.")
    assert messages[(4, "slutorsak")].startswith("Okänt värde ”klar” för slutorsak.")
    assert not Enrolment.objects.exists()


def test_a_diploma_ends_the_period_and_the_change_list_says_why(tmp_path):
    run_import("folkbokforing", population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;;"), as_of="2026-03-01")
    assert KaaChange.objects.get().direction == "in"
    run_import(
        "betyg", write(tmp_path, "b.csv", f"personnummer;typ;datum\n{ALI};motsvarande;2026-03-10\n"), as_of="2026-03-20"
    )
    change = KaaChange.objects.filter(direction="ut").get()
    assert (change.reason, change.day) == ("fullfoljt", date(2026, 3, 10))
    assert register("2026-03-20", "--periods")[1][5:] == ["2026-03-09", "fullfoljt"]


# --- The law as it was --------------------------------------------------------------------


def test_before_2018_introduction_programme_pupils_were_covered_and_late_immigrants_were_not(tmp_path):
    run_import(
        "folkbokforing",
        population(tmp_path, f"{OLLE};Olle;Im;;;;1880;;;;;;", f"{NOOR};Noor;Ny;;;;1880;;;2017-01-10;;;fodd_utomlands"),
        as_of="2018-01-15",
    )
    run_import(
        "elevregister",
        write(
            tmp_path,
            "e.csv",
            f"personnummer;skolform;program;startdatum;slutdatum;slutorsak\n{OLLE};GY;IMA;2016-08-22;2019-06-10;fullfoljd\n",
        ),
        as_of="2018-01-15",
    )
    run_import(
        "betyg", write(tmp_path, "b.csv", f"personnummer;typ;datum\n{OLLE};grundskola;2016-06-10\n"), as_of="2018-01-15"
    )
    assert [r[0] for r in register("2018-06-30")[1:]] == [OLLE]
    assert [r[0] for r in register("2018-07-01")[1:]] == [NOOR]
    assert register("2018-07-01", "--periods")[1:] == [
        [OLLE, "Olle", "Im", "2016-06-11", "ej_borjat", "2018-06-30", "ovrigt"],
        [NOOR, "Noor", "Ny", "2018-07-01", "ej_borjat", "", ""],
    ]


# --- Column mapping -----------------------------------------------------------------------


def test_a_file_with_other_column_names_needs_a_mapping_once(tmp_path):
    path = write(tmp_path, "b.csv", f"Elevens pnr;Betygets art;Utfärdat den\n{ASA};grundskola;2024-06-10\n")
    with pytest.raises(CommandError, match="Filen saknar kolumner som krävs: personnummer"):
        run_import("betyg", path)
    imp = imports.create_import(kind="betyg", municipality="1880", path=path, file_name="b.csv", as_of=date(2026, 3, 1))
    assert imp.status == ImportStatus.NEEDS_MAPPING
    imports.apply_mapping(
        imp, {"personnummer": "Elevens pnr", "typ": "Betygets art", "datum": "Utfärdat den"}, "Skolsystemet"
    )
    assert ColumnMapping.objects.get().name == "Skolsystemet"
    # The next file with the same columns is recognised, at the shell too.
    run_import(
        "betyg", write(tmp_path, "b2.csv", f"Utfärdat den;Elevens pnr;Betygets art\n2024-06-11;{ALI};grundskola\n")
    )
    assert Certificate.objects.get().personnummer == ALI

"""Imports keep the register whole (issue 10): each test reproduces a defect of the import pipeline.

Identity numbers are Skatteverket's test numbers; every file is written by the test.
"""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db import connection

from fotfaste.kaa.models import KaaChange, KaaChangeList, KaaPeriod
from fotfaste.people.models import Person
from fotfaste.registers import imports, merge
from fotfaste.registers.models import (
    Enrolment,
    ImportChannel,
    ImportProblem,
    ImportStatus,
    RegisterImport,
    Registration,
    StagedPerson,
)
from tests.conftest import put_in_kaa

from .test_register_import import ALI, ASA, POPULATION_HEADER, SARA, municipalities, population, run_import, write

__all__ = ["municipalities"]  # the autouse fixture that loads the municipalities

pytestmark = pytest.mark.django_db

OREBRO, LEKEBERG = "1880", "1814"
ENROLMENT_HEADER = "personnummer;skolform;program;startdatum;slutdatum;slutorsak"


def checked(tmp_path, kind, text, *, municipality=OREBRO, as_of="2026-03-01", name=None, channel=ImportChannel.WEB):
    """An import checked and waiting to be read in (the web's way: an uploaded copy of the file)."""
    path = write(tmp_path, name or f"{kind}-{municipality}-{as_of}.csv", text)
    imp = imports.create_import(
        kind=kind,
        municipality=municipality,
        path=path,
        file_name=path.name,
        as_of=date.fromisoformat(as_of),
        user_name="test",
        channel=channel,
    )
    imports.check(imp)
    imp.refresh_from_db()
    return imp


def population_text(*rows):
    return "\n".join([POPULATION_HEADER, *rows]) + "\n"


def registrations():
    return sorted(
        Registration.objects.values_list(
            "person__personnummer", "municipality_id", "start_date", "end_date", "end_kind"
        )
    )


def person_row(pnr):
    return Person.objects.filter(personnummer=pnr).values(
        "first_name", "street_address", "protection", "home_municipality_id"
    )[0]


def staged_rows(imp):
    return merge.staged_count(imp.kind, imp.pk)


@pytest.fixture
def three_in_orebro(tmp_path):
    run_import(
        "folkbokforing",
        population(
            tmp_path,
            f"{ASA};Åsa;Öberg;;;;1880;;;;;;",
            f"{ALI};Ali;Hassan;;;;1880;;;;;;",
            f"{SARA};Sara;S;;;;1880;;;;;;",
            name="fb-jan.csv",
        ),
        OREBRO,
        "2026-01-15",
    )


# --- 1. An emptied staging table ends nothing ---------------------------------------------------


def test_emptied_staging_between_check_and_commit_is_refused_and_changes_nothing(tmp_path, three_in_orebro):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"), as_of="2026-03-01")
    assert imp.status == ImportStatus.READY and imp.rows == 1
    before = registrations()
    # What a PostgreSQL crash does to the UNLOGGED staging tables, or a second worker discarding the import.
    merge.clear_staging(imp.pk)
    with pytest.raises(imports.ImportRefused, match="De kontrollerade raderna finns inte längre kvar"):
        imports.commit(imp, actor_name="test")
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED
    assert "0 av 1" in imp.failure and "Inget lästes in" in imp.failure
    assert registrations() == before
    assert not Registration.objects.filter(end_date__isnull=False).exists()


def test_a_partly_emptied_staging_table_is_refused_too(tmp_path, three_in_orebro):
    imp = checked(
        tmp_path,
        "folkbokforing",
        population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;", f"{ALI};Ali;Hassan;;;;1880;;;;;;"),
    )
    StagedPerson.objects.filter(register_import_id=imp.pk, personnummer=ALI).delete()
    with pytest.raises(imports.ImportRefused):
        imports.commit(imp, actor_name="test")
    assert not Registration.objects.filter(end_date__isnull=False).exists()


def test_certificates_twice_in_a_file_are_staged_and_counted(tmp_path, three_in_orebro):
    imp = checked(
        tmp_path,
        "betyg",
        f"personnummer;typ;datum\n{ASA};grundskola;2024-06-10\n{ASA};grundskola;2024-06-10\n",
    )
    assert (imp.status, imp.rows, staged_rows(imp)) == (ImportStatus.READY, 2, 2)
    imports.commit(imp, actor_name="test")
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.DONE


# --- 2. Compare-and-set: cancel and commit cannot both succeed ---------------------------------------


def test_a_cancel_after_a_commit_was_queued_is_refused(tmp_path, world, login):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    # Two requests read the import as "granska"; the commit's compare-and-set gets there first.
    seen_by_cancel = RegisterImport.objects.get(pk=imp.pk)
    assert imports.move(imp, ImportStatus.COMMIT_QUEUED, expected={ImportStatus.READY})
    with pytest.raises(imports.ImportRefused, match="kan inte avbrytas i läget ”Väntar på inläsning”"):
        imports.discard(seen_by_cancel)
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.COMMIT_QUEUED
    assert staged_rows(imp) == 1  # the cancel pulled nothing from under the commit


def test_a_commit_after_a_cancel_is_refused_and_stores_nothing(tmp_path):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    seen_by_commit = RegisterImport.objects.get(pk=imp.pk)
    imports.discard(imp)
    with pytest.raises(imports.ImportRefused, match="kan inte läsas in i läget ”Avbruten"):
        imports.commit(seen_by_commit, actor_name="test")
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.CANCELLED
    assert not Person.objects.exists()


def test_two_workers_cannot_both_commit_one_import(tmp_path):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    RegisterImport.objects.filter(pk=imp.pk).update(status=ImportStatus.COMMIT_QUEUED)
    first, second = RegisterImport.objects.get(pk=imp.pk), RegisterImport.objects.get(pk=imp.pk)
    imports.commit(first, actor_name="worker 1")
    with pytest.raises(imports.ImportRefused):
        imports.commit(second, actor_name="worker 2")
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.DONE
    assert KaaChangeList.objects.filter(register_import=imp).count() == 1


def test_a_check_runs_once(tmp_path):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    with pytest.raises(imports.ImportRefused, match="kan inte kontrolleras"):
        imports.check(imp)
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.READY and staged_rows(imp) == 1


def test_the_web_refuses_the_loser_of_a_race_with_a_message(tmp_path, world, login):
    client = login(world["users"]["kaa"])
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    imports.discard(RegisterImport.objects.get(pk=imp.pk))
    response = client.post(f"/import/{imp.pk}/las-in/", follow=True)
    assert "Importen kan inte läsas in i läget ”Avbruten – inget lästes in”." in response.content.decode()
    response = client.post(f"/import/{imp.pk}/avbryt/", follow=True)
    assert "Importen kan inte avbrytas i läget ”Avbruten – inget lästes in”." in response.content.decode()


# --- 3. One commit at a time, preconditions checked under the lock ----------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_takes_its_write_lock_when_a_transaction_begins(tmp_path):
    """On SQLite the read-in's transaction is the lock: with the project's settings it begins with BEGIN
    IMMEDIATE, so no other writer gets in from its first statement on, reads included (a deferred BEGIN
    would take the lock only at its first write, after the preconditions were read)."""
    import sqlite3

    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "probe.sqlite3"
    probe = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="serialisation-probe")
    assert probe.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    try:
        # What transaction.atomic() does on entering a transaction on SQLite.
        probe.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        probe.cursor().execute("SELECT 1")  # only a read so far
        other = sqlite3.connect(path, timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    finally:
        probe.close()


def test_an_older_snapshot_checked_before_a_newer_one_was_read_in_is_refused_when_read_in(tmp_path, three_in_orebro):
    older = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"), as_of="2026-02-01")
    newer = checked(
        tmp_path,
        "folkbokforing",
        population_text(
            f"{ASA};Åsa;Öberg;;;;1880;;;;;;", f"{ALI};Ali;Hassan;;;;1880;;;;;;", f"{SARA};Sara;S;;;;1880;;;;;;"
        ),
        as_of="2026-03-01",
    )
    imports.commit(newer, actor_name="test")
    with pytest.raises(imports.ImportRefused, match="datumordning"):
        imports.commit(older, actor_name="test")
    older.refresh_from_db()
    assert older.status == ImportStatus.FAILED and "datumordning" in older.failure
    assert not Registration.objects.filter(end_date__isnull=False).exists()  # the older file ended nobody


# --- 5. Newer files win ---------------------------------------------------------------------------


def test_an_older_file_of_another_municipality_does_not_undo_a_newer_one(tmp_path, three_in_orebro):
    """The reproduced defect: Lekeberg's 1 March extract marks Ali protected at a new address in Lekeberg;
    Örebro's 15 February extract, read in afterwards, cleared the protection, restored the old address and
    kept Ali registered in Örebro."""
    run_import(
        "folkbokforing",
        population(
            tmp_path,
            f"{ALI};Ali;Hassan;Hemliga vägen 1;71631;Fjugesta;1814;skyddad_folkbokforing;2026-02-20;;;;",
            name="fb-lekeberg.csv",
        ),
        LEKEBERG,
        "2026-03-01",
    )
    assert person_row(ALI) == {
        "first_name": "Ali",
        "street_address": "Hemliga vägen 1",
        "protection": "skyddad_folkbokforing",
        "home_municipality_id": LEKEBERG,
    }
    out, err = run_import(
        "folkbokforing",
        population(
            tmp_path,
            f"{ASA};Åsa;Öberg;;;;1880;;;;;;",
            f"{ALI};Ali;Hassan;Storgatan 2;70210;Örebro;1880;;;;;;",
            f"{SARA};Sara;S;;;;1880;;;;;;",
            name="fb-feb.csv",
        ),
        OREBRO,
        "2026-02-15",
    )
    # Nothing of Lekeberg's newer facts is undone.
    assert person_row(ALI) == {
        "first_name": "Ali",
        "street_address": "Hemliga vägen 1",
        "protection": "skyddad_folkbokforing",
        "home_municipality_id": LEKEBERG,
    }
    # Ali counts as registered in Örebro until Lekeberg's registration begins, never again after it.
    ali = Person.objects.get(personnummer=ALI)
    assert list(KaaPeriod.objects.filter(person=ali, municipality_id=OREBRO).values_list("end_date", "end_reason")) == [
        (date(2026, 2, 19), "flyttat")
    ]
    assert KaaPeriod.objects.get(person=ali, municipality_id=LEKEBERG).start_date == date(2026, 2, 20)
    # Örebro's KAA section says why its registration counts only so far.
    from fotfaste.kaa.person import kaa_section

    section = kaa_section(ali, frozenset({OREBRO}), date(2026, 3, 1))
    assert [f.text for f in section["registrations"]] == [
        "sedan födseln eller invandringen (räknas till 2026-02-19: ett nyare uttag har personen folkbokförd i en "
        "annan kommun sedan dess)"
    ]
    # Each field held back is a notice naming the row and the file's column; a protected person's
    # municipality is not named.
    imp = RegisterImport.objects.latest("id")
    notices = {(p.row, p.column): p.message for p in ImportProblem.objects.filter(register_import=imp)}
    message = "Uppgiften ändrades inte: ett folkbokföringsuttag per 2026-03-01 från en annan kommun är nyare."
    for column in ("utdelningsadress", "postnummer", "postort", "kommunkod", "skyddad"):
        assert notices[(3, column)] == message
    assert imp.notices == len(notices)
    assert "Meddelanden från inläsningen: 5 (uppgifter som nyare filer redan har gett)." in out
    assert f"Rad 3, kolumn skyddad: {message}" in err


def test_the_notice_never_names_the_newer_municipality(tmp_path, three_in_orebro):
    """Where the person is registered now is the other municipality's to tell, protected or not."""
    run_import(
        "folkbokforing",
        population(tmp_path, f"{ALI};Ali;Hassan;Bygatan 3;71631;Fjugesta;1814;;2026-02-20;;;;", name="fb-l.csv"),
        LEKEBERG,
        "2026-03-01",
    )
    run_import(
        "folkbokforing",
        population(
            tmp_path,
            f"{ASA};Åsa;Öberg;;;;1880;;;;;;",
            f"{ALI};Ali;Hassan;Storgatan 2;70210;Örebro;1880;;;;;;",
            f"{SARA};Sara;S;;;;1880;;;;;;",
            name="fb-feb.csv",
        ),
        OREBRO,
        "2026-02-15",
    )
    imp = RegisterImport.objects.latest("id")
    problem = ImportProblem.objects.get(register_import=imp, column="utdelningsadress")
    assert (problem.row, problem.severity, problem.message) == (
        3,
        "meddelande",
        "Uppgiften ändrades inte: ett folkbokföringsuttag per 2026-03-01 från en annan kommun är nyare.",
    )
    assert not ImportProblem.objects.filter(register_import=imp, message__contains="Lekeberg").exists()
    assert person_row(ALI)["street_address"] == "Bygatan 3"


def test_a_newer_file_of_another_municipality_does_update(tmp_path, three_in_orebro):
    run_import(
        "folkbokforing",
        population(tmp_path, f"{ALI};Ali;Hassan;Bygatan 3;71631;Fjugesta;1814;;2026-02-20;;;;", name="fb-l.csv"),
        LEKEBERG,
        "2026-03-01",
    )
    assert person_row(ALI)["street_address"] == "Bygatan 3"
    assert not ImportProblem.objects.exists()


def test_the_register_says_which_snapshot_vouches_for_a_registration(tmp_path, three_in_orebro):
    """Örebro's newer snapshot still lists Ali: Lekeberg's older claim that Ali moved there loses."""
    run_import(
        "folkbokforing",
        population(
            tmp_path,
            f"{ASA};Åsa;Öberg;;;;1880;;;;;;",
            f"{ALI};Ali;Hassan;;;;1880;;;;;;",
            f"{SARA};Sara;S;;;;1880;;;;;;",
            name="fb-apr.csv",
        ),
        OREBRO,
        "2026-04-01",
    )
    run_import(
        "folkbokforing",
        population(tmp_path, f"{ALI};Ali;Hassan;Bygatan 3;71631;Fjugesta;1814;;2026-02-20;;;;", name="fb-l.csv"),
        LEKEBERG,
        "2026-03-01",
    )
    ali = Person.objects.get(personnummer=ALI)
    assert person_row(ALI)["home_municipality_id"] == OREBRO
    assert not KaaPeriod.objects.filter(person=ali, municipality_id=LEKEBERG).exists()
    assert KaaPeriod.objects.get(person=ali, municipality_id=OREBRO).end_reason == "fyllt_20"
    notices = ImportProblem.objects.filter(register_import=RegisterImport.objects.latest("id"))
    assert {p.column for p in notices} >= {"utdelningsadress", "kommunkod"}
    assert any("ett folkbokföringsuttag per 2026-04-01 från en annan kommun" in p.message for p in notices)


def test_protection_is_not_removed_by_a_file_of_the_same_date_from_another_municipality(tmp_path):
    run_import(
        "folkbokforing",
        population(tmp_path, f"{SARA};Sara;S;;;;1814;skyddad_folkbokforing;2026-01-10;;;;", name="l.csv"),
        LEKEBERG,
        "2026-03-01",
    )
    run_import(
        "folkbokforing", population(tmp_path, f"{SARA};Sara;S;;;;1880;;;;;;", name="o.csv"), OREBRO, "2026-03-01"
    )
    assert person_row(SARA)["protection"] == "skyddad_folkbokforing"


def test_an_older_school_file_does_not_undo_a_newer_one(tmp_path, three_in_orebro):
    newer = f"{ENROLMENT_HEADER}\n{ASA};GY;NA;2024-08-19;2026-03-15;avbrott\n"
    older = f"{ENROLMENT_HEADER}\n{ASA};GY;NA;2024-08-19;;\n"
    run_import("elevregister", write(tmp_path, "e-mar.csv", newer), OREBRO, "2026-03-20")
    run_import("elevregister", write(tmp_path, "e-feb.csv", older), OREBRO, "2026-02-01")
    enrolment = Enrolment.objects.get()
    assert (enrolment.end_date, enrolment.end_cause) == (date(2026, 3, 15), "avbrott")
    notices = {
        p.column: p.message for p in ImportProblem.objects.filter(register_import=RegisterImport.objects.latest("id"))
    }
    assert notices == {
        "slutdatum": "Uppgiften ändrades inte: ett elevregister per 2026-03-20, som redan är inläst, är nyare.",
        "slutorsak": "Uppgiften ändrades inte: ett elevregister per 2026-03-20, som redan är inläst, är nyare.",
    }


def test_a_file_that_states_an_enrolment_again_becomes_its_source(tmp_path, three_in_orebro):
    """So that an older file arriving after it cannot undo it: January ongoing, March ongoing, then February's
    dropout arrives last and must lose to March (what reading them in date order gives)."""
    ongoing = f"{ENROLMENT_HEADER}\n{ASA};GY;NA;2024-08-19;;\n"
    run_import("elevregister", write(tmp_path, "e-jan.csv", ongoing), OREBRO, "2026-01-15")
    run_import("elevregister", write(tmp_path, "e-mar.csv", ongoing), OREBRO, "2026-03-15")
    dropout = f"{ENROLMENT_HEADER}\n{ASA};GY;NA;2024-08-19;2026-02-01;avbrott\n"
    run_import("elevregister", write(tmp_path, "e-feb.csv", dropout), OREBRO, "2026-02-15")
    enrolment = Enrolment.objects.get()
    assert enrolment.end_date is None
    assert enrolment.source_import.as_of == date(2026, 3, 15)


# --- 6. Every municipality gets its change list; school facts as the law allows -----------------------


@pytest.fixture
def ali_moved_to_lekeberg(tmp_path, three_in_orebro):
    """Ali lived in Örebro until 2026-01-31 and in Lekeberg since; both municipalities have read their snapshots."""
    run_import(
        "folkbokforing",
        population(tmp_path, f"{ALI};Ali;Hassan;;;;1814;;2026-02-01;;;;", name="fb-l.csv"),
        LEKEBERG,
        "2026-03-01",
    )
    run_import(
        "folkbokforing",
        population(
            tmp_path,
            f"{ASA};Åsa;Öberg;;;;1880;;;;;;",
            f"{ALI};Ali;Hassan;;;;1814;;;;2026-02-01;;",
            f"{SARA};Sara;S;;;;1880;;;;;;",
            name="fb-o.csv",
        ),
        OREBRO,
        "2026-03-01",
    )


def test_a_school_file_of_one_municipality_gives_the_other_its_change_list(
    tmp_path, ali_moved_to_lekeberg, world, login, settings
):
    """Örebro's diploma file re-derives Ali, registered in Lekeberg now: Lekeberg's register changes, and
    Lekeberg, not only Örebro, is told."""
    # The files are dated March 2026; Lekeberg still follows Ali up whatever today's date is.
    settings.KAA_FOLLOW_UP_MONTHS = 240
    diploma = write(tmp_path, "b.csv", f"personnummer;typ;datum\n{ALI};gymnasieexamen;2026-03-10\n")
    run_import("betyg", diploma, OREBRO, "2026-03-20")
    imp = RegisterImport.objects.latest("id")
    lekeberg_list = KaaChangeList.objects.get(register_import=imp, municipality_id=LEKEBERG)
    assert (lekeberg_list.entered, lekeberg_list.left) == (0, 1)
    change = KaaChange.objects.get(register_import=imp, municipality_id=LEKEBERG)
    assert (change.person.personnummer, change.direction, change.reason) == (ALI, "ut", "fullfoljt")
    # Örebro's own change list holds only Örebro's register.
    assert not KaaChange.objects.filter(register_import=imp, municipality_id=OREBRO, person=change.person).exists()

    lekeberg = login(world["users"]["kaa.lekeberg"])
    listing = lekeberg.get("/import/").content.decode()
    assert "Ändringar från andra kommuners filer" in listing and f"/import/{imp.pk}/kommun/{LEKEBERG}/" in listing
    page = lekeberg.get(f"/import/{imp.pk}/kommun/{LEKEBERG}/").content.decode()
    assert "Hassan, Ali" in page and "Fullföljt gymnasieutbildning" in page
    csv_text = b"".join(lekeberg.get(f"/import/{imp.pk}/kommun/{LEKEBERG}/andringar.csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert f"Ut ur KAA;{ALI};Ali;Hassan;" in csv_text
    # Örebro's import page itself stays Örebro's; Örebro cannot open Lekeberg's list.
    assert lekeberg.get(f"/import/{imp.pk}/").status_code == 404
    orebro = login(world["users"]["kaa"])
    assert orebro.get(f"/import/{imp.pk}/kommun/{LEKEBERG}/").status_code == 404
    assert orebro.get(f"/import/{imp.pk}/kommun/{LEKEBERG}/andringar.csv").status_code == 404


def test_the_kaa_section_shows_only_school_facts_the_municipality_may_have(
    tmp_path, ali_moved_to_lekeberg, world, login
):
    run_import(
        "elevregister",
        write(
            tmp_path,
            "e-l.csv",
            f"{ENROLMENT_HEADER}\n{ALI};GY;NA;2022-08-15;2023-06-10;flytt\n{ALI};KOMVUX;;2026-02-10;;\n",
        ),
        LEKEBERG,
        "2026-03-20",
    )
    ali = Person.objects.get(personnummer=ALI)
    # Both KAA roles may open Ali's page (access is the lead's: a period covering today grounds it).
    put_in_kaa(ali, OREBRO)
    put_in_kaa(ali, LEKEBERG)
    page = login(world["users"]["kaa"]).get(f"/personer/{ali.pk}/").content.decode()
    # 2022–2023, while Ali lived in Örebro: Örebro's business (the school told Ali's home municipality).
    assert "GY NA, 2022-08-15" in page
    # From February 2026, when Ali lived in Lekeberg: not Örebro's.
    assert "KOMVUX" not in page
    page = login(world["users"]["kaa.lekeberg"]).get(f"/personer/{ali.pk}/").content.decode()
    assert "KOMVUX" in page and "GY NA, 2022-08-15" in page  # Lekeberg's own file stated both


def test_the_derivation_uses_only_school_facts_the_municipality_may_have(tmp_path, ali_moved_to_lekeberg):
    """A diploma issued after Ali left Örebro does not rewrite Örebro's history: it was never Örebro's fact."""
    ali = Person.objects.get(personnummer=ALI)
    before = list(KaaPeriod.objects.filter(person=ali, municipality_id=OREBRO).values_list("start_date", "end_date"))
    run_import(
        "betyg",
        write(tmp_path, "b.csv", f"personnummer;typ;datum\n{ALI};motsvarande;2026-02-10\n"),
        LEKEBERG,
        "2026-03-20",
    )
    assert list(KaaPeriod.objects.filter(person=ali, municipality_id=OREBRO).values_list("start_date", "end_date")) == (
        before
    )
    assert KaaPeriod.objects.get(person=ali, municipality_id=LEKEBERG).end_reason == "fullfoljt"


# --- 7. A dry run is no oracle ----------------------------------------------------------------------


def test_a_dry_run_counts_new_against_the_municipalitys_own_register(tmp_path):
    """A one-row file with a personnummer Lekeberg has read in: Örebro learns nothing about it."""
    run_import(
        "folkbokforing", population(tmp_path, f"{ALI};Ali;Hassan;;;;1814;;;;;;", name="l.csv"), LEKEBERG, "2026-03-01"
    )
    out, err = run_import(
        "folkbokforing",
        population(tmp_path, f"{ALI};Ali;Hassan;;;;1880;;;;;;", name="o.csv"),
        OREBRO,
        "2026-03-01",
        "--dry-run",
    )
    assert "Nya: 1\nÄndrade: 0\nOförändrade: 0" in out
    assert not ImportProblem.objects.filter(register_import__municipality_id=OREBRO).exists()
    unknown = population(tmp_path, f"{SARA};Sara;S;;;;1880;;;;;;", name="o2.csv")
    out_unknown, _err = run_import("folkbokforing", unknown, OREBRO, "2026-03-01", "--dry-run")
    assert out_unknown == out  # the same answer for a number nobody has read in


def test_a_school_dry_run_counts_new_against_what_the_municipality_may_see(tmp_path):
    enrolment = f"{ENROLMENT_HEADER}\n{ALI};GY;NA;2024-08-19;;\n"
    run_import("elevregister", write(tmp_path, "l.csv", enrolment), LEKEBERG, "2026-03-01")
    out, _err = run_import("elevregister", write(tmp_path, "o.csv", enrolment), OREBRO, "2026-03-01", "--dry-run")
    assert "Nya: 1\nÄndrade: 0\nOförändrade: 0" in out


# --- 8. A file that would end most of a register needs a named confirmation -------------------------------


@pytest.fixture
def thirty_in_orebro(tmp_path, test_numbers):
    numbers = [n for n in test_numbers if n[:4] in {"2007", "2008"}][:30]
    rows = [f"{n};Namn{i};Efternamn;;;;1880;;;;;;" for i, n in enumerate(numbers)]
    run_import("folkbokforing", population(tmp_path, *rows, name="full.csv"), OREBRO, "2026-01-15")
    return numbers


def test_a_small_file_that_ends_most_registrations_needs_the_number_confirmed_at_the_shell(tmp_path, thirty_in_orebro):
    partial = population(tmp_path, *(f"{n};Namn;Efternamn;;;;1880;;;;;;" for n in thirty_in_orebro[:5]), name="del.csv")
    with pytest.raises(CommandError, match="--confirm-disappeared 25"):
        run_import("folkbokforing", partial, OREBRO, "2026-03-01")
    imp = RegisterImport.objects.latest("id")
    assert imp.status == ImportStatus.CANCELLED and "25 av 30 personer i Örebro" in imp.failure
    assert not Registration.objects.filter(end_date__isnull=False).exists()
    with pytest.raises(CommandError, match=r"\(Du angav 24.\)"):
        run_import("folkbokforing", partial, OREBRO, "2026-03-01", "--confirm-disappeared", "24")
    run_import("folkbokforing", partial, OREBRO, "2026-03-01", "--confirm-disappeared", "25")
    assert Registration.objects.filter(end_kind="saknas").count() == 25


def test_the_web_asks_for_an_explicit_named_confirmation(tmp_path, thirty_in_orebro, world, login):
    client = login(world["users"]["kaa"])
    imp = checked(
        tmp_path, "folkbokforing", population_text(*(f"{n};Namn;E;;;;1880;;;;;;" for n in thirty_in_orebro[:5]))
    )
    page = client.get(f"/import/{imp.pk}/").content.decode()
    assert "Filen skulle avsluta folkbokföringen för 25 av 30 personer i Örebro." in page
    assert "<legend" in page and "Jag förstår att 25 personers folkbokföring i Örebro avslutas" in page
    response = client.post(f"/import/{imp.pk}/las-in/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det finns ett problem" in page and "Kryssa i rutan för att bekräfta" in page
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.READY
    # A stale page (another number) does not confirm.
    response = client.post(f"/import/{imp.pk}/las-in/", {"bekrafta": "on", "antal": "3"})
    assert response.status_code == 400 and "Antalet har ändrats" in response.content.decode()
    response = client.post(f"/import/{imp.pk}/las-in/", {"bekrafta": "on", "antal": "25"})
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DONE and imp.confirmed_disappeared == 25


def test_a_confirmation_for_another_number_is_sent_back_for_review(tmp_path, thirty_in_orebro):
    """The register changed between the preview and the commit: the commit checks again under the lock."""
    imp = checked(
        tmp_path, "folkbokforing", population_text(*(f"{n};Namn;E;;;;1880;;;;;;" for n in thirty_in_orebro[:5]))
    )
    with pytest.raises(imports.ReviewAgain, match="25 av 30"):
        imports.commit(imp, actor_name="test", confirmed_disappeared=24)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.READY and "Granska" in imp.failure and staged_rows(imp) == 5
    assert not Registration.objects.filter(end_date__isnull=False).exists()


def test_an_ordinary_file_needs_no_confirmation(tmp_path, thirty_in_orebro):
    keep = population(tmp_path, *(f"{n};Namn;E;;;;1880;;;;;;" for n in thirty_in_orebro[:28]), name="most.csv")
    run_import("folkbokforing", keep, OREBRO, "2026-03-01")  # 2 of 30 leave: no question asked
    assert Registration.objects.filter(end_kind="saknas").count() == 2


# --- 9. A field beyond the csv module's limit ------------------------------------------------------


def test_a_20_mb_field_is_a_clear_error_on_its_row(tmp_path):
    path = tmp_path / "stor.csv"
    path.write_text(
        f"{POPULATION_HEADER}\n{ASA};Åsa;Öberg;;;;1880;;;;;;\n{ALI};{'x' * 20_000_000};Hassan;;;;1880;;;;;;\n"
    )
    with pytest.raises(CommandError, match="1 fel"):
        run_import("folkbokforing", path, OREBRO, "2026-03-01")
    imp = RegisterImport.objects.get()
    assert imp.status == ImportStatus.REJECTED and not imp.failure
    problem = ImportProblem.objects.get(register_import=imp)
    assert problem.row == 3
    assert problem.message.startswith("Rad 3 kan inte läsas: ett fält är längre än 131\u00a0072 tecken.")
    assert not Person.objects.exists() and not StagedPerson.objects.exists()


# --- 10. Nothing of the upload stays ----------------------------------------------------------------


def upload_gone(imp) -> bool:
    imp.refresh_from_db()
    return imp.stored_file == "" and staged_rows(imp) == 0


def test_after_a_commit(tmp_path):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    path = Path(imp.stored_file)
    imports.commit(imp, actor_name="test")
    assert upload_gone(imp) and not path.exists()


def test_after_a_rejection(tmp_path):
    imp = checked(tmp_path, "folkbokforing", population_text("200803152381;Bo;Fel;;;;1880;;;;;;"))
    assert imp.status == ImportStatus.REJECTED
    assert upload_gone(imp) and not list(tmp_path.glob("folkbokforing-*"))


def test_after_a_cancel(tmp_path):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    path = Path(imp.stored_file)
    imports.discard(imp)
    assert upload_gone(imp) and not path.exists()


def test_after_a_failure(tmp_path, monkeypatch):
    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    path = Path(imp.stored_file)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the derivation")

    monkeypatch.setattr("fotfaste.kaa.derivation.rederive", broken)
    with pytest.raises(RuntimeError):
        imports.commit(imp, actor_name="test")
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED and imp.failure.startswith("Ett oväntat fel inträffade")
    assert upload_gone(imp) and not path.exists()
    assert not Person.objects.exists()


def test_after_a_failed_check(tmp_path, monkeypatch):
    path = write(tmp_path, "fb.csv", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    imp = imports.create_import(
        kind="folkbokforing", municipality=OREBRO, path=path, file_name="fb.csv", as_of=date(2026, 3, 1)
    )

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the preview")

    monkeypatch.setattr("fotfaste.registers.merge.population_preview", broken)
    with pytest.raises(RuntimeError):
        imports.check(imp)
    assert upload_gone(imp) and not path.exists()


def test_after_the_worker_was_lost(tmp_path):
    from fotfaste.core import jobs
    from fotfaste.core.models import Job, JobStatus

    imp = checked(tmp_path, "folkbokforing", population_text(f"{ASA};Åsa;Öberg;;;;1880;;;;;;"))
    path = Path(imp.stored_file)
    RegisterImport.objects.filter(pk=imp.pk).update(status=ImportStatus.COMMITTING)
    # A worker on this machine that no longer runs (pid 0 is never a process of ours).
    Job.objects.create(
        kind="registers.commit",
        payload={"import_id": imp.pk, "actor": "test"},
        status=JobStatus.RUNNING,
        worker=f"{__import__('socket').gethostname()}:999999999:1",
    )
    assert jobs.recover_abandoned() == 1
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED and "Arbetsprocessen som körde importen stoppades" in imp.failure
    assert upload_gone(imp) and not path.exists()


def test_a_dry_run_keeps_the_commands_own_file(tmp_path):
    path = population(tmp_path, f"{ASA};Åsa;Öberg;;;;1880;;;;;;")
    run_import("folkbokforing", path, OREBRO, "2026-03-01", "--dry-run")
    imp = RegisterImport.objects.get()
    assert imp.status == ImportStatus.DRY_RUN and staged_rows(imp) == 0
    assert path.exists()  # not an upload: the user's own file


def test_the_change_list_shows_the_day_it_compares_with(tmp_path, three_in_orebro, world, login):
    run_import(
        "folkbokforing", population(tmp_path, f"{ASA};Åsa;Öberg;;;;1880;;;;;;", name="mar.csv"), OREBRO, "2026-03-01"
    )
    imp = RegisterImport.objects.latest("id")
    page = login(world["users"]["kaa"]).get(f"/import/{imp.pk}/").content.decode()
    assert "Registret per 2026-03-01 jämfört med registret per 2026-01-15" in page

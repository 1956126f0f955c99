"""Fault injection on imports (issue 10): workers killed, imports racing, a cancel racing a commit.

In each case the register equals what reading the successful files in one at a time gives, nothing is
partial, no staging rows or uploaded file are left, and the import tells the user what happened.
The workers are real `manage.py worker` processes; the database is the suite's server (SQLite file or
PostgreSQL), a scratch database of the test's own.
"""

import time

import pytest

from .conftest import OREBRO

pytestmark = pytest.mark.slow

HEADER = (
    "personnummer;fornamn;efternamn;utdelningsadress;postnummer;postort;kommunkod;skyddad;"
    "folkbokford_datum;invandrad_datum;utflyttad_datum;avliden_datum;bakgrund"
)
ASA, ALI, SARA = "200803152388", "200705022390", "200801102385"

JANUARY = f"{HEADER}\n{ASA};Åsa;Öberg;Storgatan 1;70210;Örebro;1880;;;;;;\n{ALI};Ali;Hassan;;;;1880;;;;;;\n{SARA};Sara;S;;;;1880;;;;;;\n"
FEBRUARY = f"{HEADER}\n{ASA};Åsa;Öberg;Storgatan 2;70210;Örebro;1880;;;;;;\n{ALI};Ali;Hassan;;;;1880;;;;;;\n{SARA};Sara;S;;;;1880;;;;;;\n"
# Ali moved to Lekeberg; Sara is missing (moved out on the snapshot's date); Åsa has a new address.
MARCH = f"{HEADER}\n{ASA};Åsa;Öberg;Nygatan 3;70211;Örebro;1880;;;;;;\n{ALI};Ali;Hassan;;;;1814;;;;2026-02-20;;\n"
ENROLMENTS = (
    f"personnummer;skolform;program;startdatum;slutdatum;slutorsak\n{ASA};GY;NA;2024-08-19;2026-02-27;avbrott\n"
)


@pytest.fixture
def files(new_scratch):
    """The scenario's files, written once where every scratch database's processes can read them."""
    holder = new_scratch()
    return {
        "january": holder.file("jan.csv", JANUARY),
        "february": holder.file("feb.csv", FEBRUARY),
        "march": holder.file("mar.csv", MARCH),
        "enrolments": holder.file("elev.csv", ENROLMENTS),
    }


SPEC = {
    "january": ("folkbokforing", "2026-01-15"),
    "february": ("folkbokforing", "2026-02-01"),
    "march": ("folkbokforing", "2026-03-01"),
    "enrolments": ("elevregister", "2026-03-01"),
}


def spec(files, name):
    kind, as_of = SPEC[name]
    return f"{kind}:{files[name]}:{OREBRO}:{as_of}"


def reference(new_scratch, files, *names) -> dict:
    """The register after reading these files one at a time, in a database of its own."""
    scratch = new_scratch()
    if names:
        scratch.agent("replay", *(spec(files, n) for n in names))
    return scratch.agent("state")["register"]


def upload(scratch, files, name) -> str:
    kind, as_of = SPEC[name]
    return str(scratch.agent("upload", kind, files[name], OREBRO, as_of)["id"])


def checked(scratch, files, name) -> str:
    imp = upload(scratch, files, name)
    scratch.agent("check", imp)
    scratch.run_worker_once()
    assert scratch.agent("state")["imports"][imp]["status"] == "granska"
    return imp


def assert_nothing_left(state) -> None:
    assert state["staged"] == {"StagedPerson": 0, "StagedEnrolment": 0, "StagedCertificate": 0}
    assert state["uploads"] == []
    # An upload's copy is gone once the import ended; a command's own file is the user's.
    assert all(not i["stored_file"] for i in state["imports"].values() if i["channel"] == "webb")


def test_worker_killed_during_check(new_scratch, files):
    scratch = new_scratch()
    scratch.agent("replay", spec(files, "january"))
    imp = upload(scratch, files, "march")
    scratch.agent("check", imp)
    worker = scratch.worker(pause_at="check.staged")
    scratch.wait_until_paused("check.staged", worker)
    scratch.kill(worker)
    halfway = scratch.agent("state")
    assert halfway["imports"][imp]["status"] == "kontrolleras" and halfway["staged"]["StagedPerson"] == 2

    # The next worker to start finds the job's worker gone, fails the import and tidies up.
    scratch.run_worker_once()
    state = scratch.agent("state")
    assert state["imports"][imp]["status"] == "misslyckades"
    assert "Arbetsprocessen som körde importen stoppades" in state["imports"][imp]["failure"]
    assert_nothing_left(state)
    assert state["register"] == reference(new_scratch, files, "january")


def test_worker_killed_during_commit(new_scratch, files):
    scratch = new_scratch()
    scratch.agent("replay", spec(files, "january"))
    imp = checked(scratch, files, "march")
    scratch.agent("commit", imp)
    worker = scratch.worker(pause_at="commit.merged")
    scratch.wait_until_paused("commit.merged", worker)  # merged, inside the transaction, not derived yet
    scratch.kill(worker)

    scratch.run_worker_once()
    state = scratch.agent("state")
    assert state["imports"][imp]["status"] == "misslyckades"
    assert "Inget lästes in" in state["imports"][imp]["failure"]
    assert_nothing_left(state)
    assert state["register"] == reference(new_scratch, files, "january")
    # The job says so too.
    assert {j["status"] for j in state["jobs"].values() if j["kind"] == "registers.commit"} == {"misslyckades"}


def test_two_imports_of_one_municipality_commit_one_at_a_time(new_scratch, files):
    scratch = new_scratch()
    scratch.agent("replay", spec(files, "january"))
    population, school = checked(scratch, files, "march"), checked(scratch, files, "enrolments")
    scratch.agent("commit", population)
    scratch.agent("commit", school)
    first = scratch.worker(pause_at="commit.locked")
    scratch.wait_until_paused("commit.locked", first)  # holds the register's lock
    second = scratch.worker()
    # The second worker takes the school file and waits for the lock (on SQLite, for the database).
    time.sleep(1.0)
    assert scratch.import_status(school) in ("vantar_inlasning", "lases_in")
    scratch.release("commit.locked")
    scratch.wait_for_status(population, "inlast")
    scratch.wait_for_status(school, "inlast", "misslyckades")
    state = scratch.agent("state")
    assert (state["imports"][population]["status"], state["imports"][school]["status"]) == ("inlast", "inlast")
    first.terminate()
    second.terminate()
    assert_nothing_left(state)
    assert state["register"] == reference(new_scratch, files, "january", "march", "enrolments")


def test_an_older_snapshot_that_waited_for_the_lock_is_refused_under_it(new_scratch, files):
    """February's snapshot passed every check before March's was read in; it must be checked again under
    the lock, or the older file would be read in after the newer one."""
    scratch = new_scratch()
    scratch.agent("replay", spec(files, "january"))
    february, march = checked(scratch, files, "february"), checked(scratch, files, "march")
    scratch.agent("commit", february)
    scratch.agent("commit", march)
    first = scratch.worker(pause_at="commit.claimed")
    scratch.wait_until_paused("commit.claimed", first)  # February claimed, its checks passed, no lock yet
    scratch.run_worker_once()  # March, read in meanwhile
    scratch.release("commit.claimed")
    scratch.wait_for_status(february, "misslyckades", "inlast")
    state = scratch.agent("state")
    first.terminate()
    assert state["imports"][march]["status"] == "inlast"
    assert state["imports"][february]["status"] == "misslyckades"
    assert "läses in i datumordning" in state["imports"][february]["failure"]
    assert_nothing_left(state)
    assert state["register"] == reference(new_scratch, files, "january", "march")


def test_cancel_racing_commit(new_scratch, files):
    scratch = new_scratch()
    scratch.agent("replay", spec(files, "january"))
    imp = checked(scratch, files, "march")
    scratch.agent("commit", imp)
    worker = scratch.worker(pause_at="commit.claimed")
    scratch.wait_until_paused("commit.claimed", worker)
    refused = scratch.agent("cancel", imp)
    assert refused == {"refused": True, "message": "Importen kan inte avbrytas i läget ”Läses in”."}
    scratch.release("commit.claimed")
    scratch.wait_for_status(imp, "inlast", "misslyckades")
    state = scratch.agent("state")
    worker.terminate()
    assert state["imports"][imp]["status"] == "inlast"
    assert_nothing_left(state)
    assert state["register"] == reference(new_scratch, files, "january", "march")

    # The other way round: the cancel first, then the commit finds it cancelled and queues nothing.
    other = checked(scratch, files, "enrolments")
    assert scratch.agent("cancel", other) == {"refused": False}
    assert scratch.agent("commit", other) == {"refused": True, "status": "avbruten"}
    state = scratch.agent("state")
    assert state["imports"][other]["status"] == "avbruten"
    assert_nothing_left(state)
    assert state["register"] == reference(new_scratch, files, "january", "march")

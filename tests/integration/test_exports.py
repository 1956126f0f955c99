"""Every export, end to end: no cell runs as a formula, and every person sent is in the read log first.

A young person read in from a population file with the name `=HYPERLINK("http://…";"klicka")` and
the address `=1+2` (OWASP "CSV injection") goes out in the change list, `kaa_register`, the
meetings' send lists, the log review and the import problems with `'` before the formula, as
`fotfaste.core.export` promises. Streamed exports are consumed a little at a time to show that
whatever reached the client was logged before it was sent (and nothing much beyond it).
"""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import Channel, ReadLogEntry
from fotfaste.core import export
from fotfaste.kaa.models import KaaPeriod
from fotfaste.meetings.models import Invitation, Meeting
from fotfaste.people.models import Person
from fotfaste.registers.management.commands.import_register import Command as ImportCommand
from fotfaste.registers.models import ImportProblem, ImportStatus, RegisterImport, Severity

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com/";"klicka")'
POPULATION_HEADER = (
    "personnummer;fornamn;efternamn;utdelningsadress;postnummer;postort;kommunkod;skyddad;"
    "folkbokford_datum;invandrad_datum;utflyttad_datum;avliden_datum;bakgrund"
)


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(export.FORMULA_STARTS), (cell, row)


@pytest.fixture
def numbers(test_numbers):
    """Born in 2007: under 20 and past compulsory school, so in KAA without school data."""
    return [n for n in test_numbers if n.startswith("2007")][:12]


@pytest.fixture
def imported(world, login, numbers):
    """Five young people read in through the web by Örebro's KAA caseworker, named to run as formulas."""
    KaaPeriod.objects.all().delete()  # the register is these five's alone
    rows = [
        f"{numbers[0]};{quoted(FORMULA)};Öberg;=1+2;70210;Örebro;1880;;;;;;",
        f"{numbers[1]};Bo;@Berg;Storgatan 2;70210;Örebro;1880;;;;;;",
        f"{numbers[2]};-Ida;+Lund;Storgatan 3;70210;Örebro;1880;;;;;;",
        f"{numbers[3]};Ola;Sund;Storgatan 4;70210;Örebro;1880;;;;;;",
        f"{numbers[4]};Pia;Holm;Storgatan 5;70210;Örebro;1880;;;;;;",
    ]
    kaa = login(world["users"]["kaa"])
    text = "\n".join([POPULATION_HEADER, *rows]) + "\n"
    kaa.post(
        "/import/ny/",
        {
            "kind": "folkbokforing",
            "municipality": "1880",
            "as_of": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "file": SimpleUploadedFile("fb.csv", text.encode("utf-8"), content_type="text/csv"),
        },
    )
    imp = RegisterImport.objects.get()
    assert imp.status == ImportStatus.READY, list(imp.problems.values_list("message", flat=True))
    kaa.post(f"/import/{imp.pk}/las-in/")
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DONE
    assert Person.objects.get(personnummer=numbers[0]).first_name == FORMULA
    return {"client": kaa, "import": imp, "numbers": numbers[:5]}


# Formulas


def test_the_change_list_csv_sends_no_formula(imported):
    kaa, imp, numbers = imported["client"], imported["import"], imported["numbers"]
    response = kaa.get(reverse("registers:changes_csv", args=[imp.pk]))
    rows = cells(b"".join(response.streaming_content).decode("utf-8-sig"))
    by_number = {row[1]: row for row in rows[1:]}
    assert by_number[numbers[0]][2:4] == ["'" + FORMULA, "Öberg"]
    assert by_number[numbers[1]][2:4] == ["Bo", "'@Berg"]
    assert by_number[numbers[2]][2:4] == ["'-Ida", "'+Lund"]
    assert_no_formula(rows)


def test_kaa_register_prints_no_formula(imported):
    numbers = imported["numbers"]
    out = io.StringIO()
    call_command("kaa_register", "--municipality", "1880", "--as-of", timezone.localdate().isoformat(), stdout=out)
    rows = cells(out.getvalue())
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[numbers[0]][1:3] == ["'" + FORMULA, "Öberg"]
    assert by_number[numbers[2]][1:3] == ["'-Ida", "'+Lund"]
    assert_no_formula(rows)


@pytest.mark.parametrize("channel", ["brev", "sms", "epost"])
def test_the_send_lists_send_no_formula(imported, world, channel):
    numbers = imported["numbers"]
    persons = list(Person.objects.filter(personnummer__in=numbers[:3]))
    Person.objects.filter(personnummer=numbers[1]).update(phone="+46 70 123 45 67", email="=1+2@example.com")
    meeting = Meeting.objects.create(
        kind="informationsmote", unit=world["units"]["kaa"], title="Information", starts_at=timezone.now()
    )
    Invitation.objects.bulk_create([Invitation(meeting=meeting, person=p, channel=channel) for p in persons])
    response = imported["client"].get(reverse("meetings:send_list", args=[meeting.pk, channel]))
    rows = cells(response.content.decode("utf-8-sig"))
    assert len(rows) == 4
    assert ["'" + FORMULA, "Öberg"] in [row[:2] for row in rows]
    if channel == "brev":
        assert any(row[2].startswith("'=1+2, 702 10 Örebro") for row in rows)
    if channel == "sms":
        assert ["Bo", "'@Berg", "'+46 70 123 45 67"] in rows
    if channel == "epost":
        assert ["Bo", "'@Berg", "'=1+2@example.com"] in rows
    assert_no_formula(rows)


def log_entry(person, username, what, at):
    return ReadLogEntry(
        at=at,
        username=username,
        person_id_ref=person.pk,
        personnummer=person.personnummer,
        what=what,
        channel=Channel.WEB,
        ip="10.0.0.1",
    )


def test_the_log_review_sends_no_formula(world, login):
    asa = world["persons"]["asa"]
    ReadLogEntry.objects.bulk_create([log_entry(asa, FORMULA, "@SUM(1+1)", timezone.now())])
    admin = login(world["users"]["root"])
    response = admin.get(reverse("access:readlog_export"), {"anvandare": FORMULA})
    rows = cells(b"".join(response.streaming_content).decode("utf-8-sig"))
    assert rows[1][1] == "'" + FORMULA and rows[1][3] == "'@SUM(1+1)"
    assert_no_formula(rows)
    out = io.StringIO()
    call_command("readlog", "--user", FORMULA, stdout=out)
    rows = cells(out.getvalue())
    assert rows[1][1] == "'" + FORMULA and rows[1][3] == "'@SUM(1+1)"
    assert_no_formula(rows)


def test_the_import_problems_send_no_formula(imported, tmp_path):
    imp = imported["import"]
    ImportProblem.objects.create(register_import=imp, severity=Severity.NOTICE, row=2, column="=cmd", message="+x")
    response = imported["client"].get(reverse("registers:problems_csv", args=[imp.pk]))
    rows = cells(b"".join(response.streaming_content).decode("utf-8-sig"))
    assert rows[1][1:] == ["2", "'=cmd", "'+x"]
    assert_no_formula(rows)
    path = tmp_path / "fel.csv"
    ImportCommand(stdout=io.StringIO(), stderr=io.StringIO())._report_problems(imp, str(path))
    rows = cells(path.read_text(encoding="utf-8-sig"))
    assert rows[1][1:] == ["2", "'=cmd", "'+x"]
    assert_no_formula(rows)


# Logged before sent


def logged_numbers(what_contains: str) -> set[str]:
    return set(ReadLogEntry.objects.filter(what__contains=what_contains).values_list("personnummer", flat=True))


def test_the_change_list_logs_each_batch_before_sending_it(imported, monkeypatch):
    monkeypatch.setattr(export, "LOG_BATCH", 2)
    kaa, imp, numbers = imported["client"], imported["import"], imported["numbers"]
    stream = iter(kaa.get(reverse("registers:changes_csv", args=[imp.pk])).streaming_content)
    sent: set[str] = set()
    next(stream)  # the byte order mark
    next(stream)  # the header
    for _ in range(3):
        row = cells(next(stream).decode("utf-8"))[0]
        sent.add(row[1])
        # Everything sent so far is logged; what has not been sent is logged at most one batch ahead.
        assert sent <= logged_numbers("ändringslista")
        assert len(logged_numbers("ändringslista")) <= len(sent) + 1
    assert len(logged_numbers("ändringslista")) == 4 < len(numbers)
    rest = cells(b"".join(stream).decode("utf-8"))
    assert {row[1] for row in rest} | sent == set(numbers) == logged_numbers("ändringslista")


def test_the_log_review_export_logs_each_batch_before_sending_it(world, login, monkeypatch):
    monkeypatch.setattr("fotfaste.access.logreview.EXPORT_BATCH", 2, raising=False)
    now = timezone.now()
    persons = [world["persons"][key] for key in ("asa", "ali", "protected", "lekeberg")]
    ReadLogEntry.objects.bulk_create(
        [log_entry(p, "kaa", "personsida", now - timedelta(minutes=i)) for i, p in enumerate(persons)]
    )
    admin = login(world["users"]["root"])
    stream = iter(admin.get(reverse("access:readlog_export"), {"anvandare": "kaa"}).streaming_content)
    next(stream)  # the byte order mark
    next(stream)  # the header
    assert not ReadLogEntry.objects.filter(username="root").exists()  # nothing sent, nothing logged
    sent = set()
    for _ in range(3):
        sent.add(cells(next(stream).decode("utf-8"))[0][2].replace("-", ""))
        logged = set(
            ReadLogEntry.objects.filter(username="root", what="loggexport").values_list("personnummer", flat=True)
        )
        assert sent <= logged and len(logged) <= len(sent) + 1
    assert len(logged) == 4
    assert len(cells(b"".join(stream).decode("utf-8"))) == 1


def test_kaa_register_logs_each_batch_before_printing_it(imported, monkeypatch):
    monkeypatch.setattr("fotfaste.kaa.management.commands.kaa_register.LOG_BATCH", 2, raising=False)
    numbers = imported["numbers"]
    printed: list[str] = []

    class CheckingOutput(io.StringIO):
        def write(self, text):
            # Every person is in the read log before a line naming them is written.
            for number in numbers:
                if number in text:
                    assert number in logged_numbers("KAA-registret"), text
                    printed.append(number)
            return super().write(text)

    call_command(
        "kaa_register", "--municipality", "1880", "--as-of", timezone.localdate().isoformat(), stdout=CheckingOutput()
    )
    assert sorted(printed) == sorted(numbers)
    # Once each, though logged in batches.
    assert ReadLogEntry.objects.filter(what__contains="KAA-registret").count() == len(numbers)

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fotfaste.access.logreview import EXPORT_BATCH
from fotfaste.access.models import Channel, ReadLogEntry

pytestmark = pytest.mark.django_db


def entry(person, username, at, what="personsida"):
    return ReadLogEntry(
        at=at,
        username=username,
        person_id_ref=person.pk,
        personnummer=person.personnummer,
        what=what,
        channel=Channel.WEB,
        ip="10.0.0.1",
        protected=person.is_protected,
    )


def run(*args) -> str:
    out = StringIO()
    call_command("readlog", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def log(world):
    asa, ali, lina = world["persons"]["asa"], world["persons"]["ali"], world["persons"]["lekeberg"]
    winter = timezone.make_aware(datetime(2026, 11, 23, 14, 5, 9, 500000))  # CET, +01:00
    summer = timezone.make_aware(datetime(2026, 6, 1, 8, 0, 0))  # CEST, +02:00
    ReadLogEntry.objects.bulk_create(
        [
            entry(asa, "kaa", summer, "sökträff"),
            entry(asa, "kaa", winter, "personsida"),
            entry(ali, "kaa", winter, "personsida"),
            entry(asa, "socialsekreterare", winter - timedelta(days=1), "sökträff"),
            entry(lina, "kaa.lekeberg", winter, "personsida"),
        ]
    )
    return world["persons"]


def test_by_user_exact_output_newest_first(log):
    asa, ali = log["asa"], log["ali"]
    assert run("--user", "kaa") == (
        "tidpunkt;anvandare;personnummer;vad\n"
        f"2026-11-23T14:05:09+01:00;kaa;{ali.personnummer};personsida\n"
        f"2026-11-23T14:05:09+01:00;kaa;{asa.personnummer};personsida\n"
        f"2026-06-01T08:00:00+02:00;kaa;{asa.personnummer};sökträff\n"
    )


def test_by_person_in_any_format_and_the_review_is_logged(log):
    asa = log["asa"]
    output = run("--person", f"{asa.personnummer[2:8]}-{asa.personnummer[8:]}")
    lines = output.splitlines()
    assert lines[0] == "tidpunkt;anvandare;personnummer;vad"
    # The command's own read comes first: it is recorded before anything is printed.
    own = ReadLogEntry.objects.get(what="loggexport")
    assert own.channel == "kommando" and own.personnummer == asa.personnummer and own.user is None
    assert own.username.endswith("(kommando)")
    assert lines[1].split(";")[1:] == [own.username, asa.personnummer, "loggexport"]
    assert lines[2:] == [
        f"2026-11-23T14:05:09+01:00;kaa;{asa.personnummer};personsida",
        f"2026-11-22T14:05:09+01:00;socialsekreterare;{asa.personnummer};sökträff",
        f"2026-06-01T08:00:00+02:00;kaa;{asa.personnummer};sökträff",
    ]


def test_date_range_is_inclusive_local_days(log):
    output = run("--user", "kaa", "--from", "2026-11-23", "--to", "2026-11-23")
    assert len(output.splitlines()) == 3
    assert "2026-06-01" not in output
    assert run("--user", "kaa", "--to", "2026-11-22").splitlines()[1:] == [
        f"2026-06-01T08:00:00+02:00;kaa;{log['asa'].personnummer};sökträff"
    ]


def test_unknown_user_prints_only_the_header(log):
    assert run("--user", "ingen") == "tidpunkt;anvandare;personnummer;vad\n"


def test_output_is_streamed_with_iterator(log, django_assert_max_num_queries):
    # A few queries per batch of rows, whatever the number of rows: each batch is one read of the log, and
    # the persons it reveals that are not yet logged are read and logged in bulk (one query each).
    ReadLogEntry.objects.bulk_create(
        [entry(log["asa"], "kaa", timezone.now() - timedelta(seconds=i)) for i in range(3000)]
    )
    batches = 3003 // EXPORT_BATCH + 1
    with django_assert_max_num_queries(batches + 2 * 2):
        output = run("--user", "kaa")
    assert len(output.splitlines()) == 1 + 3 + 3000
    assert ReadLogEntry.objects.filter(what="loggexport", personnummer=log["asa"].personnummer).count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Ange --person PERSONNUMMER eller --user ANVÄNDARNAMN."),
        (("--person", "200803152381", "--user", "kaa"), "Ange antingen --person eller --user, inte båda."),
        (("--person", "20080315-2382"), "Personnumret är ogiltigt: Kontrollsiffran stämmer inte."),
        (("--person", "abc"), "Personnumret är ogiltigt: Ogiltigt format"),
        (("--user", "   "), "Ange --person PERSONNUMMER eller --user ANVÄNDARNAMN."),
        (("--user", "kaa", "--from", "23/11/2026"), "Ogiltigt datum i --from: ange ÅÅÅÅ-MM-DD"),
        (("--user", "kaa", "--from", "2026-02-01", "--to", "2026-01-01"), "kan inte vara före"),
    ],
)
def test_errors(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not ReadLogEntry.objects.exists()

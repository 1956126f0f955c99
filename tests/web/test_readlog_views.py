import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ChangeLogEntry, Channel, ReadLogEntry
from fotfaste.access.services import Actor, log_reads

pytestmark = pytest.mark.django_db


def formatted(number: str) -> str:
    return f"{number[:8]}-{number[8:]}"


def entry(person, username, at, what="personsida", **extra):
    return ReadLogEntry(
        at=at,
        username=username,
        person_id_ref=person.pk,
        personnummer=person.personnummer,
        what=what,
        channel=Channel.WEB,
        ip="10.0.0.1",
        protected=person.is_protected,
        **extra,
    )


def test_admin_sees_who_read_a_person_newest_first(world, login):
    asa = world["persons"]["asa"]
    kaa = login(world["users"]["kaa"])
    kaa.get(reverse("people:detail", args=[asa.pk]))
    kaa.get(reverse("people:search"), {"q": "Öberg"})
    admin = login(world["users"]["root"])
    response = admin.get(reverse("access:readlog"), {"personnummer": asa.personnummer[2:]})
    assert response.status_code == 200
    html = response.content.decode()
    assert formatted(asa.personnummer) in html
    assert html.index("sökträff") < html.index("personsida")  # newest first
    # The reader by name, with the username the log keeps.
    assert "<td>Kaa (kaa)</td>" in html and "Webb" in html
    # Nothing beyond the personnummer: the person's name and address stay out of the review.
    assert "Öberg" not in html and asa.street_address not in html


def test_reviewing_a_person_is_logged_and_not_listed_in_the_same_page(world, login):
    asa = world["persons"]["asa"]
    admin = login(world["users"]["root"])
    html = admin.get(reverse("access:readlog"), {"personnummer": asa.personnummer}).content.decode()
    assert "Inga poster i läsloggen" in html
    logged = ReadLogEntry.objects.get(username="root")
    assert (logged.what, logged.personnummer, logged.channel) == ("loggkontroll", asa.personnummer, "webb")
    assert logged.person_id_ref == asa.pk


def test_admin_sees_what_a_user_has_read(world, login):
    asa, ali, lina = world["persons"]["asa"], world["persons"]["ali"], world["persons"]["lekeberg"]
    log_reads(Actor(world["users"]["kaa"]), [asa, ali], "sökträff")
    log_reads(Actor(world["users"]["kaa.lekeberg"]), [lina], "personsida")
    admin = login(world["users"]["root"])
    html = admin.get(reverse("access:readlog"), {"anvandare": "kaa"}).content.decode()
    assert formatted(asa.personnummer) in html and formatted(ali.personnummer) in html
    assert formatted(lina.personnummer) not in html
    assert "Vad Kaa (kaa) har läst, nyaste först" in html
    # The review reveals which persons kaa read: each shown person's review is logged.
    reviewed = set(ReadLogEntry.objects.filter(username="root").values_list("personnummer", "what"))
    assert reviewed == {(asa.personnummer, "loggkontroll"), (ali.personnummer, "loggkontroll")}


def test_protected_reads_are_tagged(world, login):
    protected = world["persons"]["protected"]
    log_reads(Actor(world["users"]["kaa"]), [protected], "personsida")
    html = login(world["users"]["root"]).get(reverse("access:readlog"), {"anvandare": "kaa"}).content.decode()
    assert 'class="tag tag--protected">Skyddad identitet<' in html


def test_date_range_limits_entries(world, login):
    asa = world["persons"]["asa"]
    now = timezone.now()
    ReadLogEntry.objects.bulk_create(
        [entry(asa, "kaa", now - timedelta(days=10), what="gammal"), entry(asa, "kaa", now, what="ny")]
    )
    today = timezone.localdate()
    admin = login(world["users"]["root"])
    html = admin.get(
        reverse("access:readlog"), {"anvandare": "kaa", "fran": today.isoformat(), "till": today.isoformat()}
    ).content.decode()
    assert "<td>ny</td>" in html and "<td>gammal</td>" not in html


def test_pagination_walks_the_whole_log_newest_first(world, login):
    asa = world["persons"]["asa"]
    start = timezone.now() - timedelta(hours=1)
    # Pairs share a timestamp, so the id must break ties across page boundaries.
    total = settings.PAGE_SIZE * 2 + 3
    ReadLogEntry.objects.bulk_create(
        [entry(asa, "kaa", start + timedelta(seconds=i // 2), what=f"läsning {i:03d}") for i in range(total)]
    )
    admin = login(world["users"]["root"])
    url, seen, pages = reverse("access:readlog") + "?anvandare=kaa", [], 0
    while url:
        html = admin.get(url).content.decode()
        rows = re.findall(r"<td>(läsning \d+)</td>", html)
        assert len(rows) <= settings.PAGE_SIZE
        seen += rows
        pages += 1
        older = re.search(r'<a href="(\?[^"]*)">Äldre poster</a>', html)
        url = reverse("access:readlog") + unescape(older.group(1)) if older else None
    assert pages == 3
    assert seen == [f"läsning {i:03d}" for i in reversed(range(total))]


def test_tampered_cursor_starts_from_newest(world, login):
    log_reads(Actor(world["users"]["kaa"]), [world["persons"]["asa"]], "personsida")
    html = (
        login(world["users"]["root"])
        .get(reverse("access:readlog"), {"anvandare": "kaa", "efter": "inte-en-markör"})
        .content.decode()
    )
    assert "personsida" in html


def test_change_history_with_swedish_labels(world, login):
    asa = world["persons"]["asa"]
    kaa = login(world["users"]["kaa"])
    kaa.post(
        reverse("people:edit_contact", args=[asa.pk]),
        {
            "phone": "070-999 99 99",
            "email": "",
            "street_address": "Nygatan 2",
            "postal_code": "70211",
            "postal_town": "Örebro",
        },
    )
    html = (
        login(world["users"]["root"])
        .get(reverse("access:readlog"), {"personnummer": asa.personnummer})
        .content.decode()
    )
    assert "Ändringshistorik" in html
    assert "<strong>Telefon</strong>" in html and "070-999 99 99" in html
    assert "<strong>Utdelningsadress</strong>" in html and "Nygatan 2" in html


def test_change_history_never_shows_protected_address(world, login):
    protected = world["persons"]["protected"]
    ChangeLogEntry.objects.create(
        username="kaa",
        person=protected,
        personnummer=protected.personnummer,
        action="ändrad",
        before={"street_address": "Hemliga vägen 1", "phone": "070-111 11 11"},
        after={"street_address": "Hemliga vägen 2", "phone": "070-222 22 22"},
    )
    html = (
        login(world["users"]["root"])
        .get(reverse("access:readlog"), {"personnummer": protected.personnummer})
        .content.decode()
    )
    assert "<strong>Utdelningsadress</strong>" in html and "värdet visas inte" in html
    assert "Hemliga vägen" not in html and protected.street_address not in html
    assert "070-222 22 22" in html


def test_csv_export_content_and_is_logged(world, login):
    asa, protected = world["persons"]["asa"], world["persons"]["protected"]
    at = timezone.make_aware(datetime(2026, 11, 23, 14, 5, 9))
    ReadLogEntry.objects.bulk_create(
        [
            entry(asa, "kaa", at, what="personsida"),
            entry(protected, "kaa", at + timedelta(seconds=1), what="sökträff"),
        ]
    )
    admin = login(world["users"]["root"])
    response = admin.get(reverse("access:readlog_export"), {"personnummer": formatted(asa.personnummer)})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="loggkontroll-')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "tidpunkt;anvandare;personnummer;vad;kanal;ip"
    # The export lists itself first: it was recorded before the file was written.
    assert lines[1].split(";")[1:4] == ["root", formatted(asa.personnummer), "loggexport"]
    assert lines[2] == f"2026-11-23T14:05:09+01:00;kaa;{formatted(asa.personnummer)};personsida;Webb;10.0.0.1"
    assert len(lines) == 3
    logged = ReadLogEntry.objects.get(username="root")
    assert (logged.what, logged.personnummer) == ("loggexport", asa.personnummer)


def test_csv_export_guards_against_formulas(world, login):
    protected = world["persons"]["protected"]
    ReadLogEntry.objects.bulk_create([entry(protected, "=HYPERLINK()", timezone.now())])
    response = login(world["users"]["root"]).get(reverse("access:readlog_export"), {"anvandare": "=HYPERLINK()"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1].split(";")[1] == "'=HYPERLINK()"


def test_export_with_invalid_query_shows_the_form_errors(world, login):
    response = login(world["users"]["root"]).get(reverse("access:readlog_export"), {"personnummer": "123"})
    assert response.status_code == 400
    assert "Personnumret är ogiltigt" in response.content.decode()
    assert not ReadLogEntry.objects.exists()


def test_page_offers_export_of_the_same_query(world, login):
    asa = world["persons"]["asa"]
    log_reads(Actor(world["users"]["kaa"]), [asa], "personsida")
    html = (
        login(world["users"]["root"])
        .get(reverse("access:readlog"), {"personnummer": asa.personnummer})
        .content.decode()
    )
    assert "Ladda ner som CSV" in html
    assert f"{reverse('access:readlog_export')}?personnummer={asa.personnummer}" in html


def test_invalid_personnummer_error_in_summary_and_field(world, login):
    html = (
        login(world["users"]["root"]).get(reverse("access:readlog"), {"personnummer": "20080315-2382"}).content.decode()
    )
    assert "Det finns ett problem" in html
    assert 'href="#id_personnummer"' in html
    assert 'id="id_personnummer-error"' in html
    assert 'aria-invalid="true"' in html
    assert "Personnumret är ogiltigt: Kontrollsiffran stämmer inte." in html
    assert not ReadLogEntry.objects.exists()


def test_empty_query_asks_for_person_or_user(world, login):
    html = login(world["users"]["root"]).get(reverse("access:readlog"), {"personnummer": "", "anvandare": ""})
    assert "Ange ett personnummer eller ett användarnamn." in html.content.decode()


def test_reversed_date_range_is_an_error(world, login):
    html = (
        login(world["users"]["root"])
        .get(reverse("access:readlog"), {"anvandare": "kaa", "fran": "2026-02-01", "till": "2026-01-01"})
        .content.decode()
    )
    assert 'href="#id_till"' in html and "Slutdatumet kan inte vara före startdatumet." in html


def test_unbound_page_shows_form_only(world, login):
    response = login(world["users"]["root"]).get(reverse("access:readlog"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Loggkontroll</h1>" in html and 'type="date"' in html
    assert "Det finns ett problem" not in html and "Läsloggen" not in html
    assert 'aria-current="page">Loggkontroll' in html


@pytest.mark.parametrize("who", ["kaa", "styrgrupp", "outsider", "socialsekreterare"])
def test_non_administrators_get_403_and_nothing_leaks(world, login, who):
    asa = world["persons"]["asa"]
    log_reads(Actor(world["users"]["kaa"]), [asa], "personsida")
    before = ReadLogEntry.objects.count()
    client = login(world["users"][who])
    for url in (reverse("access:readlog"), reverse("access:readlog_export")):
        response = client.get(url, {"personnummer": asa.personnummer})
        assert response.status_code == 403
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert asa.personnummer not in text and formatted(asa.personnummer) not in text
        assert "personsida" not in text
    assert ReadLogEntry.objects.count() == before


def test_anonymous_redirected_to_login(world, client):
    for url in (reverse("access:readlog"), reverse("access:readlog_export")):
        response = client.get(url, {"anvandare": "kaa"})
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_person_and_user_together_answer_did_this_user_read_this_person(world, login):
    asa = world["persons"]["asa"]
    log_reads(Actor(world["users"]["kaa"]), [asa], "personsida")
    log_reads(Actor(world["users"]["socialsekreterare"]), [asa], "sökträff")
    html = (
        login(world["users"]["root"])
        .get(reverse("access:readlog"), {"personnummer": asa.personnummer, "anvandare": "socialsekreterare"})
        .content.decode()
    )
    assert "<td>sökträff</td>" in html and "<td>personsida</td>" not in html


def test_a_large_read_is_written_whole_in_one_load(world, test_numbers):
    """More than a page's handful goes in through the bulk path (COPY on PostgreSQL), field for field."""
    from fotfaste.access.models import Channel, ReadLogEntry
    from fotfaste.access.services import BULK_READS, Actor, log_reads
    from fotfaste.people.models import Person

    persons = [
        Person(pk=10_000 + i, personnummer=number, protection="skyddad_folkbokforing" if i == 0 else "")
        for i, number in enumerate(test_numbers[: BULK_READS + 10])
    ]
    user = world["users"]["kaa"]
    log_reads(Actor(user, channel=Channel.COMMAND, ip="10.0.0.1"), persons, "export", consent_id=7)
    rows = ReadLogEntry.objects.filter(what="export (samtycke #7)").order_by("person_id_ref")
    assert rows.count() == len(persons)
    first = rows.first()
    assert (first.user_id, first.username, first.person_id_ref, first.personnummer) == (
        user.pk,
        "kaa",
        10_000,
        test_numbers[0],
    )
    assert (first.channel, first.ip, first.protected, first.consent_id_ref) == (Channel.COMMAND, "10.0.0.1", True, 7)
    assert first.at is not None and not rows.last().protected

"""List matching against another party's list: who may, what matches, and that nothing of the list but
the matches is kept.

The `world` gets four more Örebro youths: Ebba (in KAA, reached), Nils (in KAA, contacted but never
reached), Olle (not in KAA) and — in `coordinator` — a youth coordinator of Örebro kommun. Åsa, Sara
(protected), Ali (Örebro) and Lina (Lekeberg) are put in KAA. AF's list holds all of them, a number
nobody in Fotfäste has, and rows without a readable number.
"""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from fotfaste.access.models import ChangeLogEntry, ReadLogEntry
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor
from fotfaste.accounts.models import User
from fotfaste.listmatch import rules, services
from fotfaste.listmatch.models import LegalBasis, MatchRun, MatchRunPerson
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from fotfaste.outreach.models import OutreachCase
from fotfaste.people.models import Person
from tests.conftest import PASSWORD, own_ground, put_in_kaa

pytestmark = pytest.mark.django_db

URL = "/kaa/listmatchning/"
STRANGER = 20  # index of a test number nobody in the world has
GARBAGE = "inte-ett-personnummer-xyz"
FILE_NAME = "af-inskrivna-hemlig.csv"


@pytest.fixture
def lm(world, test_numbers, settings, tmp_path):
    today = timezone.localdate()
    orebro_party = world["units"]["kaa"].party

    def person(i, first, last, municipality="1880"):
        return Person.objects.create(
            personnummer=test_numbers[i], first_name=first, last_name=last, home_municipality_id=municipality
        )

    persons = {
        **world["persons"],
        "reached": person(10, "Ebba", "Nådd"),
        "contacted": person(11, "Nils", "Kontaktad"),
        "not_in_kaa": person(12, "Olle", "Utanför"),
    }
    for key in ("asa", "protected", "ali", "reached", "contacted"):
        put_in_kaa(persons[key], "1880")
    put_in_kaa(persons["lekeberg"], "1814")
    OutreachCase.objects.create(
        person=persons["reached"], municipality_id="1880", reached_on=today - timedelta(days=3), last_outcome="nadd"
    )
    OutreachCase.objects.create(
        person=persons["contacted"], municipality_id="1880", last_contact_on=today, last_outcome="inte_nadd"
    )
    unit = Unit.objects.create(party=orebro_party, name="Ungdomssamordning")
    coordinator = User.objects.create_user(username="samordnare", password=PASSWORD, first_name="Sam")
    Membership.objects.create(user=coordinator, unit=unit, role=Role.COORDINATOR)
    # The coordinator's own unit works with Åsa, so Åsa is the only match the coordinator may see.
    own_ground(persons["asa"], unit, today - timedelta(days=10))
    lk_unit = Unit.objects.create(party=world["units"]["lekeberg_kaa"].party, name="Samordning Lekeberg")
    lk_coordinator = User.objects.create_user(username="samordnare.lekeberg", password=PASSWORD)
    Membership.objects.create(user=lk_coordinator, unit=lk_unit, role=Role.COORDINATOR)
    upload_dir = tmp_path / "uppladdningar"
    upload_dir.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(upload_dir)
    af_party = world["units"]["af"].party
    return {
        **world,
        "persons": persons,
        "coordinator": coordinator,
        "lk_coordinator": lk_coordinator,
        "af_party": af_party,
        "stranger": test_numbers[STRANGER],
        "upload_dir": upload_dir,
        "today": today,
    }


def dashed(number: str) -> str:
    return f"{number[:8]}-{number[8:]}"


def af_list(lm) -> list[list[str]]:
    """AF's list: every kind of row, the numbers written as people write them."""
    p = lm["persons"]
    return [
        ["Efternamn", "Personnummer", "Kontor"],
        ["Öberg", dashed(p["asa"].personnummer), "Örebro"],  # row 2: match
        ["Hassan", p["ali"].personnummer[2:], "Örebro"],  # row 3: match, ten digits
        ["Skyddad", p["protected"].personnummer, "Örebro"],  # row 4: match, protected identity
        ["Nådd", p["reached"].personnummer, "Örebro"],  # row 5: reached already: no match
        ["Kontaktad", p["contacted"].personnummer, "Örebro"],  # row 6: contacted, not reached: match
        ["Lekström", p["lekeberg"].personnummer, "Lekeberg"],  # row 7: another municipality's KAA
        ["Utanför", p["not_in_kaa"].personnummer, "Örebro"],  # row 8: not in KAA
        ["Främling", lm["stranger"], "Örebro"],  # row 9: nobody Fotfäste knows
        ["Fel", GARBAGE, "Örebro"],  # row 10: unreadable
        ["Tom", "", "Örebro"],  # row 11: unreadable (empty)
        ["Öberg", p["asa"].personnummer, "Karlskoga"],  # row 12: the same person twice
    ]


def csv_file(rows, name=FILE_NAME, encoding="utf-8") -> SimpleUploadedFile:
    text = "\r\n".join(";".join(row) for row in rows) + "\r\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="lista.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def post(client, lm, file, **overrides):
    data = {
        "party": lm["af_party"].pk,
        "legal_basis": LegalBasis.CONSENT,
        "legal_reference": "Samtycken dnr KAA 2026/14",
        "file": file,
        **overrides,
    }
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def expected_matches(lm) -> set[int]:
    p = lm["persons"]
    return {p["asa"].pk, p["ali"].pk, p["protected"].pk, p["contacted"].pk}


def occurrences(needles: list[str]) -> dict[str, int]:
    """How often each text occurs in any column of any table of the database."""
    counts = dict.fromkeys(needles, 0)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            for needle in needles:
                condition = " OR ".join(f"CAST({quote(c)} AS TEXT) LIKE %s" for c in columns)
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} WHERE {condition}", [f"%{needle}%"] * len(columns))
                counts[needle] += cursor.fetchone()[0]
    return counts


def files_under(*folders) -> set[str]:
    return {str(f) for folder in folders if folder.exists() for f in folder.rglob("*") if f.is_file()}


def test_only_not_yet_reached_kaa_youths_of_the_municipality_match(lm, login):
    response = post(login(lm["users"]["kaa"]), lm, csv_file(af_list(lm)))
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("listmatch:result", args=[run.pk])
    assert set(MatchRunPerson.objects.filter(run=run).values_list("person_id", flat=True)) == expected_matches(lm)
    assert run.municipality_id == "1880"
    assert run.party == lm["af_party"] and run.party_name == "Arbetsförmedlingen Örebro"
    assert run.legal_basis == LegalBasis.CONSENT and run.legal_reference == "Samtycken dnr KAA 2026/14"
    assert run.created_by == lm["users"]["kaa"] and run.matched_on == lm["today"]
    assert (run.rows_read, run.numbers_read, run.matched) == (11, 8, 4)
    assert run.unreadable_rows == 2 and run.unreadable_row_numbers == [10, 11]
    # That they were in AF's list is new information about the matched, logged as a change; no one else's.
    logged = ChangeLogEntry.objects.filter(action="listmatchning")
    assert set(logged.values_list("person_id", flat=True)) == expected_matches(lm)
    assert logged.first().after["part"] == "Arbetsförmedlingen Örebro"


def test_nothing_of_the_list_but_the_matches_is_stored(lm, login):
    p = lm["persons"]
    not_matched = [p[k].personnummer for k in ("reached", "lekeberg", "not_in_kaa")] + [lm["stranger"]]
    needles = [*not_matched, *(dashed(n) for n in not_matched), GARBAGE, FILE_NAME, "Karlskoga", "Främling"]
    before = occurrences(needles)
    kept_folders = (django_settings.MEDIA_ROOT, django_settings.IMPORT_DIR, lm["upload_dir"])
    files_before = files_under(*kept_folders)

    client = login(lm["users"]["kaa"])
    assert post(client, lm, csv_file(af_list(lm))).status_code == 302
    run = MatchRun.objects.get()
    assert client.get(reverse("listmatch:result", args=[run.pk])).status_code == 200

    assert occurrences(needles) == before  # the persons' own rows hold their numbers, as before; nothing new
    assert before[lm["stranger"]] == 0 and before[GARBAGE] == 0
    stored = list(MatchRun.objects.values()) + list(MatchRunPerson.objects.values())
    for value in (*not_matched, GARBAGE, FILE_NAME):
        assert value not in repr(stored)
    assert files_under(*kept_folders) == files_before
    assert not any(lm["upload_dir"].iterdir()), "Djangos tillfälliga uppladdningsfil ska vara borta"


def test_the_legal_basis_and_its_reference_are_required(lm, login):
    client = login(lm["users"]["kaa"])
    response = post(client, lm, csv_file(af_list(lm)), legal_basis=None)
    assert response.status_code == 200
    assert "Välj den rättsliga grunden för matchningen." in response.content.decode()
    assert response.content.decode().count("Fel:") >= 1
    response = post(client, lm, csv_file(af_list(lm)), legal_reference="   ")
    assert "Ange beslutet eller bestämmelsen som matchningen stöder sig på." in response.content.decode()
    response = post(client, lm, csv_file(af_list(lm)), legal_basis="muntligt")
    assert response.status_code == 200
    assert not MatchRun.objects.exists() and not MatchRunPerson.objects.exists()
    assert not any(lm["upload_dir"].iterdir())


def test_the_service_refuses_a_match_without_legal_basis(lm):
    with pytest.raises(ValidationError) as caught:
        services.run_match(
            Actor(lm["users"]["kaa"]),
            municipality="1880",
            party=lm["af_party"],
            legal_basis="",
            legal_reference="",
            path=None,
        )
    assert set(caught.value.message_dict) == {"legal_basis", "legal_reference", "file"}


def test_the_list_must_be_another_party_of_the_municipalitys_agreement(lm, login):
    client = login(lm["users"]["kaa"])
    for party in (lm["units"]["kaa"].party, lm["units"]["lekeberg_kaa"].party):
        response = post(client, lm, csv_file(af_list(lm)), party=party.pk)
        assert response.status_code == 200
        assert "Välj en av parterna." in response.content.decode()
    with pytest.raises(ValidationError) as caught:
        services.run_match(
            Actor(lm["users"]["kaa"]),
            municipality="1880",
            party=lm["units"]["kaa"].party,
            legal_basis=LegalBasis.CONSENT,
            legal_reference="x",
            path="/nonexistent",
        )
    assert "party" in caught.value.message_dict
    assert not MatchRun.objects.exists()


def test_an_xlsx_list_with_another_column_name_lets_the_user_pick_the_column(lm, login):
    rows = [["Namn", "ID"], *([r[0], r[1]] for r in af_list(lm)[1:])]
    client = login(lm["users"]["kaa"])
    response = post(client, lm, xlsx_file(rows))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ingen kolumn heter personnummer, pnr eller personnr" in body
    assert '<select name="column"' in body and '<option value="2">2: ID</option>' in body
    assert not MatchRun.objects.exists()
    assert post(client, lm, xlsx_file(rows), column="2").status_code == 302
    run = MatchRun.objects.get()
    assert set(run.hits.values_list("person_id", flat=True)) == expected_matches(lm)
    assert run.unreadable_rows == 2


def test_an_unreadable_file_is_an_error_on_the_file(lm, login):
    client = login(lm["users"]["kaa"])
    response = post(client, lm, SimpleUploadedFile("lista.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))
    assert "gamla Excelformatet" in response.content.decode()
    response = post(client, lm, csv_file([["personnummer"], [GARBAGE]]))
    assert "Inget personnummer i filen gick att läsa (till exempel på rad 2)" in response.content.decode()
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize("who", ["styrgrupp", "admin", "socialsekreterare", "arbetsformedlare", "outsider"])
def test_everyone_but_kaa_and_coordinators_gets_403(lm, login, who):
    client = login(lm["users"][who])
    assert client.get(URL).status_code == 403
    assert post(client, lm, csv_file(af_list(lm))).status_code == 403
    assert not MatchRun.objects.exists()
    assert not any(lm["upload_dir"].iterdir())
    run = services.run_match(
        Actor(lm["users"]["kaa"]),
        municipality="1880",
        party=lm["af_party"],
        legal_basis=LegalBasis.SECRECY_BREAKING,
        legal_reference="OSL 10 kap. 28 §",
        path=_write(lm, af_list(lm)),
    )
    response = client.get(reverse("listmatch:result", args=[run.pk]))
    assert response.status_code == 403
    assert lm["persons"]["asa"].last_name not in response.content.decode()
    assert not services.listmatch_allowed(lm["users"][who])


def _write(lm, rows):
    path = lm["upload_dir"].parent / "lista.csv"
    path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    return path


def test_result_page_shows_the_matches_and_logs_every_person_shown(lm, login):
    client = login(lm["users"]["kaa"])
    post(client, lm, csv_file(af_list(lm)))
    run = MatchRun.objects.get()
    ReadLogEntry.objects.all().delete()
    response = client.get(reverse("listmatch:result", args=[run.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for key in ("asa", "ali", "protected", "contacted"):
        person = lm["persons"][key]
        assert person.last_name in body
        assert reverse("people:detail", args=[person.pk]) in body
    for key in ("reached", "lekeberg", "not_in_kaa"):
        assert lm["persons"][key].last_name not in body
    assert "Varje ung persons samtycke finns" in body and "Samtycken dnr KAA 2026/14" in body
    assert "Rad 10, 11" in body
    assert (lm["today"] - timedelta(days=30)).isoformat() in body  # in KAA since
    logged = ReadLogEntry.objects.filter(what="listmatchning")
    assert set(logged.values_list("person_id_ref", flat=True)) == expected_matches(lm)
    assert logged.get(person_id_ref=lm["persons"]["protected"].pk).protected
    # The run is listed among earlier runs, with counts and no person.
    home = client.get(URL).content.decode()
    assert reverse("listmatch:result", args=[run.pk]) in home
    assert "Öberg" not in home


def test_a_coordinator_matches_only_the_persons_they_may_see(lm, login):
    client = login(lm["coordinator"])
    assert services.listmatch_allowed(lm["coordinator"])
    assert client.get(URL).status_code == 200
    response = post(client, lm, csv_file(af_list(lm)))
    assert response.status_code == 302
    run = MatchRun.objects.get()
    # Their unit works with Åsa; Ali, Sara and Nils are unreached KAA youths they may not see: no match at all.
    assert run.matched == 1
    assert list(run.hits.values_list("person_id", flat=True)) == [lm["persons"]["asa"].pk]
    assert set(ChangeLogEntry.objects.filter(action="listmatchning").values_list("person_id", flat=True)) == {
        lm["persons"]["asa"].pk
    }
    body = client.get(reverse("listmatch:result", args=[run.pk])).content.decode()
    assert "Öberg" in body
    for key in ("ali", "protected", "contacted"):
        assert lm["persons"][key].last_name not in body
    assert "visas inte" not in body and "KAA-handläggarna" not in body
    assert set(ReadLogEntry.objects.filter(what="listmatchning").values_list("person_id_ref", flat=True)) == {
        lm["persons"]["asa"].pk
    }
    # A KAA caseworker opening the coordinator's run sees what the run found, as far as they may see it.
    kaa_body = login(lm["users"]["kaa"]).get(reverse("listmatch:result", args=[run.pk])).content.decode()
    assert "Öberg" in kaa_body and "Hassan" not in kaa_body


def test_a_one_row_list_tells_nothing_about_a_person_the_user_may_not_see(lm, login):
    """The oracle: a coordinator probing one number of an unreached, protected KAA youth they may not see
    learns exactly what a number nobody has gives them, and nothing about the person is stored or logged."""
    client = login(lm["coordinator"])
    protected = lm["persons"]["protected"]
    pages = []
    for number in (protected.personnummer, lm["stranger"]):
        response = post(client, lm, csv_file([["personnummer"], [number]]))
        run = MatchRun.objects.latest("id")
        assert run.matched == 0 and not run.hits.exists()
        pages.append(comparable(client.get(response["Location"]).content.decode()))  # with the message
    assert pages[0] == pages[1]
    assert "Matchningen är klar: 0 unga som inte är nådda finns i listan." in pages[0]
    rows = re.findall(r"<tr>.*?</tr>", comparable(client.get(URL).content.decode()), re.S)
    assert len(rows) == 3 and rows[1] == rows[2]  # the header row, then the two runs alike
    assert not ChangeLogEntry.objects.filter(person=protected).exists()
    assert not ReadLogEntry.objects.filter(person_id_ref=protected.pk).exists()


def comparable(html: str) -> str:
    """The page's main content without what differs between two runs anyway: their ids and times."""
    main = re.search(r"<main.*</main>", html, re.S).group(0)
    main = re.sub(r"/kaa/listmatchning/\d+/", "/kaa/listmatchning/N/", main)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "T", main)


def test_each_match_is_logged_as_read_when_the_run_finds_it(lm, login):
    post(login(lm["users"]["kaa"]), lm, csv_file(af_list(lm)))
    logged = ReadLogEntry.objects.filter(what="listmatchning", username="kaa")
    assert set(logged.values_list("person_id_ref", flat=True)) == expected_matches(lm)
    assert logged.get(person_id_ref=lm["persons"]["protected"].pk).protected


def test_earlier_runs_count_only_the_matches_the_viewer_may_see(lm, login):
    post(login(lm["users"]["kaa"]), lm, csv_file(af_list(lm)))
    run = MatchRun.objects.get()
    coordinator = login(lm["coordinator"])
    home = coordinator.get(URL).content.decode()
    row = home[home.index(reverse("listmatch:result", args=[run.pk])) :]
    row = row[: row.index("</tr>")]
    assert "<td>1</td>" in row and "<td>4</td>" not in row  # Åsa only, of the KAA's four
    body = coordinator.get(reverse("listmatch:result", args=[run.pk])).content.decode()
    assert "Öberg" in body and "Hassan" not in body and "visas inte" not in body


def test_another_municipalitys_users_do_not_see_the_run(lm, login):
    client = login(lm["users"]["kaa"])
    post(client, lm, csv_file(af_list(lm)))
    run = MatchRun.objects.get()
    for user in (lm["users"]["kaa.lekeberg"], lm["lk_coordinator"]):
        other = login(user)
        assert other.get(reverse("listmatch:result", args=[run.pk])).status_code == 404
        assert reverse("listmatch:result", args=[run.pk]) not in other.get(URL).content.decode()


def test_lekeberg_matches_only_its_own_kaa_youths(lm, login):
    lk_af = lm["af_party"].__class__.objects.create(
        agreement=lm["agreements"]["lekeberg"], name="Arbetsförmedlingen Lekeberg", kind="af"
    )
    client = login(lm["users"]["kaa.lekeberg"])
    assert post(client, lm, csv_file(af_list(lm)), party=lk_af.pk).status_code == 302
    run = MatchRun.objects.get()
    assert run.municipality_id == "1814"
    assert list(run.hits.values_list("person_id", flat=True)) == [lm["persons"]["lekeberg"].pk]


def test_matching_is_set_based_in_chunks(lm, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(rules, "CHUNK_SIZE", 3)
    monkeypatch.setattr(rules.chunks, "__defaults__", (3,))
    p = lm["persons"]
    numbers = {p[k].personnummer for k in p} | {lm["stranger"]}  # 8 numbers: 3 chunks
    user = lm["users"]["kaa"]
    scope_for(user)  # the user's roles, read once per request anyway
    with django_assert_num_queries(3):
        hits = services.matching_persons(user, "1880", numbers, lm["today"])
    assert {person.pk for person in hits} == expected_matches(lm)


def test_csrf_is_still_checked_on_the_upload(lm):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lm["users"]["kaa"])
    assert post(client, lm, csv_file(af_list(lm))).status_code == 403
    assert not MatchRun.objects.exists()

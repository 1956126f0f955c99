"""Income-support monthly lists (issue 11): reading one in, all or nothing and only once, who may, and the indicator."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from fotfaste.access.scope import scope_for
from fotfaste.core import navigation
from fotfaste.followup import indicators
from fotfaste.followup.periods import parse_period
from fotfaste.incomesupport import services
from fotfaste.incomesupport.models import IncomeSupportList, IncomeSupportMonth
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from fotfaste.people.identity import parse_identity_number
from fotfaste.reference import data as reference
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/forsorjningsstod/manadslistor/"
TODAY = date(2026, 6, 30)


def numbers(year: str, sex: str, count: int) -> list[str]:
    """Test numbers born in the second half of `year`, so the age on 1 February–1 March 2026 is fixed."""
    found = [
        n
        for n in reference.test_identity_numbers()
        if n[:4] == year and n[4:6] >= "07" and parse_identity_number(n).sex == sex
    ]
    return found[:count]


@pytest.fixture
def people():
    return {
        "girls": numbers("2008", "kvinna", 2),  # 17 in March 2026: 16-19
        "man": numbers("2004", "man", 1)[0],  # 21: 20-24
        "woman": numbers("1999", "kvinna", 1)[0],  # 26: 25-29
        "older": numbers("1994", "man", 1)[0],  # 31: not counted, not kept
    }


def handmade(people) -> str:
    g1, g2 = people["girls"]
    rows = [
        (g1, "2026-02"), (g2, "202602"), (people["man"], "2026-02"),
        (g1, "2026-03"), (g2[2:8] + "-" + g2[8:], "2026-03"), (people["man"], "2026-03"),
        (people["woman"], "2026-03"), (people["older"], "2026-03"), (g1, "202603"),
    ]  # fmt: skip
    return "Personnummer;Månad\n" + "".join(f"{p};{m}\n" for p, m in rows)


def write(tmp_path, text, name="lista.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def stored():
    return IncomeSupportList.objects.count(), IncomeSupportMonth.objects.count()


def social_worker_in(unit, username):
    from fotfaste.accounts.models import User

    user = User.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, unit=unit, role=Role.SOCIAL_WORKER)
    return user


def test_a_handmade_list_exact_counts_per_month_and_the_split(world, people, tmp_path):
    path = write(tmp_path, handmade(people), encoding="cp1252")
    result = services.import_list(
        unit=world["units"]["social"], path=path, file_name="lista.csv", user_name="Sanna", today=TODAY
    )
    assert (result.rows, result.persons, result.added) == (9, 4, 7)
    assert result.per_month == [(date(2026, 2, 1), 3), (date(2026, 3, 1), 4)]
    assert result.notices == [
        "Rad 10: samma person och månad som rad 5; räknas en gång.",
        "1 rad gäller en person som inte var 16–29 år den månaden. Den räknas inte och sparas inte.",
    ]
    kept = result.stored
    assert (kept.municipality_id, kept.first_month, kept.last_month) == ("1880", date(2026, 2, 1), date(2026, 3, 1))
    assert kept.month_counts == {"2026-02": 3, "2026-03": 4}
    assert not IncomeSupportMonth.objects.filter(personnummer=people["older"]).exists()
    assert set(IncomeSupportMonth.objects.values_list("personnummer", flat=True)) == {
        *people["girls"], people["man"], people["woman"],
    }  # fmt: skip


def test_the_same_file_or_the_same_rows_twice_change_nothing(world, people, tmp_path):
    unit = world["units"]["social"]
    path = write(tmp_path, handmade(people))
    services.import_list(unit=unit, path=path, file_name="lista.csv", user_name="Sanna", today=TODAY)
    before = stored()
    again = services.import_list(unit=unit, path=path, file_name="lista.csv", user_name="Sanna", today=TODAY)
    assert again.stored is None and again.already_read is not None and again.added == 0
    assert stored() == before
    # The same rows in another file (another order, another encoding): nothing new, no new list.
    lines = handmade(people).splitlines()
    other = write(tmp_path, "\n".join([lines[0], *reversed(lines[1:])]) + "\n", name="igen.csv", encoding="utf-8-sig")
    same_rows = services.import_list(unit=unit, path=other, file_name="igen.csv", user_name="Sanna", today=TODAY)
    assert same_rows.stored is None and same_rows.already_read is None and same_rows.added == 0
    assert stored() == before


def test_a_later_list_adds_only_its_new_months(world, people, tmp_path):
    unit = world["units"]["social"]
    services.import_list(
        unit=unit, path=write(tmp_path, handmade(people)), file_name="a.csv", user_name="S", today=TODAY
    )
    april = write(tmp_path, f"personnummer,manad\n{people['man']},2026-03\n{people['man']},2026-04\n", name="b.csv")
    result = services.import_list(unit=unit, path=april, file_name="b.csv", user_name="S", today=TODAY)
    assert result.added == 1
    assert IncomeSupportMonth.objects.count() == 8


def test_a_list_read_in_by_mistake_is_taken_back_newest_first(world, people, login, tmp_path):
    """Taking back the latest list leaves exactly what was there before it was read in; an earlier one cannot
    go while a later one is in force (the later one's rows that the earlier held were stored under it)."""
    unit = world["units"]["social"]
    first = services.import_list(
        unit=unit, path=write(tmp_path, handmade(people)), file_name="a.csv", user_name="S", today=TODAY
    ).stored
    april = write(tmp_path, f"personnummer,manad\n{people['man']},2026-03\n{people['man']},2026-04\n", name="b.csv")
    second = services.import_list(unit=unit, path=april, file_name="b.csv", user_name="S", today=TODAY).stored
    assert IncomeSupportMonth.objects.count() == 8
    client = login(world["users"]["socialsekreterare"])
    page = client.get(URL).content.decode()
    assert page.count("Ta bort listan ") == 1 and "Ta bort listan b.csv" in page  # only the latest is offered
    # The earlier list is refused, by the page too, and nothing changes.
    response = client.post(f"{URL}{first.pk}/ta-bort/")
    assert (
        response.status_code == 409 and "Bara enhetens senast inlästa lista kan tas bort" in response.content.decode()
    )
    assert IncomeSupportMonth.objects.count() == 8
    # The confirmation page says what goes; the POST takes back the April row only.
    assert "De 1 personmånader" not in client.get(f"{URL}{second.pk}/ta-bort/").content.decode()
    assert "Den personmånad som listan lade till" in client.get(f"{URL}{second.pk}/ta-bort/").content.decode()
    response = client.post(f"{URL}{second.pk}/ta-bort/", follow=True)
    assert "Listan b.csv är borttagen: 1 personmånad togs bort ur uppföljningen." in response.content.decode()
    assert IncomeSupportMonth.objects.count() == 7 and not IncomeSupportMonth.objects.filter(list=second).exists()
    second.refresh_from_db()
    user = world["users"]["socialsekreterare"]
    assert second.removed_at is not None and second.removed_by_name == (user.get_full_name() or user.username)
    # Twice is refused; the same file can be read in again; then the first list is the one still behind it.
    assert client.post(f"{URL}{second.pk}/ta-bort/").status_code == 409
    again = services.import_list(unit=unit, path=april, file_name="b.csv", user_name="S", today=TODAY)
    assert again.already_read is None and again.added == 1
    assert "Ta bort listan b.csv" in client.get(URL).content.decode()


def test_nobody_else_takes_a_list_back(world, people, login, tmp_path):
    stored_list = services.import_list(
        unit=world["units"]["social"], path=write(tmp_path, handmade(people)), file_name="a.csv",
        user_name="S", today=TODAY,
    ).stored  # fmt: skip
    url = f"{URL}{stored_list.pk}/ta-bort/"
    lekeberg_social = Unit.objects.create(party=world["units"]["lekeberg_kaa"].party, name="Försörjningsstöd Lekeberg")
    assert login(social_worker_in(lekeberg_social, "soc.lekeberg")).post(url).status_code == 404
    for who in ("kaa", "styrgrupp", "admin"):
        assert login(world["users"][who]).post(url).status_code == 403
    assert login(world["users"]["socialsekreterare"]).get(f"{URL}999999/ta-bort/").status_code == 404
    assert IncomeSupportMonth.objects.count() == 7 and IncomeSupportList.objects.get().removed_at is None


def test_a_bad_file_stores_nothing_and_names_row_and_column(world, people, login, tmp_path):
    client = login(world["users"]["socialsekreterare"])
    text = handmade(people) + f"{people['man']};2026-13\n" + "200803152389;2026-03\n"
    upload = SimpleUploadedFile("lista.csv", text.encode("utf-8"), content_type="text/csv")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Rad 11, manad: ”2026-13” är ingen månad; skriv ÅÅÅÅ-MM." in body
    assert "Rad 12, personnummer: Kontrollsiffran stämmer inte." in body
    assert "200803152389" not in body
    assert "ingenting sparades" in body
    assert stored() == (0, 0)


def test_the_page_uploads_and_shows_counts_only(world, people, login):
    client = login(world["users"]["socialsekreterare"])
    upload = SimpleUploadedFile("lista.csv", handmade(people).encode("utf-8"), content_type="text/csv")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "7 nya personmånader sparades" in body
    assert "<td>2026-03</td><td>4</td>" in body
    for number in [*people["girls"], people["man"], people["woman"]]:
        assert number not in body and number[2:8] not in body
    page = client.get(URL).content.decode()
    assert "lista.csv" in page and "Inlästa listor" in page
    assert stored() == (1, 7)


def test_a_post_without_a_file_or_with_a_garbage_file_changes_nothing(world, login):
    client = login(world["users"]["socialsekreterare"])
    assert client.post(URL, {}).status_code == 400
    garbage = SimpleUploadedFile(
        "x.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", content_type="application/octet-stream"
    )
    response = client.post(URL, {"file": garbage})
    assert response.status_code == 400
    assert "gamla Excelformatet" in response.content.decode()
    assert stored() == (0, 0)


@pytest.mark.parametrize("who", ["kaa", "arbetsformedlare", "styrgrupp", "admin", "kaa.lekeberg", "outsider", "root"])
def test_everyone_else_gets_403_and_no_menu_item(world, people, login, who, tmp_path):
    services.import_list(
        unit=world["units"]["social"], path=write(tmp_path, handmade(people)), file_name="hemlig.csv",
        user_name="S", today=TODAY,
    )  # fmt: skip
    user = world["users"][who]
    client = login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert "hemlig.csv" not in response.content.decode()
    upload = SimpleUploadedFile("lista.csv", handmade(people).encode("utf-8"), content_type="text/csv")
    assert client.post(URL, {"file": upload}).status_code == 403
    assert stored() == (1, 7)
    assert "incomesupport" not in [key for _url, _label, key in navigation.items_for(user, scope_for(user))]


def test_another_municipalitys_social_worker_sees_nothing_of_it(world, people, login, tmp_path):
    services.import_list(
        unit=world["units"]["social"], path=write(tmp_path, handmade(people)), file_name="orebro.csv",
        user_name="S", today=TODAY,
    )  # fmt: skip
    lekeberg_social = Unit.objects.create(party=world["units"]["lekeberg_kaa"].party, name="Försörjningsstöd Lekeberg")
    client = login(social_worker_in(lekeberg_social, "soc.lekeberg"))
    page = client.get(URL)
    assert page.status_code == 200  # their own page, with their own (empty) history
    assert "orebro.csv" not in page.content.decode()
    assert "Inga listor har lästs in ännu." in page.content.decode()
    # A social worker in a unit of a party that is no municipality gets nothing at all.
    af_social = social_worker_in(world["units"]["af"], "soc.af")
    assert login(af_social).get(URL).status_code == 403


def test_the_menu_offers_it_to_the_social_worker(world):
    keys = [
        key
        for _url, _label, key in navigation.items_for(
            world["users"]["socialsekreterare"], scope_for(world["users"]["socialsekreterare"])
        )
    ]
    assert "incomesupport" in keys


def test_the_command_reads_a_list_and_refuses_a_bad_one(world, people, tmp_path, capsys):
    unit = world["units"]["social"]
    call_command("import_income_support", str(write(tmp_path, handmade(people))), unit=unit.pk)
    out = capsys.readouterr().out
    assert "2026-03: 4 personer" in out and "Nya personmånader: 7." in out
    with pytest.raises(CommandError, match="Rad 2, manad: ”2026-13” är ingen månad"):
        call_command(
            "import_income_support",
            str(write(tmp_path, "personnummer;manad\n200803152388;2026-13\n", "b.csv")),
            unit=unit.pk,
        )
    with pytest.raises(CommandError, match="hör inte till en kommun"):
        call_command("import_income_support", str(write(tmp_path, handmade(people))), unit=world["units"]["af"].pk)
    assert stored() == (1, 7)


def test_the_indicator_counts_the_latest_month_of_the_period_by_sex_and_age(world, people, tmp_path):
    orebro_social = world["units"]["social"]
    services.import_list(
        unit=orebro_social, path=write(tmp_path, handmade(people)), file_name="a.csv", user_name="S", today=TODAY
    )
    # Another unit of the same agreement with one of the same young people: counted once.
    second = Unit.objects.create(party=orebro_social.party, name="Försörjningsstöd Väster")
    services.import_list(
        unit=second, path=write(tmp_path, f"personnummer;manad\n{people['woman']};2026-03\n", "b.csv"),
        file_name="b.csv", user_name="S", today=TODAY,
    )  # fmt: skip
    # Lekeberg's later month belongs to another agreement: it moves nothing here.
    lekeberg_social = Unit.objects.create(party=world["units"]["lekeberg_kaa"].party, name="Försörjningsstöd")
    services.import_list(
        unit=lekeberg_social, path=write(tmp_path, f"personnummer;manad\n{people['man']};2026-05\n", "c.csv"),
        file_name="c.csv", user_name="S", today=TODAY,
    )  # fmt: skip
    ctx = indicators.Context(world["agreements"]["orebro"].pk, ("1880",), parse_period("2026H1"), TODAY)
    rows = indicators.compute("forsorjningsstod_antal", ctx)
    assert sorted((r.sex, r.age, r.background, r.numerator, r.denominator) for r in rows) == [
        ("kvinna", "16-19", "okand", 2, 2),
        ("kvinna", "25-29", "okand", 1, 1),
        ("man", "20-24", "okand", 1, 1),
    ]
    # A period whose latest listed month is February counts February; one with no list has no rows.
    february = indicators.Context(
        world["agreements"]["orebro"].pk, ("1880",), parse_period("2026H1"), date(2026, 2, 20)
    )
    assert sum(r.numerator for r in indicators.compute("forsorjningsstod_antal", february)) == 3
    empty = indicators.Context(world["agreements"]["orebro"].pk, ("1880",), parse_period("2025H2"), TODAY)
    assert indicators.compute("forsorjningsstod_antal", empty) == []
    lekeberg = indicators.Context(world["agreements"]["lekeberg"].pk, ("1814",), parse_period("2026H1"), TODAY)
    assert [(r.sex, r.age, r.numerator) for r in indicators.compute("forsorjningsstod_antal", lekeberg)] == [
        ("man", "20-24", 1)
    ]


def test_the_indicator_is_one_query_and_reads_no_person(world, people, tmp_path, django_assert_num_queries):
    services.import_list(
        unit=world["units"]["social"], path=write(tmp_path, handmade(people)), file_name="a.csv", user_name="S",
        today=TODAY,
    )  # fmt: skip
    ctx = indicators.Context(world["agreements"]["orebro"].pk, ("1880",), parse_period("2026H1"), TODAY)
    with django_assert_num_queries(1) as captured:
        indicators.compute("forsorjningsstod_antal", ctx)
    assert "people_person" not in captured.captured_queries[0]["sql"]


def test_a_period_without_any_list_has_no_value_rather_than_zero(world):
    from fotfaste.followup import services
    from fotfaste.followup.models import Goal, Indicator

    orebro = world["agreements"]["orebro"]
    goal = Goal.objects.create(agreement=orebro, title="Färre unga med försörjningsstöd")
    Indicator.objects.create(goal=goal, name="Unga med försörjningsstöd", kind="forsorjningsstod_antal", unit="antal")
    (result,) = services.results(orebro, parse_period("2025H2"), TODAY)
    assert (result.figure.value, result.figure.masked, result.status) == (None, False, "uppgift_saknas")

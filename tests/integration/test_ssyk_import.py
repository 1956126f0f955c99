"""Reading SSYK 2012 in from a file (fotfaste.employers.ssyk_import, import_ssyk, /arbetsgivare/yrken/): SCB's
classification as CSV or XLSX and a JobTech taxonomy export as JSON; every bad row named, all or nothing, the same
file twice changes nothing, and codes are never deleted."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from fotfaste.employers import ssyk_import
from fotfaste.employers.models import Occupation
from fotfaste.employers.placements import resolve_occupation
from tests.integration.test_employer_figures import ensure_major_groups

pytestmark = pytest.mark.django_db

URL = "/arbetsgivare/yrken/"


@pytest.fixture(autouse=True)
def major_groups(db):
    ensure_major_groups()


# Invented names: the tests check the reading, not SCB's wording.
SCB_CSV = "Kod;Benämning\n9;Korta utbildningar\n94;Köks- och snabbmatsbiträden\n941;Snabbmatspersonal m.fl.\n9411;Pizzabagare\n5223;Säljare i butik\n"


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def names():
    return dict(Occupation.objects.values_list("code", "name"))


def test_scb_csv_adds_changes_and_is_idempotent(db, tmp_path):
    report = ssyk_import.import_file(write(tmp_path, "ssyk.csv", SCB_CSV))
    # The shipped major group 9 is renamed by the file; 5223 is read in although its parents 5, 52, 522 are not.
    assert sorted(report.added) == ["5223", "94", "941", "9411"]
    assert report.changed == ["9"] and report.unchanged == 0
    assert names()["9411"] == "Pizzabagare" and names()["9"] == "Korta utbildningar"
    assert "SCB" in Occupation.objects.get(code="9411").source
    again = ssyk_import.import_file(write(tmp_path, "ssyk.csv", SCB_CSV))
    assert (again.added, again.changed, again.unchanged) == ([], [], 5)
    # A placement's code now resolves to the unit group itself, not the major group.
    assert resolve_occupation("9411").code == "9411"


def test_windows_1252_comma_and_other_header_names(db, tmp_path):
    text = "SSYK 2012 kod,Namn\n9412,Restaurang- och köksbiträden\n"
    report = ssyk_import.import_file(write(tmp_path, "ssyk.csv", text, encoding="cp1252"))
    assert report.added == ["9412"] and names()["9412"] == "Restaurang- och köksbiträden"


def test_xlsx(db, tmp_path):
    content = xlsx_bytes([["Kod", "Benämning"], ["9412", "Restaurangbiträden"], ["911", "Städare"]])
    report = ssyk_import.import_file(write(tmp_path, "ssyk.xlsx", content))
    assert sorted(report.added) == ["911", "9412"]


def test_bad_rows_are_each_named_and_nothing_changes(db, tmp_path):
    before = names()
    text = "Kod;Benämning\n9411;Pizzabagare\n94a;Fel kod\n9412;\n;Ingen kod\n9411;Annat namn\n12345;För lång\n"
    with pytest.raises(ssyk_import.SsykFileError) as caught:
        ssyk_import.import_file(write(tmp_path, "bad.csv", text))
    problems = caught.value.problems
    assert problems == [
        "Rad 3: fältet Kod har ”94a”, som inte är en SSYK 2012-kod med en till fyra siffror.",
        "Rad 4: fältet Benämning saknar benämning.",
        "Rad 5: fältet Kod saknar kod.",
        "Rad 6: koden 9411 har benämningen ”Annat namn”, men rad 2 gav den ”Pizzabagare”.",
        "Rad 7: fältet Kod har ”12345”, som inte är en SSYK 2012-kod med en till fyra siffror.",
    ]
    assert names() == before


def test_missing_columns_named(db, tmp_path):
    with pytest.raises(ssyk_import.SsykFileError) as caught:
        ssyk_import.import_file(write(tmp_path, "bad.csv", "Yrkeskod2;Titel\n1;a\n"))
    assert "Godkända namn: Kod, SSYK 2012 kod" in caught.value.problems[0]
    assert "benämningen" in caught.value.problems[1]


def test_codes_are_never_deleted(db, tmp_path):
    ssyk_import.import_file(write(tmp_path, "a.csv", "Kod;Benämning\n9411;Pizzabagare\n"))
    ssyk_import.import_file(write(tmp_path, "b.csv", "Kod;Benämning\n9412;Restaurangbiträden\n"))
    assert {"9411", "9412", "0", "9"} <= set(names())


JOBTECH_GRAPHQL = {
    "data": {
        "concepts": [
            {
                "id": "a1",
                "type": "ssyk-level-1",
                "preferred_label": "Yrken med krav på kortare utbildning",
                "ssyk_code_2012": "9",
                "narrower": [
                    {
                        "id": "a2",
                        "type": "ssyk-level-2",
                        "preferred_label": "Köksbiträden",
                        "ssyk_code_2012": "94",
                        "narrower": [
                            {
                                "id": "a3",
                                "type": "ssyk-level-4",
                                "preferred_label": "Pizzabagare m.fl.",
                                "ssyk_code_2012": "9411",
                                "narrower": [{"id": "o1", "type": "occupation-name", "preferred_label": "Pizzabagare"}],
                            }
                        ],
                    }
                ],
            }
        ]
    }
}

JOBTECH_REST = [
    {
        "taxonomy/id": "b1",
        "taxonomy/type": "ssyk-level-4",
        "taxonomy/preferred-label": "Städare",
        "taxonomy/ssyk-code-2012": "9111",
        "taxonomy/definition": "…",
    },
    {
        "taxonomy/id": "b2",
        "taxonomy/type": "ssyk-level-4",
        "taxonomy/preferred-label": "Gammal",
        "taxonomy/ssyk-code-2012": "9999",
        "taxonomy/deprecated": True,
    },
    {"id": "b3", "type": "ssyk-level-3", "preferredLabel": "Städare m.fl.", "ssyk-code-2012": "911"},
]


def test_jobtech_graphql_nested(db, tmp_path):
    report = ssyk_import.import_file(write(tmp_path, "t.json", json.dumps(JOBTECH_GRAPHQL)))
    assert sorted(report.added) == ["94", "9411"] and report.changed == ["9"]
    assert report.skipped == 1  # the occupation name under 9411
    assert "JobTech" in Occupation.objects.get(code="9411").source
    again = ssyk_import.import_file(write(tmp_path, "t.json", json.dumps(JOBTECH_GRAPHQL)))
    assert (again.added, again.changed, again.unchanged) == ([], [], 3)


def test_jobtech_rest_list_and_camel_case(db, tmp_path):
    report = ssyk_import.import_file(write(tmp_path, "t.json", json.dumps(JOBTECH_REST)))
    assert sorted(report.added) == ["911", "9111"] and report.skipped == 1  # the deprecated one
    assert "9999" not in names()


def test_jobtech_level_and_code_must_agree(db, tmp_path):
    bad = [
        {"id": "x", "type": "ssyk-level-4", "preferred_label": "Kort", "ssyk_code_2012": "941"},
        {"id": "y", "type": "ssyk-level-4", "ssyk_code_2012": "9412"},
    ]
    with pytest.raises(ssyk_import.SsykFileError) as caught:
        ssyk_import.import_file(write(tmp_path, "t.json", json.dumps(bad)))
    assert caught.value.problems == [
        "Begrepp 1 (id x): begreppet är på nivå 4 men koden 941 har 3 siffror.",
        "Begrepp 2 (id y): fältet preferred-label saknar benämning.",
    ]


def test_not_a_taxonomy(db, tmp_path):
    with pytest.raises(ssyk_import.SsykFileError):
        ssyk_import.import_file(write(tmp_path, "t.json", '{"x": 1}'))
    with pytest.raises(ssyk_import.SsykFileError):
        ssyk_import.import_file(write(tmp_path, "t.json", "{broken"))


def test_command(db, tmp_path, capsys):
    call_command("import_ssyk", str(write(tmp_path, "ssyk.csv", SCB_CSV)))
    assert "4 nya, 1 ändrade, 0 oförändrade" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_ssyk", str(write(tmp_path, "bad.csv", "Kod;Benämning\nx;y\n")))


# --- The page --------------------------------------------------------------------------------------------


def upload(client, name, content):
    return client.post(
        URL, {"file": SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)}
    )


def test_page_administrator_reads_in(world, login):
    client = login(world["users"]["root"])
    assert client.get(URL).status_code == 200
    response = upload(client, "ssyk.csv", SCB_CSV)
    assert response.status_code == 302
    assert "9411" in names()
    page = client.get(URL).content.decode()
    assert "4 nya, 1 ändrade och 0 oförändrade koder" in page and "Pizzabagare" in page
    bad = upload(client, "bad.csv", "Kod;Benämning\n9411;\n")
    assert bad.status_code == 400
    assert "Rad 2: fältet Benämning saknar benämning." in bad.content.decode()


@pytest.mark.parametrize("who", ["kaa", "arbetsformedlare", "admin"])
def test_page_read_only_for_those_who_see_employers(world, login, who):
    client = login(world["users"][who])
    page = client.get(URL)
    assert page.status_code == 200 and "Militärt arbete" in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    assert upload(client, "ssyk.csv", SCB_CSV).status_code == 403
    assert "9411" not in names()


@pytest.mark.parametrize("who", ["styrgrupp", "outsider"])
def test_page_refused_to_others(world, login, who):
    client = login(world["users"][who])
    assert client.get(URL).status_code == 403
    assert upload(client, "ssyk.csv", SCB_CSV).status_code == 403

"""Register import pages: who may use them, the upload → check → read in flow, downloads and the read log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fotfaste.access.models import ReadLogEntry
from fotfaste.kaa.models import KaaPeriod
from fotfaste.people.models import Person
from fotfaste.registers.models import ColumnMapping, ImportStatus, RegisterImport

pytestmark = pytest.mark.django_db

HEADER = "personnummer;fornamn;efternamn;kommunkod;folkbokford_datum"


def upload(client, text, *, kind="folkbokforing", municipality="1880", as_of="2026-03-01", name="fb.csv"):
    return client.post(
        "/import/ny/",
        {
            "kind": kind,
            "municipality": municipality,
            "as_of": as_of,
            "file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv"),
        },
    )


@pytest.fixture
def kaa(world, login):
    return login(world["users"]["kaa"])


@pytest.fixture
def numbers(test_numbers):
    """Born in 2007: past compulsory school and under 20 in 2026, so in KAA without school data."""
    return [n for n in test_numbers if n.startswith("2007")][:20]


@pytest.mark.parametrize("who", ["socialsekreterare", "styrgrupp", "admin", "outsider"])
def test_only_kaa_caseworkers_and_af_officers_may_import(world, login, who):
    client = login(world["users"][who])
    assert client.get("/import/").status_code == 403
    assert client.get("/import/ny/").status_code == 403


def test_the_menu_offers_imports_to_kaa_only(world, login, kaa):
    assert "Registerimport" in kaa.get("/").content.decode()
    assert "Registerimport" not in login(world["users"]["socialsekreterare"]).get("/").content.decode()


def test_upload_check_and_read_in(world, kaa, numbers):
    number = numbers[10]
    response = upload(kaa, f"{HEADER}\n{number};Åsa;Nyström;1880;\n")
    imp = RegisterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/import/{imp.pk}/"
    assert imp.status == ImportStatus.READY and imp.new == 1 and imp.created_by == world["users"]["kaa"]
    page = kaa.get(f"/import/{imp.pk}/").content.decode()
    assert "Vad importen kommer att ändra" in page and "Läs in" in page
    assert not Person.objects.filter(personnummer=number).exists()

    assert kaa.post(f"/import/{imp.pk}/las-in/").status_code == 302
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DONE
    person = Person.objects.get(personnummer=number)
    assert KaaPeriod.objects.filter(person=person).exists()
    page = kaa.get(f"/import/{imp.pk}/").content.decode()
    assert "Nyström, Åsa" in page and "Har inte börjat gymnasieskolan" in page
    # Showing the change list is a read of every person in it.
    assert ReadLogEntry.objects.filter(personnummer=number, what__startswith="ändringslista").exists()
    # The uploaded copy is gone once it is read in.
    assert imp.stored_file == "" or not RegisterImport.objects.get(pk=imp.pk).stored_file


def test_a_file_with_errors_is_rejected_with_every_problem_listed(world, kaa):
    upload(kaa, f"{HEADER}\n200803152381;Bo;Fel;1880;\n;Utan;Nummer;1880;2026-02-30\n")
    imp = RegisterImport.objects.get()
    assert imp.status == ImportStatus.REJECTED and imp.errors == 3
    page = kaa.get(f"/import/{imp.pk}/").content.decode()
    assert "Filen har 3 fel. Inget lästes in." in page
    assert "Kontrollsiffran stämmer inte." in page and "Personnummer saknas." in page
    assert "Datumet ”2026-02-30” finns inte." in page
    csv_text = b"".join(kaa.get(f"/import/{imp.pk}/problem.csv").streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "typ;rad;kolumn;problem"
    assert "Fel;2;personnummer;" in csv_text and "Fel;3;folkbokford_datum;" in csv_text
    assert kaa.post(f"/import/{imp.pk}/las-in/").status_code == 302
    assert RegisterImport.objects.get().status == ImportStatus.REJECTED


def test_an_unreadable_file_is_an_error_on_the_file_field(world, kaa):
    response = upload(kaa, "", name="tom.csv")
    assert response.status_code == 200
    assert "Filen är tom." in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_a_future_extract_date_is_refused(world, kaa):
    response = upload(kaa, f"{HEADER}\n", as_of="2999-01-01")
    assert "Uttagsdatumet kan inte vara i framtiden." in response.content.decode()


def test_only_own_municipalities_can_be_chosen(world, kaa):
    response = upload(kaa, f"{HEADER}\n", municipality="1814")
    assert "Välj en av dina kommuner." in response.content.decode()


def test_mapping_is_asked_for_once_and_remembered(world, kaa, numbers):
    text = f"Pnr;Förnamnet;Släktnamn;Kommun nr\n{numbers[11]};Ali;Hassan;1880\n"
    response = upload(kaa, text)
    imp = RegisterImport.objects.get()
    assert response["Location"] == f"/import/{imp.pk}/kolumner/"
    page = kaa.get(f"/import/{imp.pk}/kolumner/").content.decode()
    assert "Förnamnet" in page and "Namn på källan" in page
    # Required columns left out: errors, nothing saved.
    response = kaa.post(f"/import/{imp.pk}/kolumner/", {"col_personnummer": "Pnr", "source_name": "Navet-export"})
    assert "Välj vilken kolumn i filen som innehåller detta." in response.content.decode()
    response = kaa.post(
        f"/import/{imp.pk}/kolumner/",
        {
            "col_personnummer": "Pnr",
            "col_fornamn": "Förnamnet",
            "col_efternamn": "Släktnamn",
            "col_kommunkod": "Kommun nr",
            "source_name": "Navet-export",
        },
    )
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == ImportStatus.READY and imp.mapping.name == "Navet-export"
    upload(kaa, text.replace("Ali", "Alí"), as_of="2026-03-02")
    assert RegisterImport.objects.latest("id").status == ImportStatus.READY
    assert ColumnMapping.objects.count() == 1


def test_status_answers_json_for_the_progress_bar(world, kaa):
    upload(kaa, f"{HEADER}\n")
    imp = RegisterImport.objects.get()
    data = kaa.get(f"/import/{imp.pk}/status/").json()
    assert data["status"] == "granska" and data["running"] is False
    RegisterImport.objects.filter(pk=imp.pk).update(
        status=ImportStatus.CHECKING, phase="Kontrollerar rader", progress_done=40, progress_total=100
    )
    assert kaa.get(f"/import/{imp.pk}/status/").json()["percent"] == 40
    page = kaa.get(f"/import/{imp.pk}/").content.decode()
    assert '<progress id="importprogress" max="100" value="40">' in page
    assert "Du kan lämna sidan." in page


def test_another_municipalitys_import_is_not_found(world, login, kaa):
    upload(kaa, f"{HEADER}\n")
    imp = RegisterImport.objects.get()
    other = login(world["users"]["kaa.lekeberg"])
    for path in ("", "status/", "problem.csv", "andringar.csv", "kolumner/"):
        assert other.get(f"/import/{imp.pk}/{path}").status_code == 404
    assert other.post(f"/import/{imp.pk}/las-in/").status_code == 404


def test_cancel_discards_a_checked_import(world, kaa):
    upload(kaa, f"{HEADER}\n")
    imp = RegisterImport.objects.get()
    kaa.post(f"/import/{imp.pk}/avbryt/")
    imp.refresh_from_db()
    assert imp.status == ImportStatus.CANCELLED


def test_the_change_list_download_is_logged_per_person(world, kaa, numbers):
    upload(kaa, f"{HEADER}\n{numbers[12]};Mira;Lund;1880;\n")
    imp = RegisterImport.objects.get()
    kaa.post(f"/import/{imp.pk}/las-in/")
    text = b"".join(kaa.get(f"/import/{imp.pk}/andringar.csv").streaming_content).decode("utf-8-sig")
    assert f"In i KAA;{numbers[12]};Mira;Lund;" in text
    assert ReadLogEntry.objects.filter(personnummer=numbers[12], what__endswith="(export)").count() == 1


def test_person_page_explains_the_period_with_its_sources(world, kaa, numbers):
    number = numbers[13]
    upload(kaa, f"{HEADER}\n{number};Nils;Ek;1880;2025-02-01\n", as_of="2026-03-01")
    kaa.post(f"/import/{RegisterImport.objects.get().pk}/las-in/")
    person = Person.objects.get(personnummer=number)
    page = kaa.get(f"/personer/{person.pk}/").content.decode()
    assert "Kommunala aktivitetsansvaret (KAA)" in page
    assert "Inflyttad till kommunen" in page
    assert "Folkbokföring, import #" in page and "rad 2" in page
    # Other units see the person but not the KAA register.
    from tests.conftest import own_ground

    own_ground(person, world["units"]["social"], "2025-01-01")
    social = kaa.__class__()
    social.force_login(world["users"]["socialsekreterare"])
    assert "Kommunala aktivitetsansvaret (KAA)" not in social.get(f"/personer/{person.pk}/").content.decode()


AF_HEADER = "personnummer;inskriven_fran;inskriven_till;sokandekategori"


def test_an_af_officer_reads_in_the_units_own_register_and_nobody_else_sees_it(world, login, kaa):
    af = login(world["users"]["arbetsformedlare"])
    form = af.get("/import/ny/").content.decode()
    # Only AF's own register is offered, not the municipality's.
    assert "af_inskrivning" in form and 'value="folkbokforing"' not in form
    asa = world["persons"]["asa"]
    response = af.post(
        "/import/ny/",
        {
            "kind": "af_inskrivning",
            "municipality": "1880",
            "unit": world["units"]["af"].pk,
            "as_of": "2026-11-30",
            "file": SimpleUploadedFile("af.csv", f"{AF_HEADER}\n{asa.personnummer};2026-01-01;;11\n".encode()),
        },
    )
    imp = RegisterImport.objects.get()
    assert response.status_code == 302 and imp.status == ImportStatus.READY and imp.unit == world["units"]["af"]
    assert af.post(f"/import/{imp.pk}/las-in/").status_code == 302
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DONE
    page = af.get(f"/import/{imp.pk}/").content.decode()
    assert "Nya inskrivningar" in page and "In i KAA" not in page
    assert af.get(f"/personer/{asa.pk}/").status_code == 200
    # The municipality's KAA caseworker sees neither the import nor that it exists.
    assert kaa.get(f"/import/{imp.pk}/").status_code == 404
    assert f"/import/{imp.pk}/" not in kaa.get("/import/").content.decode()
    # A KAA caseworker cannot read in AF's register, nor AF the municipality's.
    assert "af_inskrivning" not in kaa.get("/import/ny/").content.decode()
    response = af.post(
        "/import/ny/",
        {
            "kind": "folkbokforing",
            "municipality": "1880",
            "as_of": "2026-11-30",
            "file": SimpleUploadedFile("fb.csv", f"{HEADER}\n{asa.personnummer};Åsa;Öberg;1880;\n".encode()),
        },
    )
    assert response.status_code == 200 and RegisterImport.objects.count() == 1


def test_another_af_units_officer_sees_no_import_of_this_unit(world, login):
    from fotfaste.accounts.models import User
    from fotfaste.orgs.models import Membership, Party, PartyKind, Unit
    from fotfaste.orgs.roles import Role

    af = login(world["users"]["arbetsformedlare"])
    asa = world["persons"]["asa"]
    af.post(
        "/import/ny/",
        {
            "kind": "af_inskrivning",
            "municipality": "1880",
            "unit": world["units"]["af"].pk,
            "as_of": "2026-11-30",
            "file": SimpleUploadedFile("af.csv", f"{AF_HEADER}\n{asa.personnummer};2026-01-01;;11\n".encode()),
        },
    )
    imp = RegisterImport.objects.get()
    party = Party.objects.create(
        agreement=world["agreements"]["lekeberg"], name="AF Lekeberg", kind=PartyKind.EMPLOYMENT_SERVICE
    )
    other = User.objects.create_user(username="af.lekeberg", password="x")
    Membership.objects.create(
        user=other, unit=Unit.objects.create(party=party, name="AF Lekeberg"), role=Role.EMPLOYMENT_OFFICER
    )
    client = login(other)
    assert client.get(f"/import/{imp.pk}/").status_code == 404
    assert client.post(f"/import/{imp.pk}/las-in/").status_code == 404
    assert f"/import/{imp.pk}/" not in client.get("/import/").content.decode()
    # Nor can it read into Örebro's AF unit by naming it.
    response = client.post(
        "/import/ny/",
        {
            "kind": "af_inskrivning",
            "municipality": "1880",
            "unit": world["units"]["af"].pk,
            "as_of": "2026-11-30",
            "file": SimpleUploadedFile("af.csv", f"{AF_HEADER}\n{asa.personnummer};2026-01-01;;11\n".encode()),
        },
    )
    assert response.status_code == 200 and RegisterImport.objects.count() == 1

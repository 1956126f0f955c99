"""The SCB report and KAA statistics pages: who may use them, the check and the export from the UI, the
suppressed files, and the versions page for the installation's administrators."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from fotfaste.access.models import ReadLogEntry
from fotfaste.scb.models import ScbExport, ScbVersion
from tests.integration import test_scb as scb_data
from tests.integration.test_scb import HALF, day, occupation

register = scb_data.register  # the fixture

pytestmark = pytest.mark.django_db
Q = f"?kommun=1880&halvar={HALF}"


def test_the_kaa_caseworker_checks_fixes_and_exports_the_half_year(register, login):
    p = register["persons"]
    web = login(register["users"]["kaa"])
    page = web.get("/kaa/scb/kontroll/" + Q)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kontrollen hittade 1 fel" in text and p["ali"].personnummer in text
    assert f"/personer/{p['ali'].pk}/sysselsattning/ny/" in text
    assert "Skapa fil för uppladdning" not in text
    # Refused while the problem is there; nothing is made.
    refused = web.post("/kaa/scb/kontroll/" + Q, {"kommun": "1880", "halvar": str(HALF)}, follow=True)
    assert "Kontrollen hittade 1 fel: rätta" in refused.content.decode()
    assert not ScbExport.objects.exists()
    occupation(p["ali"], "ingen", day(20))
    assert "Kontrollen hittade inga fel" in web.get("/kaa/scb/kontroll/" + Q).content.decode()
    # A POST without its municipality and half-year in the body changes nothing.
    assert web.post("/kaa/scb/kontroll/" + Q).status_code == 400
    assert not ScbExport.objects.exists()
    response = web.post("/kaa/scb/kontroll/" + Q, {"kommun": "1880", "halvar": str(HALF)})
    assert response.status_code == 302
    made = ScbExport.objects.get()
    file = web.get(f"/kaa/scb/fil/{made.pk}/")
    assert file.status_code == 200 and p["asa"].personnummer in file.content.decode()
    assert ReadLogEntry.objects.filter(personnummer=p["asa"].personnummer, what__contains="(hämtad)").exists()
    basis = zipfile.ZipFile(io.BytesIO(web.get("/kaa/scb/underlag.zip" + Q).content))
    assert sorted(basis.namelist()) == ["underlag/atgarder.csv", "underlag/kontakter.csv", "underlag/registrerade.csv"]
    assert "Gällande" in web.get("/kaa/scb/").content.decode()


def test_others_get_nothing_of_the_municipalitys_report(register, login):
    users = register["users"]
    occupation(register["persons"]["ali"], "ingen", day(20))
    kaa = login(users["kaa"])
    kaa.post("/kaa/scb/kontroll/" + Q, {"kommun": "1880", "halvar": str(HALF)})
    made = ScbExport.objects.get()
    lekeberg = login(users["kaa.lekeberg"])
    assert lekeberg.get(f"/kaa/scb/fil/{made.pk}/").status_code == 404
    assert lekeberg.get("/kaa/scb/kontroll/" + Q).status_code == 400  # Örebro is not a choice
    assert lekeberg.get("/kaa/statistik/" + Q).status_code == 400
    for who in ("styrgrupp", "socialsekreterare", "admin"):
        assert login(users[who]).get("/kaa/scb/").status_code == 403, who
        assert login(users[who]).get(f"/kaa/scb/fil/{made.pk}/").status_code == 403, who


def test_the_statistics_page_shows_true_counts_and_the_files_for_others_are_suppressed(register, login):
    web = login(register["users"]["kaa"])
    page = web.get("/kaa/statistik/" + Q).content.decode()
    assert "Unga i aktivitetsansvaret under halvåret" in page
    book = load_workbook(io.BytesIO(web.get("/kaa/statistik.xlsx" + Q).content))
    values = [row for row in book.active.iter_rows(min_row=5, values_only=True)]
    # Two persons: every count is under 5 and hidden.
    assert values and all(not isinstance(count, int) or count == 0 for _t, _g, count, _s in values)
    pdf = web.get("/kaa/statistik.pdf" + Q)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_versions_are_for_the_installations_administrators_and_a_bad_edit_changes_nothing(register, login):
    version = ScbVersion.objects.get()
    assert login(register["users"]["admin"]).get("/administration/scb/").status_code == 403
    root = login(register["users"]["root"])
    assert root.get("/administration/scb/").status_code == 200
    before = version.spec
    page = root.post(f"/administration/scb/{version.pk}/", {"text": '{"version": "x"}'})
    assert page.status_code == 200
    assert "”galler_fran” saknas" in page.content.decode()
    version.refresh_from_db()
    assert version.spec == before
    download = root.get(f"/administration/scb/{version.pk}/version.json")
    upload = io.BytesIO(download.content.replace(b'"fotfaste-1"', b'"kommande-1"'))
    upload.name = "kommande.json"
    assert root.post("/administration/scb/", {"file": upload}).status_code == 302
    assert ScbVersion.objects.filter(code="kommande-1").exists()


def test_the_steering_group_gets_the_reports_with_every_small_count_hidden(register, login):
    steering = login(register["users"]["styrgrupp"])
    assert steering.get("/rapporter/").status_code == 200
    for report in ("kartlaggning", "arsrapport", "halvar"):
        pdf = steering.get(f"/rapporter/{report}.pdf?kommun=1880")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), report
        book = load_workbook(io.BytesIO(steering.get(f"/rapporter/{report}.xlsx?kommun=1880").content))
        counts = [row[2] for row in book.active.iter_rows(min_row=5, values_only=True)]
        assert counts and not [c for c in counts if isinstance(c, int) and 0 < c < 5], report
    # Two or three persons in the test register: the total itself is hidden.
    assert "färre än 5" in [row[2] for row in book.active.iter_rows(min_row=5, values_only=True)]
    assert steering.get("/rapporter/kartlaggning.pdf?kommun=1814").status_code == 400  # not their agreement
    assert login(register["users"]["socialsekreterare"]).get("/rapporter/").status_code == 403
    assert login(register["users"]["kaa.lekeberg"]).get("/rapporter/halvar.pdf?kommun=1880").status_code == 400


def test_the_mapping_is_of_a_months_last_day_so_that_two_days_cannot_be_differenced(register, login):
    steering = login(register["users"]["styrgrupp"])
    first = steering.get("/rapporter/kartlaggning.xlsx?kommun=1880&datum=2026-03-03")
    second = steering.get("/rapporter/kartlaggning.xlsx?kommun=1880&datum=2026-03-17")
    assert (
        first["Content-Disposition"]
        == second["Content-Disposition"]
        == ('attachment; filename="kartlaggning_1880_2026-03-31.xlsx"')
    )

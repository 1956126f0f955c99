"""The per-employer summary (fotfaste.employers.summary, /arbetsgivare/<id>/sammanstallning/ and its PDF): totals
only, no young person's name, no party's notes, no anonymous listing tied to its employer for another party; logged
as an export without a person; casework roles of the agreement only."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from fotfaste.access.models import ReadLogEntry
from fotfaste.employers.models import EmployerContact
from tests.integration.test_employer_figures import scene  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

PERIOD = {"fran": "2026-01-01", "till": "2026-06-30"}


def url(employer, pdf=False):
    return f"/arbetsgivare/{employer.pk}/sammanstallning/" + ("pdf/" if pdf else "")


@pytest.fixture
def contacts(scene, world):  # noqa: F811
    units = world["units"]
    EmployerContact.objects.create(
        employer=scene["bakery"], unit=units["kaa"], date=date(2026, 2, 3), channel="telefon",
        purpose="Fler praktikplatser i vår", note="INTERN: chefen är svår att nå", result="INTERNT RESULTAT",
    )  # fmt: skip
    EmployerContact.objects.create(
        employer=scene["bakery"], unit=units["af"], date=date(2025, 11, 3), channel="besok", purpose="Före perioden"
    )


def test_page_shows_totals_and_contacts_but_no_names_or_notes(scene, world, login, contacts):  # noqa: F811
    page = login(world["users"]["arbetsformedlare"]).get(url(scene["bakery"]), PERIOD)
    assert page.status_code == 200
    text = page.content.decode()
    s = page.context["summary"]
    line = s.lines[0]
    # Bageriet: p0–p5 started; p1–p5 hired (and so completed); p0 still on.
    assert (line.counts.started, line.counts.completed, line.counts.hired, line.counts.ongoing) == (6, 5, 5, 1)
    assert s.totals.started == 6
    assert "Fler praktikplatser i vår" in text and "Örebro kommun" in text
    assert "INTERN" not in text and "Före perioden" not in text
    assert "Praktikant" not in text and "Åsa" not in text


def test_pdf_has_no_names_and_is_logged_as_an_export(scene, world, login, contacts):  # noqa: F811
    client = login(world["users"]["arbetsformedlare"])
    response = client.get(url(scene["bakery"], pdf=True), PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Bageriet AB" in text and "Fler praktikplatser i vår" in text
    for name in ("Praktikant", "Ung0", "Åsa", "Öberg", "INTERN"):
        assert name not in text
    assert reader.metadata.title.startswith("Sammanställning för Bageriet AB")
    entry = ReadLogEntry.objects.get(username="arbetsformedlare")
    assert entry.person_id_ref is None and entry.personnummer == ""
    assert entry.what.startswith("export: sammanställning för arbetsgivaren Bageriet AB")


def test_anonymous_listing_not_tied_to_its_employer_for_another_party(scene, world, login):  # noqa: F811
    # The listing was published by the municipality's KAA unit: AF sees the employer's summary without it.
    af = login(world["users"]["arbetsformedlare"]).get(url(scene["secret"]), PERIOD)
    assert af.status_code == 200 and af.context["summary"].lines == []
    own = login(world["users"]["kaa"]).get(url(scene["secret"]), PERIOD)
    assert len(own.context["summary"].lines) == 1


@pytest.mark.parametrize("who", ["styrgrupp", "outsider"])
def test_refused_without_a_casework_role(scene, world, login, who):  # noqa: F811
    client = login(world["users"][who])
    assert client.get(url(scene["bakery"])).status_code == 403
    assert client.get(url(scene["bakery"], pdf=True)).status_code == 403


def test_another_agreement_is_404(scene, world, login):  # noqa: F811
    client = login(world["users"]["kaa.lekeberg"])
    assert client.get(url(scene["bakery"])).status_code == 404
    assert client.get(url(scene["bakery"], pdf=True)).status_code == 404
    assert not ReadLogEntry.objects.exists()

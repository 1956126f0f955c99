"""The consent form (fotfaste.consent.pdf), read back with pypdf: tags, metadata, structure, text.

WeasyPrint needs the system's Pango (scripts/install-pdf-libs.sh, run by `make test`). Without it
the tests fail under CI (CI=true) and are skipped on a developer's machine, as in test_letters_pdf.
"""

import io
import os
from datetime import date

import pytest
from pypdf import PdfReader

from fotfaste.consent.models import Consent, ConsentRecipient, ConsentStatus, InformationKind
from fotfaste.consent.pdf import KIND_EXPLANATIONS, period_text, render_consent_form

PURPOSE = "Att planera dina studier eller ditt arbete tillsammans med dig."
WITHDRAWAL = "Du kan när som helst ta tillbaka ditt samtycke."


@pytest.fixture(scope="module")
def weasyprint_available():
    try:
        import weasyprint  # noqa: F401
    except OSError as error:  # Pango missing: WeasyPrint cannot load it
        message = f"WeasyPrint saknar systembibliotek (kör scripts/install-pdf-libs.sh): {error}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def make_consent(world, person_key: str, *, agreement=True) -> Consent:
    units = world["units"]
    consent = Consent.objects.create(
        person=world["persons"][person_key],
        agreement=world["agreements"]["orebro"] if agreement else None,
        covers_identity=True,
        covers_occupation_plan=True,
        covers_employment_service=True,
        purpose=PURPOSE,
        status=ConsentStatus.REQUESTED,
        valid_until=date(2027, 11, 30),
        recorded_by_unit=units["kaa"],
    )
    ConsentRecipient.objects.create(consent=consent, party=units["kaa"].party, unit=units["kaa"])
    # A whole party, no unit: printed as the party's name alone.
    ConsentRecipient.objects.create(consent=consent, party=units["af"].party)
    return consent


def adult_day(person) -> date:
    return date(person.birth_date.year + 19, 12, 31)


def minor_day(person) -> date:
    return date(person.birth_date.year + 16, 1, 1)


def read(consent: Consent, today: date) -> PdfReader:
    return PdfReader(io.BytesIO(render_consent_form(consent, today=today)))


def text_of(pdf: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def structure_types(pdf: PdfReader) -> list[str]:
    """The structure elements' types (/S) in reading order."""
    found = []

    def visit(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                visit(child)
        elif hasattr(node, "get") and node.get("/S") is not None:
            found.append(str(node["/S"]))
            if "/K" in node:
                visit(node["/K"])

    visit(pdf.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


@pytest.fixture
def adult_form(world, weasyprint_available):
    consent = make_consent(world, "asa")
    return consent, read(consent, adult_day(consent.person))


def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(adult_form):
    _, pdf = adult_form
    title = "Samtycke till att dela uppgifter, Åsa Öberg"
    catalog = pdf.trailer["/Root"]
    assert catalog["/StructTreeRoot"]["/K"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]).startswith("sv")
    assert pdf.metadata.title == title
    assert pdf.xmp_metadata.dc_title["x-default"] == title
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    # The PDF/UA identification: part 1.
    xmp = pdf.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_the_structure_has_headings_paragraphs_and_lists(adult_form):
    _, pdf = adult_form
    types = structure_types(pdf)
    assert types.count("/H1") == 1
    assert types.count("/H2") >= 7
    assert "/P" in types
    # Recipients and kinds are lists; the form is not laid out as a table.
    assert types.count("/L") >= 2 and "/LI" in types
    assert "/Table" not in types


def test_the_form_names_the_person_the_parties_and_the_kinds(adult_form):
    consent, pdf = adult_form
    text = text_of(pdf)
    assert text.startswith("Samtycke till att dela uppgifter Samverkan unga Örebro")
    assert "Åsa Öberg" in text
    assert consent.person.formatted_personnummer() in text
    assert PURPOSE in text
    assert "KAA-enheten, Örebro kommun" in text
    assert "Arbetsförmedlingen Örebro" in text
    # Only the party that was named whole stands alone; no other unit of it is listed.
    assert "AF Örebro ungdom" not in text
    for label in consent.kind_labels():
        assert label in text
    assert KIND_EXPLANATIONS[InformationKind.EMPLOYMENT_SERVICE] in text
    # Kinds that the consent does not cover are not on the form.
    assert str(InformationKind.HEALTH.label) not in text
    assert str(InformationKind.INCOME_SUPPORT.label) not in text
    assert "Samtycket gäller från det datum du skriver under till och med 30 november 2027." in text


def test_the_form_says_it_is_voluntary_and_can_be_withdrawn_at_once(adult_form):
    _, pdf = adult_form
    text = text_of(pdf)
    assert "Det är frivilligt att samtycka. Om du säger nej påverkar det inte din rätt till stöd." in text
    assert WITHDRAWAL in text
    assert "Det gäller direkt" in text


def test_the_form_has_a_signature_block_and_no_guardian_block_for_an_adult(adult_form):
    _, pdf = adult_form
    text = text_of(pdf)
    assert "Din underskrift" in text
    assert "Namnteckning" in text and "Namnförtydligande" in text
    # The signatures may land on a page of their own; that page names the person too.
    assert "Blanketten gäller Åsa Öberg, personnummer" in text.split("Din underskrift", 1)[1]
    assert "årdnadshavare" not in text


def test_an_under_18_gets_a_guardian_block(world, weasyprint_available):
    consent = make_consent(world, "asa")
    text = text_of(read(consent, minor_day(consent.person)))
    assert "Vårdnadshavares underskrift" in text
    assert "Namnteckning, vårdnadshavare 1" in text and "Namnteckning, vårdnadshavare 2" in text
    # The young person's own block comes first.
    assert text.index("Din underskrift") < text.index("Vårdnadshavares underskrift")


def test_no_address_is_printed_even_for_a_protected_person(world, weasyprint_available):
    consent = make_consent(world, "protected")
    person = consent.person
    assert person.is_protected
    assert person.street_address and person.postal_code
    text = text_of(read(consent, adult_day(person)))
    assert "Sara Skyddad" in text
    assert person.street_address not in text
    assert person.postal_code not in text
    assert f"{person.postal_code[:3]} {person.postal_code[3:]}" not in text
    assert person.phone not in text


def test_without_an_agreement_the_recording_party_is_named(world, weasyprint_available):
    consent = make_consent(world, "asa", agreement=False)
    consent.valid_from, consent.valid_until = date(2026, 12, 1), None
    text = text_of(read(consent, adult_day(consent.person)))
    assert text.startswith("Samtycke till att dela uppgifter Örebro kommun")
    assert "Samverkan unga" not in text
    assert "Samtycket gäller från 1 december 2026 och tills vidare." in text


def test_every_kind_has_an_explanation():
    assert set(KIND_EXPLANATIONS) == set(InformationKind)
    assert all(text.endswith(".") for text in KIND_EXPLANATIONS.values())


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "expected"),
    [
        (date(2026, 12, 1), date(2027, 11, 30), "Samtycket gäller från 1 december 2026 till och med 30 november 2027."),
        (date(2026, 12, 1), None, "Samtycket gäller från 1 december 2026 och tills vidare."),
        (None, None, "Samtycket gäller från det datum du skriver under och tills vidare."),
    ],
)
def test_period_text(valid_from, valid_until, expected):
    assert period_text(valid_from, valid_until) == expected

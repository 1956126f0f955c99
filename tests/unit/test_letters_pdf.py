"""Letters as one tagged PDF (fotfaste.kaa.pdf), read back with pypdf: pages, text, tags, metadata, fonts.

WeasyPrint needs the system's Pango (scripts/install-pdf-libs.sh, run by `make test`). Without it
the tests fail under CI (CI=true) and are skipped on a developer's machine, like the browser tests.
"""

import io
import os
from datetime import date

import pytest
from pypdf import PdfReader

from fotfaste.kaa.pdf import Letter, render_letters_pdf, swedish_date

TITLE = "Kallelser till samtal, KAA Örebro"
MM_PER_POINT = 25.4 / 72
SENDER = ("Örebro kommun", "Förvaltningen förskola och skola – KAA")
SIGNATURE = ("Karin Ahlgren", "KAA-handläggare", "Telefon 070-174 06 05", "karin@example.se")

WITH_ADDRESS = Letter(
    recipient_name="Åsa Öberg",
    address_lines=("Storgatan 12 lgh 1102", "702 10 Örebro"),
    date=date(2026, 11, 25),
    heading="Välkommen till ett samtal om dina planer",
    paragraphs=("Hej Åsa!", "Tid: tisdag 8 december kl. 14.00\nPlats: Drottninggatan 5", "Med vänlig hälsning"),
    sender_lines=SENDER,
    signature_lines=SIGNATURE,
)
# A person with protected identity: no address anywhere in the letter.
PROTECTED = Letter(
    recipient_name="Ärlig Östen Ångström",
    address_lines=(),
    date=date(2026, 11, 25),
    heading="Innan du fyller 20 år",
    paragraphs=("Hej Östen!", "Du fyller snart 20 år.", "<b>x</b> & <script>", "Med vänlig hälsning"),
    sender_lines=SENDER,
    signature_lines=SIGNATURE,
)


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    try:
        import weasyprint  # noqa: F401
    except OSError as error:  # Pango missing: WeasyPrint cannot load it
        message = f"WeasyPrint saknar systembibliotek (kör scripts/install-pdf-libs.sh): {error}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return PdfReader(io.BytesIO(render_letters_pdf([WITH_ADDRESS, PROTECTED], title=TITLE)))


def words(text: str) -> str:
    return " ".join(text.split())


def text_positions(page) -> dict[str, tuple[float, float]]:
    """Each text run's start on the page in mm from the paper's left and top edges."""
    positions = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            positions[text.strip()] = (x * MM_PER_POINT, (float(page.mediabox.height) - y) * MM_PER_POINT)

    page.extract_text(visitor_text=visit)
    return positions


def test_each_letter_is_one_page(pdf):
    assert len(pdf.pages) == 2


def test_the_first_letter_has_name_address_and_date(pdf):
    text = pdf.pages[0].extract_text()
    assert "Åsa Öberg" in text
    for line in WITH_ADDRESS.address_lines:
        assert line in text
    assert "25 november 2026" in text
    assert "Välkommen till ett samtal om dina planer" in text
    # A newline inside a paragraph is a line break.
    assert "kl. 14.00\nPlats: Drottninggatan 5" in text


def test_the_address_sits_in_the_envelope_window(pdf):
    # C5 window: 20-110 mm from the left edge, 45-90 mm from the top; positions are baselines.
    positions = text_positions(pdf.pages[0])
    for line in ("Åsa Öberg", *WITH_ADDRESS.address_lines):
        x, y = positions[line]
        assert 20 < x < 60 and 48 < y < 88, (line, x, y)
    assert positions[WITH_ADDRESS.heading][1] > 95


def test_protected_identity_prints_the_name_but_no_address(pdf):
    text = words(pdf.pages[1].extract_text())
    assert "Ärlig Östen Ångström" in text
    for line in WITH_ADDRESS.address_lines:
        assert line not in text
    # Everything on the page comes from the letter's other fields: no address line at all.
    fields = (
        *SENDER,
        "25 november 2026",
        PROTECTED.recipient_name,
        PROTECTED.heading,
        *PROTECTED.paragraphs,
        *SIGNATURE,
    )
    for field in fields:
        assert words(field) in text
        text = text.replace(words(field), "", 1)
    assert text.strip() == ""


def test_html_in_fields_is_printed_as_text(pdf):
    assert "<b>x</b> & <script>" in pdf.pages[1].extract_text()


def test_the_pdf_is_tagged_with_language_and_title(pdf):
    catalog = pdf.trailer["/Root"]
    assert catalog["/StructTreeRoot"]["/K"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]).startswith("sv")
    assert pdf.metadata.title == TITLE
    assert pdf.xmp_metadata.dc_title["x-default"] == TITLE
    # PDF/UA: viewers show the title, not the file name.
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_every_font_is_embedded(pdf):
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        # Composite (Type0) fonts keep the descriptor in their descendant font.
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 11, 25), "25 november 2026"), (date(2027, 1, 1), "1 januari 2027"), (date(2026, 3, 9), "9 mars 2026")],
)
def test_swedish_date(day, expected):
    assert swedish_date(day) == expected


def test_a_pdf_needs_letters_and_a_title():
    with pytest.raises(ValueError):
        render_letters_pdf([], title=TITLE)
    with pytest.raises(ValueError):
        render_letters_pdf([WITH_ADDRESS], title=" ")

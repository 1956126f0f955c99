"""Tagged, accessible PDF (PDF/UA-1) for every printed document: letters, consent forms, plans.

WeasyPrint lays out HTML and print CSS; it is imported on first use, since it needs the operating
system's Pango (scripts/install-pdf-libs.sh) and the rest of Fotfäste runs without it.
"""

from __future__ import annotations

import datetime

PDF_VARIANT = "pdf/ua-1"

# Spelled out here rather than through the locale: letters are always Swedish, whatever
# language the request or the server runs in.
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish_date(day: datetime.date) -> str:
    """25 november 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def render_pdf(html: str, *, title: str) -> bytes:
    """`html` (a whole document with <html lang="sv">) as a tagged PDF/UA-1 with the document title `title`.

    Shared by every printed document (letters, consent forms): the same WeasyPrint call, the
    same refusal to fetch anything, the same accessibility settings.
    """
    if not title.strip():
        raise ValueError("PDF/UA requires a document title")
    # Imported here so that a machine without Pango fails only when it prints something.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The documents need no file or address from outside; refusing every URL means neither a field
    # nor a later template change can make the server fetch one. A logo would need this relaxed.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).render(pdf_variant=PDF_VARIANT)
    # The template's <title> gives the same; set here so that the title never depends on the template.
    document.metadata.title = title
    # pdf/ua-1 tags the content and sets /MarkInfo, /Lang (from <html lang>), the title and
    # /ViewerPreferences /DisplayDocTitle; fonts are always embedded as subsets.
    return document.write_pdf(pdf_variant=PDF_VARIANT)

"""Letters to young people as one tagged, accessible PDF (PDF/UA-1).

The KAA caseworker prints invitation letters and "before you turn 20" letters for one person
or a batch of hundreds. Every letter starts on a new page; the PDF carries a structure tree,
the language (sv) and a title, so that screen readers read it in order (WCAG for documents).

WeasyPrint lays out HTML and print CSS, which is slow: a batch of 500 one-page letters took
13-15 s on one core of the development machine and about 380 MB of memory at its peak, giving
a 1 MB PDF, so a large batch belongs outside the request cycle (or in smaller batches). It is
imported on first use: it needs the operating system's Pango (scripts/install-pdf-libs.sh),
and the rest of Fotfäste runs without it.

The letters have no page numbers: WeasyPrint tags the text of page margins without putting it
in the structure tree instead of marking it as an artifact (Kozea/WeasyPrint#1836), which
PDF/UA-1 does not allow, and counter(pages) would count the whole batch, not one letter.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string

TEMPLATE = "kaa/pdf/letters.html"
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


@dataclass(frozen=True)
class Letter:
    """One letter; every field is plain text and is HTML-escaped when rendered.

    A closing greeting ("Med vänlig hälsning") belongs at the end of `paragraphs`.
    """

    recipient_name: str
    # Empty for a person with protected identity: then the letter prints the name but no address.
    # With the name, seven lines fit in the envelope window.
    address_lines: tuple[str, ...]
    date: datetime.date
    heading: str
    # A newline inside a paragraph becomes a line break.
    paragraphs: tuple[str, ...]
    # Four lines fit above the envelope window.
    sender_lines: tuple[str, ...]
    signature_lines: tuple[str, ...]


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


def render_letters_pdf(letters: Sequence[Letter], *, title: str) -> bytes:
    """One PDF with each letter starting on a new page; tagged PDF/UA-1, lang sv, document title `title`."""
    if not letters:
        raise ValueError("render_letters_pdf needs at least one letter")
    if not title.strip():
        raise ValueError("PDF/UA requires a document title")
    html = render_to_string(
        TEMPLATE, {"title": title, "letters": [(letter, swedish_date(letter.date)) for letter in letters]}
    )
    return render_pdf(html, title=title)

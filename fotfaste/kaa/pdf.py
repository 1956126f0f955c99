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

from fotfaste.core.pdf import render_pdf, swedish_date

__all__ = ["Letter", "render_letters_pdf", "render_pdf", "swedish_date"]

TEMPLATE = "kaa/pdf/letters.html"


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

"""Every CSV and XLSX file Fotfäste writes goes through this module.

Two rules hold for all of them, so they live in one place instead of in each export:

1. **No cell reaches a spreadsheet as a formula** (OWASP "CSV injection"). A name read in
   from a register file as ``=HYPERLINK("http://…";"klicka")``, or an address edited to
   ``=1+2``, would otherwise be evaluated when the file is opened in Excel. A cell beginning
   with ``=``, ``+``, ``-`` or ``@``, or with a TAB or carriage return, is therefore prefixed
   with ``'`` (``spreadsheet_safe``). Personnummer, dates and timestamps never begin with those,
   so they are unchanged; a negative number such as ``-3`` is prefixed like any other text.
   An XLSX writer, when one is needed, belongs here too and passes every cell through
   ``spreadsheet_safe`` (openpyxl otherwise stores a text beginning with ``=`` as a formula).
   ``tests/unit/test_export.py`` fails if a CSV or XLSX writer appears anywhere else.

2. **Streamed exports log a batch before sending it.** ``logged_batches`` hands each batch to
   the caller's logging function (``fotfaste.access.services.log_reads``) before the first row
   of that batch is yielded, so what reached the client is always in the read log, and a
   client that disconnects leaves nothing logged that it was not sent beyond the batch in
   hand.

Files are ``;``-separated (what Swedish spreadsheets expect) and, for downloads, UTF-8 with a
byte order mark so that Excel reads å, ä and ö.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, TypeVar

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse

DELIMITER = ";"
BOM = "\ufeff"
# OWASP's list: the four formula starts, and TAB and CR, which spreadsheets skip before one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows per read-log write in streamed exports: one bulk insert each, small enough that a
# disconnecting client has received nearly everything that was logged.
LOG_BATCH = 1000

T = TypeVar("T")


def spreadsheet_safe(value: Any) -> str:
    """The cell as text a spreadsheet shows as text: ``'`` before a formula start, else unchanged.

    ``None`` is an empty cell; anything else is written as ``str(value)``.
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def safe_row(row: Iterable[Any]) -> list[str]:
    return [spreadsheet_safe(cell) for cell in row]


class SafeWriter:
    """A ``csv.writer`` (``;``-separated unless told) whose every cell goes through ``spreadsheet_safe``."""

    def __init__(self, file, *, lineterminator: str = "\r\n", delimiter: str = DELIMITER):
        self._writer = csv.writer(file, delimiter=delimiter, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, *, lineterminator: str = "\r\n", delimiter: str = DELIMITER) -> SafeWriter:
    """A safe CSV writer on an open text file (``newline=""``) or a command's stdout."""
    return SafeWriter(file, lineterminator=lineterminator, delimiter=delimiter)


def csv_text(rows: Iterable[Iterable[Any]], *, lineterminator: str = "\r\n", delimiter: str = DELIMITER) -> str:
    """Rows as safe CSV text (no byte order mark), for a file whose bytes the caller encodes and keeps."""
    buffer = io.StringIO()
    csv_writer(buffer, lineterminator=lineterminator, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], *, bold_rows: Iterable[int] = (1,),
               widths: Iterable[int] = ()) -> bytes:  # fmt: skip
    """A workbook of (sheet title, rows): text through ``spreadsheet_safe``, numbers kept as numbers.

    ``bold_rows`` (1-based) are set in bold in every sheet (a title, a header); ``widths`` are the
    first columns' widths in characters.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = set(bold_rows)
    widths = list(widths)
    for title, rows in sheets:
        sheet = book.create_sheet(title=spreadsheet_safe(title)[:31])
        for row in rows:
            sheet.append(
                [c if isinstance(c, int | float) and not isinstance(c, bool) else spreadsheet_safe(c) for c in row]
            )
        for number in bold:
            for cell in sheet[number] if number <= sheet.max_row else ():
                cell.font = Font(bold=True)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(content: bytes, filename: str, *, kind: str) -> HttpResponse:
    """A download of a file made whole: ``kind`` is "csv" (bytes as kept, e.g. a file for SCB) or "xlsx"."""
    content_type = {"csv": "text/csv", "xlsx": XLSX}[kind]
    return _attachment(HttpResponse(content, content_type=content_type), filename)


class Echo:
    """A pseudo-file whose ``write`` returns the text, so a CSV writer can feed a stream (Django's pattern)."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[Iterable[Any]], *, lineterminator: str = "\r\n") -> Iterator[str]:
    """Each row as one safe CSV line, lazily: nothing is read before the line is asked for."""
    writer = csv_writer(Echo(), lineterminator=lineterminator)
    for row in rows:
        yield writer.writerow(row)


def streamed_csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download: byte order mark, then the rows (header first) as safe lines.

    For exports of any size; the rows are read and written as the client receives them.
    """
    response = StreamingHttpResponse(_with_bom(csv_lines(rows)), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _with_bom(lines: Iterator[str]) -> Iterator[str]:
    # A generator, not itertools.chain: the server closes it when the client goes away, and
    # closing it closes the rows' generator and its database cursor right away.
    yield BOM
    yield from lines


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    """A CSV download built whole, for short lists (a meeting's invitations): as streamed_csv_response."""
    return _attachment(
        HttpResponse("".join(chain([BOM], csv_lines(rows))), content_type="text/csv; charset=utf-8"), filename
    )


def _attachment(response: HttpResponseBase, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def logged_batches(items: Iterable[T], log: Callable[[list[T]], object], size: int | None = None) -> Iterator[T]:
    """The items in order, in batches of `size` (LOG_BATCH): ``log(batch)`` runs before any item of it is yielded."""
    size = size or LOG_BATCH
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            log(batch)
            yield from batch
            batch = []
    if batch:
        log(batch)
        yield from batch

"""Reading uploaded register files: CSV or XLSX, streamed row by row.

Municipalities upload register extracts (population, school enrolments,
diplomas) as they come out of their systems or out of Excel.  A file can hold a
million rows, so nothing here keeps more than one row in memory (apart from the
XLSX shared-strings table, which openpyxl must load).

Pure Python on purpose (no Django imports): the reader is used by the upload
view and by batch jobs, and must be testable without a configured project.

The contract for the files (from the project's specification):

* CSV with a header row, or XLSX (first sheet, header in row 1).  The format is
  decided by the file's first bytes, never by its name.
* CSV encoding UTF-8 (with or without BOM) or Windows-1252, which is what
  Swedish Excel writes; UTF-16 with a BOM (Excel's "Unicode text") is accepted
  too.  The encoding is detected from the whole file, never from a prefix, and a
  file that is neither is refused rather than read as mojibake.
* Delimiter ``;``, ``,`` or tab, detected from the header row.
* Column names are compared case-insensitively and with ``å ä ö`` written as
  ``a a o`` (see :func:`normalise_column_name`).

Error messages are shown to users, so they are Swedish sentences.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

__all__ = [
    "RegisterFileError",
    "SourceFile",
    "count_data_rows",
    "inspect_file",
    "iter_rows",
    "normalise_column_name",
]

# Values of SourceFile.format.
CSV = "csv"
XLSX = "xlsx"

# User-facing messages.
MSG_EMPTY = "Filen är tom. Den ska börja med en rubrikrad och sedan ha en rad per post."
MSG_OLD_EXCEL = (
    "Filen är i det gamla Excelformatet (.xls) eller lösenordsskyddad. "
    "Spara den som .xlsx utan lösenord eller som CSV och försök igen."
)
MSG_NOT_TEXT = (
    "Filen är varken en CSV-fil eller en Excelfil (.xlsx): den innehåller tecken som inte "
    "förekommer i text. Spara den som CSV eller .xlsx och försök igen."
)
MSG_ENCODING = (
    "Filens teckenkodning känns inte igen. Godkända teckenkodningar är UTF-8 och Windows-1252. "
    "Spara filen som ”CSV UTF-8” och försök igen."
)
MSG_MIXED_ENCODING = (
    "Filen blandar två teckenkodningar (en del är UTF-8, en annan inte), så å, ä och ö skulle bli fel. "
    "Spara filen på nytt som ”CSV UTF-8” och försök igen."
)
MSG_CHANGED = "Filen har ändrats sedan den kontrollerades. Ladda upp den igen."
MSG_HEADER_EMPTY = "Rad 1 ska vara rubrikraden med kolumnernas namn, men den är tom."
MSG_HEADER_TOO_LONG = (
    "Rubrikraden kan inte läsas: den är längre än {limit} tecken. "
    'Oftast beror det på att ett citattecken (") saknar sin avslutning.'
)
MSG_COLUMN_UNNAMED = "{column} i rubrikraden saknar namn."
MSG_COLUMN_REPEATED = "Kolumnen ”{name}” finns två gånger i rubrikraden ({first} och {second})."
MSG_COLUMNS_SAME = (
    "Kolumnerna ”{first_name}” ({first}) och ”{second_name}” ({second}) i rubrikraden har samma namn "
    "när stora och små bokstäver och å, ä, ö räknas lika. Ta bort eller byt namn på den ena."
)
MSG_CSV_FIELD_TOO_LONG = (
    "Rad {row} kan inte läsas: ett fält är längre än {limit} tecken. "
    'Oftast beror det på att ett citattecken (") saknar sin avslutning.'
)
MSG_CSV_UNTERMINATED = (
    'Filen tar slut inne i ett fält som börjar med citattecken (") på rad {row}: det avslutande citattecknet saknas.'
)
MSG_CSV_AFTER_QUOTE = (
    'Rad {row} kan inte läsas: efter ett avslutande citattecken (") ska fältet ta slut, '
    'men där står mer text. Ett citattecken inne i ett citerat fält skrivs som två ("").'
)
MSG_CSV_OTHER = 'Rad {row} kan inte läsas som CSV. Kontrollera citattecknen (") på raden.'
MSG_XLSX_UNREADABLE = (
    "Filen ser ut som en Excelfil (.xlsx) men kan inte öppnas. Den kan vara skadad eller "
    "sparad i ett annat kalkylformat. Spara den på nytt som .xlsx eller CSV och försök igen."
)
MSG_XLSX_NO_SHEET = "Excelfilen har inget kalkylblad."
MSG_XLSX_SHEET_EMPTY = "Första bladet i Excelfilen är tomt. Rubrikraden ska stå på rad 1."

# First bytes of the formats we recognise.
_ZIP_MAGIC = b"PK\x03\x04"  # XLSX is a ZIP archive
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_CHUNK_SIZE = 1 << 20

# Ties go to the earlier one: ';' is what Swedish Excel writes, and a comma is
# the likeliest of the three to occur inside an unquoted column name.
_DELIMITERS = (";", "\t", ",")
_DEFAULT_DELIMITER = ";"

# Strict, so that a missing closing quote is an error naming the row instead of
# silently swallowing every following row into one field.  skipinitialspace, so
# that `a; "b;c"` is read as two fields, as a person reading it would.
_CSV_OPTIONS = {"quotechar": '"', "doublequote": True, "skipinitialspace": True, "strict": True}

# A header longer than this is a missing closing quote, not a header; the limit
# keeps inspect_file from reading a whole broken file into one string.
_MAX_HEADER_CHARS = 100_000

# Hyphen-like characters that Excel's autocorrect or a keyboard may produce.
_COLUMN_SEPARATORS = re.compile("[\\s\\-\u2010\u2011\u2013]+")
# Letters that Unicode does not decompose into a base letter and an accent.
_EXTRA_LETTER_FOLDS = str.maketrans({"æ": "ae", "ø": "o", "đ": "d", "ł": "l"})


class RegisterFileError(ValueError):
    """The file cannot be read at all.

    str(error) is a Swedish sentence that can be shown to the user as it is; `row` is
    the row it names, when the file breaks down part of the way.
    """

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class SourceFile:
    """What :func:`inspect_file` found out about an uploaded file.

    The reading functions trust these fields, so the file must not change after
    it has been inspected (store the upload and read the stored copy).
    """

    path: Path
    format: str  # "csv" or "xlsx"
    encoding: str | None  # CSV only: "utf-8-sig", "utf-8", "cp1252" or "utf-16"; None for XLSX
    delimiter: str | None  # CSV only: ";", "," or "\t"; None for XLSX
    sha256: str  # hex digest of the file's raw bytes
    size: int  # bytes
    header: tuple[str, ...]  # column names as in the file, surrounding whitespace stripped


# --- public functions -------------------------------------------------------


def inspect_file(path: str | Path) -> SourceFile:
    """Detect format, encoding and delimiter, read the header and hash the bytes.

    The file is read once in 1 MB chunks for the hash and, for CSV, to decide the
    encoding from all of its bytes; then the header is read.  Trailing empty
    header cells (from a trailing delimiter or formatted but empty Excel
    columns) are dropped; an empty cell between names is an error.

    Raises RegisterFileError when the file cannot be read as a register file.
    OSError (a missing or unreadable path) is not the user's fault and is let
    through.
    """
    path = Path(path)
    file_format, encoding, sha256, size = _scan(path)
    if file_format == XLSX:
        delimiter = None
        header = _read_xlsx_header(path)
    else:
        delimiter, header = _read_csv_header(path, encoding)
    return SourceFile(
        path=path,
        format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        sha256=sha256,
        size=size,
        header=header,
    )


def iter_rows(source: SourceFile) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row number, values)`` for every data row, streaming.

    The row number is the row as the user sees it in Excel: the header is row 1
    and the first data row is row 2.  In a CSV file a record is one row even if a
    quoted field in it spans several lines.

    The values are strings with surrounding whitespace stripped, one per header
    column: a short row is padded with "".  A row with more non-empty values than
    the header has them appended after the header's columns (trailing empty
    ones are dropped), so ``len(values) > len(source.header)`` tells the caller
    to report the row.  Rows whose values are all empty are skipped, but still
    counted in the numbering.

    XLSX cells become text as a person would have typed them: whole numbers
    without a decimal part (a personnummer stored as the number 200803152388
    stays "200803152388", although leading zeros of a number are already lost in
    Excel), other numbers with a decimal point and at most 15 significant digits
    (as Excel shows them), dates and date-times as the date
    "YYYY-MM-DD", booleans as "1" or "0".

    Nothing is read until the first row is asked for.  Raises RegisterFileError
    if the file turns out to be broken further down (e.g. a CSV quote that is
    never closed); the rows already yielded are valid.
    """
    if source.format == XLSX:
        return _iter_xlsx_rows(source)
    return _iter_csv_rows(source)


def count_data_rows(source: SourceFile) -> int:
    """Number of rows :func:`iter_rows` yields, for a progress bar.

    It is the same count, by construction: empty rows are not counted, and a
    CSV record with a quoted line break counts once.  For CSV the records are
    counted with the C csv parser without building the rows' values.  XLSX has no
    cheap exact count (the dimension stored in the file counts blank and
    formatted rows and is sometimes missing or wrong), so the sheet is parsed
    once, which takes about as long as parsing it in :func:`iter_rows`.

    Raises RegisterFileError like :func:`iter_rows`.
    """
    if source.format == XLSX:
        return sum(1 for _ in _iter_xlsx_rows(source))
    count = 0
    join = "".join
    for _, row in _csv_records(source):
        # Empty exactly when every value strips to "", as iter_rows decides.
        if join(row).strip():
            count += 1
    return count


def normalise_column_name(name: str) -> str:
    """The form in which column names are compared.

    Case-insensitive, accents stripped (å and ä become a, ö becomes o, é
    becomes e), runs of spaces and hyphens become one '_', surrounding ones
    dropped::

        'Förnamn'               -> 'fornamn'
        ' Folkbokförd datum '   -> 'folkbokford_datum'
        'UTFLYTTAD-DATUM'       -> 'utflyttad_datum'
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    base = base.translate(_EXTRA_LETTER_FOLDS)
    return "_".join(part for part in _COLUMN_SEPARATORS.split(base) if part)


# --- detection ----------------------------------------------------------------


def _scan(path: Path) -> tuple[str, str | None, str, int]:
    """One pass over the raw bytes: format, CSV encoding, sha256 and size."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as raw:
        first = raw.read(_CHUNK_SIZE)
        if first.startswith(_ZIP_MAGIC):
            file_format, encoding = XLSX, None
            chunk = first
            while chunk:
                digest.update(chunk)
                size += len(chunk)
                chunk = raw.read(_CHUNK_SIZE)
        elif first.startswith(_OLE_MAGIC):
            raise RegisterFileError(MSG_OLD_EXCEL)
        else:
            file_format = CSV
            detector = _EncodingDetector(first)
            chunk = first
            while chunk:
                digest.update(chunk)
                size += len(chunk)
                detector.feed(chunk)
                chunk = raw.read(_CHUNK_SIZE)
            encoding = detector.finish()
    return file_format, encoding, digest.hexdigest(), size


class _EncodingDetector:
    """Decides the encoding of a text file from all of its bytes, fed in chunks.

    A file is UTF-8 only if every byte of it decodes as UTF-8: Swedish text in
    Windows-1252 (å = E5, ä = E4, ö = F6 followed by a letter) is never valid
    UTF-8, so the first such letter, wherever it is, decides.  Windows-1252 is
    then checked strictly too, which refuses the five bytes it leaves undefined.
    A file with valid non-ASCII UTF-8 before its first invalid byte is two
    encodings glued together; reading it as either would garble a part of it.
    """

    def __init__(self, first_chunk: bytes) -> None:
        if first_chunk.startswith(_UTF16_BOMS):
            self.encoding = "utf-16"
        elif first_chunk.startswith(_UTF8_BOM):
            self.encoding = "utf-8-sig"
        else:
            self.encoding = "utf-8"
        self._decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        self._only_ascii_so_far = True
        self._has_text = False

    def feed(self, chunk: bytes) -> None:
        if self.encoding != "utf-16" and b"\x00" in chunk:
            raise RegisterFileError(MSG_NOT_TEXT)
        self._decode(chunk, final=False)

    def finish(self) -> str:
        self._decode(b"", final=True)
        if not self._has_text:
            raise RegisterFileError(MSG_EMPTY)
        return self.encoding

    def _decode(self, data: bytes, final: bool) -> None:
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as error:
            if self.encoding != "utf-8":
                # A BOM promised this encoding; bytes that break it mean a damaged file.
                raise RegisterFileError(MSG_ENCODING) from error
            if not (self._only_ascii_so_far and error.object[: error.start].isascii()):
                raise RegisterFileError(MSG_MIXED_ENCODING) from error
            # Everything before error.object was ASCII, which reads the same in
            # Windows-1252, and error.object holds all bytes not yet decoded.
            self.encoding = "cp1252"
            self._decoder = codecs.getincrementaldecoder("cp1252")("strict")
            self._decode(error.object, final)
            return
        if self._only_ascii_so_far and not text.isascii():
            self._only_ascii_so_far = False
        if not self._has_text and text.strip():
            self._has_text = True


# --- CSV ----------------------------------------------------------------------


def _read_csv_header(path: Path, encoding: str) -> tuple[str, tuple[str, ...]]:
    """The delimiter and the header of a CSV file whose encoding is known."""
    with path.open(encoding=encoding, newline="") as text:
        lines: list[str] = []
        length = 0
        quotes = 0
        # The header record ends at the first line break outside quotes.
        while True:
            line = text.readline(_MAX_HEADER_CHARS + 1 - length)
            if not line:
                break
            lines.append(line)
            length += len(line)
            if length > _MAX_HEADER_CHARS:
                raise RegisterFileError(MSG_HEADER_TOO_LONG.format(limit=_swedish_number(_MAX_HEADER_CHARS)))
            quotes += line.count('"')
            if quotes % 2 == 0 and line.endswith(("\n", "\r")):
                break
    record = "".join(lines)
    delimiter = _detect_delimiter(record)
    try:
        cells = next(csv.reader(io.StringIO(record), delimiter=delimiter, **_CSV_OPTIONS), [])
    except csv.Error as error:
        raise _csv_error(error, row_number=1) from error
    if cells:
        # A second BOM (or one inside a UTF-16 file) is not whitespace to str.strip().
        cells[0] = cells[0].lstrip("\ufeff")
    return delimiter, _validated_header(cells, _csv_column_label)


def _detect_delimiter(header_record: str) -> str:
    """The most frequent of ';', tab and ',' outside quotes; ';' if none occurs."""
    # Splitting on '"' leaves text outside quotes at the even positions; a
    # doubled quote inside a quoted field toggles twice and changes nothing.
    outside_quotes = "".join(header_record.split('"')[::2])
    counts = [outside_quotes.count(delimiter) for delimiter in _DELIMITERS]
    best = max(counts)
    if best == 0:
        return _DEFAULT_DELIMITER
    return _DELIMITERS[counts.index(best)]


def _csv_records(source: SourceFile) -> Iterator[tuple[int, list[str]]]:
    """(row number, raw fields) of every record after the header, empty ones included."""
    row_number = 1
    try:
        with source.path.open(encoding=source.encoding, newline="") as text:
            reader = csv.reader(text, delimiter=source.delimiter, **_CSV_OPTIONS)
            next(reader, None)  # the header, validated by inspect_file
            for row_number, row in enumerate(reader, start=2):
                yield row_number, row
    except csv.Error as error:
        # The failing record is the one after the last one yielded.
        raise _csv_error(error, row_number=row_number + 1) from error
    except UnicodeDecodeError as error:
        raise RegisterFileError(MSG_CHANGED) from error


def _iter_csv_rows(source: SourceFile) -> Iterator[tuple[int, list[str]]]:
    width = len(source.header)
    for row_number, row in _csv_records(source):
        values = [value.strip() for value in row]
        if not any(values):
            continue
        yield row_number, _fitted(values, width)


def _csv_error(error: csv.Error, row_number: int) -> RegisterFileError:
    """A Swedish message for the csv module's (English, version-dependent) errors."""
    detail = str(error)
    if "field larger than field limit" in detail:
        limit = _swedish_number(csv.field_size_limit())
        return RegisterFileError(MSG_CSV_FIELD_TOO_LONG.format(row=row_number, limit=limit), row_number)
    if "unexpected end of data" in detail:
        return RegisterFileError(MSG_CSV_UNTERMINATED.format(row=row_number), row_number)
    if "expected after" in detail:
        return RegisterFileError(MSG_CSV_AFTER_QUOTE.format(row=row_number), row_number)
    return RegisterFileError(MSG_CSV_OTHER.format(row=row_number), row_number)


def _csv_column_label(position: int) -> str:
    return f"kolumn {position}"


# --- XLSX ---------------------------------------------------------------------


def _open_workbook(raw: BinaryIO) -> Workbook:
    try:
        # Given a file object, not a path: with a path openpyxl refuses any name
        # not ending in .xlsx, and the format is decided by the bytes here.
        return load_workbook(raw, read_only=True, data_only=True)
    except Exception as error:
        # openpyxl reports a damaged or foreign archive with whatever its parts
        # raise (BadZipFile, KeyError, XML errors, InvalidFileException, ...);
        # to the user they all mean the same thing.
        raise RegisterFileError(MSG_XLSX_UNREADABLE) from error


def _xlsx_sheet_rows(path: Path) -> Iterator[Sequence[object]]:
    """The first sheet's rows, row 1 first, including empty ones.

    Closes the workbook and the file when the rows end or the generator is closed.
    """
    with path.open("rb") as raw:
        workbook = _open_workbook(raw)
        try:
            if not workbook.worksheets:
                raise RegisterFileError(MSG_XLSX_NO_SHEET)
            sheet = workbook.worksheets[0]
            # Read-only mode trusts the dimension stored in the file and stops at
            # its last row; some programs write it wrong, so read until the data ends.
            sheet.reset_dimensions()
            try:
                # openpyxl fills in missing rows, so the n-th row yielded is sheet row n.
                yield from sheet.iter_rows(values_only=True)
            except Exception as error:
                raise RegisterFileError(MSG_XLSX_UNREADABLE) from error
        finally:
            workbook.close()


def _read_xlsx_header(path: Path) -> tuple[str, ...]:
    rows = _xlsx_sheet_rows(path)
    try:
        first_row = next(rows, None)
        if first_row is None:
            raise RegisterFileError(MSG_XLSX_SHEET_EMPTY)
        return _validated_header([_cell_text(value) for value in first_row], _xlsx_column_label)
    finally:
        rows.close()


def _iter_xlsx_rows(source: SourceFile) -> Iterator[tuple[int, list[str]]]:
    width = len(source.header)
    cell_text = _cell_text
    rows = _xlsx_sheet_rows(source.path)
    try:
        next(rows, None)  # the header, validated by inspect_file
        for row_number, row in enumerate(rows, start=2):
            values = [
                "" if value is None else value.strip() if type(value) is str else cell_text(value) for value in row
            ]
            if not any(values):
                continue
            yield row_number, _fitted(values, width)
    finally:
        # Also when the caller abandons the iteration: closes the workbook now,
        # not when the garbage collector gets to it.
        rows.close()


def _cell_text(value: object) -> str:
    """An XLSX cell value as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            # Whole numbers are typed integers: a personnummer typed as a number
            # must not become "200803152388.0".
            return str(int(value))
        # 15 significant digits, as Excel shows them, so that 0.1 + 0.2 reads
        # "0.3"; positional, because no one types "1e-07".
        text = format(value, ".15g")
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(value, datetime):  # before date: datetime is a date subclass
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()  # times, durations, error values such as "#N/A"


def _xlsx_column_label(position: int) -> str:
    return f"kolumn {position} ({get_column_letter(position)})"


# --- shared -------------------------------------------------------------------


def _validated_header(cells: list[str], column_label: Callable[[int], str]) -> tuple[str, ...]:
    """Stripped header names; raises RegisterFileError for a missing or repeated name."""
    names = [cell.strip() for cell in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise RegisterFileError(MSG_HEADER_EMPTY)
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        normalised = normalise_column_name(name)
        if not normalised:
            label = column_label(position)
            raise RegisterFileError(MSG_COLUMN_UNNAMED.format(column=label[:1].upper() + label[1:]))
        if normalised in seen:
            first = seen[normalised]
            first_name = names[first - 1]
            if first_name == name:
                message = MSG_COLUMN_REPEATED.format(
                    name=name, first=column_label(first), second=column_label(position)
                )
            else:
                message = MSG_COLUMNS_SAME.format(
                    first_name=first_name,
                    first=column_label(first),
                    second_name=name,
                    second=column_label(position),
                )
            raise RegisterFileError(message)
        seen[normalised] = position
    return tuple(names)


def _fitted(values: list[str], width: int) -> list[str]:
    """Pads a short row with ""; drops empty values beyond the header's width."""
    count = len(values)
    if count < width:
        values.extend([""] * (width - count))
    elif count > width:
        while count > width and not values[-1]:
            values.pop()
            count -= 1
    return values


def _swedish_number(number: int) -> str:
    """131072 -> '131 072' (Swedish groups thousands with a space)."""
    return f"{number:,}".replace(",", "\u00a0")

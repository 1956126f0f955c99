"""Tests for fotfaste.registers.reader (pure Python, no Django needed).

Every file is written byte by byte (or with openpyxl's write mode) into tmp_path,
so that encodings, BOMs and line endings are exactly the ones under test.
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import tracemalloc
import zipfile
from collections import deque
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from fotfaste.registers import reader
from fotfaste.registers.reader import (
    RegisterFileError,
    SourceFile,
    count_data_rows,
    inspect_file,
    iter_rows,
    normalise_column_name,
)

MEGABYTE = 1 << 20


def write_bytes(tmp_path: Path, data: bytes, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "register.xlsx") -> Path:
    """A workbook whose first sheet holds rows, row 1 first; None leaves a cell empty."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=row_number, column=column, value=value)
    path = tmp_path / name
    workbook.save(path)
    return path


def rewrite_zip_member(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Edit one part of an XLSX file, to get XML that openpyxl itself would not write."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert old in parts[member]
    parts[member] = parts[member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def read_all(path: Path) -> tuple[SourceFile, list[tuple[int, list[str]]]]:
    source = inspect_file(path)
    rows = list(iter_rows(source))
    # Every test also checks the progress-bar count against what was yielded.
    assert count_data_rows(source) == len(rows)
    return source, rows


def error_message(path: Path) -> str:
    with pytest.raises(RegisterFileError) as caught:
        read_all(path)
    return str(caught.value)


# --- format -------------------------------------------------------------------


def test_xlsx_is_recognised_by_its_bytes_not_its_name(tmp_path):
    path = write_xlsx(tmp_path, [["Förnamn"], ["Åsa"]], name="register.csv")
    source, rows = read_all(path)
    assert (source.format, source.encoding, source.delimiter) == ("xlsx", None, None)
    assert rows == [(2, ["Åsa"])]


def test_csv_named_xlsx_is_read_as_csv(tmp_path):
    path = write_bytes(tmp_path, "Förnamn;Efternamn\nÅsa;Öberg\n".encode(), name="register.xlsx")
    source, rows = read_all(path)
    assert source.format == "csv"
    assert rows == [(2, ["Åsa", "Öberg"])]


def test_old_excel_format_is_refused(tmp_path):
    path = write_bytes(tmp_path, bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504, name="register.xls")
    message = error_message(path)
    assert ".xls" in message
    assert "Spara den som .xlsx" in message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n\n\t ",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf \r\n",
        b"\xff\xfe",
        " \n".encode("utf-16"),
    ],
    ids=["zero-bytes", "whitespace", "utf8-bom", "utf8-bom-whitespace", "utf16-bom", "utf16-whitespace"],
)
def test_empty_file_is_refused(tmp_path, data):
    assert error_message(write_bytes(tmp_path, data)) == reader.MSG_EMPTY


def test_csv_with_only_a_header_has_no_rows(tmp_path):
    source, rows = read_all(write_bytes(tmp_path, b"Personnummer;Namn\r\n"))
    assert source.header == ("Personnummer", "Namn")
    assert rows == []


def test_xlsx_with_only_a_header_has_no_rows(tmp_path):
    source, rows = read_all(write_xlsx(tmp_path, [["Personnummer", "Namn"]]))
    assert source.header == ("Personnummer", "Namn")
    assert rows == []


def test_binary_file_is_refused(tmp_path):
    path = write_bytes(tmp_path, b"%PDF-1.7\n\x00\x01\x02binary")
    assert error_message(path) == reader.MSG_NOT_TEXT


def test_utf16_without_bom_is_refused_as_not_text(tmp_path):
    path = write_bytes(tmp_path, "Namn\tÅlder\n".encode("utf-16-le"))
    assert error_message(path) == reader.MSG_NOT_TEXT


def test_damaged_xlsx_is_refused(tmp_path):
    path = write_bytes(tmp_path, b"PK\x03\x04" + b"not really a zip archive" * 10, name="register.xlsx")
    assert error_message(path) == reader.MSG_XLSX_UNREADABLE


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert error_message(path) == reader.MSG_XLSX_UNREADABLE


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_hash_and_size_are_of_the_raw_bytes(tmp_path, kind):
    if kind == "csv":
        path = write_bytes(tmp_path, "Förnamn;Efternamn\r\nÅsa;Öberg\r\n".encode("cp1252"))
    else:
        path = write_xlsx(tmp_path, [["Förnamn"], ["Åsa"]])
    data = path.read_bytes()
    source = inspect_file(str(path))  # a str path is accepted too
    assert source.path == path
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.size == len(data)


def test_hash_covers_a_file_larger_than_one_chunk(tmp_path):
    data = b"Namn\n" + b"Anna\n" * (MEGABYTE // 2)
    source = inspect_file(write_bytes(tmp_path, data))
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.size == len(data) > 2 * MEGABYTE


# --- encoding -----------------------------------------------------------------

SWEDISH_CSV = "Förnamn;Efternamn\r\nÅsa;Öberg\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SWEDISH_CSV.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SWEDISH_CSV.encode("utf-8"), "utf-8-sig"),
        (SWEDISH_CSV.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252"],
)
def test_swedish_letters_survive_every_accepted_encoding(tmp_path, data, encoding):
    source, rows = read_all(write_bytes(tmp_path, data))
    assert source.encoding == encoding
    assert source.header == ("Förnamn", "Efternamn")  # the BOM is not part of the first name
    assert rows == [(2, ["Åsa", "Öberg"])]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_as_excel_unicode_text(tmp_path, codec):
    bom = "\ufeff".encode(codec)
    data = bom + "Förnamn\tEfternamn\r\nÅsa\tÖberg\r\n".encode(codec)
    source, rows = read_all(write_bytes(tmp_path, data))
    assert (source.encoding, source.delimiter) == ("utf-16", "\t")
    assert source.header == ("Förnamn", "Efternamn")
    assert rows == [(2, ["Åsa", "Öberg"])]


def test_utf8_is_recognised_when_the_first_non_ascii_letter_comes_after_a_megabyte(tmp_path):
    filler = b"Anna;Berg\n" * (MEGABYTE // 10 + 10)
    data = b"Namn;Efternamn\n" + filler + "Åsa;Öberg\n".encode()
    assert data.index("Å".encode()) > MEGABYTE
    source, rows = read_all(write_bytes(tmp_path, data))
    assert source.encoding == "utf-8"
    assert rows[-1][1] == ["Åsa", "Öberg"]


def test_windows_1252_is_recognised_when_the_first_non_ascii_letter_comes_after_a_megabyte(tmp_path):
    filler = b"Anna;Berg\n" * (MEGABYTE // 10 + 10)
    data = b"Namn;Efternamn\n" + filler + "Åsa;Öberg\n".encode("cp1252")
    source, rows = read_all(write_bytes(tmp_path, data))
    assert source.encoding == "cp1252"
    assert rows[-1][1] == ["Åsa", "Öberg"]


def test_utf8_letter_split_across_the_chunk_boundary(tmp_path):
    head = b"Namn\n"
    lines, rest = divmod(MEGABYTE - 1 - len(head), 100)
    padding = (b"x" * 99 + b"\n") * lines + b"x" * rest
    data = head + padding + "Å\n".encode()  # the two bytes of Å straddle the first megabyte
    assert data[MEGABYTE - 1 : MEGABYTE + 1] == "Å".encode()
    source, rows = read_all(write_bytes(tmp_path, data))
    assert source.encoding == "utf-8"
    assert rows[-1] == (lines + 2, ["x" * rest + "Å"])


def test_windows_1252_letter_at_the_very_end_of_the_file(tmp_path):
    # An incomplete UTF-8 sequence only shows when the decoder is told the file has ended.
    data = "Namn\nÅså".encode("cp1252")
    source, rows = read_all(write_bytes(tmp_path, data))
    assert source.encoding == "cp1252"
    assert rows == [(2, ["Åså"])]


@pytest.mark.parametrize("undefined", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_bytes_undefined_in_windows_1252_are_refused(tmp_path, undefined):
    data = "Namn\nÅsa".encode("cp1252") + bytes([undefined]) + b"\n"
    message = error_message(write_bytes(tmp_path, data))
    assert message == reader.MSG_ENCODING
    assert "UTF-8" in message
    assert "Windows-1252" in message


def test_mixed_encodings_are_refused_rather_than_garbled(tmp_path):
    data = "Namn\nÅsa\n".encode() + "Öberg\n".encode("cp1252")
    assert error_message(write_bytes(tmp_path, data)) == reader.MSG_MIXED_ENCODING


def test_utf8_bom_with_invalid_utf8_is_refused(tmp_path):
    data = b"\xef\xbb\xbf" + "Namn\nÅsa\n".encode("cp1252")
    assert error_message(write_bytes(tmp_path, data)) == reader.MSG_ENCODING


# --- delimiter and quoting ----------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_is_detected(tmp_path, delimiter):
    data = delimiter.join(["Personnummer", "Förnamn", "Efternamn"]) + "\n"
    data += delimiter.join(["200803152388", "Åsa", "Öberg"]) + "\n"
    source, rows = read_all(write_bytes(tmp_path, data.encode()))
    assert source.delimiter == delimiter
    assert rows == [(2, ["200803152388", "Åsa", "Öberg"])]


def test_delimiters_inside_quotes_are_not_counted(tmp_path):
    data = '"Efternamn, förnamn, tilltalsnamn";Personnummer\n"Öberg, Åsa, Åsa";200803152388\n'
    source, rows = read_all(write_bytes(tmp_path, data.encode()))
    assert source.delimiter == ";"
    assert source.header == ("Efternamn, förnamn, tilltalsnamn", "Personnummer")
    assert rows == [(2, ["Öberg, Åsa, Åsa", "200803152388"])]


def test_most_frequent_delimiter_wins(tmp_path):
    data = "Efternamn, förnamn;Personnummer;Skola\nÖberg, Åsa;200803152388;Risbergska\n"
    source, rows = read_all(write_bytes(tmp_path, data.encode()))
    assert source.delimiter == ";"
    assert rows == [(2, ["Öberg, Åsa", "200803152388", "Risbergska"])]


def test_tie_between_delimiters_goes_to_semicolon(tmp_path):
    source = inspect_file(write_bytes(tmp_path, b"a,b;c\n1,2;3\n"))
    assert source.delimiter == ";"
    assert source.header == ("a,b", "c")


def test_header_without_delimiter_is_a_one_column_file(tmp_path):
    source, rows = read_all(write_bytes(tmp_path, "Personnummer\n200803152388\nÖberg, Åsa\n".encode()))
    assert source.delimiter == ";"
    assert source.header == ("Personnummer",)
    assert rows == [(2, ["200803152388"]), (3, ["Öberg, Åsa"])]


def test_quoted_fields_delimiters_doubled_quotes_and_line_breaks(tmp_path):
    data = (
        "Namn;Adress;Kommentar\r\n"
        '"Öberg; Åsa";"Storgatan 1\r\n702 10 Örebro";"Sa ""hej"""\r\n'
        "Berg;Lillgatan 2;ingen\r\n"
    )
    source, rows = read_all(write_bytes(tmp_path, data.encode()))
    assert rows == [
        (2, ["Öberg; Åsa", "Storgatan 1\r\n702 10 Örebro", 'Sa "hej"']),
        (3, ["Berg", "Lillgatan 2", "ingen"]),  # a record is a row, as in Excel
    ]


def test_space_before_an_opening_quote_is_allowed(tmp_path):
    _, rows = read_all(write_bytes(tmp_path, b'Namn;Ort\nBerg; "Lund; Malm\xc3\xb6"\n'))
    assert rows == [(2, ["Berg", "Lund; Malmö"])]


def test_quote_inside_an_unquoted_field_is_text(tmp_path):
    _, rows = read_all(write_bytes(tmp_path, b'Namn;Kommentar\nBerg;sa "hej"\n'))
    assert rows == [(2, ["Berg", 'sa "hej"'])]


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_line_endings(tmp_path, ending):
    data = ending.join(["Namn;Ort", "Åsa;Örebro", "Bo;Lund"]) + ending
    _, rows = read_all(write_bytes(tmp_path, data.encode()))
    assert rows == [(2, ["Åsa", "Örebro"]), (3, ["Bo", "Lund"])]


def test_last_row_without_line_break(tmp_path):
    _, rows = read_all(write_bytes(tmp_path, b"Namn;Ort\nBo;Lund"))
    assert rows == [(2, ["Bo", "Lund"])]


def test_unterminated_quote_names_the_row(tmp_path):
    data = b'Namn;Ort\nBo;Lund\n"Berg;Lund\nAnna;Lund\n'
    message = error_message(write_bytes(tmp_path, data))
    assert message == reader.MSG_CSV_UNTERMINATED.format(row=3)


def test_unterminated_quote_in_a_large_file_names_the_row(tmp_path):
    data = b'Namn;Ort\nBo;Lund\n"Berg;Lund\n' + b"Anna;Lund\n" * 20_000
    message = error_message(write_bytes(tmp_path, data))
    assert message.startswith("Rad 3 kan inte läsas: ett fält är längre än 131\u00a0072 tecken.")


def test_text_after_a_closing_quote_names_the_row(tmp_path):
    data = b'Namn;Ort\nBo;Lund\nAnna;"Lund"x\n'
    assert error_message(write_bytes(tmp_path, data)) == reader.MSG_CSV_AFTER_QUOTE.format(row=3)


def test_rows_before_a_broken_row_are_yielded(tmp_path):
    source = inspect_file(write_bytes(tmp_path, b'Namn;Ort\nBo;Lund\n"Berg;Lund\n'))
    rows = iter_rows(source)
    assert next(rows) == (2, ["Bo", "Lund"])
    with pytest.raises(RegisterFileError, match="rad 3"):
        next(rows)


def test_file_changed_after_inspection(tmp_path):
    path = write_bytes(tmp_path, b"Namn\nBo\n")
    source = inspect_file(path)
    path.write_bytes("Namn\nÅsa\n".encode("cp1252"))
    with pytest.raises(RegisterFileError, match="ändrats"):
        list(iter_rows(source))


# --- rows ---------------------------------------------------------------------


def test_values_are_stripped(tmp_path):
    data = "Namn;Ort\n  Åsa \t;\u00a0Örebro\u00a0\n".encode()
    _, rows = read_all(write_bytes(tmp_path, data))
    assert rows == [(2, ["Åsa", "Örebro"])]


def test_short_row_is_padded(tmp_path):
    _, rows = read_all(write_bytes(tmp_path, b"a;b;c\n1\n1;2\n"))
    assert rows == [(2, ["1", "", ""]), (3, ["1", "2", ""])]


def test_extra_values_are_appended_for_the_caller_to_report(tmp_path):
    _, rows = read_all(write_bytes(tmp_path, b"a;b\n1;2;3\n1;2;;4;;\n"))
    assert rows == [(2, ["1", "2", "3"]), (3, ["1", "2", "", "4"])]


def test_trailing_empty_values_beyond_the_header_are_dropped(tmp_path):
    # Some systems end every line with the delimiter.
    source, rows = read_all(write_bytes(tmp_path, b"a;b;\n1;2;\n1;2; ;;\n"))
    assert source.header == ("a", "b")
    assert rows == [(2, ["1", "2"]), (3, ["1", "2"])]


def test_empty_rows_are_skipped_but_counted(tmp_path):
    data = b"a;b\n1;2\n\n;\n ; \n;;;\n3;4\n"
    source, rows = read_all(write_bytes(tmp_path, data))
    assert rows == [(2, ["1", "2"]), (7, ["3", "4"])]
    assert count_data_rows(source) == 2


def test_quoted_line_breaks_count_once_in_the_progress_count(tmp_path):
    data = b'a;b\n1;"x\ny\nz"\n\n2;"\n"\n3;4\n'
    source, rows = read_all(write_bytes(tmp_path, data))
    assert [number for number, _ in rows] == [2, 4, 5]
    assert count_data_rows(source) == 3


# --- header -------------------------------------------------------------------


def test_header_names_are_kept_as_written_but_stripped(tmp_path):
    source = inspect_file(write_bytes(tmp_path, " Förnamn ; Folkbokförd datum \n".encode()))
    assert source.header == ("Förnamn", "Folkbokförd datum")


def test_empty_header_cell_is_named_by_position(tmp_path):
    message = error_message(write_bytes(tmp_path, b"a;;c\n1;2;3\n"))
    assert message == "Kolumn 2 i rubrikraden saknar namn."


def test_empty_header_cell_in_xlsx_is_named_by_position_and_letter(tmp_path):
    message = error_message(write_xlsx(tmp_path, [["a", None, "c"], [1, 2, 3]]))
    assert message == "Kolumn 2 (B) i rubrikraden saknar namn."


def test_header_names_that_normalise_alike_are_refused(tmp_path):
    message = error_message(write_bytes(tmp_path, "Personnummer;Förnamn;fornamn\n".encode()))
    assert "”Förnamn” (kolumn 2)" in message
    assert "”fornamn” (kolumn 3)" in message


def test_repeated_header_name_is_refused(tmp_path):
    message = error_message(write_xlsx(tmp_path, [["Namn", "Ort", "Namn"]]))
    assert message == "Kolumnen ”Namn” finns två gånger i rubrikraden (kolumn 1 (A) och kolumn 3 (C))."


def test_blank_first_line_is_not_a_header(tmp_path):
    assert error_message(write_bytes(tmp_path, b"\nNamn;Ort\nBo;Lund\n")) == reader.MSG_HEADER_EMPTY


def test_header_of_only_delimiters_is_not_a_header(tmp_path):
    assert error_message(write_bytes(tmp_path, b";;\nBo;Lund\n")) == reader.MSG_HEADER_EMPTY


def test_header_with_a_line_break_in_quotes(tmp_path):
    source, rows = read_all(write_bytes(tmp_path, b'"Folkbokf\xc3\xb6rd\ndatum";Namn\n2024-01-01;Bo\n'))
    assert source.header == ("Folkbokförd\ndatum", "Namn")
    assert rows == [(2, ["2024-01-01", "Bo"])]


def test_header_that_never_ends_is_refused_without_reading_the_whole_file(tmp_path):
    data = b'"Namn;Ort\n' + b"Bo;Lund\n" * 20_000
    message = error_message(write_bytes(tmp_path, data))
    assert message.startswith("Rubrikraden kan inte läsas: den är längre än 100\u00a0000 tecken.")


# --- normalise_column_name ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Förnamn", "fornamn"),
        (" Folkbokförd datum ", "folkbokford_datum"),
        ("UTFLYTTAD-DATUM", "utflyttad_datum"),
        ("Ärende", "arende"),
        ("Åtgärd", "atgard"),
        ("Café", "cafe"),
        ("Müller", "muller"),
        ("Folkbokförd  -  datum", "folkbokford_datum"),
        ("Utflyttad\u2013datum", "utflyttad_datum"),
        ("folkbokford_datum", "folkbokford_datum"),
        ("Gatuadress\u00a0nr", "gatuadress_nr"),
        ("Grundskole-ÖVERGÅNG", "grundskole_overgang"),
    ],
)
def test_normalise_column_name(name, normalised):
    assert normalise_column_name(name) == normalised


# --- XLSX ---------------------------------------------------------------------


def test_xlsx_cells_become_text(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Personnummer", "Tal", "Datum", "Flagga", "Text"],
            [200803152388, 0.5, datetime(2024, 5, 6, 13, 30), True, "  Åsa  "],
            [200803152388, 2.0, date(2024, 5, 6), False, None],
            [7, 0.1 + 0.2, None, None, "x"],
            [1, 1e-7, None, None, None],
        ],
    )
    source, rows = read_all(path)
    assert source.header == ("Personnummer", "Tal", "Datum", "Flagga", "Text")
    assert rows == [
        (2, ["200803152388", "0.5", "2024-05-06", "1", "Åsa"]),
        (3, ["200803152388", "2", "2024-05-06", "0", ""]),
        (4, ["7", "0.3", "", "", "x"]),
        (5, ["1", "0.0000001", "", "", ""]),
    ]


def test_xlsx_personnummer_stored_as_a_float_stays_whole(tmp_path):
    path = write_xlsx(tmp_path, [["Personnummer"], [200803152388]])
    # Some programs write whole numbers in exponent form; openpyxl then reads a float.
    rewrite_zip_member(path, "xl/worksheets/sheet1.xml", b"<v>200803152388</v>", b"<v>2.00803152388E11</v>")
    _, rows = read_all(path)
    assert rows == [(2, ["200803152388"])]


def test_xlsx_numeric_header_cells_become_text(tmp_path):
    source = inspect_file(write_xlsx(tmp_path, [["Namn", 2024, 2025.0]]))
    assert source.header == ("Namn", "2024", "2025")


def test_xlsx_row_numbers_are_the_sheet_rows(tmp_path):
    path = write_xlsx(
        tmp_path,
        [["Namn", "Ort"], ["Åsa", "Örebro"], [], [None, "  "], ["Bo", "Lund"]],
    )
    source, rows = read_all(path)
    assert rows == [(2, ["Åsa", "Örebro"]), (5, ["Bo", "Lund"])]
    assert count_data_rows(source) == 2


def test_xlsx_trailing_empty_columns_are_ignored(tmp_path):
    path = write_xlsx(tmp_path, [["Namn", "Ort"], ["Åsa", "Örebro"], ["Bo"]])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet["E2"].value = "  "  # whitespace only
    sheet["F3"].number_format = "0.00"  # formatted but empty
    workbook.save(path)
    source, rows = read_all(path)
    assert source.header == ("Namn", "Ort")
    assert rows == [(2, ["Åsa", "Örebro"]), (3, ["Bo", ""])]


def test_xlsx_extra_values_are_appended(tmp_path):
    _, rows = read_all(write_xlsx(tmp_path, [["Namn", "Ort"], ["Åsa", "Örebro", None, "extra"]]))
    assert rows == [(2, ["Åsa", "Örebro", "", "extra"])]


def test_xlsx_trailing_empty_header_cells_are_dropped(tmp_path):
    path = write_xlsx(tmp_path, [["Namn", "Ort", None, "  "], ["Åsa", "Örebro"]])
    source, rows = read_all(path)
    assert source.header == ("Namn", "Ort")
    assert rows == [(2, ["Åsa", "Örebro"])]


def test_xlsx_header_must_be_in_row_1(tmp_path):
    path = write_xlsx(tmp_path, [[], ["Namn", "Ort"], ["Åsa", "Örebro"]])
    assert error_message(path) == reader.MSG_HEADER_EMPTY


def test_xlsx_empty_sheet_is_refused(tmp_path):
    assert error_message(write_xlsx(tmp_path, [])) == reader.MSG_XLSX_SHEET_EMPTY


def test_xlsx_first_sheet_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Namn"])
    workbook.active.append(["Åsa"])
    other = workbook.create_sheet("Andra")
    other.append(["Annat"])
    other.append(["Bo"])
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    source, rows = read_all(path)
    assert source.header == ("Namn",)
    assert rows == [(2, ["Åsa"])]


def test_xlsx_with_a_wrong_stored_dimension_is_read_to_the_end(tmp_path):
    path = write_xlsx(tmp_path, [["Namn"], ["Åsa"], ["Bo"]])
    # A program that writes a too small dimension would cut read-only mode short.
    rewrite_zip_member(path, "xl/worksheets/sheet1.xml", b'<dimension ref="A1:A3"', b'<dimension ref="A1:A1"')
    _, rows = read_all(path)
    assert rows == [(2, ["Åsa"]), (3, ["Bo"])]


def test_xlsx_workbook_is_closed_when_iteration_is_abandoned(tmp_path, monkeypatch):
    opened = []

    def spy(*args, **kwargs):
        workbook = openpyxl.load_workbook(*args, **kwargs)
        opened.append((workbook, args[0]))
        return workbook

    monkeypatch.setattr(reader, "load_workbook", spy)
    source = inspect_file(write_xlsx(tmp_path, [["Namn"], ["Åsa"], ["Bo"], ["Cecilia"]]))
    rows = iter_rows(source)
    assert next(rows) == (2, ["Åsa"])
    rows.close()
    # One workbook for the header, one for the rows; both closed.
    assert len(opened) == 2
    assert all(workbook._archive.fp is None and raw.closed for workbook, raw in opened)


def test_xlsx_workbook_is_closed_when_iteration_ends(tmp_path, monkeypatch):
    opened = []

    def spy(*args, **kwargs):
        workbook = openpyxl.load_workbook(*args, **kwargs)
        opened.append((workbook, args[0]))
        return workbook

    monkeypatch.setattr(reader, "load_workbook", spy)
    read_all(write_xlsx(tmp_path, [["Namn"], ["Åsa"]]))
    assert len(opened) == 3  # header, rows, count
    assert all(workbook._archive.fp is None and raw.closed for workbook, raw in opened)


# --- streaming ----------------------------------------------------------------


def write_large_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Personnummer", "Förnamn", "Efternamn", "Skola", "Kommentar"])
        for number in range(rows):
            comment = "rad ett\nrad två" if number % 1000 == 0 else ""
            writer.writerow([f"2008{number:08d}", "Åsa", "Öberg", "Risbergska skolan", comment])


def test_large_csv_is_streamed(tmp_path):
    path = tmp_path / "large.csv"
    write_large_csv(path, 50_000)
    source = inspect_file(path)

    rows = iter_rows(source)
    assert inspect.isgenerator(rows)
    assert next(rows) == (2, ["200800000000", "Åsa", "Öberg", "Risbergska skolan", "rad ett\nrad två"])

    # Consuming every row must not hold them: peak memory stays far below the
    # size of the file, let alone of the parsed rows (tens of megabytes).
    tracemalloc.start()
    try:
        last = deque(rows, maxlen=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert last[0] == (50_001, ["200800049999", "Åsa", "Öberg", "Risbergska skolan", ""])
    assert peak < source.size / 4

    assert count_data_rows(source) == 50_000
    assert sum(1 for _ in iter_rows(source)) == 50_000


def test_nothing_is_read_before_the_first_row_is_asked_for(tmp_path):
    path = write_bytes(tmp_path, b"Namn\nBo\n")
    source = inspect_file(path)
    rows = iter_rows(source)
    path.unlink()  # a generator that read up front would already have the rows
    with pytest.raises(FileNotFoundError):
        next(rows)

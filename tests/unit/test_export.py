"""Every CSV and XLSX file Fotfäste writes goes through fotfaste.core.export.

The contract (OWASP "CSV injection"): a cell beginning with `=`, `+`, `-` or `@` – or a TAB or a
carriage return – is prefixed with `'` so that a spreadsheet does not run it as a formula, the same
for every CSV and XLSX file. The last tests search the source for the defect class: a CSV or XLSX
writer anywhere but in the export module fails them, so a new export cannot forget the rule.
"""

import ast
import csv
import io
from pathlib import Path

import pytest

from fotfaste.core import export
from fotfaste.core.export import csv_lines, csv_writer, logged_batches, spreadsheet_safe

SOURCE = Path(export.__file__).resolve().parents[1]  # fotfaste/
EXPORT_MODULE = Path(export.__file__).resolve()


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://example.com/?x";"klicka")',
        "=1+2",
        "+46701234567",
        "-3",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1+2",
        "\r=1+2",
    ],
)
def test_a_formula_start_is_prefixed_with_an_apostrophe(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    [
        "20080315-2388",
        "200803152388",
        "2026-03-16",
        "2026-11-23T14:05:09+01:00",
        "Åsa",
        "Storgatan 1",
        "",
        "a=b",
        "1-2",
        "'=redan skyddad",
        " =1",  # a leading space is shown as text by Excel and LibreOffice alike
    ],
)
def test_anything_else_is_unchanged(cell):
    assert spreadsheet_safe(cell) == cell


def test_non_text_cells_are_written_as_text():
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe(12) == "12"
    assert spreadsheet_safe(-3) == "'-3"


def test_the_writer_guards_every_cell_and_still_quotes():
    out = io.StringIO()
    csv_writer(out).writerow(["=1+2", "Åsa", 'a;"b"', "-3", None])
    assert out.getvalue() == '\'=1+2;Åsa;"a;""b""";\'-3;\r\n'
    # A spreadsheet reading the line back gets one cell per value, none a formula.
    assert next(csv.reader(io.StringIO(out.getvalue()), delimiter=";")) == ["'=1+2", "Åsa", 'a;"b"', "'-3", ""]


def test_csv_lines_is_lazy_and_safe():
    consumed = []

    def rows():
        for i in range(3):
            consumed.append(i)
            yield ["=x", i]

    lines = csv_lines(rows(), lineterminator="\n")
    assert next(lines) == "'=x;0\n"
    assert consumed == [0]


def test_logged_batches_logs_each_batch_before_its_first_item():
    events = []
    items = logged_batches(range(5), lambda batch: events.append(("logged", list(batch))), size=2)
    for item in items:
        events.append(("sent", item))
        # Whatever has been sent is already logged.
        logged = {i for kind, batch in events if kind == "logged" for i in batch}
        assert {i for kind, i in events if kind == "sent"} <= logged
    assert events == [
        ("logged", [0, 1]),
        ("sent", 0),
        ("sent", 1),
        ("logged", [2, 3]),
        ("sent", 2),
        ("sent", 3),
        ("logged", [4]),
        ("sent", 4),
    ]


def test_a_client_that_stops_early_is_logged_for_one_batch_at_most():
    logged = []
    items = logged_batches(range(10), logged.extend, size=3)
    assert next(items) == 0
    assert logged == [0, 1, 2]


def test_a_streamed_download_closes_its_rows_when_the_client_goes_away(db):
    closed = []

    def rows():
        try:
            yield ["a"]
            yield ["b"]
        finally:
            closed.append(True)  # where a database cursor is closed

    response = export.streamed_csv_response(rows(), "x.csv")
    stream = iter(response)
    assert next(stream) == export.BOM.encode()
    assert next(stream) == b"a\r\n"
    response.close()  # what the WSGI server does when the client disconnects
    assert closed == [True]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


# The defect class: a CSV or XLSX writer outside the export module.

WRITER_ATTRIBUTES = {"csv": {"writer", "DictWriter"}}
WRITING_MODULES = ("openpyxl.writer", "openpyxl.worksheet._write_only", "xlsxwriter", "pandas")


def writers_in(source: str) -> list[str]:
    """Where `source` writes CSV or XLSX itself, as 'line N: what'."""
    tree = ast.parse(source)
    found: list[str] = []
    aliases: dict[str, str] = {}  # local name -> "module" or "module.attribute"
    imports_openpyxl = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = alias.name
                imports_openpyxl |= alias.name.startswith("openpyxl")
                if alias.name.startswith(WRITING_MODULES):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            imports_openpyxl |= node.module.startswith("openpyxl")
            if node.module.startswith(WRITING_MODULES):
                found.append(f"line {node.lineno}: from {node.module} import …")
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                if node.module == "csv" and alias.name in WRITER_ATTRIBUTES["csv"]:
                    found.append(f"line {node.lineno}: from csv import {alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id, "")
            if node.attr in WRITER_ATTRIBUTES.get(module, ()):
                found.append(f"line {node.lineno}: {module}.{node.attr}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        qualified = aliases.get(name, "") if isinstance(func, ast.Name) else ""
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            qualified = f"{aliases.get(func.value.id, func.value.id)}.{func.attr}"
        if qualified.startswith("openpyxl") and name == "Workbook":
            found.append(f"line {node.lineno}: a new openpyxl Workbook")
        if imports_openpyxl and name in {"save", "save_workbook", "save_virtual_workbook"}:
            found.append(f"line {node.lineno}: a workbook saved")
        if name in {"to_csv", "to_excel"}:
            found.append(f"line {node.lineno}: {name}")
        for keyword in node.keywords:
            value = keyword.value
            if (
                keyword.arg == "content_type"
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and ("text/csv" in value.value or "spreadsheetml" in value.value)
            ):
                found.append(f"line {node.lineno}: a CSV or XLSX response built by hand")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(f)",
        "import csv as c\nw = c.DictWriter(f, fieldnames=['a'])",
        "from csv import writer\n",
        "from csv import DictWriter as D\n",
        "from openpyxl import Workbook\nwb = Workbook()",
        "import openpyxl\nwb = openpyxl.Workbook(write_only=True)",
        "from openpyxl import load_workbook\nwb = load_workbook(f)\nwb.save('x.xlsx')",
        "import xlsxwriter\n",
        "frame.to_csv('x.csv')",
        "HttpResponse(text, content_type='text/csv; charset=utf-8')",
        "StreamingHttpResponse(lines, content_type='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')",
    ],
)
def test_the_search_finds_a_writer(source):
    assert writers_in(source), source


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nrows = csv.reader(f, delimiter=';')",
        "import csv\nfor row in csv.DictReader(f): pass",
        "from openpyxl import load_workbook\nfrom openpyxl.workbook.workbook import Workbook\n"
        "def open_(raw) -> Workbook:\n    return load_workbook(raw, read_only=True)",
        "from fotfaste.core.export import csv_writer\nw = csv_writer(f)",
        "forms.ClearableFileInput(attrs={'accept': '.csv,text/csv'})",
    ],
)
def test_the_search_leaves_readers_alone(source):
    assert writers_in(source) == []


def test_no_csv_or_xlsx_is_written_outside_the_export_module():
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.resolve() == EXPORT_MODULE or "migrations" in path.parts:
            continue
        for where in writers_in(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(SOURCE.parent)} {where}")
    assert offenders == [], "Write CSV and XLSX through fotfaste.core.export:\n" + "\n".join(offenders)

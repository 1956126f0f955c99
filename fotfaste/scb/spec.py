"""A version of what SCB asks for, as configuration: the file's format, its columns in order, the
records made from the basis, the code lists that map Fotfäste's categories to SCB's codes, and which
logic checks apply. SCB publishes new instructions and code lists each half-year; an administrator
edits or imports a version (docs/scb.md says how to check one against SCB's documents) and no code
changes.

A version is JSON with Swedish keys (the administrator reads it):

- ``fil``: ``filnamn`` (with ``{kommunkod}`` and ``{halvar}``), ``avgransare``, ``teckenkodning``,
  ``rubrikrad`` (true/false), ``datumformat`` (``AAAA-MM-DD`` or ``AAAAMMDD``), ``ja_nej`` (the two
  values written for yes and no).
- ``kolumner``: the file's columns in order, each ``{"namn", "beskrivning"}``.
- ``poster``: the records, each ``{"posttyp", "namn", "underlag", "villkor", "varden", "obligatoriska"}``:
  one record per row of the basis table ``underlag`` (registrerade, kontakter, atgarder) for which the
  basis field named by ``villkor`` (if any) is filled; ``varden`` gives each column its value,
  ``"konstant:X"`` or a basis field with an optional format, ``"falt"``, ``"falt|datum"``,
  ``"falt|kod:LISTA"``, ``"falt|ja_nej"``; columns not named stay empty.
- ``kodlistor``: ``{"LISTA": {"fotfästes värde": "SCB:s kod"}}``.
- ``kontroller``: the logic checks by code (``checks.CATALOGUE``), each ``{"kod", "aktiv"}``.

Pure: no database. `parse` gives every error with where it is, in Swedish.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from .halfyear import BadHalfYear, HalfYear

TABLES = {
    "registrerade": (
        "personnummer",
        "kommunkod",
        "registrerad_fran",
        "registreringsorsak",
        "registrerad_till",
        "avregistreringsorsak",
    ),
    "kontakter": ("personnummer", "kommunkod", "datum", "sysselsattning"),
    "atgarder": ("personnummer", "kommunkod", "atgard", "ansvarig", "start", "slut", "avbojd"),
}
DATE_FIELDS = frozenset({"registrerad_fran", "registrerad_till", "datum", "start", "slut"})
DATE_FORMATS = {"AAAA-MM-DD": "%Y-%m-%d", "AAAAMMDD": "%Y%m%d"}
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "iso-8859-1")
# The code lists a version must give: the categories of Fotfäste that SCB codes.
CODE_LISTS = ("registreringsorsak", "avregistreringsorsak", "sysselsattning", "atgard", "ansvarig")


class SpecError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Value:
    constant: str | None = None
    field: str = ""
    fmt: str = ""  # "", "datum", "ja_nej", or "kod"
    code_list: str = ""


@dataclass(frozen=True)
class Record:
    kind: str  # posttyp
    name: str
    table: str
    condition: str  # a basis field that must be filled, or ""
    values: tuple[tuple[str, Value], ...]
    required: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    version: str
    applies_from: HalfYear
    checked: bool  # checked against SCB's documents for this half-year
    description: str
    sources: tuple[str, ...]
    filename: str
    delimiter: str
    encoding: str
    header: bool
    date_format: str
    yes_no: tuple[str, str]
    columns: tuple[str, ...]
    records: tuple[Record, ...]
    code_lists: Mapping[str, Mapping[str, str]]
    checks: frozenset[str]
    raw: Mapping[str, Any]

    def file_name(self, municipality: str, half: HalfYear) -> str:
        return self.filename.replace("{kommunkod}", municipality).replace("{halvar}", str(half))

    def code(self, code_list: str, value: str) -> str | None:
        return self.code_lists.get(code_list, {}).get(value)


def loads(text: str) -> Spec:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(
            [
                _("Filen är inte giltig JSON: rad %(rad)d, kolumn %(kol)d: %(fel)s")
                % {"rad": exc.lineno, "kol": exc.colno, "fel": exc.msg}
            ]
        ) from None
    return parse(data)


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def parse(data: Any) -> Spec:
    """A version from its JSON data, or SpecError with every problem and where it is."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise SpecError(
            [
                _(
                    "Versionen ska vara ett JSON-objekt med nycklarna version, galler_fran, fil, kolumner, poster, kodlistor och kontroller."
                )
            ]
        )

    def need(obj: dict, key: str, kind: type, where: str):
        value = obj.get(key)
        if not isinstance(value, kind) or (kind is str and not value.strip()):
            errors.append(_("%(var)s: ”%(nyckel)s” saknas eller har fel typ.") % {"var": where, "nyckel": key})
            return None
        return value

    version = need(data, "version", str, _("Versionen")) or ""
    applies_from = None
    raw_from = need(data, "galler_fran", str, _("Versionen"))
    if raw_from:
        try:
            applies_from = HalfYear.parse(raw_from)
        except BadHalfYear as exc:
            errors.append(_("galler_fran: %(fel)s") % {"fel": exc})
    file = need(data, "fil", dict, _("Versionen")) or {}
    filename = need(file, "filnamn", str, "fil") or ""
    delimiter = need(file, "avgransare", str, "fil") or ";"
    if len(delimiter) != 1:
        errors.append(_("fil.avgransare: ska vara ett enda tecken."))
    encoding = need(file, "teckenkodning", str, "fil") or "utf-8"
    if encoding not in ENCODINGS:
        errors.append(
            _("fil.teckenkodning: ”%(v)s” stöds inte; välj en av %(val)s.")
            % {"v": encoding, "val": ", ".join(ENCODINGS)}
        )
    header = file.get("rubrikrad", True)
    if not isinstance(header, bool):
        errors.append(_("fil.rubrikrad: ska vara true eller false."))
    date_format = need(file, "datumformat", str, "fil") or "AAAA-MM-DD"
    if date_format not in DATE_FORMATS:
        errors.append(_("fil.datumformat: ”%(v)s” stöds inte; välj AAAA-MM-DD eller AAAAMMDD.") % {"v": date_format})
    yes_no = file.get("ja_nej", ["ja", "nej"])
    if not (isinstance(yes_no, list) and len(yes_no) == 2 and all(isinstance(v, str) for v in yes_no)):
        errors.append(_("fil.ja_nej: ska vara en lista med två värden, för ja och för nej."))
        yes_no = ["ja", "nej"]

    columns: list[str] = []
    for i, column in enumerate(need(data, "kolumner", list, _("Versionen")) or [], start=1):
        name = column.get("namn") if isinstance(column, dict) else None
        if not isinstance(name, str) or not name.strip():
            errors.append(_("kolumner, nr %(n)d: ”namn” saknas.") % {"n": i})
        elif name in columns:
            errors.append(_("kolumner, nr %(n)d: kolumnen ”%(namn)s” finns redan.") % {"n": i, "namn": name})
        else:
            columns.append(name)

    code_lists: dict[str, dict[str, str]] = {}
    for name, mapping in (need(data, "kodlistor", dict, _("Versionen")) or {}).items():
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            errors.append(
                _("kodlistor.%(lista)s: ska vara ett objekt från Fotfästes värden till SCB:s koder (text).")
                % {"lista": name}
            )
            continue
        code_lists[name] = dict(mapping)

    records: list[Record] = []
    for i, raw in enumerate(need(data, "poster", list, _("Versionen")) or [], start=1):
        where = _("poster, nr %(n)d") % {"n": i}
        if not isinstance(raw, dict):
            errors.append(_("%(var)s: ska vara ett objekt.") % {"var": where})
            continue
        kind = need(raw, "posttyp", str, where) or ""
        table = need(raw, "underlag", str, where) or ""
        if table and table not in TABLES:
            errors.append(
                _("%(var)s: underlaget ”%(v)s” finns inte; välj %(val)s.")
                % {"var": where, "v": table, "val": ", ".join(TABLES)}
            )
            table = ""
        fields = TABLES.get(table, ())
        condition = raw.get("villkor") or ""
        if condition and fields and condition not in fields:
            errors.append(
                _("%(var)s: villkoret ”%(v)s” är inget fält i %(t)s.") % {"var": where, "v": condition, "t": table}
            )
        values = []
        for column, expression in (need(raw, "varden", dict, where) or {}).items():
            if column not in columns:
                errors.append(_("%(var)s: kolumnen ”%(k)s” finns inte bland kolumnerna.") % {"var": where, "k": column})
                continue
            value, problem = _value(expression, fields, code_lists)
            if problem:
                errors.append(_("%(var)s, kolumn ”%(k)s”: %(fel)s") % {"var": where, "k": column, "fel": problem})
            else:
                values.append((column, value))
        required = raw.get("obligatoriska", [])
        if not isinstance(required, list) or any(c not in columns for c in required):
            errors.append(_("%(var)s: ”obligatoriska” ska lista kolumner som finns.") % {"var": where})
            required = []
        records.append(Record(kind, str(raw.get("namn", "")), table, condition, tuple(values), tuple(required)))

    from .checks import CATALOGUE  # the checks' logic is code; which apply is this version's choice

    checks = set()
    for i, raw in enumerate(need(data, "kontroller", list, _("Versionen")) or [], start=1):
        code = raw.get("kod") if isinstance(raw, dict) else None
        if code not in CATALOGUE:
            errors.append(
                _("kontroller, nr %(n)d: kontrollen ”%(v)s” finns inte; välj bland %(val)s.")
                % {"n": i, "v": code, "val": ", ".join(CATALOGUE)}
            )
        elif raw.get("aktiv", True):
            checks.add(code)
    if errors:
        raise SpecError(errors)
    return Spec(
        version=version,
        applies_from=applies_from,
        checked=bool(data.get("kontrollerad", False)),
        description=str(data.get("beskrivning", "")),
        sources=tuple(str(s) for s in data.get("kallor", [])),
        filename=filename,
        delimiter=delimiter,
        encoding=encoding,
        header=header,
        date_format=date_format,
        yes_no=(yes_no[0], yes_no[1]),
        columns=tuple(columns),
        records=tuple(records),
        code_lists=code_lists,
        checks=frozenset(checks),
        raw=data,
    )


def _value(expression: Any, fields: Iterable[str], code_lists: Mapping[str, Any]) -> tuple[Value | None, str]:
    if not isinstance(expression, str) or not expression:
        return None, _("värdet ska vara text.")
    if expression.startswith("konstant:"):
        return Value(constant=expression.removeprefix("konstant:")), ""
    field, _sep, fmt = expression.partition("|")
    if field not in fields:
        return None, _("fältet ”%(v)s” finns inte i underlaget; välj %(val)s.") % {"v": field, "val": ", ".join(fields)}
    if not fmt:
        return Value(field=field), ""
    if fmt == "datum":
        if field not in DATE_FIELDS:
            return None, _("”%(v)s” är inget datum.") % {"v": field}
        return Value(field=field, fmt="datum"), ""
    if fmt == "ja_nej":
        return Value(field=field, fmt="ja_nej"), ""
    if fmt.startswith("kod:"):
        name = fmt.removeprefix("kod:")
        if name not in code_lists:
            return None, _("kodlistan ”%(v)s” finns inte under kodlistor.") % {"v": name}
        return Value(field=field, fmt="kod", code_list=name), ""
    return None, _("formatet ”%(v)s” finns inte; använd datum, ja_nej eller kod:LISTA.") % {"v": fmt}


@dataclass(frozen=True)
class Cell:
    """A record's value for a column, or why it has none (an unmapped code)."""

    text: str
    unmapped: tuple[str, str] | None = None  # (code list, Fotfäste's value)


def render_value(spec: Spec, value: Value, row: Mapping[str, str]) -> Cell:
    if value.constant is not None:
        return Cell(value.constant)
    raw = row.get(value.field, "")
    if raw == "":
        return Cell("")
    if value.fmt == "datum":
        return Cell(date.fromisoformat(raw).strftime(DATE_FORMATS[spec.date_format]))
    if value.fmt == "ja_nej":
        return Cell(spec.yes_no[0] if raw == "ja" else spec.yes_no[1])
    if value.fmt == "kod":
        code = spec.code(value.code_list, raw)
        return Cell("", (value.code_list, raw)) if code is None else Cell(code)
    return Cell(raw)


def records_for(spec: Spec, table: str, row: Mapping[str, str]) -> Iterator[tuple[Record, dict[str, Cell]]]:
    """The records of the file that one basis row makes, each with its cells by column."""
    for record in spec.records:
        if record.table != table or (record.condition and not row.get(record.condition)):
            continue
        yield record, {column: render_value(spec, value, row) for column, value in record.values}

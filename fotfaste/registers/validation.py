"""Checking one row of a register file and turning it into a staged record: pure functions.

A parser is made once per file (column positions resolved up front) and then
called for every row, so the per-row work is only what the row needs. Problems
name the row, the file's own column name and what is wrong, in Swedish.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from django.utils.translation import gettext as _

from fotfaste.people.identity import (
    COORDINATION_NUMBER,
    INTERIM_NUMBER,
    PERSONAL_IDENTITY_NUMBER,
    IdentityNumberError,
    parse_identity_number,
)
from fotfaste.people.models import make_sort_name

from .columns import CERTIFICATES, COLUMNS, EMPLOYMENT_SERVICE, ENROLMENTS, POPULATION
from .reader import normalise_column_name

ERROR = "fel"
NOTICE = "meddelande"

PROTECTION_VALUES = {
    "": "",
    "sekretessmarkering": "sekretessmarkering",
    "skyddad_folkbokforing": "skyddad_folkbokforing",
}
BACKGROUND_VALUES = {"", "svensk", "utlandsk_fodd_i_sverige", "fodd_utomlands"}
SCHOOL_FORMS = {"GR", "GRAN", "GY", "GYAN", "KOMVUX", "FHSK", "UTL", "MOTSV"}
END_CAUSES = {"", "avbrott", "fullfoljd", "flytt", "byte"}
CERTIFICATE_KINDS = {"grundskola", "gymnasieexamen", "studiebevis", "anpassad_gymnasieskolebevis", "motsvarande"}
# The former name of anpassad_gymnasieskolebevis, still written by older systems.
CERTIFICATE_ALIASES = {"gymnasiesarskolebevis": "anpassad_gymnasieskolebevis"}

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str
    severity: str = ERROR


@dataclass(frozen=True)
class FileContext:
    municipality: str  # the municipality the file is read for
    as_of: date  # the extract date; also decides the century of 10-digit personnummer
    municipality_codes: Collection[str]  # every valid kommunkod


Parser = Callable[[int, list[str]], tuple[tuple | None, list[Problem]]]


class InvalidValue(ValueError):
    """A value is wrong; the message is a Swedish sentence about it."""


def row_hash(*values: object) -> str:
    """A short fingerprint of a row's values: equal fingerprints mean nothing changed.

    repr() of the tuple (strings quoted, dates as date(…)) keeps values apart without a separator.
    """
    return hashlib.blake2b(repr(values).encode(), digest_size=8).hexdigest()


def parse_date(value: str) -> date:
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        parts = value[:4], value[5:7], value[8:]
    elif len(value) == 8 and value.isdigit():
        parts = value[:4], value[4:6], value[6:]
    else:
        raise InvalidValue(_("Ogiltigt datum ”%(v)s”: skriv ÅÅÅÅ-MM-DD (eller ÅÅÅÅMMDD).") % {"v": value})
    if not all(p.isdigit() for p in parts):
        raise InvalidValue(_("Ogiltigt datum ”%(v)s”: skriv ÅÅÅÅ-MM-DD (eller ÅÅÅÅMMDD).") % {"v": value})
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InvalidValue(_("Datumet ”%(v)s” finns inte.") % {"v": value}) from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidValue(_("Datumet ”%(v)s” är inte rimligt.") % {"v": value})
    return day


@dataclass(frozen=True)
class Identity:
    number: str
    kind: str
    birth_date: date
    sex: str


# Luhn: the digits in odd places from the left of the ten-digit form are doubled (and their digits summed).
_DOUBLED = {str(d): (2 * d) % 9 if d != 9 else 9 for d in range(10)}
_PLAIN = {str(d): d for d in range(10)}


def fast_identity(value: str) -> Identity | None:
    """The common case, twelve digits already, checked without the general parser; None means: use it."""
    if len(value) != 12 or not (value.isascii() and value.isdigit()) or value[:2] not in ("19", "20"):
        return None
    if value[8:11] == "000":
        return None
    d, p = _DOUBLED, _PLAIN
    v = value
    if (d[v[2]] + p[v[3]] + d[v[4]] + p[v[5]] + d[v[6]] + p[v[7]] + d[v[8]] + p[v[9]] + d[v[10]] + p[v[11]]) % 10:
        return None
    day = int(value[6:8])
    coordination = day > 60
    try:
        birth = date(int(value[:4]), int(value[4:6]), day - 60 if coordination else day)
    except ValueError:
        return None
    return Identity(
        value,
        COORDINATION_NUMBER if coordination else PERSONAL_IDENTITY_NUMBER,
        birth,
        "kvinna" if int(value[10]) % 2 == 0 else "man",
    )


def parse_personnummer(value: str, on: date):
    """The identity number, 12 digits; a 9-digit number lost its leading zero in a spreadsheet."""
    fast = fast_identity(value)
    if fast is not None:
        return fast
    if value.isdigit() and len(value) == 9:
        value = "0" + value
    try:
        ident = parse_identity_number(value, on=on)
    except IdentityNumberError as exc:
        raise InvalidValue(_("Ogiltigt personnummer ”%(v)s”: %(fel)s") % {"v": value, "fel": exc}) from None
    if ident.kind == INTERIM_NUMBER:
        raise InvalidValue(
            _(
                "”%(v)s” är ett reservnummer, som inte kan kopplas till folkbokföringen. Ange personnummer eller samordningsnummer."
            )
            % {"v": value}
        )
    return ident


class RowReader:
    """Reads one row's values by canonical column name and collects its problems."""

    def __init__(self, kind: str, header: tuple[str, ...], columns: dict[str, str]):
        self.width = len(header)
        self.positions = {name: header.index(file_column) for name, file_column in columns.items()}
        self.file_column = dict(columns)
        self.labels = {c.name: c.label for c in COLUMNS[kind]}
        self.row = 0
        self.values: list[str] = []
        self.problems: list[Problem] = []

    def start(self, row: int, values: list[str]) -> None:
        self.row = row
        self.values = values
        self.problems = []
        if len(values) > self.width and any(values[self.width :]):
            self.problems.append(
                Problem(
                    row,
                    "",
                    _("Raden har fler värden (%(antal)d) än rubrikraden har kolumner (%(kolumner)d).")
                    % {"antal": len(values), "kolumner": self.width},
                )
            )

    def value(self, name: str) -> str:
        position = self.positions.get(name)
        # The reader pads every row to the header's width.
        return "" if position is None else self.values[position]

    def problem(self, name: str, message: str, severity: str = ERROR) -> None:
        self.problems.append(Problem(self.row, self.file_column.get(name, name), message, severity))

    def required(self, name: str, max_length: int | None = None) -> str:
        value = self.value(name)
        if not value:
            self.problem(name, _("%(falt)s saknas.") % {"falt": self.labels[name]})
        elif max_length and len(value) > max_length:
            self.problem(name, _("Värdet är för långt (högst %(max)d tecken).") % {"max": max_length})
        return value

    def optional(self, name: str, max_length: int) -> str:
        value = self.value(name)
        if len(value) > max_length:
            self.problem(name, _("Värdet är för långt (högst %(max)d tecken).") % {"max": max_length})
        return value

    def personnummer(self, on: date):
        value = self.value("personnummer")
        if not value:
            self.problem("personnummer", _("Personnummer saknas."))
            return None
        try:
            return parse_personnummer(value, on)
        except InvalidValue as exc:
            self.problem("personnummer", str(exc))
            return None

    def date(self, name: str, *, required: bool = False, not_before: date | None = None) -> date | None:
        value = self.value(name)
        if not value:
            if required:
                self.problem(name, _("%(falt)s saknas.") % {"falt": self.labels[name]})
            return None
        try:
            day = parse_date(value)
        except InvalidValue as exc:
            self.problem(name, str(exc))
            return None
        if not_before and day < not_before:
            self.problem(
                name,
                _("Datumet %(datum)s ligger före personens födelsedatum %(fodd)s.")
                % {"datum": day.isoformat(), "fodd": not_before.isoformat()},
            )
        return day

    def code(self, name: str, allowed: Collection[str], aliases: dict[str, str] | None = None) -> str:
        """A value from a code list, compared without case or accents ('Fullföljd' = 'fullfoljd')."""
        raw = self.value(name)
        code = raw if raw in allowed else normalise_column_name(raw)
        if aliases:
            code = aliases.get(code, code)
        if code not in allowed:
            choices = ", ".join(sorted(c for c in allowed if c))
            self.problem(
                name,
                _("Okänt värde ”%(v)s” för %(falt)s. Tillåtna värden: %(val)s%(tomt)s.")
                % {
                    "v": raw,
                    "falt": self.labels[name].lower(),
                    "val": choices,
                    "tomt": _(" eller tomt") if "" in allowed else "",
                },
            )
        return code


def population_parser(header: tuple[str, ...], columns: dict[str, str], ctx: FileContext) -> Parser:
    """Most rows of a population file are plain: those take a short path; any other row, the full checks."""
    fast, full = plain_population_row(header, columns, ctx), checked_population_row(header, columns, ctx)

    def parse(row: int, values: list[str]):
        record = fast(row, values)
        return (record, []) if record is not None else full(row, values)

    return parse


def plain_population_row(header: tuple[str, ...], columns: dict[str, str], ctx: FileContext):
    """The record of a row that passes every check of checked_population_row, or None: check it fully.

    None promises nothing about the row; a record must be exactly what the full checks make
    of it (tests/unit/test_population_fast_path.py compares the two on generated rows).
    """
    width = len(header)
    # In docs/register-formats.md's order, which the unpacking below follows.
    names = [c.name for c in COLUMNS[POPULATION]]
    # A column the file lacks reads as the empty value appended after the row's own.
    positions = [header.index(columns[n]) if n in columns else width for n in names]
    pick = itemgetter(*positions)
    municipality = ctx.municipality
    known = municipality in ctx.municipality_codes

    def parse(row: int, values: list[str]) -> tuple | None:
        if len(values) != width or not known:
            return None
        values.append("")
        number, first, last, street, postal_code, town, code, protection, *dates, background = pick(values)
        values.pop()
        ident = fast_identity(number)
        if (
            ident is None
            or code != municipality
            or not (0 < len(first) <= 100 and 0 < len(last) <= 100 and len(street) <= 200 and len(town) <= 100)
            or (postal_code and not (len(postal_code) == 5 and postal_code.isdigit()))
            or protection not in PROTECTION_VALUES
            or background not in BACKGROUND_VALUES
        ):
            return None
        birth = ident.birth_date
        registered = immigrated = moved_out = died = None
        if any(dates):
            try:
                registered, immigrated, moved_out, died = (parse_date(d) if d else None for d in dates)
            except InvalidValue:
                return None
            if any(d is not None and d < birth for d in (registered, immigrated, moved_out, died)):
                return None
            if registered and moved_out and moved_out <= registered:
                return None
        return population_record(
            row,
            ident,
            first,
            last,
            street,
            postal_code,
            town,
            code,
            protection,
            background,
            registered,
            immigrated,
            moved_out,
            died,
        )

    return parse


def checked_population_row(header: tuple[str, ...], columns: dict[str, str], ctx: FileContext) -> Parser:
    r = RowReader(POPULATION, header, columns)
    codes = frozenset(ctx.municipality_codes)

    def parse(row: int, values: list[str]):
        r.start(row, values)
        ident = r.personnummer(ctx.as_of)
        birth = ident.birth_date if ident else None
        first = r.required("fornamn", 100)
        last = r.required("efternamn", 100)
        street = r.optional("utdelningsadress", 200)
        postal_code = r.value("postnummer").replace(" ", "")
        if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
            r.problem("postnummer", _("Postnumret ”%(v)s” ska ha fem siffror.") % {"v": r.value("postnummer")})
        town = r.optional("postort", 100)
        municipality = r.value("kommunkod")
        raw_protection = r.value("skyddad")
        protection = PROTECTION_VALUES.get(raw_protection)
        if protection is None:
            protection = PROTECTION_VALUES.get(normalise_column_name(raw_protection))
        if protection is None:
            r.problem(
                "skyddad",
                _(
                    "Okänt värde ”%(v)s” för skyddad identitet. Tillåtna värden: sekretessmarkering, skyddad_folkbokforing eller tomt."
                )
                % {"v": r.value("skyddad")},
            )
        registered = r.date("folkbokford_datum", not_before=birth)
        immigrated = r.date("invandrad_datum", not_before=birth)
        moved_out = r.date("utflyttad_datum", not_before=birth)
        died = r.date("avliden_datum", not_before=birth)
        background = r.code("bakgrund", BACKGROUND_VALUES)
        if not municipality:
            r.problem("kommunkod", _("Kommunkod saknas."))
        elif municipality not in codes:
            r.problem("kommunkod", _("Kommunkoden ”%(v)s” finns inte.") % {"v": municipality})
        elif municipality != ctx.municipality and moved_out is None:
            r.problem(
                "kommunkod",
                _(
                    "Kommunkoden %(kod)s är inte kommunen som filen läses in för (%(kommun)s). "
                    "En person som är folkbokförd i en annan kommun ska ha ett utflyttningsdatum."
                )
                % {"kod": municipality, "kommun": ctx.municipality},
            )
        if registered and moved_out and moved_out <= registered:
            r.problem(
                "utflyttad_datum",
                _("Utflyttningsdatumet %(ut)s ligger inte efter folkbokföringsdatumet %(in)s.")
                % {"ut": moved_out.isoformat(), "in": registered.isoformat()},
            )
        if r.problems:
            return None, r.problems
        record = population_record(
            row,
            ident,
            first,
            last,
            street,
            postal_code,
            town,
            municipality,
            protection,
            background,
            registered,
            immigrated,
            moved_out,
            died,
        )
        return record, []

    return parse


def population_record(
    row, ident, first, last, street, postal_code, town, municipality, protection, background, *dates
) -> tuple:
    """The staged record of a checked row (POPULATION_FIELDS), its fingerprint last."""
    registered, immigrated, moved_out, died = dates
    record = (
        row,
        ident.number,
        ident.kind,
        ident.birth_date,
        ident.sex,
        first,
        last,
        make_sort_name(first, last),
        street,
        postal_code,
        town,
        municipality,
        protection,
        background,
        registered,
        immigrated,
        moved_out,
        died,
        *registration_end(moved_out, died),
    )
    return (*record, row_hash(*record[1:]))


def registration_end(moved_out: date | None, died: date | None) -> tuple[date | None, str]:
    """The first day no longer registered in the municipality, and why."""
    if died and (moved_out is None or died <= moved_out):
        return died, "avliden"
    if moved_out:
        return moved_out, "utflyttad"
    return None, ""


POPULATION_FIELDS = (
    "row_no",
    "personnummer",
    "identity_kind",
    "birth_date",
    "sex",
    "first_name",
    "last_name",
    "sort_name",
    "street_address",
    "postal_code",
    "postal_town",
    "municipality_code",
    "protection",
    "background",
    "registered_on",
    "immigrated_on",
    "moved_out_on",
    "died_on",
    "registration_end",
    "registration_end_kind",
    "row_hash",
)


def enrolment_parser(header: tuple[str, ...], columns: dict[str, str], ctx: FileContext) -> Parser:
    r = RowReader(ENROLMENTS, header, columns)

    def parse(row: int, values: list[str]):
        r.start(row, values)
        ident = r.personnummer(ctx.as_of)
        birth = ident.birth_date if ident else None
        raw_form = r.value("skolform")
        form = raw_form.upper()
        if not raw_form:
            r.problem("skolform", _("Skolform saknas."))
        elif form not in SCHOOL_FORMS:
            r.problem(
                "skolform",
                _("Okänd skolform ”%(v)s”. Tillåtna värden: %(val)s.")
                % {"v": raw_form, "val": ", ".join(sorted(SCHOOL_FORMS))},
            )
        programme = r.optional("program", 20).upper()
        if form == "GY" and not programme:
            r.problem("program", _("Program saknas: det krävs för skolform GY."))
        unit = r.optional("skolenhet", 200)
        start = r.date("startdatum", required=True, not_before=birth)
        end = r.date("slutdatum", not_before=birth)
        cause = r.code("slutorsak", END_CAUSES)
        if start and end and end < start:
            r.problem(
                "slutdatum",
                _("Slutdatumet %(slut)s ligger före startdatumet %(start)s.")
                % {"slut": end.isoformat(), "start": start.isoformat()},
            )
        if cause in END_CAUSES and cause and not end and not r.value("slutdatum"):
            r.problem("slutorsak", _("Slutorsak är angiven men slutdatum saknas."))
        if r.problems:
            return None, r.problems
        record = (row, ident.number, form, programme, unit, start, end, cause)
        return (*record, row_hash(unit, end, cause)), []

    return parse


ENROLMENT_FIELDS = (
    "row_no",
    "personnummer",
    "school_form",
    "programme",
    "school_unit",
    "start_date",
    "end_date",
    "end_cause",
    "row_hash",
)


def certificate_parser(header: tuple[str, ...], columns: dict[str, str], ctx: FileContext) -> Parser:
    r = RowReader(CERTIFICATES, header, columns)

    def parse(row: int, values: list[str]):
        r.start(row, values)
        ident = r.personnummer(ctx.as_of)
        kind = r.code("typ", CERTIFICATE_KINDS | {""}, CERTIFICATE_ALIASES)
        if not r.value("typ"):
            r.problem("typ", _("Typ saknas."))
        issued = r.date("datum", required=True, not_before=ident.birth_date if ident else None)
        if r.problems:
            return None, r.problems
        return (row, ident.number, kind, issued), []

    return parse


CERTIFICATE_FIELDS = ("row_no", "personnummer", "kind", "issued")


def employment_parser(header: tuple[str, ...], columns: dict[str, str], ctx: FileContext) -> Parser:
    """A spell at Arbetsförmedlingen: first day, last day (empty while it lasts) and AF's category code."""
    r = RowReader(EMPLOYMENT_SERVICE, header, columns)

    def parse(row: int, values: list[str]):
        r.start(row, values)
        ident = r.personnummer(ctx.as_of)
        birth = ident.birth_date if ident else None
        start = r.date("inskriven_fran", required=True, not_before=birth)
        end = r.date("inskriven_till", not_before=birth)
        category = category_code(r)
        if start and end and end < start:
            r.problem(
                "inskriven_till",
                _("Sista dagen %(slut)s ligger före första dagen %(start)s.")
                % {"slut": end.isoformat(), "start": start.isoformat()},
            )
        if r.problems:
            return None, r.problems
        return (row, ident.number, start, end, category), []

    return parse


def category_code(r: RowReader) -> str:
    """AF's sökandekategori: a number of one to three digits ("11", "69"); leading zeros and an Excel ".0" go."""
    raw = r.value("sokandekategori")
    if not raw:
        r.problem("sokandekategori", _("Sökandekategori saknas."))
        return ""
    text = raw.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not (text.isascii() and text.isdigit() and len(text) <= 3):
        r.problem(
            "sokandekategori",
            _("Ogiltig sökandekategori ”%(v)s”: ange Arbetsförmedlingens kod med siffror, till exempel 11 eller 69.")
            % {"v": raw},
        )
        return ""
    return str(int(text))


EMPLOYMENT_FIELDS = ("row_no", "personnummer", "start_date", "end_date", "category")

PARSERS = {
    POPULATION: population_parser,
    ENROLMENTS: enrolment_parser,
    CERTIFICATES: certificate_parser,
    EMPLOYMENT_SERVICE: employment_parser,
}
FIELDS = {
    POPULATION: POPULATION_FIELDS,
    ENROLMENTS: ENROLMENT_FIELDS,
    CERTIFICATES: CERTIFICATE_FIELDS,
    EMPLOYMENT_SERVICE: EMPLOYMENT_FIELDS,
}

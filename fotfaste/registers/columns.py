"""The canonical columns of each register file (docs/register-formats.md) and how a file's header is matched to them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .reader import normalise_column_name

POPULATION = "folkbokforing"
ENROLMENTS = "elevregister"
CERTIFICATES = "betyg"
EMPLOYMENT_SERVICE = "af_inskrivning"


@dataclass(frozen=True)
class Column:
    name: str  # canonical, as written in docs/register-formats.md
    label: str  # what it means, for the mapping page
    required: bool = False
    aliases: tuple[str, ...] = ()  # other names (already normalised) that common exports use


PERSONNUMMER = Column(
    "personnummer", _("Personnummer eller samordningsnummer"), True, ("pnr", "personnr", "person_nr", "personid")
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    POPULATION: (
        PERSONNUMMER,
        Column("fornamn", _("Förnamn"), True, ("tilltalsnamn",)),
        Column("efternamn", _("Efternamn"), True),
        Column("utdelningsadress", _("Utdelningsadress"), False, ("adress", "gatuadress")),
        Column("postnummer", _("Postnummer"), False, ("postnr",)),
        Column("postort", _("Postort"), False, ("ort",)),
        Column("kommunkod", _("Kommunkod (folkbokföringskommun)"), True, ("kommun_kod", "kommunnummer")),
        Column("skyddad", _("Skyddad identitet"), False, ("skyddad_identitet", "sekretess")),
        Column("folkbokford_datum", _("Folkbokförd i kommunen från"), False, ("folkbokforingsdatum",)),
        Column("invandrad_datum", _("Invandringsdatum"), False, ("invandringsdatum",)),
        Column("utflyttad_datum", _("Utflyttningsdatum"), False, ("utflyttningsdatum",)),
        Column("avliden_datum", _("Dödsdatum"), False, ("dodsdatum", "avliden")),
        Column("bakgrund", _("Bakgrund (Skolverkets kategorier)"), False),
    ),
    ENROLMENTS: (
        PERSONNUMMER,
        Column("skolform", _("Skolform"), True),
        Column("program", _("Program (krävs för gymnasieskola)"), False, ("programkod",)),
        Column("skolenhet", _("Skolenhet"), False, ("skola", "skolenhetskod")),
        Column("startdatum", _("Startdatum"), True, ("start", "fran_datum")),
        Column("slutdatum", _("Slutdatum (sista närvarodag)"), False, ("slut", "till_datum")),
        Column("slutorsak", _("Slutorsak"), False, ("avslutsorsak",)),
    ),
    CERTIFICATES: (
        PERSONNUMMER,
        Column("typ", _("Typ av betyg eller intyg"), True, ("betygstyp",)),
        Column("datum", _("Utfärdat datum"), True, ("utfardat",)),
    ),
    EMPLOYMENT_SERVICE: (
        PERSONNUMMER,
        Column("inskriven_fran", _("Inskriven från (första dagen)"), True, ("inskrivningsdatum", "fran_datum", "fran")),
        Column(
            "inskriven_till",
            _("Inskriven till och med (tom = pågår)"),
            False,
            ("utskrivningsdatum", "till_datum", "till"),
        ),
        Column("sokandekategori", _("Sökandekategori"), True, ("kategori", "sokandekat")),
    ),
}


def header_signature(kind: str, header: tuple[str, ...] | list[str]) -> str:
    """The same register with the same column names, in any order, gets the same signature."""
    names = sorted(normalise_column_name(h) for h in header)
    return hashlib.sha256("\x1f".join([kind, *names]).encode()).hexdigest()


def match_columns(kind: str, header: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Canonical name -> the file's column, for every canonical column the header has by name or alias."""
    by_name = {normalise_column_name(h): h for h in header}
    found = {}
    for column in COLUMNS[kind]:
        for candidate in (column.name, *column.aliases):
            if candidate in by_name:
                found[column.name] = by_name[candidate]
                break
    return found


def missing_required(kind: str, columns: dict[str, str]) -> list[Column]:
    return [c for c in COLUMNS[kind] if c.required and c.name not in columns]


def check_mapping(kind: str, header: tuple[str, ...] | list[str], columns: dict[str, str]) -> list[str]:
    """Swedish problems with a mapping a user made; empty when it is usable."""
    problems = []
    for column in missing_required(kind, columns):
        problems.append(_("Välj vilken kolumn i filen som innehåller %(kolumn)s.") % {"kolumn": column.label})
    used: dict[str, str] = {}
    labels = {c.name: c.label for c in COLUMNS[kind]}
    for name, file_column in columns.items():
        if file_column not in header:
            problems.append(_("Kolumnen ”%(kolumn)s” finns inte i filen.") % {"kolumn": file_column})
        elif file_column in used:
            problems.append(
                _("Kolumnen ”%(kolumn)s” är vald både för %(a)s och %(b)s.")
                % {"kolumn": file_column, "a": labels[used[file_column]], "b": labels[name]}
            )
        else:
            used[file_column] = name
    return problems

"""List matching's rules as pure functions: who may match for which municipality, which column
holds the numbers, and how a list's rows become a set of numbers.

No database here: the services feed these with what they read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from fotfaste.people.identity import IdentityNumberError, normalise
from fotfaste.registers.reader import normalise_column_name

# Column names (as normalise_column_name gives them) that hold the personnummer.
NUMBER_COLUMNS = ("personnummer", "pnr", "personnr")
# A list of 100,000 numbers becomes 50 queries of this size, well under every database's parameter limit.
CHUNK_SIZE = 2_000
# Unreadable rows are reported by row number; past this many the count says the rest.
UNREADABLE_ROWS_KEPT = 100
# Column names shown back when none fits: enough to choose from, not a dump of a header-less file.
COLUMNS_SHOWN = 30
COLUMN_NAME_SHOWN = 40


def match_municipalities(kaa_codes: Iterable[str], coordinator_codes: Iterable[str]) -> frozenset[str]:
    """The municipalities a user may match lists for.

    A KAA caseworker for the municipalities their KAA role covers (the duty to reach the youths is
    theirs); a youth coordinator for the municipalities of the agreements whose party they work in
    (coordinating the parties' work against parallel processes is theirs). Nobody else.
    """
    return frozenset(kaa_codes) | frozenset(coordinator_codes)


def is_other_party(party_municipality: str | None, party_agreement_codes: Iterable[str], municipality: str) -> bool:
    """The list must come from a party of an agreement covering the municipality, and not the municipality itself."""
    return municipality in set(party_agreement_codes) and party_municipality != municipality


class ColumnNotFound(ValueError):
    """No column could be taken for the numbers; str() is a Swedish sentence, `header` the file's names."""

    def __init__(self, message: str, header: Sequence[str]):
        super().__init__(message)
        self.header = tuple(header)


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header_is_data: bool = False  # the file has no header row: its first row is a number too


def _is_number(value: str, on: date) -> bool:
    try:
        normalise(value, on=on)
    except (IdentityNumberError, ValueError, TypeError):
        return False
    return True


def shown_columns(header: Sequence[str]) -> str:
    names = [name if len(name) <= COLUMN_NAME_SHOWN else name[: COLUMN_NAME_SHOWN - 1] + "…" for name in header]
    text = ", ".join(f"”{name}”" for name in names[:COLUMNS_SHOWN])
    return text + (", …" if len(names) > COLUMNS_SHOWN else "")


def find_column(header: Sequence[str], wanted: str, on: date) -> Column:
    """The column holding the numbers: the one the user named (by name or 1-based position), else the one
    named personnummer, pnr or personnr, else the only column. A file without a header row, whose
    first row is a number, is read from its first row.

    Raises ColumnNotFound when none fits.
    """
    names = [normalise_column_name(name) for name in header]
    wanted = wanted.strip()
    if wanted:
        if wanted.isdigit() and 1 <= int(wanted) <= len(header):
            index = int(wanted) - 1
        elif normalise_column_name(wanted) in names:
            index = names.index(normalise_column_name(wanted))
        else:
            raise ColumnNotFound(
                _("Filen har ingen kolumn ”%(namn)s”. Filens kolumner är: %(kolumner)s.")
                % {"namn": wanted[:COLUMN_NAME_SHOWN], "kolumner": shown_columns(header)},
                header,
            )
        return Column(index, _is_number(header[index], on))
    for candidate in NUMBER_COLUMNS:
        if candidate in names:
            return Column(names.index(candidate))
    numbers = [i for i, name in enumerate(header) if _is_number(name, on)]
    if len(numbers) == 1:
        return Column(numbers[0], header_is_data=True)
    if len(header) == 1:
        return Column(0)
    raise ColumnNotFound(
        _(
            "Ingen kolumn heter personnummer, pnr eller personnr. Välj vilken av filens kolumner som har "
            "personnumren. Filens kolumner är: %(kolumner)s."
        )
        % {"kolumner": shown_columns(header)},
        header,
    )


@dataclass
class ListReading:
    """What a list held, as far as the match needs it: the numbers, in memory only, and counts."""

    numbers: set[str] = field(default_factory=set)
    rows: int = 0
    unreadable: int = 0
    unreadable_rows: list[int] = field(default_factory=list)  # the first UNREADABLE_ROWS_KEPT row numbers

    def add(self, row_number: int, value: str, on: date) -> None:
        self.rows += 1
        try:
            self.numbers.add(normalise(value, on=on))
        except (IdentityNumberError, ValueError, TypeError):
            self.unreadable += 1
            if len(self.unreadable_rows) < UNREADABLE_ROWS_KEPT:
                self.unreadable_rows.append(row_number)


def read_numbers(header: Sequence[str], rows: Iterable[tuple[int, list[str]]], column: Column, on: date) -> ListReading:
    """Every row's number in `column` (row numbers as in the file: header is row 1), normalised.

    A row whose cell is empty or not a valid personnummer or samordningsnummer counts as unreadable.
    `on` decides the century of ten-digit numbers, as everywhere.
    """
    reading = ListReading()
    if column.header_is_data:
        reading.add(1, header[column.index], on)
    index = column.index
    for row_number, values in rows:
        reading.add(row_number, values[index] if index < len(values) else "", on)
    return reading


def chunks(items: Sequence[str], size: int = CHUNK_SIZE) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

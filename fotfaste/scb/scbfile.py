"""The file for upload to SCB, made from the basis by a version's configuration (spec.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from fotfaste.core.export import csv_text

from . import checks
from .basis import Basis
from .spec import Spec, records_for


@dataclass
class Outcome:
    lines: list[list[str]] = field(default_factory=list)  # the file's rows, header first when the version has one
    problems: list[checks.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def basis_rows(basis: Basis) -> Iterator[tuple[str, int, str, dict[str, str]]]:
    """Every basis row as (table, person id, personnummer, fields), in the file's order: by person, then
    registrations, contacts and measures, each by date."""
    by_person: dict[str, list[tuple[str, int, str, dict[str, str]]]] = {}
    m = basis.municipality
    for r in basis.registrations:
        fields = dict(
            zip(
                ("personnummer", "registrerad_fran", "registreringsorsak", "registrerad_till", "avregistreringsorsak"),
                r.row(),
                strict=True,
            )
        )
        by_person.setdefault(r.personnummer, []).append(
            ("registrerade", r.person_id, r.personnummer, {**fields, "kommunkod": m})
        )
    for c in basis.contacts:
        fields = dict(zip(("personnummer", "datum", "sysselsattning"), c.row(), strict=True))
        by_person.setdefault(c.personnummer, []).append(
            ("kontakter", c.person_id, c.personnummer, {**fields, "kommunkod": m})
        )
    for a in basis.measures:
        fields = dict(zip(("personnummer", "atgard", "ansvarig", "start", "slut", "avbojd"), a.row(), strict=True))
        by_person.setdefault(a.personnummer, []).append(
            ("atgarder", a.person_id, a.personnummer, {**fields, "kommunkod": m})
        )
    for pnr in sorted(by_person):
        yield from by_person[pnr]


def make(basis: Basis, spec: Spec) -> Outcome:
    """The file's rows and every problem the version's checks find."""
    out = Outcome()
    out.problems.extend(checks.logic_problems(basis, spec))
    if spec.header:
        out.lines.append(list(spec.columns))
    records: list[tuple[str, str, list[str]]] = []
    for table, person_id, pnr, row in basis_rows(basis):
        for record, cells in records_for(spec, table, row):
            for cell in cells.values():
                if cell.unmapped and "kod_saknas" in spec.checks:
                    code_list, value = cell.unmapped
                    out.problems.append(
                        checks.Problem(
                            person_id,
                            pnr,
                            "kod_saknas",
                            _("Värdet ”%(v)s” (%(lista)s) har ingen kod i version %(version)s: komplettera kodlistan.")
                            % {"v": value, "lista": code_list, "version": spec.version},
                        )
                    )
            if "obligatoriskt_varde" in spec.checks:
                sources = dict(record.values)
                for column in record.required:
                    if not cells.get(column) or not cells[column].text:
                        if cells.get(column) and cells[column].unmapped:
                            continue  # already reported as a missing code
                        source = sources.get(column)
                        if source and checks.FIELD_CHECKS.get(source.field) in spec.checks:
                            continue  # a logic check says what is missing, and where to fix it
                        out.problems.append(
                            checks.Problem(
                                person_id,
                                pnr,
                                "obligatoriskt_varde",
                                _("Posten ”%(post)s” saknar ett värde i kolumnen ”%(kol)s”.")
                                % {"post": record.name or record.kind, "kol": column},
                                reverse("people:detail", args=[person_id]),
                            )
                        )
            records.append((pnr, record.kind, [cells[c].text if c in cells else "" for c in spec.columns]))
    out.lines.extend(line for _pnr, _kind, line in records)
    out.problems = checks.sort_problems(out.problems)
    return out


def encode(spec: Spec, lines: list[list[str]]) -> bytes:
    # SCB's files hold codes, dates and numbers only; a character the encoding lacks cannot occur.
    return csv_text(lines, delimiter=spec.delimiter).encode(spec.encoding, errors="replace")

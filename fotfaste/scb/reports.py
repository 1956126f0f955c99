"""The KAA tables as others may see them: XLSX and tagged PDF, both suppressed (statistics.suppressed)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.core import disclosure
from fotfaste.core.export import xlsx_bytes
from fotfaste.core.pdf import render_pdf, swedish_date
from fotfaste.reference.models import Municipality

from . import statistics
from .basis import Basis


def grouped(rows: list[statistics.Row], titles=statistics.TITLES) -> list[tuple[str, str, list[statistics.Row]]]:
    """(table, title, rows) in the order the tables are made."""
    out: dict[str, list[statistics.Row]] = {}
    for r in rows:
        out.setdefault(r.table, []).append(r)
    return [(name, str(titles.get(name, name)), rs) for name, rs in out.items()]


def shown_count(row: statistics.Row) -> str:
    if row.masked == disclosure.PRIMARY:
        return _("färre än %(n)d") % {"n": statistics.THRESHOLD}
    return disclosure.hidden_text() if row.masked else str(row.count)


def shown_share(row: statistics.Row) -> str:
    if row.masked or row.share is None:
        return "–" if not row.masked else disclosure.hidden_text()
    return f"{row.share:.1f}".replace(".", ",") + " %"


def _title(basis: Basis) -> str:
    name = Municipality.objects.get(code=basis.municipality).name
    return _("Aktivitetsansvaret i %(kommun)s, %(period)s") % {"kommun": name, "period": basis.half.label()}


def statistics_xlsx(basis: Basis, rows: list[statistics.Row]) -> bytes:
    return tables_xlsx(_title(basis), shown_tables(rows, statistics.TITLES, statistics.Row.group_label, for_sheet=True))


def statistics_pdf(basis: Basis, rows: list[statistics.Row]) -> bytes:
    return tables_pdf(_title(basis), "", shown_tables(rows, statistics.TITLES, statistics.Row.group_label))


def tables_pdf(title: str, intro: str, tables: list[tuple[str, str, list[tuple[str, str, str]]]]) -> bytes:
    html = render_to_string(
        "scb/pdf/statistics.html",
        {
            "title": title,
            "intro": intro,
            "made": swedish_date(timezone.localdate()),
            "threshold": statistics.THRESHOLD,
            "tables": tables,
        },
    )
    return render_pdf(html, title=title)


def tables_xlsx(title: str, tables: list[tuple[str, str, list[tuple]]]) -> bytes:
    """A sheet of the tables as `shown_tables(..., for_sheet=True)` gives them: numbers stay numbers."""
    lines: list[list] = [
        [title],
        [
            _("Antal under %(n)d visas inte, inte heller det som skulle gå att räkna fram ur dem.")
            % {"n": statistics.THRESHOLD}
        ],
        [],
        [_("Tabell"), _("Grupp"), _("Antal"), _("Andel (%)")],
    ]
    for _name, heading, rows in tables:
        for label, count, share in rows:
            lines.append([heading, label, count, share])
    return xlsx_bytes([(_("Rapport"), lines)], bold_rows=(1, 4), widths=(55, 45, 14, 12))


def _sheet_cells(row: statistics.Row) -> tuple:
    """A count and a share for a spreadsheet: numbers where shown, the masking words where not."""
    if row.masked:
        return shown_count(row), disclosure.hidden_text()
    return row.count, "" if row.share is None else row.share


def shown_tables(
    rows: list[statistics.Row], titles, label, *, for_sheet: bool = False
) -> list[tuple[str, str, list[tuple]]]:
    """Each table's rows as published: (label, count, share), as text for a page or PDF, as numbers for a sheet."""
    return [
        (name, heading, [(label(r), *(_sheet_cells(r) if for_sheet else (shown_count(r), shown_share(r)))) for r in rs])
        for name, heading, rs in grouped(rows, titles)
    ]

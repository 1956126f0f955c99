"""Reading SSYK 2012 into Fotfäste from a file: SCB's classification (CSV or XLSX) or a JobTech taxonomy export
(JSON), so that nothing depends on a network at run time. The accepted formats are in docs/employers.md.

All or nothing: every row is checked first, and one problem anywhere changes nothing. Reading the same file
twice changes nothing the second time. Codes are never deleted — placements point at them — so a code missing
from a newer file stays as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from fotfaste.registers.reader import RegisterFileError, inspect_file, iter_rows, normalise_column_name

from . import occupations
from .models import Occupation

# Column names as normalise_column_name writes them ("SSYK 2012 kod" → "ssyk_2012_kod", "Benämning" → "benamning").
CODE_COLUMNS = ("kod", "ssyk", "ssyk_kod", "ssyk_2012", "ssyk_2012_kod", "ssyk2012", "ssyk2012_kod", "yrkeskod", "code")
NAME_COLUMNS = (
    "benamning",
    "namn",
    "ssyk_2012_benamning",
    "yrkesbenamning",
    "yrkesgrupp",
    "yrke",
    "text",
    "name",
)
CODE_HEADERS = ("Kod", "SSYK 2012 kod", "SSYK", "kod")
NAME_HEADERS = ("Benämning", "benamning", "Namn", "Yrkesgrupp")
MAX_NAME = 300
# JobTech: the four levels of SSYK 2012 as concept types, and the lists a concept's relatives are nested in.
SSYK_TYPES = {"ssyk_level_1": 1, "ssyk_level_2": 2, "ssyk_level_3": 3, "ssyk_level_4": 4}
NESTED = ("narrower", "broader", "related")

CSV_XLSX = "scb"
JOBTECH = "jobtech"


class SsykFileError(ValueError):
    """The file cannot be read in; `problems` are Swedish sentences naming the row (or concept) and field."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Entry:
    code: str
    name: str
    where: str  # "Rad 12" or "Begrepp 3 (id abc)": what a problem names
    code_field: str = ""  # the file's name for the field, as a problem names it
    name_field: str = ""
    level: int | None = None  # JobTech: the concept's level, which the code's length must match


@dataclass
class Report:
    source: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0  # JobTech concepts that are not SSYK 2012 groups, or deprecated

    @property
    def read(self) -> int:
        return len(self.added) + len(self.changed) + self.unchanged


# --- Reading ----------------------------------------------------------------------------------------------


def is_json(path: Path) -> bool:
    with path.open("rb") as f:
        start = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"{", b"[")


def read_file(path: str | Path) -> tuple[str, list[Entry], int]:
    """(format, entries, skipped) of the file; SsykFileError with every problem found."""
    path = Path(path)
    if is_json(path):
        entries, skipped = _read_jobtech(path)
        fmt = JOBTECH
    else:
        entries, skipped, fmt = _read_table(path), 0, CSV_XLSX
    problems = _check(entries)
    if problems:
        raise SsykFileError(problems)
    if not entries:
        raise SsykFileError([_("Filen innehåller inga SSYK 2012-koder.")])
    return fmt, entries, skipped


def _column(header: tuple[str, ...], accepted: tuple[str, ...]) -> int | None:
    names = [normalise_column_name(h) for h in header]
    for wanted in accepted:
        if wanted in names:
            return names.index(wanted)
    return None


def _read_table(path: Path) -> list[Entry]:
    try:
        source = inspect_file(path)
    except RegisterFileError as exc:
        raise SsykFileError([str(exc)]) from None
    code_at, name_at = _column(source.header, CODE_COLUMNS), _column(source.header, NAME_COLUMNS)
    missing = []
    if code_at is None:
        missing.append(
            _("Rubrikraden saknar kolumnen för koden. Godkända namn: %(namn)s.") % {"namn": ", ".join(CODE_HEADERS)}
        )
    if name_at is None:
        missing.append(
            _("Rubrikraden saknar kolumnen för benämningen. Godkända namn: %(namn)s.")
            % {"namn": ", ".join(NAME_HEADERS)}
        )
    if missing:
        raise SsykFileError(missing)
    code_header, name_header = source.header[code_at], source.header[name_at]
    entries = []
    try:
        for row, values in iter_rows(source):
            entries.append(
                Entry(
                    values[code_at].strip(),
                    " ".join(values[name_at].split()),
                    _("Rad %(rad)d") % {"rad": row},
                    code_header,
                    name_header,
                )
            )
    except RegisterFileError as exc:
        raise SsykFileError([str(exc)]) from None
    return entries


def _key(name: str) -> str:
    """A JobTech field name as one form: "taxonomy/ssyk-code-2012", "ssyk_code_2012" and "ssykCode2012" alike."""
    name = name.rsplit("/", 1)[-1]
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return name.replace("-", "_").lower()


def _concepts(data) -> list:
    """The concept list of the shapes JobTech's exports have: the GraphQL answer {"data": {"concepts": […]}},
    {"concepts": […]} and the REST answer, a plain list."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        inner = data.get("data", data)
        if isinstance(inner, dict) and isinstance(inner.get("concepts"), list):
            return inner["concepts"]
    raise SsykFileError(
        [
            _(
                'JSON-filen har inte JobTech-taxonomins form: en lista med begrepp, eller {"data": {"concepts": […]}} '
                'eller {"concepts": […]}.'
            )
        ]
    )


def _read_jobtech(path: Path) -> tuple[list[Entry], int]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SsykFileError([_("JSON-filen ska vara i teckenkodningen UTF-8.")]) from None
    except json.JSONDecodeError as exc:
        raise SsykFileError(
            [
                _("Filen är inte giltig JSON (rad %(rad)d, tecken %(tecken)d).")
                % {"rad": exc.lineno, "tecken": exc.colno}
            ]
        ) from None
    entries: list[Entry] = []
    skipped = 0
    counter = 0
    pending = list(reversed(_concepts(data)))
    while pending:
        concept = pending.pop()
        if not isinstance(concept, dict):
            continue
        counter += 1
        fields = {_key(k): v for k, v in concept.items() if isinstance(k, str)}
        for nested in NESTED:
            if isinstance(fields.get(nested), list):
                pending.extend(reversed(fields[nested]))
        kind = _key(str(fields.get("type") or ""))
        code = fields.get("ssyk_code_2012")
        if fields.get("deprecated") is True or (kind and kind not in SSYK_TYPES) or (not kind and code is None):
            skipped += 1
            continue
        where = _("Begrepp %(nr)d") % {"nr": counter}
        if fields.get("id"):
            where += f" (id {fields['id']})"
        entries.append(
            Entry(
                "" if code is None else str(code).strip(),
                " ".join(str(fields.get("preferred_label") or "").split()),
                where,
                "ssyk-code-2012",
                "preferred-label",
                SSYK_TYPES.get(kind),
            )
        )
    return entries, skipped


# --- Checking ---------------------------------------------------------------------------------------------


def _check(entries: list[Entry]) -> list[str]:
    problems = []
    first: dict[str, Entry] = {}
    for e in entries:
        fields = {"falt": e.code_field, "var": e.where}
        if not e.code:
            problems.append(_("%(var)s: fältet %(falt)s saknar kod.") % fields)
        elif occupations.code_problem(e.code):
            problems.append(
                _("%(var)s: fältet %(falt)s har ”%(kod)s”, som inte är en SSYK 2012-kod med en till fyra siffror.")
                % {**fields, "kod": e.code[:20]}
            )
        elif e.level and len(e.code) != e.level:
            problems.append(
                _("%(var)s: begreppet är på nivå %(niva)d men koden %(kod)s har %(n)d siffror.")
                % {**fields, "niva": e.level, "kod": e.code, "n": len(e.code)}
            )
        name_fields = {"falt": e.name_field, "var": e.where}
        if not e.name:
            problems.append(_("%(var)s: fältet %(falt)s saknar benämning.") % name_fields)
        elif len(e.name) > MAX_NAME:
            problems.append(
                _("%(var)s: fältet %(falt)s är längre än %(max)d tecken.") % {**name_fields, "max": MAX_NAME}
            )
        if e.code and e.name and not occupations.code_problem(e.code):
            earlier = first.setdefault(e.code, e)
            if earlier is not e and earlier.name != e.name:
                problems.append(
                    _("%(var)s: koden %(kod)s har benämningen ”%(namn)s”, men %(forst)s gav den ”%(tidigare)s”.")
                    % {
                        "var": e.where,
                        "kod": e.code,
                        "namn": e.name,
                        "forst": earlier.where.lower(),
                        "tidigare": earlier.name,
                    }
                )
    return problems


# --- Reading in -------------------------------------------------------------------------------------------


def import_file(path: str | Path, *, file_name: str = "") -> Report:
    """Read the file in: new codes added, changed names updated, the rest untouched. SsykFileError on any
    problem, and then nothing is changed."""
    fmt, entries, skipped = read_file(path)
    label = "JobTech-taxonomin" if fmt == JOBTECH else "SCB:s SSYK 2012"
    source = f"{label} ({file_name or Path(path).name})"[:200]
    return store(entries, source, skipped)


@transaction.atomic
def store(entries: list[Entry], source: str, skipped: int = 0) -> Report:
    wanted = {e.code: e.name for e in entries}
    report = Report(source, skipped=skipped)
    # Locked, so that two administrators reading in at once do not both add a code.
    existing = {o.code: o for o in Occupation.objects.select_for_update().filter(code__in=list(wanted))}
    new = []
    for code in sorted(wanted):
        name = wanted[code]
        found = existing.get(code)
        if found is None:
            new.append(Occupation(code=code, name=name, source=source))
            report.added.append(code)
        elif found.name != name:
            found.name, found.source = name, source
            found.save(update_fields=["name", "source", "updated_at"])
            report.changed.append(code)
        else:
            report.unchanged += 1
    Occupation.objects.bulk_create(new, ignore_conflicts=True)
    return report

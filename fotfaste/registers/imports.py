"""The life of a register import: inspect → map columns → check into staging → preview → commit.

    create_import()   reads the header; status "koppla" (needs a column mapping) or "vantar"
    apply_mapping()   remembers the user's mapping for the source; status "vantar"
    check()           every row validated and staged; "avvisad" with every problem, or "granska" with a preview
    commit()          one transaction: merge, derive the KAA periods again, the change list; "inlast"
    discard()         a dry run or a cancelled import: staging emptied, nothing stored

Checking writes staging rows and progress in small committed steps so that the
progress bar can be read while it works; the facts only change in commit().
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.core.bulk import analyze, insert_rows
from fotfaste.kaa import changes, derivation
from fotfaste.kaa.models import KaaPeriod
from fotfaste.reference.models import Municipality

from . import columns as cols
from . import merge
from .models import (
    ColumnMapping,
    ImportChannel,
    ImportProblem,
    ImportStatus,
    RegisterImport,
    RegisterKind,
    Severity,
    StagedCertificate,
    StagedEnrolment,
    StagedPerson,
)
from .reader import RegisterFileError, SourceFile, count_data_rows, inspect_file, iter_rows
from .validation import FIELDS, NOTICE, PARSERS, FileContext, Problem

logger = logging.getLogger(__name__)

BATCH_ROWS = 20_000
STAGING_MODEL = {
    RegisterKind.POPULATION: StagedPerson,
    RegisterKind.ENROLMENTS: StagedEnrolment,
    RegisterKind.CERTIFICATES: StagedCertificate,
}

Progress = Callable[[RegisterImport], None]


class ImportRefused(ValueError):
    """The import cannot go ahead; the message is a Swedish sentence for the user."""


def create_import(
    *,
    kind: str,
    municipality: str,
    path: Path,
    file_name: str,
    as_of: date,
    user=None,
    user_name: str = "",
    channel: str = ImportChannel.WEB,
) -> RegisterImport:
    """Register a file for import: its format, header and column mapping. Raises ImportRefused."""
    if kind not in RegisterKind.values:
        raise ImportRefused(_("Okänt register ”%(v)s”.") % {"v": kind})
    if not Municipality.objects.filter(code=municipality).exists():
        raise ImportRefused(_("Kommunkoden ”%(v)s” finns inte.") % {"v": municipality})
    try:
        source = inspect_file(path)
    except RegisterFileError as exc:
        raise ImportRefused(str(exc)) from None
    found = cols.match_columns(kind, source.header)
    mapping = None
    if cols.missing_required(kind, found):
        mapping = ColumnMapping.objects.filter(
            kind=kind, header_signature=cols.header_signature(kind, source.header)
        ).first()
        if mapping and not cols.check_mapping(kind, source.header, mapping.columns):
            found = dict(mapping.columns)
        else:
            mapping = None
    ready = not cols.missing_required(kind, found)
    return RegisterImport.objects.create(
        kind=kind,
        municipality_id=municipality,
        as_of=as_of,
        file_name=file_name[:255],
        stored_file=str(path),
        sha256=source.sha256,
        size=source.size,
        file_format=source.format,
        encoding=source.encoding or "",
        delimiter=source.delimiter or "",
        header=list(source.header),
        columns=found,
        mapping=mapping,
        status=ImportStatus.QUEUED if ready else ImportStatus.NEEDS_MAPPING,
        channel=channel,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_by_name=user_name or getattr(user, "username", ""),
    )


def apply_mapping(imp: RegisterImport, columns: dict[str, str], name: str, user=None) -> ColumnMapping:
    """Use and remember a mapping of the file's columns; the next file from the same source needs none."""
    columns = {k: v for k, v in columns.items() if v}
    problems = cols.check_mapping(imp.kind, imp.header, columns)
    if problems:
        raise ImportRefused(" ".join(problems))
    mapping, _created = ColumnMapping.objects.update_or_create(
        kind=imp.kind,
        header_signature=cols.header_signature(imp.kind, imp.header),
        defaults={"name": name, "columns": columns, "created_by": user if user and user.is_authenticated else None},
    )
    imp.columns, imp.mapping, imp.status = columns, mapping, ImportStatus.QUEUED
    imp.save(update_fields=["columns", "mapping", "status"])
    return mapping


def source_of(imp: RegisterImport) -> SourceFile:
    return SourceFile(
        path=Path(imp.stored_file),
        format=imp.file_format,
        encoding=imp.encoding or None,
        delimiter=imp.delimiter or None,
        sha256=imp.sha256,
        size=imp.size,
        header=tuple(imp.header),
    )


def latest_done(municipality: str, kind: str | None = None) -> RegisterImport | None:
    qs = RegisterImport.objects.filter(municipality_id=municipality, status=ImportStatus.DONE)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-as_of", "-committed_at", "-id").first()


def _set_progress(imp: RegisterImport, phase: str, done: int, total: int, progress: Progress | None) -> None:
    imp.phase, imp.progress_done, imp.progress_total = phase, done, total
    RegisterImport.objects.filter(pk=imp.pk).update(phase=phase, progress_done=done, progress_total=total)
    if progress:
        progress(imp)


def _store_problems(imp: RegisterImport, problems: list[Problem]) -> None:
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(register_import=imp, severity=p.severity, row=p.row, column=p.column, message=p.message)
            for p in problems
        ],
        batch_size=5000,
    )


def check(imp: RegisterImport, progress: Progress | None = None) -> RegisterImport:
    """Validate every row and stage the valid ones; the import ends "avvisad" or "granska"."""
    if imp.status not in (ImportStatus.QUEUED, ImportStatus.CHECKING):
        raise ImportRefused(_("Importen kan inte kontrolleras i läget ”%(s)s”.") % {"s": imp.get_status_display()})
    imp.status = ImportStatus.CHECKING
    imp.save(update_fields=["status"])
    ImportProblem.objects.filter(register_import=imp).delete()
    merge.clear_staging(imp.pk)
    try:
        _check(imp, progress)
    except Exception as exc:
        merge.clear_staging(imp.pk)
        _fail(imp, exc)
        raise
    return imp


def _check(imp: RegisterImport, progress: Progress | None) -> None:
    kind, source = imp.kind, source_of(imp)
    refusal = _refusal_before_reading(imp)
    if refusal:
        _store_problems(imp, [Problem(None, "", refusal)])
        _finish_check(imp, errors=1, notices=0)
        return
    total = count_data_rows(source)
    _set_progress(imp, _("Kontrollerar rader"), 0, total, progress)
    context = FileContext(
        municipality=imp.municipality_id,
        as_of=imp.as_of,
        municipality_codes=frozenset(Municipality.objects.values_list("code", flat=True)),
    )
    parse = PARSERS[kind](tuple(imp.header), imp.columns, context)
    model, fields = STAGING_MODEL[kind], FIELDS[kind]
    records: list[tuple] = []
    problems: list[Problem] = []
    errors = notices = done = 0
    for row, values in iter_rows(source):
        record, found = parse(row, values)
        if found:
            problems.extend(found)
            errors += sum(1 for p in found if p.severity != NOTICE)
            notices += sum(1 for p in found if p.severity == NOTICE)
        elif not errors:
            # After the first error nothing will be stored, so staging more rows is wasted work.
            records.append(record)
        done += 1
        if len(records) >= BATCH_ROWS or len(problems) >= BATCH_ROWS or done % BATCH_ROWS == 0:
            _flush(imp, model, fields, records, problems, errors)
            _set_progress(imp, _("Kontrollerar rader"), done, total, progress)
    _flush(imp, model, fields, records, problems, errors)
    _set_progress(imp, _("Kontrollerar rader"), done, max(total, done), progress)
    analyze(model)

    if not errors:
        duplicates = merge.duplicate_rows(kind, imp.pk)
        if duplicates:
            key_problems = _duplicate_problems(imp, duplicates)
            _store_problems(imp, key_problems)
            errors += sum(1 for p in key_problems if p.severity != NOTICE)
            notices += sum(1 for p in key_problems if p.severity == NOTICE)
    if errors:
        merge.clear_staging(imp.pk)
        _finish_check(imp, errors=errors, notices=notices, rows=done)
        return
    if kind != RegisterKind.POPULATION:
        notices += merge.add_not_in_population_notices(
            kind, imp.pk, imp.municipality_id, imp.columns.get("personnummer", "personnummer")
        )
    preview = _preview(imp)
    imp.new, imp.changed, imp.unchanged, imp.disappeared = (
        preview.new,
        preview.changed,
        preview.unchanged,
        preview.disappeared,
    )
    _finish_check(imp, errors=0, notices=notices, rows=done)


def _flush(imp, model, fields, records: list[tuple], problems: list[Problem], errors: int) -> None:
    if records and not errors:
        insert_rows(model, fields, records, extra={"register_import_id": imp.pk})
    records.clear()
    if problems:
        _store_problems(imp, problems)
        problems.clear()


def _refusal_before_reading(imp: RegisterImport) -> str:
    """Snapshots are read in date order (FORMATS.md): an older one would undo what a newer one said."""
    if imp.kind != RegisterKind.POPULATION:
        return ""
    latest = latest_done(imp.municipality_id, RegisterKind.POPULATION)
    if latest and latest.as_of > imp.as_of:
        return _(
            "Folkbokföringsuttag läses in i datumordning. Kommunens senaste uttag är per %(senaste)s, "
            "så ett uttag per %(datum)s kan inte läsas in efter det."
        ) % {"senaste": latest.as_of.isoformat(), "datum": imp.as_of.isoformat()}
    return ""


def _duplicate_problems(imp: RegisterImport, duplicates: list[tuple[int, int]]) -> list[Problem]:
    column = imp.columns.get("personnummer", "personnummer")
    if imp.kind == RegisterKind.POPULATION:
        message = _("Personnumret finns redan på rad %(rad)d. Varje person ska bara finnas en gång i uttaget.")
        severity = Severity.ERROR
    elif imp.kind == RegisterKind.ENROLMENTS:
        message = _("Samma inskrivning (personnummer, skolform, program och startdatum) finns redan på rad %(rad)d.")
        severity = Severity.ERROR
    else:
        message = _("Samma betyg eller intyg finns redan på rad %(rad)d. Det räknas en gång.")
        severity = Severity.NOTICE
    return [Problem(row, column, message % {"rad": first}, severity) for row, first in duplicates]


def _preview(imp: RegisterImport) -> merge.Preview:
    if imp.kind == RegisterKind.POPULATION:
        return merge.population_preview(imp.pk, imp.municipality_id, imp.as_of)
    if imp.kind == RegisterKind.ENROLMENTS:
        return merge.enrolment_preview(imp.pk)
    return merge.certificate_preview(imp.pk)


def _finish_check(imp: RegisterImport, *, errors: int, notices: int, rows: int = 0) -> None:
    imp.errors, imp.notices, imp.rows = errors, notices, rows
    imp.status = ImportStatus.REJECTED if errors else ImportStatus.READY
    imp.checked_at = timezone.now()
    imp.phase = ""
    imp.save()
    if errors:
        _forget_upload(imp)


def commit(imp: RegisterImport, *, actor_name: str, progress: Progress | None = None) -> RegisterImport:
    """Store the checked file: merge the facts, derive the register again, record who entered and left KAA."""
    if imp.status not in (ImportStatus.READY, ImportStatus.COMMIT_QUEUED, ImportStatus.COMMITTING):
        raise ImportRefused(_("Importen kan inte läsas in i läget ”%(s)s”.") % {"s": imp.get_status_display()})
    refusal = _refusal_before_reading(imp)
    if refusal:
        raise ImportRefused(refusal)
    RegisterImport.objects.filter(pk=imp.pk).update(status=ImportStatus.COMMITTING)
    try:
        with transaction.atomic():
            _commit(imp, actor_name, progress)
    except Exception as exc:
        _fail(imp, exc)
        raise
    merge.clear_staging(imp.pk)
    _forget_upload(imp)
    return imp


def _commit(imp: RegisterImport, actor_name: str, progress: Progress | None) -> None:
    now = timezone.now()
    municipality = imp.municipality_id
    previous = latest_done(municipality)
    changes.take_snapshot(imp, municipality, previous.as_of if previous else None)
    _set_progress(imp, _("Läser in"), 0, 1, progress)
    name = _("registerimport #%(nr)d (%(vem)s)") % {"nr": imp.pk, "vem": actor_name}
    if imp.kind == RegisterKind.POPULATION:
        affected = merge.merge_population(imp.pk, municipality, imp.as_of, imp.columns, now, name)
    elif imp.kind == RegisterKind.ENROLMENTS:
        affected = merge.merge_enrolments(imp.pk)
    else:
        affected = merge.merge_certificates(imp.pk)

    def derived(done, total):
        _set_progress(imp, _("Uppdaterar KAA-registret"), done, total, progress)

    derivation.rederive(affected, progress=derived)
    # The change list probes periods per person; with statistics from before this import PostgreSQL
    # would think the municipality has a handful and walk all of them for every person.
    analyze(KaaPeriod)
    # Time never runs backwards in the change list: an import dated before the previous one compares on that date.
    day = max(imp.as_of, previous.as_of) if previous else imp.as_of
    entered, left = changes.record(imp, day)
    imp.previous = previous
    imp.entered_kaa, imp.left_kaa = entered, left
    imp.status = ImportStatus.DONE
    imp.committed_at = timezone.now()
    imp.committed_by_name = actor_name
    imp.phase = ""
    imp.save()


def discard(imp: RegisterImport, status: str = ImportStatus.CANCELLED) -> None:
    merge.clear_staging(imp.pk)
    imp.status = status
    imp.phase = ""
    imp.save(update_fields=["status", "phase"])
    _forget_upload(imp)


def _fail(imp: RegisterImport, exc: Exception) -> None:
    logger.exception("Registerimport %s misslyckades", imp.pk, exc_info=exc)
    RegisterImport.objects.filter(pk=imp.pk).update(
        status=ImportStatus.FAILED,
        phase="",
        failure=_("Ett oväntat fel inträffade, och inget lästes in. Felet är loggat för systemförvaltaren."),
    )


def _forget_upload(imp: RegisterImport) -> None:
    """An uploaded copy holds personal data: delete it as soon as it is not needed. A command's own file stays."""
    if imp.channel == ImportChannel.WEB and imp.stored_file:
        Path(imp.stored_file).unlink(missing_ok=True)
        RegisterImport.objects.filter(pk=imp.pk).update(stored_file="")

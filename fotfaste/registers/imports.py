"""The life of a register import: inspect → map columns → check into staging → preview → commit.

    create_import()   reads the header; status "koppla" (needs a column mapping) or "vantar"
    apply_mapping()   remembers the user's mapping for the source; status "vantar"
    check()           every row validated and staged; "avvisad" with every problem, or "granska" with a preview
    commit()          one transaction: merge, derive the KAA periods again, the change lists; "inlast"
    discard()         a dry run or a cancelled import: staging emptied, nothing stored
    abandon()         its worker died: "misslyckades", staging emptied, nothing stored

Every change of status is a compare-and-set along models.TRANSITIONS (move()), so a
cancel and a commit, or two workers, cannot both act on one import. Checking writes
staging rows and progress in small committed steps so that the progress bar can be
read while it works; the facts only change in commit(), in one transaction that holds
the register's lock and checks every precondition again under it. Whatever way an
import ends, nothing of the upload stays: its staging rows and uploaded file go.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.core import faults
from fotfaste.core.bulk import analyze, execute, insert_rows, is_postgresql
from fotfaste.core.jobs import reconnect_if_broken
from fotfaste.kaa import changes, derivation
from fotfaste.kaa.models import KaaChangeList, KaaPeriod
from fotfaste.reference.models import Municipality

from . import columns as cols
from . import employment, merge
from .models import (
    ACTIVE_STATUSES,
    UNIT_REGISTERS,
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
    StagedSpell,
    sources_of,
)
from .reader import RegisterFileError, SourceFile, count_data_rows, inspect_file, iter_rows
from .validation import FIELDS, NOTICE, PARSERS, FileContext, Problem

logger = logging.getLogger(__name__)

BATCH_ROWS = 20_000
STAGING_MODEL = {
    RegisterKind.POPULATION: StagedPerson,
    RegisterKind.ENROLMENTS: StagedEnrolment,
    RegisterKind.CERTIFICATES: StagedCertificate,
    RegisterKind.EMPLOYMENT_SERVICE: StagedSpell,
}
# A population file that would end more of the municipality's registrations than this needs the user to
# confirm the number, by name (a 5-row file must not silently end 2,214 registrations).
CONFIRM_SHARE = 0.10
CONFIRM_MORE_THAN = 20
# pg_advisory_xact_lock key of the register: "FFIM".
REGISTER_LOCK = 0x4646494D

Progress = Callable[[RegisterImport], None]


class ImportRefused(ValueError):
    """The import cannot go ahead; the message is a Swedish sentence for the user."""


class ReviewAgain(ImportRefused):
    """The register changed since the preview in a way the user must confirm again; the import is back in review."""

    def __init__(self, message: str, disappeared: int, registered: int):
        super().__init__(message)
        self.disappeared, self.registered = disappeared, registered


# --- Moving between statuses ----------------------------------------------------------------


def move(imp: RegisterImport, target: str, *, expected: Iterable[str] | None = None, **fields) -> bool:
    """Compare-and-set: `UPDATE … WHERE id = … AND status IN (…)`, for the statuses allowed to reach `target`.

    Returns whether this call moved it (exactly one row); the object follows only then.
    """
    sources = sources_of(target, expected)
    if not sources:
        return False
    moved = RegisterImport.objects.filter(pk=imp.pk, status__in=sources).update(status=target, **fields)
    if moved == 1:
        imp.status = target
        for name, value in fields.items():
            setattr(imp, name, value)
    return moved == 1


CHECK, MAPPED, COMMIT, CANCEL = "check", "mapped", "commit", "cancel"


def _refusal(imp: RegisterImport, action: str) -> ImportRefused:
    """'The import cannot … in status …', with the status as it is now."""
    current = RegisterImport.objects.filter(pk=imp.pk).values_list("status", flat=True).first()
    imp.status = current or imp.status
    status = ImportStatus(imp.status).label
    messages = {
        CHECK: _("Importen kan inte kontrolleras i läget ”%(s)s”."),
        MAPPED: _("Kolumnerna kan inte kopplas i läget ”%(s)s”."),
        COMMIT: _("Importen kan inte läsas in i läget ”%(s)s”."),
        CANCEL: _("Importen kan inte avbrytas i läget ”%(s)s”."),
    }
    return ImportRefused(messages[action] % {"s": status})


def lock_register() -> None:
    """Inside a transaction: wait for, and hold until it ends, the right to change the register.

    One import commits at a time. Not only one per municipality: imports of different municipalities
    write the same persons (a person moves), the same enrolments (a pupil at another municipality's
    school) and derive the same persons' periods, and two of them at once would each derive from what
    the other has not yet committed. On PostgreSQL a transaction-level advisory lock, released when the
    transaction ends (a killed worker's with its connection); SQLite takes its database write lock at
    BEGIN (settings: transaction_mode IMMEDIATE), so there the transaction itself is the lock.
    """
    if is_postgresql():
        execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_LOCK])


def register_units(municipality: str):
    """The units whose own register may be read in for the municipality: AF's units of its agreements."""
    from fotfaste.orgs.models import PartyKind, Unit

    return Unit.objects.filter(
        party__kind=PartyKind.EMPLOYMENT_SERVICE, party__agreement__municipalities=municipality
    ).distinct()


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
    unit=None,
) -> RegisterImport:
    """Register a file for import: its format, header and column mapping. Raises ImportRefused.

    A unit's own register (af_inskrivning) names the unit, which must be of the municipality's agreement.
    """
    if kind not in RegisterKind.values:
        raise ImportRefused(_("Okänt register ”%(v)s”.") % {"v": kind})
    if not Municipality.objects.filter(code=municipality).exists():
        raise ImportRefused(_("Kommunkoden ”%(v)s” finns inte.") % {"v": municipality})
    if kind in UNIT_REGISTERS and (unit is None or not register_units(municipality).filter(pk=unit.pk).exists()):
        raise ImportRefused(
            _("Ange vilken av Arbetsförmedlingens enheter i kommunens samverkan som filen är register för.")
        )
    if kind not in UNIT_REGISTERS:
        unit = None
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
        unit=unit,
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
    if imp.status != ImportStatus.NEEDS_MAPPING:
        raise _refusal(imp, MAPPED)
    mapping, _created = ColumnMapping.objects.update_or_create(
        kind=imp.kind,
        header_signature=cols.header_signature(imp.kind, imp.header),
        defaults={"name": name, "columns": columns, "created_by": user if user and user.is_authenticated else None},
    )
    if not move(imp, ImportStatus.QUEUED, expected={ImportStatus.NEEDS_MAPPING}, columns=columns, mapping=mapping):
        raise _refusal(imp, MAPPED)
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


# --- Checking ----------------------------------------------------------------------------------


def check(imp: RegisterImport, progress: Progress | None = None) -> RegisterImport:
    """Validate every row and stage the valid ones; the import ends "avvisad" or "granska"."""
    if not move(imp, ImportStatus.CHECKING, expected={ImportStatus.QUEUED}):
        raise _refusal(imp, CHECK)
    ImportProblem.objects.filter(register_import=imp).delete()
    merge.clear_staging(imp.pk)
    try:
        _check(imp, progress)
    except Exception as exc:
        _fail(imp, exc=exc)
        raise
    return imp


def _check(imp: RegisterImport, progress: Progress | None) -> None:
    kind, source = imp.kind, source_of(imp)
    refusal = _refusal_before_reading(imp)
    if refusal:
        _store_problems(imp, [Problem(None, "", refusal)])
        _finish_check(imp, errors=1, notices=0)
        return
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
    try:
        total = count_data_rows(source)
        _set_progress(imp, _("Kontrollerar rader"), 0, total, progress)
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
    except RegisterFileError as exc:
        # The file breaks down part of the way (a field beyond the csv module's limit, a quote never
        # closed): the user's problem, named by row, not an unexpected error.
        records.clear()
        problems.append(Problem(exc.row, "", str(exc)))
        _flush(imp, model, fields, records, problems, errors + 1)
        merge.clear_staging(imp.pk)
        _finish_check(imp, errors=errors + 1, notices=notices, rows=done)
        return
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
    if kind in (RegisterKind.ENROLMENTS, RegisterKind.CERTIFICATES):
        notices += merge.add_not_in_population_notices(
            kind, imp.pk, imp.municipality_id, imp.columns.get("personnummer", "personnummer")
        )
    faults.point("check.staged")
    _finish_check(imp, errors=0, notices=notices, rows=done, preview=_preview(imp))


def _flush(imp, model, fields, records: list[tuple], problems: list[Problem], errors: int) -> None:
    if records and not errors:
        insert_rows(model, fields, records, extra={"register_import_id": imp.pk})
    records.clear()
    if problems:
        _store_problems(imp, problems)
        problems.clear()


def _refusal_before_reading(imp: RegisterImport) -> str:
    """Snapshots are read in date order (docs/register-formats.md): an older one would undo what a newer one said."""
    if imp.kind != RegisterKind.POPULATION:
        return ""
    latest = latest_done(imp.municipality_id, RegisterKind.POPULATION)
    if latest and latest.pk != imp.pk and latest.as_of > imp.as_of:
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
    elif imp.kind == RegisterKind.EMPLOYMENT_SERVICE:
        message = _(
            "Samma inskrivning (personnummer, inskriven från och sökandekategori) finns redan på rad %(rad)d. "
            "Varje inskrivning ska bara finnas en gång i filen."
        )
        severity = Severity.ERROR
    else:
        message = _("Samma betyg eller intyg finns redan på rad %(rad)d. Det räknas en gång.")
        severity = Severity.NOTICE
    return [Problem(row, column, message % {"rad": first}, severity) for row, first in duplicates]


def _preview(imp: RegisterImport) -> dict:
    municipality = imp.municipality_id
    if imp.kind == RegisterKind.POPULATION:
        preview = merge.population_preview(imp.pk, municipality, imp.as_of)
        registered = merge.count_current_registrations(municipality, imp.as_of)
    elif imp.kind == RegisterKind.ENROLMENTS:
        preview, registered = merge.enrolment_preview(imp.pk, municipality), 0
    elif imp.kind == RegisterKind.EMPLOYMENT_SERVICE:
        preview, registered = employment.preview(imp.pk, imp.unit_id), 0
    else:
        preview, registered = merge.certificate_preview(imp.pk, municipality), 0
    return {
        "new": preview.new,
        "changed": preview.changed,
        "unchanged": preview.unchanged,
        "disappeared": preview.disappeared,
        "registered": registered,
    }


def _finish_check(
    imp: RegisterImport, *, errors: int, notices: int, rows: int = 0, preview: dict | None = None
) -> None:
    target = ImportStatus.REJECTED if errors else ImportStatus.READY
    fields = {
        "errors": errors,
        "notices": notices,
        "rows": rows,
        "checked_at": timezone.now(),
        "phase": "",
        **(preview or {}),
    }
    if not move(imp, target, expected={ImportStatus.CHECKING}, **fields):
        # Someone else ended it meanwhile (its worker was taken as gone): take back what this check staged.
        merge.clear_staging(imp.pk)
        raise ImportRefused(_("Importen avslutades medan filen kontrollerades. Inget lästes in."))
    if errors:
        _clean_up(imp)


# --- Reading in --------------------------------------------------------------------------------


def needs_confirmation(disappeared: int, registered: int) -> bool:
    """Would the file end so many of the municipality's registrations that the user must confirm it by number?"""
    return disappeared > CONFIRM_MORE_THAN and disappeared > CONFIRM_SHARE * registered


def confirmation_text(imp: RegisterImport) -> str:
    """What the user confirms, with the number and the municipality's name."""
    return _("Jag förstår att %(antal)s personers folkbokföring i %(kommun)s avslutas") % {
        "antal": _number(imp.disappeared),
        "kommun": imp.municipality.name,
    }


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def commit(
    imp: RegisterImport,
    *,
    actor_name: str,
    progress: Progress | None = None,
    confirmed_disappeared: int | None = None,
) -> RegisterImport:
    """Store the checked file: merge the facts, derive the register again, record who entered and left KAA."""
    fields: dict = {"failure": ""}
    if confirmed_disappeared is not None:
        fields["confirmed_disappeared"] = confirmed_disappeared
    if not move(imp, ImportStatus.COMMITTING, expected={ImportStatus.READY, ImportStatus.COMMIT_QUEUED}, **fields):
        raise _refusal(imp, COMMIT)
    faults.point("commit.claimed")
    try:
        with transaction.atomic():
            lock_register()
            _check_again_under_lock(imp)
            faults.point("commit.locked")
            _commit(imp, actor_name, progress)
    except ReviewAgain as exc:
        move(
            imp,
            ImportStatus.READY,
            expected={ImportStatus.COMMITTING},
            failure=str(exc),
            disappeared=exc.disappeared,
            registered=exc.registered,
            confirmed_disappeared=None,
            phase="",
        )
        raise
    except ImportRefused as exc:
        _fail(imp, message=str(exc))
        raise
    except Exception as exc:
        _fail(imp, exc=exc)
        raise
    _clean_up(imp)
    return imp


def _check_again_under_lock(imp: RegisterImport) -> None:
    """Every precondition of reading in, again, now that no other import can commit."""
    imp.refresh_from_db()
    if imp.status != ImportStatus.COMMITTING:
        raise ImportRefused(
            _("Importen ändrades medan den väntade på att läsas in (nu ”%(s)s”). Inget lästes in.")
            % {"s": imp.get_status_display()}
        )
    staged = merge.staged_count(imp.kind, imp.pk)
    if staged != imp.rows:
        # UNLOGGED staging tables are emptied by a PostgreSQL crash; merging an empty population
        # snapshot would end every registration in the municipality.
        raise ImportRefused(
            _(
                "De kontrollerade raderna finns inte längre kvar (%(kvar)s av %(rader)s), till exempel för att "
                "databasen har startats om sedan filen kontrollerades. Inget lästes in. Ladda upp filen igen."
            )
            % {"kvar": _number(staged), "rader": _number(imp.rows)}
        )
    refusal = _refusal_before_reading(imp)
    if refusal:
        raise ImportRefused(refusal)
    if imp.kind == RegisterKind.POPULATION:
        disappeared = merge.count_disappeared(imp.pk, imp.municipality_id, imp.as_of)
        registered = merge.count_current_registrations(imp.municipality_id, imp.as_of)
        if needs_confirmation(disappeared, registered) and imp.confirmed_disappeared != disappeared:
            raise ReviewAgain(
                _(
                    "Filen skulle avsluta folkbokföringen för %(antal)s av %(av)s personer i %(kommun)s. "
                    "Inget lästes in. Granska förändringarna och bekräfta antalet innan filen läses in."
                )
                % {"antal": _number(disappeared), "av": _number(registered), "kommun": imp.municipality.name},
                disappeared,
                registered,
            )


def _commit(imp: RegisterImport, actor_name: str, progress: Progress | None) -> None:
    municipality = imp.municipality_id
    # Done first thing in the transaction: it is done exactly when its facts are there, and the
    # derivation counts this snapshot as the municipality's newest.
    if not move(
        imp,
        ImportStatus.DONE,
        expected={ImportStatus.COMMITTING},
        committed_at=timezone.now(),
        committed_by_name=actor_name,
    ):
        raise ImportRefused(_("Importen ändrades medan den lästes in. Inget lästes in."))
    _set_progress(imp, _("Läser in"), 0, 1, progress)
    name = _("registerimport #%(nr)d (%(vem)s)") % {"nr": imp.pk, "vem": actor_name}
    if imp.kind == RegisterKind.EMPLOYMENT_SERVICE:
        # The unit's own register: no KAA fact, so no derivation and no change list.
        end_column = imp.columns.get("inskriven_till", "inskriven_till")
        imp.notices += employment.merge(imp.pk, imp.unit_id, imp.as_of, end_column, name)
        imp.phase = ""
        imp.save(update_fields=["notices", "phase"])
        return
    if imp.kind == RegisterKind.POPULATION:
        affected, notices = merge.merge_population(imp.pk, municipality, imp.as_of, imp.columns, timezone.now(), name)
        # Persons a unit's register already listed before Fotfäste knew them.
        employment.keep_grounds_of_import(imp.pk, merge.SP, name)
    elif imp.kind == RegisterKind.ENROLMENTS:
        affected, notices = merge.merge_enrolments(imp.pk, municipality, imp.as_of, imp.columns)
    else:
        affected, notices = merge.merge_certificates(imp.pk, municipality, imp.as_of), 0
    faults.point("commit.merged")

    # Every municipality whose register these persons are in gets its change list, not only this one.
    municipalities = {municipality} | changes.municipalities_of(affected)
    previous = {code: changes.previous_list(code) for code in municipalities}
    for code, before in previous.items():
        changes.take_snapshot(imp, code, before.day if before else None)

    def derived(done, total):
        _set_progress(imp, _("Uppdaterar KAA-registret"), done, total, progress)

    derivation.rederive(affected, progress=derived)
    # The change list probes periods per person; with statistics from before this import PostgreSQL
    # would think the municipality has a handful and walk all of them for every person.
    analyze(KaaPeriod)
    for code in sorted(municipalities):
        before = previous[code]
        if code != municipality and before is None:
            continue  # no register there to compare with (registrations come only from its own snapshots)
        since = before.day if before else None
        # Time never runs backwards in a change list: an import dated before the previous list compares on its day.
        day = max(imp.as_of, since) if since else imp.as_of
        entered, left = changes.record(imp, code, day)
        if code == municipality or entered or left:
            KaaChangeList.objects.create(
                register_import=imp, municipality_id=code, since=since, day=day, entered=entered, left=left
            )
        if code == municipality:
            imp.entered_kaa, imp.left_kaa = entered, left
    imp.previous = previous[municipality].register_import if previous[municipality] else None
    imp.notices += notices
    imp.phase = ""
    imp.save(update_fields=["previous", "entered_kaa", "left_kaa", "notices", "phase"])


# --- Ending without reading in ---------------------------------------------------------------


def discard(imp: RegisterImport, status: str = ImportStatus.CANCELLED, failure: str = "") -> None:
    """Cancel an import that waits for the user, or end a dry run: nothing stored, nothing of the upload kept."""
    expected = {ImportStatus.NEEDS_MAPPING, ImportStatus.READY} if status == ImportStatus.CANCELLED else None
    if not move(imp, status, expected=expected, phase="", failure=failure):
        raise _refusal(imp, CANCEL)
    _clean_up(imp)


def forget_waiting(now: datetime) -> int:
    """Imports left waiting for the user longer than IMPORT_WAIT_DAYS — columns never mapped, or checked and
    never read in — are cancelled, and their upload and staged rows removed: personal data is not kept for a
    read-in nobody does. Compare-and-set, like a cancel: a "Läs in" sent at the same moment wins or loses whole."""
    cutoff = now - timedelta(days=settings.IMPORT_WAIT_DAYS)
    waiting = RegisterImport.objects.filter(
        Q(status=ImportStatus.NEEDS_MAPPING, created_at__lt=cutoff)
        | Q(status=ImportStatus.READY, checked_at__lt=cutoff)
    )
    failure = _("Importen väntade mer än %(dagar)d dagar och avbröts; filen är borttagen. Ladda upp den igen.") % {
        "dagar": settings.IMPORT_WAIT_DAYS
    }
    forgotten = 0
    for imp in waiting.order_by("pk"):
        if move(
            imp,
            ImportStatus.CANCELLED,
            expected={ImportStatus.NEEDS_MAPPING, ImportStatus.READY},
            phase="",
            failure=failure,
        ):
            _clean_up(imp)
            forgotten += 1
    return forgotten


def abandon(imp: RegisterImport) -> bool:
    """Its worker is gone: the import failed and nothing of it stays.

    Under the register's lock, so a commit that is in fact still running is waited for and then left
    alone (its import is done), never pulled from under it.
    """
    with transaction.atomic():
        lock_register()
        moved = move(
            imp,
            ImportStatus.FAILED,
            expected=ACTIVE_STATUSES - {ImportStatus.NEEDS_MAPPING, ImportStatus.READY},
            phase="",
            failure=_(
                "Arbetsprocessen som körde importen stoppades innan den var klar. Inget lästes in. "
                "Ladda upp filen igen."
            ),
        )
    if moved:
        _clean_up(imp)
    return moved


def _fail(imp: RegisterImport, *, exc: Exception | None = None, message: str = "") -> None:
    if exc is not None:
        logger.exception("Registerimport %s misslyckades", imp.pk, exc_info=exc)
    if isinstance(exc, (OperationalError, InterfaceError)):
        message = _(
            "Kontakten med databasen bröts under arbetet, till exempel vid en omstart. Inget lästes in. "
            "Ladda upp filen igen."
        )
    reconnect_if_broken()
    moved = move(
        imp,
        ImportStatus.FAILED,
        expected=ACTIVE_STATUSES,
        phase="",
        failure=message or _("Ett oväntat fel inträffade, och inget lästes in. Felet är loggat för systemförvaltaren."),
    )
    if moved:
        _clean_up(imp)


def _clean_up(imp: RegisterImport) -> None:
    merge.clear_staging(imp.pk)
    _forget_upload(imp)


def _forget_upload(imp: RegisterImport) -> None:
    """An uploaded copy holds personal data: delete it as soon as it is not needed. A command's own file stays."""
    if imp.channel == ImportChannel.WEB and imp.stored_file:
        Path(imp.stored_file).unlink(missing_ok=True)
        RegisterImport.objects.filter(pk=imp.pk).update(stored_file="")
        imp.stored_file = ""

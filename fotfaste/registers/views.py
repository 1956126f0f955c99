"""Register import pages: upload, map columns, follow progress, review, read in, inspect afterwards.

KAA caseworkers import their municipalities' registers; an employment officer imports their AF unit's own
register (af_inskrivning). Each sees only those imports: another's answers 404 like one that does not exist.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads
from fotfaste.core import jobs as job_queue
from fotfaste.core.export import logged_batches, streamed_csv_response
from fotfaste.core.keyset import keyset_page, next_page_query
from fotfaste.kaa.models import Direction, EndReason, KaaChange, KaaChangeList, StartReason
from fotfaste.orgs.models import PartyKind, Unit
from fotfaste.orgs.roles import Role

from . import imports
from . import jobs as import_jobs
from .forms import KIND_HINTS, CommitForm, ImportForm, MappingForm
from .models import UNIT_REGISTERS, ImportProblem, ImportStatus, RegisterImport, Severity

SHOWN_PROBLEMS = 200
SHOWN_CHANGES = 200
SHOWN_CHANGE_LISTS = 50
CHANGE_REASONS = {**dict(StartReason.choices), **dict(EndReason.choices), "rattad": _("Uppgifterna har rättats")}


def import_municipalities(request) -> frozenset[str]:
    """The municipalities whose registers the user keeps (KAA role); 403 for everyone else."""
    codes = scope_for(request.user).municipality_codes
    if not codes:
        raise PermissionDenied(_("Registerimport är till för KAA-handläggare."))
    return codes


def register_units(user):
    """The AF units whose own register the user reads in: those where they are an employment officer."""
    return Unit.objects.filter(
        party__kind=PartyKind.EMPLOYMENT_SERVICE,
        memberships__user=user,
        memberships__active=True,
        memberships__role=Role.EMPLOYMENT_OFFICER,
    ).distinct()


def visible_imports(request):
    """The imports the user may see: their municipalities' registers and their AF units' own; 403 if none."""
    codes = scope_for(request.user).municipality_codes
    unit_ids = list(register_units(request.user).values_list("pk", flat=True))
    if not codes and not unit_ids:
        raise PermissionDenied(_("Registerimport är till för KAA-handläggare och Arbetsförmedlingens handläggare."))
    return RegisterImport.objects.filter(
        (Q(municipality_id__in=codes) & ~Q(kind__in=UNIT_REGISTERS)) | Q(kind__in=UNIT_REGISTERS, unit_id__in=unit_ids)
    )


def get_import(request, pk: int) -> RegisterImport:
    imp = visible_imports(request).filter(pk=pk).select_related("municipality", "mapping", "unit").first()
    if imp is None:
        raise Http404
    return imp


def get_change_list(request, pk: int, code: str) -> KaaChangeList:
    """A change list of one of the user's municipalities, whichever municipality's import made it."""
    change_list = (
        KaaChangeList.objects.filter(register_import_id=pk, municipality_id=code)
        .filter(municipality_id__in=import_municipalities(request))
        .select_related("municipality", "register_import__municipality")
        .first()
    )
    if change_list is None:
        raise Http404
    return change_list


@login_required
def import_list(request):
    qs = visible_imports(request).select_related("municipality", "created_by", "unit")
    codes = scope_for(request.user).municipality_codes
    rows, next_cursor = keyset_page(qs, ("-id",), request.GET.get("efter"), settings.PAGE_SIZE)
    # Other municipalities' files that changed this municipality's register (a school file naming its residents).
    from_elsewhere = (
        KaaChangeList.objects.filter(municipality_id__in=codes)
        .exclude(register_import__municipality_id=F("municipality_id"))
        .select_related("municipality", "register_import__municipality")
        .order_by("-id")[:SHOWN_CHANGE_LISTS]
    )
    return render(
        request,
        "registers/import_list.html",
        {
            "imports": rows,
            "next_page": next_page_query(next_cursor),
            "from_elsewhere": list(from_elsewhere),
            "nav_active": "imports",
        },
    )


@login_required
def import_new(request):
    visible_imports(request)  # 403 for a user who reads in no register
    codes = scope_for(request.user).municipality_codes
    units = register_units(request.user).select_related("party")
    unit_municipalities: dict[int, set[str]] = {unit_id: set() for unit_id in units.values_list("pk", flat=True)}
    for unit_id, code in units.values_list("pk", "party__agreement__municipalities"):
        if code:
            unit_municipalities[unit_id].add(code)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        municipalities=codes,
        units=units,
        unit_municipalities=unit_municipalities,
    )
    if request.method == "POST" and form.is_valid():
        path = save_upload(form.cleaned_data["file"])
        try:
            imp = imports.create_import(
                kind=form.cleaned_data["kind"],
                municipality=form.cleaned_data["municipality"].code,
                path=path,
                file_name=form.cleaned_data["file"].name,
                as_of=form.cleaned_data["as_of"],
                user=request.user,
                unit=form.cleaned_data.get("unit"),
            )
        except imports.ImportRefused as exc:
            path.unlink(missing_ok=True)
            form.add_error("file", str(exc))
        else:
            if imp.status == imports.ImportStatus.NEEDS_MAPPING:
                return redirect("registers:mapping", pk=imp.pk)
            job_queue.enqueue(import_jobs.CHECK, import_id=imp.pk)
            return redirect("registers:detail", pk=imp.pk)
    return render(
        request,
        "registers/import_new.html",
        {"form": form, "kind_hints": KIND_HINTS, "nav_active": "imports"},
    )


def save_upload(upload) -> Path:
    """The uploaded file, kept under a random name until the import no longer needs it."""
    directory = Path(settings.IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:6]}"
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@login_required
def import_mapping(request, pk: int):
    imp = get_import(request, pk)
    if imp.status != ImportStatus.NEEDS_MAPPING:
        return redirect("registers:detail", pk=imp.pk)
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        kind=imp.kind,
        header=imp.header,
        initial_columns=imp.columns,
    )
    if request.method == "POST" and form.is_valid():
        try:
            imports.apply_mapping(imp, form.columns(), form.cleaned_data["source_name"], request.user)
        except imports.ImportRefused as exc:
            form.add_error(None, str(exc))
        else:
            job_queue.enqueue(import_jobs.CHECK, import_id=imp.pk)
            messages.success(request, _("Kolumnerna är kopplade och kommer ihåg till nästa gång."))
            return redirect("registers:detail", pk=imp.pk)
    return render(request, "registers/import_mapping.html", {"imp": imp, "form": form, "nav_active": "imports"})


@login_required
def import_detail(request, pk: int):
    return render(request, "registers/import_detail.html", detail_context(request, get_import(request, pk)))


def detail_context(request, imp: RegisterImport, commit_form: CommitForm | None = None) -> dict:
    problems = list(
        ImportProblem.objects.filter(register_import=imp).order_by("severity", "row", "id")[:SHOWN_PROBLEMS]
    )
    entered, left = [], []
    change_list = None
    if imp.status == ImportStatus.DONE:
        change_list = KaaChangeList.objects.filter(register_import=imp, municipality_id=imp.municipality_id).first()
        entered, left = shown_changes(request, imp, imp.municipality_id)
    needs_confirmation = imp.status == ImportStatus.READY and imports.needs_confirmation(
        imp.disappeared, imp.registered
    )
    if needs_confirmation and commit_form is None:
        commit_form = commit_form_for(imp)
    return {
        "imp": imp,
        "problems": problems,
        "problem_total": imp.errors + imp.notices,
        "change_list": change_list,
        "entered": entered,
        "left": left,
        "shown_changes": SHOWN_CHANGES,
        "needs_confirmation": needs_confirmation,
        "form": commit_form,
        "nav_active": "imports",
    }


def commit_form_for(imp: RegisterImport, data=None) -> CommitForm:
    return CommitForm(data, label=imports.confirmation_text(imp), expected=imp.disappeared)


def shown_changes(request, imp: RegisterImport, municipality: str) -> tuple[list[KaaChange], list[KaaChange]]:
    entered = change_rows(request.user, imp, municipality, Direction.ENTERED)
    left = change_rows(request.user, imp, municipality, Direction.LEFT)
    shown = [c.person for c in (*entered, *left)]
    if shown:
        log_reads(Actor.from_request(request), shown, _("ändringslista import #%(nr)d") % {"nr": imp.pk})
    return entered, left


def change_rows(user, imp, municipality: str, direction: str) -> list[KaaChange]:
    """The change list as far as the user may see its persons today (after the follow-up time, nobody)."""
    rows = list(
        KaaChange.objects.filter(
            register_import=imp,
            municipality_id=municipality,
            direction=direction,
            person__in=restrict(user).values("pk"),
        )
        .select_related("person")
        .order_by("person__sort_name", "id")[:SHOWN_CHANGES]
    )
    for change in rows:
        change.reason_label = CHANGE_REASONS.get(change.reason, change.reason)
    return rows


@login_required
def change_list_detail(request, pk: int, code: str):
    """A change list another municipality's import made for one of the user's municipalities."""
    change_list = get_change_list(request, pk, code)
    imp = change_list.register_import
    if imp.municipality_id == code:
        return redirect("registers:detail", pk=imp.pk)
    entered, left = shown_changes(request, imp, code)
    return render(
        request,
        "registers/change_list.html",
        {
            "change_list": change_list,
            "imp": imp,
            "entered": entered,
            "left": left,
            "shown_changes": SHOWN_CHANGES,
            "nav_active": "imports",
        },
    )


@login_required
def import_status(request, pk: int):
    """For the progress bar: polled by static/js/fotfaste.js while the import works."""
    imp = get_import(request, pk)
    return JsonResponse(
        {
            "status": imp.status,
            "status_label": imp.get_status_display(),
            "phase": imp.phase,
            "done": imp.progress_done,
            "total": imp.progress_total,
            "percent": imp.progress_percent,
            "running": imp.is_running,
        }
    )


@login_required
@require_POST
def import_commit(request, pk: int):
    imp = get_import(request, pk)
    if imp.status != ImportStatus.READY:
        messages.error(request, _("Importen kan inte läsas in i läget ”%(s)s”.") % {"s": imp.get_status_display()})
        return redirect("registers:detail", pk=imp.pk)
    confirmed = None
    if imports.needs_confirmation(imp.disappeared, imp.registered):
        form = commit_form_for(imp, request.POST)
        if not form.is_valid():
            return render(request, "registers/import_detail.html", detail_context(request, imp, form), status=400)
        confirmed = form.cleaned_data["antal"]
    # Compare-and-set: of a commit and a cancel (or two commits) sent at once, only one gets through.
    if not imports.move(
        imp, ImportStatus.COMMIT_QUEUED, expected={ImportStatus.READY}, confirmed_disappeared=confirmed, failure=""
    ):
        imp.refresh_from_db()
        messages.error(request, _("Importen kan inte läsas in i läget ”%(s)s”.") % {"s": imp.get_status_display()})
        return redirect("registers:detail", pk=imp.pk)
    job_queue.enqueue(import_jobs.COMMIT, import_id=imp.pk, actor=request.user.username)
    return redirect("registers:detail", pk=imp.pk)


@login_required
@require_POST
def import_cancel(request, pk: int):
    imp = get_import(request, pk)
    try:
        imports.discard(imp)
    except imports.ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Importen är avbruten. Inget lästes in."))
    return redirect("registers:detail", pk=imp.pk)


@login_required
def import_problems_csv(request, pk: int):
    imp = get_import(request, pk)

    def rows():
        yield [_("typ"), _("rad"), _("kolumn"), _("problem")]
        problems = ImportProblem.objects.filter(register_import=imp).order_by("severity", "row", "id")
        for p in problems.iterator(chunk_size=5000):
            yield [Severity(p.severity).label, p.row or "", p.column, p.message]

    return streamed_csv_response(rows(), f"import-{imp.pk}-problem.csv")


@login_required
def import_changes_csv(request, pk: int, code: str | None = None):
    """The whole change list; every person in it is an export, in the read log before the row is sent."""
    if code is None:
        imp = get_import(request, pk)
        if imp.status != ImportStatus.DONE:
            raise Http404
        code = imp.municipality_id
    else:
        imp = get_change_list(request, pk, code).register_import
    actor = Actor.from_request(request)
    what = _("ändringslista import #%(nr)d (export)") % {"nr": imp.pk}

    def log(batch: list[KaaChange]) -> None:
        log_reads(actor, [change.person for change in batch], what)

    def rows():
        yield [_("förändring"), _("personnummer"), _("förnamn"), _("efternamn"), _("datum"), _("orsak")]
        changes = (
            KaaChange.objects.filter(
                register_import=imp, municipality_id=code, person__in=restrict(request.user).values("pk")
            )
            .select_related("person")
            .order_by("direction", "id")
        )
        for change in logged_batches(changes.iterator(chunk_size=2000), log):
            yield [
                Direction(change.direction).label,
                change.person.personnummer,
                change.person.first_name,
                change.person.last_name,
                change.day.isoformat() if change.day else "",
                CHANGE_REASONS.get(change.reason, change.reason),
            ]

    return streamed_csv_response(rows(), f"import-{imp.pk}-andringar.csv")

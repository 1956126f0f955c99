"""The SCB report and KAA statistics pages (KAA caseworkers), and the versions (installation administrators)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from fotfaste.access.decorators import installation_administrator_required
from fotfaste.access.services import Actor
from fotfaste.core.dates import add_months
from fotfaste.core.export import file_response
from fotfaste.reference.models import Municipality

from . import board, reports, services, statistics
from . import spec as spec_module
from . import versions as version_service
from .forms import BoardReportForm, ReportForm, VersionImportForm, VersionTextForm
from .halfyear import HalfYear, Year, recent
from .models import ScbVersion


def _choices(codes) -> list[tuple[str, str]]:
    return list(Municipality.objects.filter(code__in=codes).order_by("name").values_list("code", "name"))


def _selection(request, actor):
    """The municipality and half-year asked for (default: the first municipality, the last whole half-year).

    A POST names both in its body: a change is never made on defaults.
    """
    codes = services.report_municipalities(actor)
    choices = _choices(codes)
    today = timezone.localdate()
    if request.method == "POST":
        return ReportForm(request.POST, municipalities=choices), today
    data = request.GET.copy()
    data.setdefault("kommun", choices[0][0] if choices else "")
    data.setdefault("halvar", str(HalfYear.of(today).previous()))
    return ReportForm(data, municipalities=choices), today


def _chosen(request, actor):
    """The form, and the municipality and half-year it names (the actor's to report), or None for both."""
    form, today = _selection(request, actor)
    if not form.is_valid():
        return form, None, None, today
    municipality, half = form.cleaned_data["kommun"], form.cleaned_data["halvar"]
    services.authorise(actor, municipality)
    return form, municipality, half, today


def _read_basis(actor, municipality: str, half, today, what: str):
    """The basis, with a read of everyone in it logged: the page or file made from it shows or carries them."""
    basis = services.basis_for(actor, municipality, half, today)
    services.log_basis(actor, basis, what % {"kommun": municipality, "h": half})
    return basis


def _query(municipality: str, half) -> str:
    return urlencode({"kommun": municipality, "halvar": str(half)})


@login_required
def home(request):
    actor = Actor.from_request(request)
    codes = services.report_municipalities(actor)
    today = timezone.localdate()
    choices = _choices(codes)
    exports = []
    for code, _name in choices:
        exports.extend(services.history(actor, code)[:20])
    current = services.current_ids(exports)
    return render(
        request,
        "scb/home.html",
        {
            "municipalities": choices,
            "halves": [(h, [(c, n, _query(c, h)) for c, n in choices]) for h in recent(today)],
            "exports": exports,
            "current": current,
            "nav_active": "scb",
        },
    )


@login_required
def check(request):
    actor = Actor.from_request(request)
    form, municipality, half, today = _chosen(request, actor)
    if municipality is None:
        return render(request, "scb/check.html", {"form": form, "nav_active": "scb"}, status=400)
    result, error = None, ""
    try:
        result = services.check(actor, municipality, half, today)
    except (ValidationError, spec_module.SpecError) as exc:
        error = " ".join(getattr(exc, "messages", None) or getattr(exc, "errors", [str(exc)]))
    if request.method == "POST" and result is not None:
        try:
            made = services.save_export(actor, result)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Filen %(fil)s är skapad. Ladda upp den i SCB:s insamlingsportal; den ersätter en tidigare fil för halvåret."
                )
                % {"fil": made.filename},
            )
            return redirect(reverse("scb:check") + "?" + _query(municipality, half))
    if result is not None and result.outcome.problems:
        services.log_problems(actor, result)
    exports = list(services.history(actor, municipality, half))
    return render(
        request,
        "scb/check.html",
        {
            "form": form,
            "municipality": Municipality.objects.get(code=municipality),
            "half": half,
            "query": _query(municipality, half),
            "result": result,
            "error": error,
            "exports": exports,
            "current": services.current_ids(exports),
            "nav_active": "scb",
        },
    )


@login_required
def basis_download(request):
    actor = Actor.from_request(request)
    form, municipality, half, today = _chosen(request, actor)
    if municipality is None:
        return render(request, "scb/check.html", {"form": form, "nav_active": "scb"}, status=400)
    basis = _read_basis(actor, municipality, half, today, _("Underlag till SCB %(kommun)s %(h)s (export)"))
    response = HttpResponse(services.basis_zip(basis), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="underlag_{municipality}_{half}.zip"'
    return response


@login_required
def file_download(request, pk: int):
    actor = Actor.from_request(request)
    made = services.get_export(actor, pk)
    services.log_download(actor, made)
    return file_response(bytes(made.content), made.filename, kind="csv")


# --- Statistics ------------------------------------------------------------------------------


def _statistics(request):
    actor = Actor.from_request(request)
    form, municipality, half, today = _chosen(request, actor)
    if municipality is None:
        return actor, form, None, None
    basis = _read_basis(actor, municipality, half, today, _("KAA-statistik %(kommun)s %(h)s"))
    return actor, form, basis, statistics.tables(basis)


@login_required
def statistics_page(request):
    try:
        actor, form, basis, rows = _statistics(request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("scb:home")
    if rows is None:
        return render(request, "scb/statistics.html", {"form": form, "nav_active": "scb"}, status=400)
    return render(
        request,
        "scb/statistics.html",
        {
            "form": form,
            "municipality": Municipality.objects.get(code=basis.municipality),
            "half": basis.half,
            "query": _query(basis.municipality, basis.half),
            "tables": reports.grouped(rows),
            "nav_active": "scb",
        },
    )


@login_required
def statistics_xlsx(request):
    actor, form, basis, rows = _statistics(request)
    if rows is None:
        return redirect("scb:statistics")
    content = reports.statistics_xlsx(basis, statistics.suppressed(rows))
    return file_response(content, f"kaa-statistik_{basis.municipality}_{basis.half}.xlsx", kind="xlsx")


@login_required
def statistics_pdf(request):
    actor, form, basis, rows = _statistics(request)
    if rows is None:
        return redirect("scb:statistics")
    content = reports.statistics_pdf(basis, statistics.suppressed(rows))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kaa-statistik_{basis.municipality}_{basis.half}.pdf"'
    return response


# --- Versions ----------------------------------------------------------------------------------


@installation_administrator_required
def versions(request):
    form = VersionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = version_service.import_file(form.cleaned_data["file"], request.user)
        except spec_module.SpecError as exc:
            for error in exc.errors:
                form.add_error("file", error)
        else:
            messages.success(request, _("Version %(v)s är inläst.") % {"v": version.code})
            return redirect("scb:version_edit", pk=version.pk)
    return render(
        request,
        "scb/versions.html",
        {"form": form, "versions": ScbVersion.objects.all(), "nav_active": "orgs"},
    )


@installation_administrator_required
def version_edit(request, pk: int):
    version = get_object_or_404(ScbVersion, pk=pk)
    initial = {"text": spec_module.dumps(version.spec), "checked": version.checked}
    form = VersionTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version_service.save_text(version, form.cleaned_data["text"], form.cleaned_data["checked"], request.user)
        except spec_module.SpecError as exc:
            for error in exc.errors:
                form.add_error("text", error)
        else:
            messages.success(request, _("Version %(v)s är sparad.") % {"v": version.code})
            return redirect("scb:version_edit", pk=version.pk)
    parsed = None
    with contextlib.suppress(spec_module.SpecError):
        parsed = spec_module.parse(version.spec)
    return render(
        request,
        "scb/version_edit.html",
        {
            "form": form,
            "version": version,
            "spec": parsed,
            "catalogue": version_service.catalogue(),
            "nav_active": "orgs",
        },
    )


@installation_administrator_required
def version_download(request, pk: int):
    version = get_object_or_404(ScbVersion, pk=pk)
    response = HttpResponse(spec_module.dumps(version.spec), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scb-version-{version.pk}.json"'
    return response


# --- Reports for the steering group and the board ------------------------------------------------

REPORTS = ("kartlaggning", "arsrapport", "halvar")


def _board(request):
    from fotfaste.access.scope import scope_for

    codes = board.board_municipalities(scope_for(request.user))
    if not codes:
        raise PermissionDenied(_("Rapporterna är till för styrgruppen, samordnaren, administratören och KAA."))
    today = timezone.localdate()
    data = request.GET.copy()
    choices = _choices(codes)
    data.setdefault("kommun", choices[0][0] if choices else "")
    return BoardReportForm(data, municipalities=choices), today


@login_required
def board_reports(request):
    form, today = _board(request)
    query = urlencode({k: v for k, v in request.GET.items() if k in form.fields}) if form.is_valid() else ""
    return render(
        request,
        "scb/board.html",
        {"form": form, "query": query, "nav_active": "rapporter"},
        status=200 if form.is_valid() else 400,
    )


@login_required
def board_report(request, report: str, fmt: str):
    form, today = _board(request)
    if not form.is_valid():
        return render(request, "scb/board.html", {"form": form, "nav_active": "rapporter"}, status=400)
    municipality = form.cleaned_data["kommun"]
    name = Municipality.objects.get(code=municipality).name
    if report == "kartlaggning":
        # A fixed reference day, the month's last (or today): tables a day apart would tell, by their
        # difference, who entered or left the register that day.
        chosen = form.cleaned_data["datum"] or today
        day = min(today, add_months(chosen.replace(day=1), 1) - timedelta(days=1))
        rows = board.suppressed_mapping(board.target_group(municipality, day))
        title = _("Kartläggning av målgruppen i %(kommun)s den %(dag)s") % {"kommun": name, "dag": day.isoformat()}
        titles, label = board.MAPPING_TITLES, lambda r: board.mapping_label(r.table, r.group)
        intro = _("Unga i det kommunala aktivitetsansvaret efter kön, födelseland, utbildning och sysselsättning")
        filename = f"kartlaggning_{municipality}_{day.isoformat()}"
    elif report == "arsrapport":
        year = form.cleaned_data["ar"] or Year(today.year)
        if year.start > today:
            return render(
                request,
                "scb/board.html",
                {"form": form, "error": _("Året har inte börjat."), "nav_active": "rapporter"},
                status=400,
            )
        rows = statistics.suppressed(board.annual(municipality, year, today))
        title = _("Det kommunala aktivitetsansvaret i %(kommun)s %(ar)s – årsrapport") % {"kommun": name, "ar": year}
        titles, label = board.ANNUAL_TITLES, lambda r: r.group if r.table == "halvar" else r.group_label()
        intro = _("Årsrapport till nämnden: Skolverkets tabeller för året")
        filename = f"kaa-arsrapport_{municipality}_{year}"
    else:
        half = form.cleaned_data["halvar"] or HalfYear.of(today).previous()
        if half.start > today:
            return render(
                request,
                "scb/board.html",
                {"form": form, "error": _("Halvåret har inte börjat."), "nav_active": "rapporter"},
                status=400,
            )
        rows = statistics.suppressed(board.half_year(municipality, half, today))
        title = _("Det kommunala aktivitetsansvaret i %(kommun)s, %(period)s – halvårsuppföljning") % {
            "kommun": name,
            "period": half.label(),
        }
        titles, label = statistics.TITLES, statistics.Row.group_label
        intro = _("Halvårsuppföljning för finansiärer: Skolverkets tabeller för halvåret")
        filename = f"kaa-halvar_{municipality}_{half}"
    tables = reports.shown_tables(rows, titles, label, for_sheet=fmt == "xlsx")
    if fmt == "xlsx":
        return file_response(reports.tables_xlsx(title, tables), f"{filename}.xlsx", kind="xlsx")
    response = HttpResponse(reports.tables_pdf(title, intro, tables), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response

"""List matching pages: the form with earlier runs, and a run's result."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.shortcuts import redirect, render
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from fotfaste.access.services import Actor
from fotfaste.core.forms import apply_service_errors
from fotfaste.core.keyset import next_page_query

from . import services
from .forms import ListMatchForm

CURSOR = "efter"


@csrf_exempt  # only so the upload handlers can be set before the body is read; csrf_protect below checks
@login_required
def home(request):
    actor = Actor.from_request(request)
    codes = services.listmatch_municipalities(actor)  # 403 before any of the body is read
    if request.method == "POST":
        # Always Django's temporary file, which it deletes when the request ends: the reader streams
        # from a path, and the list is never copied anywhere Fotfäste keeps files.
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
    return _home(request, actor, codes)


@csrf_protect
def _home(request, actor, codes):
    parties = services.party_choices(codes)
    form = ListMatchForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        municipalities=codes,
        parties=parties,
    )
    if request.method == "POST":
        try:
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    run = services.run_match(
                        actor,
                        municipality=form.municipality_code(),
                        party=form.cleaned_data["party"],
                        legal_basis=form.cleaned_data["legal_basis"],
                        legal_reference=form.cleaned_data["legal_reference"],
                        path=upload.temporary_file_path(),
                        column=form.cleaned_data["column"],
                    )
                except services.ColumnNotFound as exc:
                    form.offer_columns(exc.header)
                    apply_service_errors(form, exc)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    text = ngettext(
                        "Matchningen är klar: %(n)d ung person som inte är nådd finns i listan.",
                        "Matchningen är klar: %(n)d unga som inte är nådda finns i listan.",
                        run.matched,
                    )
                    messages.success(request, text % {"n": run.matched})
                    return redirect("listmatch:result", pk=run.pk)
        finally:
            for upload in request.FILES.values():
                upload.close()  # deletes Django's temporary file now rather than at the end of the response
        form.ask_for_file_again()
    runs, next_cursor = services.runs_page(actor, request.GET.get(CURSOR), settings.PAGE_SIZE)
    return render(
        request,
        "listmatch/home.html",
        {
            "form": form,
            "runs": runs,
            "several_municipalities": len(codes) > 1,
            "next_page": next_page_query(next_cursor),
            "first_page": not request.GET.get(CURSOR),
            "nav_active": "listmatch",
        },
    )


@login_required
def result(request, pk: int):
    actor = Actor.from_request(request)
    run = services.get_run(actor, pk)
    page = services.result_page(actor, run, request.GET.get(CURSOR), settings.PAGE_SIZE)
    return render(
        request,
        "listmatch/result.html",
        {
            "run": run,
            "page": page,
            "next_page": next_page_query(page.next_cursor),
            "first_page": not request.GET.get(CURSOR),
            "more_unreadable": run.unreadable_rows - len(run.unreadable_row_numbers),
            "title": _("Listmatchning %(when)s") % {"when": date_format(localtime(run.created_at), "Y-m-d H:i")},
            "nav_active": "listmatch",
        },
    )

"""The monthly lists page: upload a list, see what it held (counts only), and the earlier lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from fotfaste.core.forms import describe_fields

from . import services
from .forms import IncomeSupportListForm


@csrf_exempt  # only so the upload handlers can be set before the body is read; csrf_protect below checks
@login_required
def home(request):
    units = services.require_units(request.user)  # 403 before any of the body is read
    if request.method == "POST":
        # Django's temporary file, deleted when the request ends: the reader streams from a path, and
        # the list itself is not kept — only its person-months.
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
    return _home(request, units)


@csrf_protect
def _home(request, units):
    posted = request.method == "POST"
    form = IncomeSupportListForm(request.POST if posted else None, request.FILES if posted else None, units=units)
    result = None
    file_errors: list[str] = []
    if posted:
        try:
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = services.import_list(
                        unit=form.chosen_unit(),
                        path=upload.temporary_file_path(),
                        file_name=upload.name,
                        user=request.user,
                        user_name=request.user.get_full_name() or request.user.username,
                    )
                except services.ListRefused as exc:
                    file_errors = exc.errors
                    form.add_error(
                        "file",
                        ngettext(
                            "Filen har %(n)d fel och lästes inte in; ingenting sparades. Rätta felet nedan och försök igen.",
                            "Filen har %(n)d fel och lästes inte in; ingenting sparades. Rätta felen nedan och försök igen.",
                            len(exc.errors),
                        )
                        % {"n": len(exc.errors)},
                    )
                    describe_fields(form)  # the error joins the field's description, as any other
        finally:
            for upload in request.FILES.values():
                upload.close()
    return render(
        request,
        "incomesupport/home.html",
        {
            "form": form,
            "result": result,
            "file_errors": file_errors,
            "lists": services.history(units),
            "several_units": len(units) > 1,
            "title": _("Månadslistor för försörjningsstöd"),
            "nav_active": "incomesupport",
        },
        status=400 if form.errors else 200,
    )


@login_required
def remove(request, pk: int):
    """Take back a list read in by mistake: a page that says what goes, then the POST that removes it."""
    units = services.require_units(request.user)
    item = services.list_for(units, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            item, removed = services.remove_latest(
                units, pk, user_name=request.user.get_full_name() or request.user.username
            )
        except services.ListRefused as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                ngettext(
                    "Listan %(fil)s är borttagen: %(n)d personmånad togs bort ur uppföljningen.",
                    "Listan %(fil)s är borttagen: %(n)d personmånader togs bort ur uppföljningen.",
                    removed,
                )
                % {"fil": item.file_name, "n": removed},
            )
            return redirect("incomesupport:home")
    return render(
        request,
        "incomesupport/remove.html",
        {
            "item": item,
            "errors": errors,
            "title": _("Ta bort en månadslista"),
            "nav_active": "incomesupport",
        },
        status=409 if errors else 200,
    )

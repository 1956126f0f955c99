"""The SSYK 2012 page: the codes Fotfäste knows, and — for the installation's administrator — reading in more."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from fotfaste.access.scope import scope_for
from fotfaste.core.forms import describe_fields
from fotfaste.orgs.roles import CASEWORK_ROLES, Role

from . import ssyk_import
from .forms_ssyk import SsykFileForm
from .models import Occupation


def may_see_occupations(user) -> bool:
    """Those who may see the employer register (and the agreements' administrators) see the codes."""
    if user.is_superuser:
        return True
    return any(role in CASEWORK_ROLES | {Role.ADMIN} for _a, role in scope_for(user).agreement_roles)


@csrf_exempt  # only so the upload handler can be set before the body is read; csrf_protect below checks
@login_required
def occupations(request):
    if not may_see_occupations(request.user):
        raise PermissionDenied(_("Yrkeskoderna visas för dem som arbetar med arbetsgivarregistret."))
    if request.method == "POST":
        # The installation's classification is everyone's: only its administrator (a superuser) changes it.
        if not request.user.is_superuser:
            raise PermissionDenied(_("Bara installationens administratör läser in SSYK 2012."))
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
    return _occupations(request)


@csrf_protect
def _occupations(request):
    posted = request.method == "POST"
    form = SsykFileForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[str] = []
    if posted:
        try:
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    report = ssyk_import.import_file(upload.temporary_file_path(), file_name=upload.name)
                except ssyk_import.SsykFileError as exc:
                    problems = exc.problems
                    form.add_error(
                        "file",
                        ngettext(
                            "Filen har %(n)d fel och lästes inte in; ingenting ändrades.",
                            "Filen har %(n)d fel och lästes inte in; ingenting ändrades.",
                            len(problems),
                        )
                        % {"n": len(problems)},
                    )
                    describe_fields(form)
                else:
                    messages.success(
                        request,
                        _("%(kalla)s är inläst: %(nya)d nya, %(andrade)d ändrade och %(samma)d oförändrade koder.")
                        % {
                            "kalla": report.source,
                            "nya": len(report.added),
                            "andrade": len(report.changed),
                            "samma": report.unchanged,
                        },
                    )
                    return redirect("employers:occupations")
        finally:
            for upload in request.FILES.values():
                upload.close()
    codes = list(Occupation.objects.order_by("code"))
    return render(
        request,
        "employers/ssyk_occupations.html",
        {
            "form": form if request.user.is_superuser else None,
            "problems": problems[:200],
            "more_problems": max(len(problems) - 200, 0),
            "codes": codes,
            "levels": [(n, sum(1 for c in codes if c.level == n)) for n in (1, 2, 3, 4)],
            "nav_active": "employers",
        },
        status=400 if form.errors else 200,
    )

"""The per-employer summary: a page and a tagged PDF the coordinator can send the employer (summary.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fotfaste.access.services import Actor

from . import register, summary
from .views_figures import read_period


def _selection(request, pk: int):
    if not register.agreement_ids(request.user):
        raise PermissionDenied(_("Sammanställningen är för dem som arbetar med arbetsgivarregistret."))
    employer = register.employer_for(request.user, pk)  # 404 outside the user's casework agreements
    first, last, errors = read_period(request, timezone.localdate())
    return employer, first, last, errors


@login_required
@require_GET
def employer_summary(request, pk: int):
    employer, first, last, errors = _selection(request, pk)
    found = summary.summary_for(request.user, employer, first, last)
    return render(
        request,
        "employers/summary_page.html",
        {
            "summary": found,
            "employer": employer,
            "first": first,
            "last": last,
            "errors": errors,
            "nav_active": "employers",
        },
    )


@login_required
@require_GET
def employer_summary_pdf(request, pk: int):
    employer, first, last, _errors = _selection(request, pk)
    found = summary.summary_for(request.user, employer, first, last)
    today = timezone.localdate()
    pdf = summary.render_summary_pdf(found, printed_by=register.user_name(request.user), today=today)
    summary.log_export(Actor.from_request(request), found)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sammanstallning-{employer.pk}-{first}-{last}.pdf"'
    return response

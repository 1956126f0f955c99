"""The employer pages: thin views over register.py and placements.py."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import register
from .casework import casework_required


@casework_required
@require_GET
def index(request):
    q = request.GET.get("q", "")
    employers = register.search(request.user, q).select_related("agreement")[:200]
    return render(request, "employers/index.html", {"employers": employers, "q": q})

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import mail_admins
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from fotfaste.access.decorators import installation_administrator_required
from fotfaste.access.scope import scope_for
from fotfaste.orgs.models import Membership

from . import navigation
from .forms import AccessibleModelForm
from .models import AccessibilityReport


@login_required
def start(request):
    scope = scope_for(request.user)
    memberships = Membership.objects.filter(user=request.user, active=True).select_related("unit__party")
    return render(
        request,
        "core/start.html",
        {
            "scope": scope,
            "memberships": memberships,
            "cards": navigation.cards_for(request.user, scope),
            "nav_active": "start",
        },
    )


def accessibility(request):
    return render(request, "core/accessibility.html")


class AccessibilityReportForm(AccessibleModelForm):
    class Meta:
        model = AccessibilityReport
        fields = ["page", "description", "contact"]
        labels = {
            "page": _("Vilken sida gäller det?"),
            "description": _("Beskriv problemet"),
            "contact": _("E-post eller telefon om du vill ha svar"),
        }
        help_texts = {"page": _("Till exempel sidans rubrik eller adress.")}
        error_messages = {"description": {"required": _("Beskriv problemet du stötte på.")}}


def accessibility_report(request):
    form = AccessibilityReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = form.save()
        if settings.ADMINS:
            mail_admins(_("Tillgänglighetsbrist rapporterad"), f"{report.page}\n\n{report.description}")
        messages.success(
            request, _("Tack! Vi har tagit emot din rapport och återkommer om du lämnat kontaktuppgifter.")
        )
        return redirect("core:accessibility")
    return render(request, "core/accessibility_report.html", {"form": form})


@installation_administrator_required
def accessibility_reports(request):
    """Reported accessibility problems, newest first, for the administrators to act on."""
    if request.method == "POST":
        report_id = request.POST.get("rapport", "")
        if report_id.isdigit():
            AccessibilityReport.objects.filter(pk=int(report_id)).update(handled=True)
        messages.success(request, _("Rapporten är markerad som hanterad."))
        return redirect("core:accessibility_reports")
    reports = AccessibilityReport.objects.all()[:200]
    return render(request, "core/accessibility_reports.html", {"reports": reports, "nav_active": "orgs"})


def permission_denied(request, exception=None):
    return render(request, "core/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def csrf_failure(request, reason=""):
    """A form sent from a page whose security token no longer holds (CSRF_FAILURE_VIEW): most often the
    page was open too long, the user was logged out meanwhile, or logged in again in another tab.

    Says so in Swedish with the site's layout and offers the way back to the form's page, where a new
    token comes with the page. The way back is only offered to a page of this site.
    """
    referer = request.META.get("HTTP_REFERER", "")
    back = (
        referer
        if referer
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    return render(
        request,
        "core/csrf_failure.html",
        {"back": back, "no_cookie": reason == csrf.REASON_NO_CSRF_COOKIE},
        status=403,
    )

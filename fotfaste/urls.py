from django.http import JsonResponse
from django.urls import include, path, re_path

from fotfaste.api.api import api

urlpatterns = [
    path("", include("fotfaste.core.urls")),
    path("konto/", include("fotfaste.accounts.urls")),
    path("personer/", include("fotfaste.people.urls")),
    path("administration/", include("fotfaste.orgs.urls")),
    path("administration/gallring/", include("fotfaste.disposal.urls")),
    path("logg/", include("fotfaste.access.urls")),
    path("import/", include("fotfaste.registers.urls")),
    path("", include("fotfaste.letters.urls")),  # /kaa/brev/…, /personer/<pk>/brev/
    path("", include("fotfaste.outreach.urls")),  # /kaa/arbetslista/, /personer/<pk>/kontaktforsok/ny/, …
    path("", include("fotfaste.consent.urls")),  # /personer/<pk>/samtycken/…
    path("", include("fotfaste.team.urls")),  # /personer/<pk>/team/…
    path("", include("fotfaste.records.urls")),  # /personer/<pk>/uppgifter/…
    path("", include("fotfaste.mapping.urls")),  # /personer/<pk>/kartlaggning/…
    path("", include("fotfaste.plans.urls")),  # /personer/<pk>/plan/…
    path("", include("fotfaste.mywork.urls")),  # /mina-uppgifter/
    path("", include("fotfaste.meetings.urls")),  # /moten/…, /personer/<pk>/trepartssamtal/ny/
    path("", include("fotfaste.listmatch.urls")),  # /kaa/listmatchning/
    path("", include("fotfaste.incomesupport.urls")),  # /forsorjningsstod/manadslistor/
    path("", include("fotfaste.fund.urls")),  # /personer/<pk>/bidrag/…, /fonden/…
    path("", include("fotfaste.scb.urls")),  # /kaa/scb/…, /kaa/statistik/, /administration/scb/
    path("uppfoljning/", include("fotfaste.followup.urls")),
    path("arshjul/", include("fotfaste.cycle.urls")),  # the annual cycle: /arshjul/<agreement>/<year>/, …
    path("program/", include("fotfaste.programmes.urls")),  # programmes: /program/<agreement>/<code>/
    path("arbetsgivare/", include("fotfaste.employers.urls")),  # employers, contacts, placements, matching
    path("api/v1/", api.urls),
    # Integrations get JSON, not an HTML page, for an address the API does not have.
    re_path(r"^api/", lambda request: JsonResponse({"detail": "Hittades inte."}, status=404)),
]

handler403 = "fotfaste.core.views.permission_denied"
handler404 = "fotfaste.core.views.page_not_found"

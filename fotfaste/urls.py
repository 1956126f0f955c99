from django.urls import include, path

from fotfaste.api.api import api

urlpatterns = [
    path("", include("fotfaste.core.urls")),
    path("konto/", include("fotfaste.accounts.urls")),
    path("personer/", include("fotfaste.people.urls")),
    path("administration/", include("fotfaste.orgs.urls")),
    path("logg/", include("fotfaste.access.urls")),
    path("api/v1/", api.urls),
]

handler403 = "fotfaste.core.views.permission_denied"
handler404 = "fotfaste.core.views.page_not_found"

from django.urls import path

from . import views

app_name = "scb"
urlpatterns = [
    path("kaa/scb/", views.home, name="home"),
    path("kaa/scb/kontroll/", views.check, name="check"),
    path("kaa/scb/underlag.zip", views.basis_download, name="basis"),
    path("kaa/scb/fil/<int:pk>/", views.file_download, name="file"),
    path("kaa/statistik/", views.statistics_page, name="statistics"),
    path("kaa/statistik.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("kaa/statistik.pdf", views.statistics_pdf, name="statistics_pdf"),
    path("administration/scb/", views.versions, name="versions"),
    path("administration/scb/<int:pk>/", views.version_edit, name="version_edit"),
    path("administration/scb/<int:pk>/version.json", views.version_download, name="version_download"),
    path("rapporter/", views.board_reports, name="board"),
    *[
        path(
            f"rapporter/{report}.{fmt}",
            views.board_report,
            {"report": report, "fmt": fmt},
            name=f"board_{report}_{fmt}",
        )
        for report in views.REPORTS
        for fmt in ("pdf", "xlsx")
    ],
]

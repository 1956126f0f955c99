from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.index, name="index"),
]

from . import views_ssyk  # noqa: E402

urlpatterns += [path("yrken/", views_ssyk.occupations, name="occupations")]

from . import views_figures  # noqa: E402

urlpatterns += [
    path("resultat/", views_figures.results, name="results"),
    path("resultat/xlsx/", views_figures.results_xlsx, name="results_xlsx"),
]

from . import views_summary  # noqa: E402

urlpatterns += [
    path("<int:pk>/sammanstallning/", views_summary.employer_summary, name="summary"),
    path("<int:pk>/sammanstallning/pdf/", views_summary.employer_summary_pdf, name="summary_pdf"),
]

from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.index, name="index"),
]

from . import views_ssyk  # noqa: E402

urlpatterns += [path("yrken/", views_ssyk.occupations, name="occupations")]

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("tillganglighet/rapportera/", views.accessibility_report, name="accessibility_report"),
    path("administration/tillganglighetsrapporter/", views.accessibility_reports, name="accessibility_reports"),
]

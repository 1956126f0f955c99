from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("", views.readlog, name="readlog"),
    path("export.csv", views.export, name="readlog_export"),
]

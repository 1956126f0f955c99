from django.urls import path

from . import views

app_name = "cycle"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:agreement>/<int:year>/", views.year_view, name="year"),
    path("<int:agreement>/<int:year>/skapa/", views.generate, name="generate"),
    path("<int:agreement>/standardarshjul/", views.load_default, name="load_default"),
    path("<int:agreement>/aktiviteter/ny/", views.activity_create, name="activity_create"),
    path("aktivitet/<int:activity_id>/", views.activity_edit, name="activity_edit"),
    path("tillfalle/<int:occurrence_id>/", views.occurrence, name="occurrence"),
    path("tillfalle/<int:occurrence_id>/gjord/", views.occurrence_done, name="occurrence_done"),
    path("tillfalle/<int:occurrence_id>/ansvarig/", views.occurrence_reassign, name="occurrence_reassign"),
]

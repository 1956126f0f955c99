from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("kaa/arbetslista/", views.worklist, name="worklist"),
    path("kaa/arbetslista/tilldela/", views.assign, name="assign"),
    path("personer/<int:pk>/kontaktforsok/ny/", views.contact_create, name="contact_create"),
    path("personer/<int:pk>/sysselsattning/ny/", views.occupation_create, name="occupation_create"),
    path("personer/<int:pk>/vardnadshavare/ny/", views.guardian_create, name="guardian_create"),
    path("administration/uppsokande/sysselsattning/", views.currency_settings, name="currency_settings"),
    path("administration/uppsokande/kommuner/", views.municipality_settings, name="municipality_settings"),
]

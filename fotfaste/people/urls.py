from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/kontaktuppgifter/", views.edit_contact, name="edit_contact"),
    path("<int:pk>/avsluta-kontakt/", views.end_contact_view, name="end_contact"),
]

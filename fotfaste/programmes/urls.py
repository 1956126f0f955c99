from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:agreement>/katalog/", views.add_from_catalogue, name="add"),
    path("<int:agreement>/<slug:code>/", views.detail, name="detail"),
    path("<int:agreement>/<slug:code>/andra/", views.edit, name="edit"),
]

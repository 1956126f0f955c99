from django.urls import path

from . import views

app_name = "listmatch"
urlpatterns = [
    path("kaa/listmatchning/", views.home, name="home"),
    path("kaa/listmatchning/<int:pk>/", views.result, name="result"),
]

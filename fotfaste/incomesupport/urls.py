from django.urls import path

from . import views

app_name = "incomesupport"
urlpatterns = [
    path("forsorjningsstod/manadslistor/", views.home, name="home"),
    path("forsorjningsstod/manadslistor/<int:pk>/ta-bort/", views.remove, name="remove"),
]

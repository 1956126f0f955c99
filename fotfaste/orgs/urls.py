from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
]

from django.urls import path

from . import views

app_name = "team"
urlpatterns = [
    path("personer/<int:pk>/team/ny/", views.add_member, name="add"),
    path("personer/<int:pk>/team/<int:member_id>/avsluta/", views.end_member, name="end"),
]

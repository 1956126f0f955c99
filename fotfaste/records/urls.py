from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("personer/<int:pk>/uppgifter/ny/", views.add_record, name="add"),
]

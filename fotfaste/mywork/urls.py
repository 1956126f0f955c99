from django.urls import path

from . import views

app_name = "mywork"
urlpatterns = [path("mina-uppgifter/", views.my_tasks, name="my_tasks")]

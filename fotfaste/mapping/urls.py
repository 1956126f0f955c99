from django.urls import path

from . import views

app_name = "mapping"
urlpatterns = [
    path("personer/<int:pk>/kartlaggning/ny/", views.create, name="create"),
    path("personer/<int:pk>/kartlaggning/<int:mapping_id>/", views.detail, name="detail"),
    path("administration/kartlaggning/behovsnivaer/", views.level_list, name="level_list"),
    path("administration/kartlaggning/behovsnivaer/<int:agreement_pk>/", views.level_edit, name="level_edit"),
]

from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.index, name="index"),
]

# Placements, matching and a candidate's course (views_placements.py, views_course.py).
from . import views_course, views_placements  # noqa: E402

urlpatterns += [
    path("praktik/", views_placements.placement_list, name="placements"),
    path("praktik/ny/", views_placements.placement_new, name="placement_new"),
    path("praktik/<int:pk>/", views_placements.placement_detail, name="placement"),
    path("praktik/<int:pk>/andra/", views_placements.placement_edit, name="placement_edit"),
    path("praktik/<int:pk>/stang/", views_placements.placement_close, name="placement_close"),
    path("praktik/<int:pk>/foresla/", views_placements.placement_propose, name="placement_propose"),
    path("praktik/kandidat/<int:pk>/", views_course.candidate_detail, name="candidate"),
    path("praktik/kandidat/<int:pk>/<slug:action>/", views_course.candidate_action, name="candidate_action"),
]

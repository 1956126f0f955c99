from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    # The dashboard takes the agreement, period and split as query parameters: it reads no object
    # of its own, so there is no id in the path to probe.
    path("", views.dashboard, name="dashboard"),
    path("mal/", views.goals, name="goals"),
    path("overenskommelser/<int:agreement_pk>/mal/ny/", views.goal_create, name="goal_create"),
    path("mal/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("mal/<int:goal_id>/indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("indikatorer/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path("indikatorer/<int:indicator_id>/resultat/", views.manual_result, name="manual_result"),
    path("arsuppfoljning/", views.annual_review, name="annual"),
    path("arsuppfoljning.pdf", views.annual_review_file, {"fmt": "pdf"}, name="annual_pdf"),
    path("arsuppfoljning.xlsx", views.annual_review_file, {"fmt": "xlsx"}, name="annual_xlsx"),
]

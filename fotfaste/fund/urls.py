from django.urls import path

from . import views

app_name = "fund"
urlpatterns = [
    path("personer/<int:pk>/bidrag/ny/", views.request_grant, name="request"),
    path("personer/<int:pk>/bidrag/<int:grant_id>/", views.detail, name="detail"),
    path("personer/<int:pk>/bidrag/<int:grant_id>/besluta/", views.decide, name="decide"),
    path("personer/<int:pk>/bidrag/<int:grant_id>/utbetalt/", views.mark_paid, name="paid"),
    path("personer/<int:pk>/bidrag/<int:grant_id>/aterkalla/", views.withdraw, name="withdraw"),
    path("fonden/", views.queue, name="queue"),
    path("fonden/budget/", views.budget_now, name="budget_now"),
    path("fonden/budget/<int:year>/", views.budget, name="budget"),
    path("administration/fonden/", views.admin_overview, name="admin"),
    path("administration/fonden/budgetposter/ny/", views.line_create, name="line_create"),
    path("administration/fonden/budgetposter/<int:line_id>/", views.line_edit, name="line_edit"),
    path("administration/fonden/<int:agreement_pk>/beslutsroller/", views.approvers_edit, name="approvers"),
]

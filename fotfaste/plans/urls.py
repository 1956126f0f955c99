from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("personer/<int:pk>/plan/ny/", views.create, name="create"),
    path("personer/<int:pk>/plan/<int:plan_id>/", views.detail, name="detail"),
    path("personer/<int:pk>/plan/<int:plan_id>/andra/", views.edit, name="edit"),
    path("personer/<int:pk>/plan/<int:plan_id>/avsluta/", views.close, name="close"),
    path("personer/<int:pk>/plan/<int:plan_id>/plan.pdf", views.plan_pdf, name="pdf"),
    path("personer/<int:pk>/plan/<int:plan_id>/versioner/<int:number>/", views.revision, name="revision"),
    path("personer/<int:pk>/plan/<int:plan_id>/insatser/ny/", views.measure_create, name="measure_create"),
    path("personer/<int:pk>/plan/<int:plan_id>/insatser/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("administration/insatser/", views.catalogue, name="catalogue"),
    path("administration/insatser/<int:type_id>/", views.catalogue_edit, name="catalogue_edit"),
]

from django.urls import path

from . import views

app_name = "disposal"
urlpatterns = [
    path("", views.rule_list, name="rule_list"),
    path("regler/ny/", views.rule_create, name="rule_create"),
    path("regler/<int:pk>/andra/", views.rule_edit, name="rule_edit"),
    path("rapport/", views.report, name="report"),
    path("korningar/", views.run_list, name="run_list"),
    path("korningar/<int:pk>/", views.run_detail, name="run_detail"),
    path("korningar/<int:pk>/gallra/", views.confirm, name="confirm"),
]

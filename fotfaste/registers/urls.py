from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("ny/", views.import_new, name="new"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/kolumner/", views.import_mapping, name="mapping"),
    path("<int:pk>/status/", views.import_status, name="status"),
    path("<int:pk>/las-in/", views.import_commit, name="commit"),
    path("<int:pk>/avbryt/", views.import_cancel, name="cancel"),
    path("<int:pk>/problem.csv", views.import_problems_csv, name="problems_csv"),
    path("<int:pk>/andringar.csv", views.import_changes_csv, name="changes_csv"),
    path("<int:pk>/kommun/<str:code>/", views.change_list_detail, name="change_list"),
    path("<int:pk>/kommun/<str:code>/andringar.csv", views.import_changes_csv, name="change_list_csv"),
]

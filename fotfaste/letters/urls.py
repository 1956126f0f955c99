from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("kaa/brev/", views.letters_home, name="home"),
    path("kaa/brev/mall/<int:pk>/", views.template_edit, name="template"),
    path("kaa/brev/mall/<int:pk>/exempel.pdf", views.template_example, name="example"),
    path("kaa/brev/utskrift/ny/", views.batch_new, name="batch_new"),
    path("kaa/brev/utskrift/markerade/", views.batch_from_worklist, name="batch_from_worklist"),
    path("kaa/brev/utskrift/<int:pk>/", views.batch_detail, name="batch"),
    path("kaa/brev/utskrift/<int:pk>/status/", views.batch_status, name="batch_status"),
    path("kaa/brev/utskrift/<int:pk>/brev.pdf", views.batch_download, name="batch_download"),
    path("personer/<int:pk>/brev/", views.person_letter, name="person"),
]

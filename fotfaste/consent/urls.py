from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("personer/<int:pk>/samtycken/ny/", views.create, name="create"),
    path("personer/<int:pk>/samtycken/<int:consent_id>/", views.detail, name="detail"),
    path("personer/<int:pk>/samtycken/<int:consent_id>/besvara/", views.decide, name="decide"),
    path("personer/<int:pk>/samtycken/<int:consent_id>/aterkalla/", views.withdraw, name="withdraw"),
    path("personer/<int:pk>/samtycken/<int:consent_id>/bifoga/", views.upload, name="upload"),
    path("personer/<int:pk>/samtycken/<int:consent_id>/bekrafta/", views.confirm, name="confirm"),
    path("personer/<int:pk>/samtycken/<int:consent_id>/inskannad/<int:document_id>/", views.document, name="document"),
    path("personer/<int:pk>/samtycken/<int:consent_id>/blankett.pdf", views.form_pdf, name="form_pdf"),
]

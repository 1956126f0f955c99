from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.login_view, name="login"),
    path("logga-ut/", views.logout_view, name="logout"),
    path("tvafaktor/", views.verify, name="verify"),
    path("tvafaktor/aktivera/", views.totp_setup, name="totp_setup"),
    path("sakerhet/", views.security, name="security"),
]

from django.apps import AppConfig


class MyworkConfig(AppConfig):
    name = "fotfaste.mywork"
    default_auto_field = "django.db.models.BigAutoField"

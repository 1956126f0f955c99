from django.apps import AppConfig


class ListmatchConfig(AppConfig):
    name = "fotfaste.listmatch"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "fotfaste.fund"
    default_auto_field = "django.db.models.BigAutoField"

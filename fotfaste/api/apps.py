from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fotfaste.api"
    label = "api"
    verbose_name = "API"

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "fotfaste.access"
    label = "access"
    verbose_name = "Åtkomst och loggning"

from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "fotfaste.mapping"
    default_auto_field = "django.db.models.BigAutoField"

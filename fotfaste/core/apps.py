from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fotfaste.core"
    label = "core"
    verbose_name = "Grund"

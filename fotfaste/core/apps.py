from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fotfaste.core"
    label = "core"
    verbose_name = "Grund"

    def ready(self):
        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

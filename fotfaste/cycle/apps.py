from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "fotfaste.cycle"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import registrations  # noqa: F401  (menu item and demo data in the shared registries)

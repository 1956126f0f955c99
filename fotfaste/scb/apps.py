from django.apps import AppConfig


class ScbConfig(AppConfig):
    name = "fotfaste.scb"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "SCB-rapportering och KAA-statistik"

    def ready(self):
        from . import registrations  # noqa: F401  (menu and demo data in the shared registries)

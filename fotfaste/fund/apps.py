from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "fotfaste.fund"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

from django.apps import AppConfig


class IncomesupportConfig(AppConfig):
    name = "fotfaste.incomesupport"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import registrations  # noqa: F401  (menu item and demo data in the shared registries)

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "fotfaste.programmes"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Program"

    def ready(self):
        from . import registrations  # noqa: F401  (menu item, person-page section and demo data)

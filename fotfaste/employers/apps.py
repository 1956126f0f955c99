from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "fotfaste.employers"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Arbetsgivare"

    def ready(self):
        from . import registrations  # noqa: F401  (menu item, person-page section, demo data, disposal part)

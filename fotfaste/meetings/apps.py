from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "fotfaste.meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fotfaste.people"
    label = "people"
    verbose_name = "Personer"

    def ready(self):
        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

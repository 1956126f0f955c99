from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "fotfaste.orgs"
    label = "orgs"
    verbose_name = "Organisationer"

    def ready(self):
        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

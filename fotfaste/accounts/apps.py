from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fotfaste.accounts"
    label = "accounts"
    verbose_name = "Konton"

    def ready(self):
        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "fotfaste.letters"
    label = "letters"
    verbose_name = _("Brev")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

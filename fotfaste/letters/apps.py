from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "fotfaste.letters"
    label = "letters"
    verbose_name = _("Brev")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the batch job with the worker)

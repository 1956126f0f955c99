from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisposalConfig(AppConfig):
    name = "fotfaste.disposal"
    label = "disposal"
    verbose_name = _("Gallring")
    default_auto_field = "django.db.models.BigAutoField"

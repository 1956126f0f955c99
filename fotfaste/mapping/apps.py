from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "fotfaste.mapping"
    verbose_name = _("Kartläggning")
    default_auto_field = "django.db.models.BigAutoField"

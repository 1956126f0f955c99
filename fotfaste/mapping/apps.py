from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "fotfaste.mapping"
    verbose_name = _("Kartläggning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.people.sections import Section, register

        from .person import mapping_section

        register(Section("mapping", "mapping/person_section.html", 60, mapping_section))

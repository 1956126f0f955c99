from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KaaConfig(AppConfig):
    name = "fotfaste.kaa"
    label = "kaa"
    verbose_name = _("Kommunala aktivitetsansvaret")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.access.grounds import register_duty

        from .duty import SOURCE

        register_duty(SOURCE)

        from fotfaste.people.sections import Section, register

        from .person import person_section

        register(Section("kaa", "kaa/person_section.html", 10, person_section))

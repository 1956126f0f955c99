from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "fotfaste.consent"
    verbose_name = _("Samtycken")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .retention import register_category

        register_category()

        from fotfaste.people.sections import Section, register

        from .person import consents_section

        register(Section("consents_section", "consent/person_section.html", 30, consents_section))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "fotfaste.records"
    verbose_name = _("Uppgifter från parterna")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.access.grounds import register_work

        from .services import WORK

        register_work(WORK)

        from fotfaste.people.sections import Section, register

        from .person import records_section

        register(Section("records_section", "records/person_section.html", 50, records_section))

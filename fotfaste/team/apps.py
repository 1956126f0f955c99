from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamConfig(AppConfig):
    name = "fotfaste.team"
    verbose_name = _("Teamet runt den unga")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.access.grounds import register_work

        from .services import WORK

        register_work(WORK)

        from fotfaste.people.sections import Section, register

        from .person import team_section

        register(Section("team_section", "team/person_section.html", 40, team_section))

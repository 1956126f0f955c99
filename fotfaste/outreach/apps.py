from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "fotfaste.outreach"
    label = "outreach"
    verbose_name = _("Uppsökande verksamhet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.people.sections import Section, register

        from . import disposal  # noqa: F401  (registers outreach documentation as a disposal category)
        from .services import person_section

        register(Section("outreach", "outreach/person_section.html", 20, person_section))
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(
            MenuItem(
                "worklist",
                gettext_lazy("Arbetslista"),
                40,
                lambda user, scope: reverse("outreach:worklist") if scope.municipality_codes else None,
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "fotfaste.registers"
    verbose_name = _("Registerimport")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        from . import jobs  # noqa: F401  (registers the import jobs with the worker)

        register_menu(
            MenuItem(
                "imports",
                gettext_lazy("Registerimport"),
                80,
                lambda user, scope: reverse("registers:list") if scope.municipality_codes else None,
            )
        )

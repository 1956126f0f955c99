from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "fotfaste.letters"
    label = "letters"
    verbose_name = _("Brev")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        from . import jobs  # noqa: F401  (registers the batch job with the worker)

        register_menu(
            MenuItem(
                "letters",
                gettext_lazy("Brev"),
                70,
                lambda user, scope: reverse("letters:home") if scope.municipality_codes else None,
            )
        )

from django.apps import AppConfig


class ListmatchConfig(AppConfig):
    name = "fotfaste.listmatch"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        from .services import listmatch_allowed

        register_menu(
            MenuItem(
                "listmatch",
                gettext_lazy("Listmatchning"),
                50,
                lambda user, scope: reverse("listmatch:home") if listmatch_allowed(user) else None,
            )
        )

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "fotfaste.orgs"
    label = "orgs"
    verbose_name = "Organisationer"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(
            MenuItem(
                "orgs",
                gettext_lazy("Administration"),
                90,
                lambda user, scope: reverse("orgs:agreement_list") if scope.is_administrator else None,
            )
        )

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fotfaste.people"
    label = "people"
    verbose_name = "Personer"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(
            MenuItem(
                "people",
                gettext_lazy("Sök person"),
                10,
                lambda user, scope: reverse("people:search") if scope.sees_persons else None,
            )
        )

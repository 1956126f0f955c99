from django.apps import AppConfig


class MyworkConfig(AppConfig):
    name = "fotfaste.mywork"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(
            MenuItem(
                "mywork",
                gettext_lazy("Mina uppgifter"),
                20,
                lambda user, scope: reverse("mywork:my_tasks") if scope.sees_persons else None,
            )
        )

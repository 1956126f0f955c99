from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fotfaste.core"
    label = "core"
    verbose_name = "Grund"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(MenuItem("start", gettext_lazy("Start"), 0, lambda user, scope: reverse("core:start")))

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fotfaste.accounts"
    label = "accounts"
    verbose_name = "Konton"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(
            MenuItem("account", gettext_lazy("Mitt konto"), 100, lambda user, scope: reverse("accounts:security"))
        )

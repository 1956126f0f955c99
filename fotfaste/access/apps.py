from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AccessConfig(AppConfig):
    name = "fotfaste.access"
    label = "access"
    verbose_name = "Åtkomst och loggning"

    def ready(self):
        from django.db import connections

        from . import guard

        connection_created.connect(guard.install, dispatch_uid="fotfaste.access.guard")
        # Connections opened before this app was ready (e.g. by a test runner) are guarded too.
        for connection in connections.all(initialized_only=True):
            guard.install(None, connection)
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(
            MenuItem(
                "readlog",
                gettext_lazy("Loggkontroll"),
                95,
                lambda user, scope: reverse("access:readlog") if scope.is_administrator else None,
            )
        )

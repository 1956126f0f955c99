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

        from . import registrations  # noqa: F401  (menu, person-page sections, demo data, … in the shared registries)

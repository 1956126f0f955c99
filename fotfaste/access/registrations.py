"""What this app adds to the shared registries: its menu item. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation

from .scope import admin_scope_for

navigation.register(
    navigation.MenuItem(
        "readlog",
        gettext_lazy("Loggkontroll"),
        95,
        lambda user, scope: reverse("access:readlog") if admin_scope_for(user).installation else None,
        gettext_lazy("Vem har tittat på en person, och vad har en användare tittat på?"),
    )
)

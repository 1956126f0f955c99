"""What this app adds to the shared registries: the start page in the menu. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from . import navigation

navigation.register(
    navigation.MenuItem(
        "start",
        gettext_lazy("Start"),
        0,
        lambda user, scope: reverse("core:start"),
    )
)

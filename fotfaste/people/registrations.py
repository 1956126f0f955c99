"""What this app adds to the shared registries: its menu item. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation

navigation.register(
    navigation.MenuItem(
        "people",
        gettext_lazy("Sök person"),
        10,
        lambda user, scope: reverse("people:search") if scope.sees_persons else None,
        gettext_lazy("Sök på personnummer eller namn bland de unga du får arbeta med."),
    )
)

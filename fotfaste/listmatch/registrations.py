"""What this app adds to the shared registries: its menu item and part of the disposal category "samverkan". Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .services import listmatch_allowed

navigation.register(
    navigation.MenuItem(
        "listmatch",
        gettext_lazy("Listmatchning"),
        50,
        lambda user, scope: reverse("listmatch:home") if listmatch_allowed(user) else None,
        gettext_lazy("Se vilka unga i KAA som ni inte har nått som finns i en annan parts lista."),
    )
)

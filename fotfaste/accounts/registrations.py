"""What this app adds to the shared registries: its menu item. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation

navigation.register(
    navigation.MenuItem(
        "account",
        gettext_lazy("Mitt konto"),
        100,
        lambda user, scope: reverse("accounts:security"),
        gettext_lazy("Lösenord och tvåfaktorsinloggning."),
    )
)

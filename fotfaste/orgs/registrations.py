"""What this app adds to the shared registries: its menu item. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation

navigation.register(
    navigation.MenuItem(
        "orgs",
        gettext_lazy("Administration"),
        90,
        lambda user, scope: reverse("orgs:agreement_list") if scope.is_administrator else None,
        gettext_lazy("Överenskommelser, parter, enheter, användare och roller."),
    )
)

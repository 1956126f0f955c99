"""What this app adds to the shared registries: its menu item and demo data. Imported once, from ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation

from .demo import demo_step


def _cycle_page(user, scope):
    # Everyone with a role in an agreement, the steering group and administrators too: no person is shown.
    return reverse("cycle:index") if scope.agreement_roles or getattr(user, "is_superuser", False) else None


demo.register_step(demo.DemoStep("cycle", 90, demo_step))
navigation.register(
    navigation.MenuItem(
        "cycle",
        gettext_lazy("Årshjul"),
        65,
        _cycle_page,
        gettext_lazy(
            "Samverkans återkommande arbete över året: möten, avstämningar och rapporter, och vem som gör dem."
        ),
    )
)

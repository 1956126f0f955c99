"""What this app adds to the shared registries: its menu item and demo data. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation

from .demo import demo_step
from .services import reader_agreement_ids


def followup_page(user, scope):
    """The steering group, coordinators and administrators of an agreement follow up its goals."""
    return reverse("followup:dashboard") if reader_agreement_ids(user) else None


demo.register_step(demo.DemoStep("followup", 90, demo_step))
navigation.register(
    navigation.MenuItem(
        "followup",
        gettext_lazy("Uppföljning"),
        65,
        followup_page,
        gettext_lazy("Överenskommelsens mål och indikatorer: status och utveckling, utan enskilda personer."),
    )
)

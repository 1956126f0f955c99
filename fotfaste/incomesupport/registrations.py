"""What this app adds to the shared registries: its menu item and demo data. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation

from .demo import demo_step
from .services import lists_allowed

# Before followup (90), whose demo goal counts these lists.
demo.register_step(demo.DemoStep("incomesupport", 85, demo_step))
navigation.register(
    navigation.MenuItem(
        "incomesupport",
        gettext_lazy("Månadslistor"),
        55,
        lambda user, scope: reverse("incomesupport:home") if lists_allowed(user) else None,
        gettext_lazy("Läs in månadslistan över unga med försörjningsstöd till överenskommelsens uppföljning."),
    )
)

"""What this app adds to the shared registries: its menu item, demo data and part of the disposal category "samverkan". Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation
from fotfaste.orgs.roles import Role

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .demo import demo_step
from .services import lists_allowed


def lists_page(user, scope):
    # The scope's roles are known already: only a socialsekreterare costs the menu a query.
    if scope is not None and Role.SOCIAL_WORKER not in scope.roles:
        return None
    return reverse("incomesupport:home") if lists_allowed(user) else None


# Before followup (90), whose demo goal counts these lists.
demo.register_step(demo.DemoStep("incomesupport", 85, demo_step))
navigation.register(
    navigation.MenuItem(
        "incomesupport",
        gettext_lazy("Månadslistor"),
        55,
        lists_page,
        gettext_lazy("Läs in månadslistan över unga med försörjningsstöd till överenskommelsens uppföljning."),
    )
)

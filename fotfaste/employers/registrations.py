"""What this app adds to the shared registries: menu item, demo data (more as the app grows)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation
from fotfaste.orgs.roles import CASEWORK_ROLES, Role

from .demo import demo_step


def _employers_page(user, scope):
    roles = {role for _agreement, role in scope.agreement_roles}
    if roles & CASEWORK_ROLES:
        return reverse("employers:index")
    # An agreement's administrator sees no register (403), but sets the warning's days.
    administered = sorted(a for a, role in scope.agreement_roles if role == Role.ADMIN)
    return reverse("employers:settings", args=[administered[0]]) if administered else None


navigation.register(
    navigation.MenuItem(
        "employers",
        gettext_lazy("Arbetsgivare"),
        57,
        _employers_page,
        gettext_lazy("Samverkans gemensamma arbetsgivarregister, kontaktlogg, praktikplatser och matchning."),
    )
)

demo.register_step(demo.DemoStep("employers", 88, demo_step))

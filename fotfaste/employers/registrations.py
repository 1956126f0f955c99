"""What this app adds to the shared registries: the menu item, the person-page section, demo data, the work
that keeps an own ground (an open candidacy) and its part of the disposal category "samverkan"."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.access import grounds
from fotfaste.core import demo, navigation
from fotfaste.orgs.roles import CASEWORK_ROLES, Role
from fotfaste.people import sections

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .course import WORK
from .demo import demo_step
from .person_placements import placements_section


def _employers_page(user, scope):
    roles = {role for _agreement, role in scope.agreement_roles}
    if roles & CASEWORK_ROLES:
        return reverse("employers:index")
    # The steering group sees no register, only the figures of placed and hired.
    if Role.STEERING in roles:
        return reverse("employers:results")
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
# An open candidacy is its unit's work with the person: it keeps the unit's own ground.
grounds.register_work(WORK)
sections.register(
    sections.Section("placements_section", "employers/placements_person_section.html", 78, placements_section)
)
demo.register_step(demo.DemoStep("employers", 88, demo_step))

"""What this app adds to the shared registries: the menu item (more are added as the app grows)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation
from fotfaste.orgs.roles import CASEWORK_ROLES, Role


def _employers_page(user, scope):
    roles = {role for _agreement, role in scope.agreement_roles}
    return reverse("employers:index") if roles & (CASEWORK_ROLES | {Role.ADMIN}) else None


navigation.register(
    navigation.MenuItem(
        "employers",
        gettext_lazy("Arbetsgivare"),
        57,
        _employers_page,
        gettext_lazy("Samverkans gemensamma arbetsgivarregister, kontaktlogg, praktikplatser och matchning."),
    )
)

# Placements, matching and the course: an open candidacy is its unit's work with the person (it keeps the
# unit's own ground), the person page lists candidacies and suitable placements, ended candidacies are disposed.
from fotfaste.access import grounds as _grounds  # noqa: E402
from fotfaste.people import sections as _sections  # noqa: E402

from . import disposal as _disposal  # noqa: E402, F401
from .course import WORK as _placement_work  # noqa: E402
from .person_placements import placements_section as _placements_section  # noqa: E402

_grounds.register_work(_placement_work)
_sections.register(
    _sections.Section("placements_section", "employers/placements_person_section.html", 78, _placements_section)
)

"""What this app adds to the shared registries: menu item, person-page section, demo data, work that keeps an own ground."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.access import grounds
from fotfaste.core import demo, navigation
from fotfaste.orgs.roles import CASEWORK_ROLES, Role
from fotfaste.people import sections

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .board import WORK
from .demo import demo_step
from .person import programmes_section


def _programmes_page(user, scope):
    roles = {role for _agreement, role in scope.agreement_roles}
    return reverse("programmes:index") if roles & (CASEWORK_ROLES | {Role.ADMIN}) else None


# A participation is its unit's work with the person: the unit's own ground lasts while it is open.
grounds.register_work(WORK)
sections.register(sections.Section("programmes_section", "programmes/person_section.html", 75, programmes_section))
demo.register_step(demo.DemoStep("programmes", 87, demo_step))
navigation.register(
    navigation.MenuItem(
        "programmes",
        gettext_lazy("Program"),
        55,
        _programmes_page,
        gettext_lazy("Samverkans program med regler för behörighet: vilka som är behöriga nu och snart, och varför."),
    )
)

# Taking part (participation page, contracts): the person page lists the participations the viewer may see.
from .person_participations import participations_section  # noqa: E402

sections.register(
    sections.Section("programme_participations", "programmes/participations_section.html", 76, participations_section)
)

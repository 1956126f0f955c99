"""What this app adds to the shared registries: its menu item, person-page section, disposal part and demo data. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation
from fotfaste.people import sections

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .demo import demo_step
from .person import meetings_section

sections.register(sections.Section("meetings", "meetings/person_section.html", 80, meetings_section))
demo.register_step(demo.DemoStep("meetings", 80, demo_step))
navigation.register(
    navigation.MenuItem(
        "meetings",
        gettext_lazy("Möten"),
        30,
        lambda user, scope: reverse("meetings:list") if scope.sees_persons else None,
        gettext_lazy("Ärendedragningar och trepartssamtal: deltagare, beslut och åtgärder."),
    )
)

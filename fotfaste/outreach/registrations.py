"""What this app adds to the shared registries: its menu item, person-page section, disposal category and demo data. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation
from fotfaste.people import sections

from . import disposal  # noqa: F401  (registers outreach documentation as a disposal category)
from .demo import demo_step
from .services import person_section

demo.register_step(demo.DemoStep("outreach", 30, demo_step))
sections.register(sections.Section("outreach", "outreach/person_section.html", 20, person_section))
navigation.register(
    navigation.MenuItem(
        "worklist",
        gettext_lazy("Arbetslista"),
        40,
        lambda user, scope: reverse("outreach:worklist") if scope.municipality_codes else None,
        gettext_lazy("De unga i kommunens aktivitetsansvar: vilka som ska kontaktas, och när."),
    )
)

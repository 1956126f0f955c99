"""What this app adds to the shared registries: its menu item, background jobs and demo data. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation

from . import jobs  # noqa: F401  (registers the import jobs with the worker)
from .demo import demo_step

demo.register_step(demo.DemoStep("registers", 20, demo_step))
navigation.register(
    navigation.MenuItem(
        "imports",
        gettext_lazy("Registerimport"),
        80,
        lambda user, scope: reverse("registers:list") if scope.municipality_codes else None,
        gettext_lazy("Läs in folkbokförings-, elev- och betygsregister och se vad som ändrats."),
    )
)

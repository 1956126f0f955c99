"""What this app adds to the shared registries: its menu item, background job and demo templates. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation

from . import jobs  # noqa: F401  (registers the batch job with the worker)
from .demo import demo_step

demo.register_step(demo.DemoStep("letters", 35, demo_step))

navigation.register(
    navigation.MenuItem(
        "letters",
        gettext_lazy("Brev"),
        70,
        lambda user, scope: reverse("letters:home") if scope.municipality_codes else None,
        gettext_lazy("Brev till de unga, utskrivna som tillgängliga PDF-filer."),
    )
)

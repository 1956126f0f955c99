"""What this app adds to the shared registries: its menu items, its demo step and part of the disposal category "samverkan". Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation
from fotfaste.core.demo import DemoStep, register_step

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .board import board_agreements
from .demo import demo_step
from .services import reports_allowed

navigation.register(
    navigation.MenuItem(
        "scb",
        gettext_lazy("SCB och statistik"),
        55,
        lambda user, scope: reverse("scb:home") if reports_allowed(scope) else None,
        gettext_lazy(
            "Kontrollera och exportera halvårsrapporten till SCB, och se Skolverkets KAA-tabeller för kommunen."
        ),
    )
)
navigation.register(
    navigation.MenuItem(
        "rapporter",
        gettext_lazy("Rapporter"),
        85,
        lambda user, scope: reverse("scb:board") if board_agreements(scope) else None,
        gettext_lazy(
            "Kartläggning av målgruppen, årsrapport och halvårsuppföljning om aktivitetsansvaret, som PDF och Excel."
        ),
    )
)
register_step(DemoStep("scb", 900, demo_step))

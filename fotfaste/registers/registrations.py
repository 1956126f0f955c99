"""What this app adds to the shared registries: its menu item, background jobs and demo data. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation

from . import jobs  # noqa: F401  (registers the import jobs with the worker)
from .demo import demo_step


def reads_in_registers(user, scope) -> bool:
    """KAA caseworkers (their municipalities' registers) and AF's employment officers (their unit's own)."""
    if scope.municipality_codes:
        return True
    from fotfaste.orgs.roles import Role

    if Role.EMPLOYMENT_OFFICER not in scope.roles:
        return False
    from .views import register_units

    return register_units(user).exists()


demo.register_step(demo.DemoStep("registers", 20, demo_step))
navigation.register(
    navigation.MenuItem(
        "imports",
        gettext_lazy("Registerimport"),
        80,
        lambda user, scope: reverse("registers:list") if reads_in_registers(user, scope) else None,
        gettext_lazy(
            "Läs in folkbokförings-, elev- och betygsregister, eller Arbetsförmedlingens inskrivningar, "
            "och se vad som ändrats."
        ),
    )
)

"""What this app adds to the shared registries: its menu item, person-page section and demo data. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import demo, navigation
from fotfaste.orgs.roles import Role
from fotfaste.people import sections

from .demo import demo_step
from .person import fund_section
from .services import approver_agreement_ids


def fund_page(user, scope):
    """Approvers get their queue; the steering group the budget without persons."""
    if approver_agreement_ids(user):
        return reverse("fund:queue")
    return reverse("fund:budget_now") if Role.STEERING in scope.roles else None


demo.register_step(demo.DemoStep("fund", 70, demo_step))
sections.register(sections.Section("fund", "fund/person_section.html", 90, fund_section))
navigation.register(
    navigation.MenuItem(
        "fund", gettext_lazy("Fonden"), 60, fund_page, gettext_lazy("Ansökningar ur fonden och budgetens poster.")
    )
)

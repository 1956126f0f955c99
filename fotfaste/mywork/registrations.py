"""What this app adds to the shared registries: its menu item. Imported once, from the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from fotfaste.core import navigation

navigation.register(
    navigation.MenuItem(
        "mywork",
        gettext_lazy("Mina uppgifter"),
        20,
        # Everyone with a role: those who see no person still have the annual cycle's work.
        lambda user, scope: reverse("mywork:my_tasks") if scope.sees_persons or scope.agreement_roles else None,
        gettext_lazy(
            "Det som väntar på dig: uppföljningar, åtgärder från möten, samtycken att bekräfta, kontakter att ta "
            "och årshjulets uppgifter."
        ),
    )
)

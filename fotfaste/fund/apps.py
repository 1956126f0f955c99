from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "fotfaste.fund"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.people.sections import Section, register

        from .person import fund_section

        register(Section("fund", "fund/person_section.html", 90, fund_section))
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu
        from fotfaste.orgs.roles import Role

        from .services import approver_agreement_ids

        def fund_page(user, scope):
            if approver_agreement_ids(user):
                return reverse("fund:queue")
            return reverse("fund:budget_now") if Role.STEERING in scope.roles else None

        register_menu(MenuItem("fund", gettext_lazy("Fonden"), 60, fund_page))

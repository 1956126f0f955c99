from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "fotfaste.fund"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.people.sections import Section, register

        from .person import fund_section

        register(Section("fund", "fund/person_section.html", 90, fund_section))

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "fotfaste.plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.access.grounds import register_work

        from .services import WORK

        register_work(WORK)

        from fotfaste.people.sections import Section, register

        from .person import plan_section

        register(Section("plan", "plans/person_section.html", 70, plan_section))

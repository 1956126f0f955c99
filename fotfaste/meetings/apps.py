from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "fotfaste.meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.people.sections import Section, register

        from .person import meetings_section

        register(Section("meetings", "meetings/person_section.html", 80, meetings_section))
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from fotfaste.core.navigation import MenuItem
        from fotfaste.core.navigation import register as register_menu

        register_menu(
            MenuItem(
                "meetings",
                gettext_lazy("Möten"),
                30,
                lambda user, scope: reverse("meetings:list") if scope.sees_persons else None,
            )
        )

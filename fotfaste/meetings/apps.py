from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "fotfaste.meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fotfaste.people.sections import Section, register

        from .person import meetings_section

        register(Section("meetings", "meetings/person_section.html", 80, meetings_section))

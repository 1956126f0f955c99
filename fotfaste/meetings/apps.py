from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "fotfaste.meetings"
    default_auto_field = "django.db.models.BigAutoField"

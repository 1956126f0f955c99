from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fotfaste.people"
    label = "people"
    verbose_name = "Personer"

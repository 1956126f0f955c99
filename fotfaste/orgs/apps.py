from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "fotfaste.orgs"
    label = "orgs"
    verbose_name = "Organisationer"

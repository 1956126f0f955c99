from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "fotfaste.reference"
    label = "reference"
    verbose_name = "Referensdata"

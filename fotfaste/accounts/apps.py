from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fotfaste.accounts"
    label = "accounts"
    verbose_name = "Konton"

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, describe_fields


class LoginForm(AccessibleForm):
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        error_messages={"required": _("Ange ditt användarnamn.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Lösenord"),
        error_messages={"required": _("Ange ditt lösenord.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(AccessibleForm):
    code = forms.CharField(
        label=_("Engångskod"),
        help_text=_("Sex siffror från appen i din telefon."),
        max_length=7,
        error_messages={"required": _("Ange engångskoden.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe_fields(self)

    def full_clean(self):
        super().full_clean()
        describe_fields(self)

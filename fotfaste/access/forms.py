from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm
from fotfaste.people.forms import clean_identity_number

from .logreview import LogQuery

DATE_ERROR = _("Ange ett datum i formatet ÅÅÅÅ-MM-DD, till exempel 2026-01-31.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input only accepts and shows ISO dates, whatever the locale.
        super().__init__(attrs, format="%Y-%m-%d")


class ReadLogForm(AccessibleForm):
    personnummer = forms.CharField(
        label=_("Personnummer"),
        help_text=_("Vem har läst uppgifter om personen? Till exempel 20080315-2388 eller 0803152388."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    anvandare = forms.CharField(
        label=_("Användarnamn"),
        help_text=_("Vad har användaren läst?"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
    )
    fran = forms.DateField(
        label=_("Från och med"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )
    till = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )

    def clean_personnummer(self):
        text = self.cleaned_data["personnummer"].strip()
        if not text:
            return ""
        return clean_identity_number(text)

    def clean_anvandare(self):
        return self.cleaned_data["anvandare"].strip()

    def clean(self):
        data = super().clean()
        if not data.get("personnummer") and not data.get("anvandare") and not self.has_error("personnummer"):
            self.add_error("personnummer", _("Ange ett personnummer eller ett användarnamn."))
        start, end = data.get("fran"), data.get("till")
        if start and end and end < start:
            self.add_error("till", _("Slutdatumet kan inte vara före startdatumet."))
        return data

    def query(self) -> LogQuery:
        data = self.cleaned_data
        return LogQuery(
            personnummer=data["personnummer"], username=data["anvandare"], date_from=data["fran"], date_to=data["till"]
        )

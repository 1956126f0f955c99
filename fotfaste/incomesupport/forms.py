from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm

# Far more than a municipality's monthly lists of young people; a bigger file is a mistake.
MAX_FILE_BYTES = 50 * 1024 * 1024


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name}, {unit.party.name}"


class IncomeSupportListForm(AccessibleForm):
    unit = UnitChoiceField(
        label=_("Enhet"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Välj enhet."), "invalid_choice": _("Välj en av dina enheter.")},
    )
    file = forms.FileField(
        label=_("Månadslistan"),
        help_text=_(
            "CSV (semikolon eller komma; UTF-8 eller Windows-1252) eller Excel (.xlsx) med kolumnerna "
            "personnummer och manad (ÅÅÅÅ-MM). En rad per person och månad."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
        error_messages={"required": _("Välj filen med månadslistan."), "empty": _("Filen är tom.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        if len(units) == 1:
            del self.fields["unit"]  # nothing to choose
        else:
            self.fields["unit"].queryset = (
                type(units[0]).objects.filter(pk__in=[u.pk for u in units]).select_related("party")
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Filen är större än 50 MB. Dela upp listan per år."))
        return upload

    def chosen_unit(self):
        return self.units[0] if len(self.units) == 1 else self.cleaned_data["unit"]

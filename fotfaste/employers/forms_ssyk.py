from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm

# SCB's whole classification is a few hundred rows; a JobTech export with every occupation name nested in its
# groups a few megabytes. Anything far larger is the wrong file.
MAX_FILE_BYTES = 20 * 1024 * 1024


class SsykFileForm(AccessibleForm):
    file = forms.FileField(
        label=_("Fil med SSYK 2012"),
        help_text=_(
            "SCB:s klassificering som CSV (semikolon eller komma; UTF-8 eller Windows-1252) eller Excel (.xlsx) "
            "med en kolumn för koden (Kod eller SSYK 2012 kod) och en för benämningen (Benämning eller Namn), "
            "eller en export från JobTech-taxonomin som JSON."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.json,text/csv,application/json"}),
        error_messages={"required": _("Välj filen med SSYK 2012."), "empty": _("Filen är tom.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Filen är större än 20 MB. Är det rätt fil?"))
        return upload

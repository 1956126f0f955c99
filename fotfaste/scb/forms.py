from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm

from .halfyear import BadHalfYear, HalfYear


class ReportForm(AccessibleForm):
    """Which municipality and half-year: read from the query string, so that a page can be linked to."""

    kommun = forms.ChoiceField(label=_("Kommun"))
    halvar = forms.CharField(label=_("Halvår"), max_length=6, help_text=_("Till exempel 2026H1."))

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = municipalities

    def clean_halvar(self):
        try:
            return HalfYear.parse(self.cleaned_data["halvar"])
        except BadHalfYear as exc:
            raise forms.ValidationError(str(exc)) from None


class VersionTextForm(AccessibleForm):
    text = forms.CharField(
        label=_("Versionen som JSON"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "code", "spellcheck": "false"}),
        help_text=_("Nycklarna beskrivs i docs/scb.md. Sparas bara om hela versionen är giltig."),
    )
    checked = forms.BooleanField(label=_("Kontrollerad mot SCB:s dokument för halvåret"), required=False)


class VersionImportForm(AccessibleForm):
    file = forms.FileField(
        label=_("Versionsfil (JSON)"), help_text=_("En version i samma form som den du kan hämta här.")
    )


class BoardReportForm(AccessibleForm):
    kommun = forms.ChoiceField(label=_("Kommun"))
    datum = forms.DateField(
        label=_("Kartläggningen per månad"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD: kartläggningen gäller den månadens sista dag (eller i dag); tomt: i dag."),
    )
    ar = forms.CharField(label=_("År"), max_length=4, required=False, help_text=_("Årsrapporten; tomt: i år."))
    halvar = forms.CharField(
        label=_("Halvår"),
        max_length=6,
        required=False,
        help_text=_("Halvårsuppföljningen, t.ex. 2026H1; tomt: det senaste hela."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = municipalities

    def clean_ar(self):
        from .halfyear import Year

        value = self.cleaned_data["ar"]
        try:
            return Year.parse(value) if value else None
        except BadHalfYear as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_halvar(self):
        value = self.cleaned_data["halvar"]
        try:
            return HalfYear.parse(value) if value else None
        except BadHalfYear as exc:
            raise forms.ValidationError(str(exc)) from None

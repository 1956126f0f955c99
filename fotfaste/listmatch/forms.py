from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, describe_fields
from fotfaste.reference.models import Municipality

from .models import LegalBasis

# Larger than any party's list of young people in one municipality; a bigger file is a mistake.
MAX_FILE_BYTES = 50 * 1024 * 1024


class PartyChoiceField(forms.ModelChoiceField):
    several_agreements = False

    def label_from_instance(self, party):
        return f"{party.name} ({party.agreement.name})" if self.several_agreements else party.name


class ListMatchForm(AccessibleForm):
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Municipality.objects.none(),
        empty_label=None,
        error_messages={"required": _("Välj kommun."), "invalid_choice": _("Välj en av dina kommuner.")},
    )
    party = PartyChoiceField(
        label=_("Vems lista är det?"),
        queryset=None,
        empty_label=_("Välj part"),
        error_messages={"required": _("Välj vems lista det är."), "invalid_choice": _("Välj en av parterna.")},
    )
    legal_basis = forms.ChoiceField(
        label=_("Rättslig grund för matchningen"),
        help_text=_(
            "Den andra partens uppgifter kan vara sekretessbelagda; hos Arbetsförmedlingen är redan "
            "uppgiften att någon är inskriven sekretess. Matcha bara när det finns samtycke eller en "
            "sekretessbrytande bestämmelse."
        ),
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj den rättsliga grunden för matchningen.")},
    )
    legal_reference = forms.CharField(
        label=_("Hänvisning"),
        help_text=_("Till exempel beslutets diarienummer eller lagrummet (lag, kapitel och paragraf)."),
        max_length=300,
        error_messages={
            "required": _("Ange beslutet eller bestämmelsen som matchningen stöder sig på."),
            "max_length": _("Skriv högst %(limit_value)d tecken."),
        },
    )
    file = forms.FileField(
        label=_("Listan"),
        help_text=_(
            "CSV (semikolon, komma eller tab; UTF-8 eller Windows-1252) eller Excel (.xlsx) med en kolumn "
            "för personnummer. Filen läses bara för matchningen och sparas inte."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
        error_messages={"required": _("Välj filen med listan."), "empty": _("Filen är tom.")},
    )
    column = forms.CharField(
        label=_("Kolumn med personnummer"),
        help_text=_(
            "Behövs bara om kolumnen inte heter personnummer, pnr eller personnr: "
            "skriv kolumnens namn eller nummer (1 är den första)."
        ),
        required=False,
        max_length=100,
    )

    def __init__(self, *args, municipalities, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(code__in=municipalities).order_by("name")
        self.single_municipality = next(iter(municipalities)) if len(municipalities) == 1 else None
        if self.single_municipality:
            # Nothing to choose: the field would only be noise.
            del self.fields["municipality"]
        party_field = self.fields["party"]
        party_field.queryset = parties
        party_field.several_agreements = len({p.agreement_id for p in parties}) > 1

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Filen är större än 50 MB. Dela upp listan och matcha delarna var för sig."))
        return upload

    def municipality_code(self) -> str:
        if self.single_municipality:
            return self.single_municipality
        return self.cleaned_data["municipality"].code

    def offer_columns(self, header: tuple[str, ...]) -> None:
        """After a file whose number column was not found: let the user pick one of its columns."""
        field = self.fields["column"]
        field.help_text = _("Välj den kolumn i filen som har personnumren.")
        field.widget = forms.Select(
            choices=[("", _("Välj kolumn"))]
            + [(str(i), f"{i}: {name[:40]}") for i, name in enumerate(header[:100], start=1)]
        )
        self._refresh("column")

    def ask_for_file_again(self) -> None:
        """After an error the browser has forgotten the file, and Fotfäste never kept it: say so."""
        self.fields["file"].help_text = _(
            "Välj filen igen: den sparades inte. CSV eller Excel (.xlsx) med en kolumn för personnummer."
        )
        self._refresh("file")

    def _refresh(self, name: str) -> None:
        # A bound field copies its help text when first made; make it again from the changed field.
        self._bound_fields_cache.pop(name, None)
        describe_fields(self)

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import (
    AccessibleForm,
    UnitChoiceField,
    UnitsChoiceField,
    date_field,
    describe_fields,
    unit_choices,
)

from .models import ConsentMethod, ConsentStatus, GivenBy, InformationKind

CHOICE_ERROR = _("Välj ett av alternativen.")
DEFAULT_PURPOSE = _("Samordnat stöd till arbete eller studier enligt den lokala överenskommelsen")


class PartiesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {_('hela parten')}"


def _decision_fields(form, today: date) -> None:
    form.fields["method"] = forms.ChoiceField(
        label=_("Hur lämnades samtycket?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Ett muntligt samtycke ska dokumenteras: skriv när och hur i anteckningen."),
    )
    form.fields["given_by"] = forms.ChoiceField(
        label=_("Vem lämnade samtycket?"), choices=GivenBy.choices, widget=forms.RadioSelect, required=False
    )
    form.fields["guardian_name"] = forms.CharField(
        label=_("Vårdnadshavarens namn"),
        required=False,
        max_length=200,
        help_text=_("För den som är under 18 år."),
    )
    form.fields["valid_from"] = date_field(_("Giltigt från"), _("Ange datum."), required=False, initial=today)
    form.fields["valid_until"] = date_field(
        _("Giltigt till och med"),
        _("Ange datum."),
        required=False,
        initial=today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else today,
        help_text=_("Lämna tomt om samtycket gäller tills vidare."),
    )


class ConsentForm(AccessibleForm):
    def __init__(self, *args, units, parties, other_units, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Er enhet"),
            queryset=units,
            empty_label=None,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
        )
        self.fields["status"] = forms.ChoiceField(
            label=_("Samtycket är"),
            choices=[
                (s, ConsentStatus(s).label)
                for s in (ConsentStatus.GIVEN, ConsentStatus.REQUESTED, ConsentStatus.REFUSED)
            ],
            widget=forms.RadioSelect,
            initial=ConsentStatus.GIVEN,
            error_messages={"required": CHOICE_ERROR},
        )
        self.fields["parties"] = PartiesChoiceField(
            label=_("Parter som får dela uppgifter med varandra"),
            queryset=parties,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Er egen enhet ingår alltid."),
        )
        self.fields["units"] = UnitsChoiceField(
            label=_("Eller bara vissa enheter"),
            queryset=other_units,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["kinds"] = forms.MultipleChoiceField(
            label=_("Uppgifter som får delas"),
            choices=InformationKind.choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Välj minst en typ av information som får delas.")},
        )
        self.fields["purpose"] = forms.CharField(
            label=_("Ändamål"),
            max_length=500,
            initial=DEFAULT_PURPOSE,
            error_messages={"required": _("Ange ändamålet.")},
        )
        _decision_fields(self, today)
        self.fields["note"] = forms.CharField(
            label=_("Anteckning"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Skriv inte känsliga personuppgifter, till exempel om hälsa."),
        )
        describe_fields(self)


class DecisionForm(AccessibleForm):
    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(
            label=_("Svaret"),
            choices=[(ConsentStatus.GIVEN, _("Samtycket lämnades")), (ConsentStatus.REFUSED, _("Samtycket nekades"))],
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_ERROR},
        )
        _decision_fields(self, today)
        describe_fields(self)


class WithdrawForm(AccessibleForm):
    note = forms.CharField(
        label=_("Hur kom återkallelsen in?"),
        max_length=500,
        help_text=_("Till exempel: sade det i telefon till mig i dag."),
        error_messages={"required": _("Skriv hur återkallelsen kom in.")},
    )


class DocumentForm(AccessibleForm):
    document = forms.FileField(
        label=_("Inskannad, underskriven blankett"),
        help_text=_("PDF, PNG eller JPEG, högst 10 MB."),
        error_messages={"required": _("Välj en fil.")},
    )

    ALLOWED = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}

    def clean_document(self):
        upload = self.cleaned_data["document"]
        name = upload.name.lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        if suffix not in self.ALLOWED:
            raise forms.ValidationError(_("Filen måste vara en PDF, PNG eller JPEG."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(self.ALLOWED[suffix]):
            raise forms.ValidationError(_("Filens innehåll stämmer inte med filtypen."))
        return upload


class ConfirmForm(AccessibleForm):
    """Which of the user's named units confirms the consent for what it holds."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Enhet som bekräftar"),
            queryset=unit_choices(units),
            empty_label=None,
            widget=forms.RadioSelect if len(units) > 1 else forms.HiddenInput,
            initial=units[0].pk if len(units) == 1 else None,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
        )
        describe_fields(self)

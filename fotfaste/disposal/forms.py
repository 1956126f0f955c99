from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, AccessibleModelForm
from fotfaste.reference.models import Municipality

from . import categories
from .models import MAX_YEARS, RetentionRule

DATE_ERROR = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2025-01-31.")


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR, **kwargs.pop("error_messages", {})},
        **kwargs,
    )


class FirstOptionRadioSelect(forms.RadioSelect):
    """Radios whose field id is the first option's, so the error summary's link lands on a control."""

    def id_for_label(self, id_, index="0"):
        return forms.widgets.ChoiceWidget.id_for_label(self, id_, index)


class RetentionRuleForm(AccessibleModelForm):
    category = forms.ChoiceField(
        label=_("Uppgifter som gallras"),
        choices=categories.choices,
        widget=FirstOptionRadioSelect,
        error_messages={"required": _("Välj vad regeln gallrar."), "invalid_choice": _("Välj ett av alternativen.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Alla kommuner"),
        help_text=_("En regel för alla kommuner gäller inte kommuner som har en egen regel för samma uppgifter."),
        error_messages={"invalid_choice": _("Välj en kommun ur listan.")},
    )
    years_after_kaa_end = forms.IntegerField(
        label=_("Antal år"),
        min_value=1,
        max_value=MAX_YEARS,
        help_text=_("Hur många år uppgifterna sparas. Vad åren räknas från står under varje alternativ ovan."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Ange hur många år uppgifterna ska sparas."),
            "invalid": _("Ange antalet år med siffror, till exempel 3."),
            "min_value": _("Antalet år måste vara minst 1."),
            "max_value": _("Antalet år kan vara högst %(limit_value)s."),
        },
    )
    decision_reference = forms.CharField(
        label=_("Beslutets diarienummer"),
        max_length=100,
        help_text=_("Diarienumret på gallringsbeslutet, till exempel BUN 2025/123."),
        error_messages={"required": _("Ange beslutets diarienummer.")},
    )
    decided_on = date_field(_("Beslutsdatum"), error_messages={"required": _("Ange datumet då beslutet fattades.")})
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad beslutet säger, med egna ord. Visas för andra administratörer."),
    )
    active = forms.BooleanField(
        label=_("Regeln är aktiv"),
        required=False,
        help_text=_("Bara aktiva regler används när Fotfäste gallrar."),
    )

    class Meta:
        model = RetentionRule
        fields = [
            "category",
            "municipality",
            "years_after_kaa_end",
            "decision_reference",
            "decided_on",
            "description",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("active", True)

    def category_options(self):
        """The radio buttons with each category's description as its hint (GOV.UK radios with hints)."""
        described = {c.code: c for c in categories.all_categories()}
        for choice in self["category"]:
            category = described.get(choice.data["value"])
            yield choice, category


class ReportForm(AccessibleForm):
    run_on = date_field(
        _("Referensdatum"),
        required=False,
        help_text=_("Gallringen räknar åren bakåt från detta datum. Lämna tomt för dagens datum."),
    )

    def clean_run_on(self):
        run_on = self.cleaned_data.get("run_on")
        if run_on and run_on > timezone.localdate():
            raise forms.ValidationError(
                _(
                    "Ange dagens datum eller ett tidigare. Från ett senare datum skulle pågående uppgifter räknas som gamla."
                )
            )
        return run_on

    def reference_date(self):
        return self.cleaned_data.get("run_on") or timezone.localdate()


class ConfirmForm(AccessibleForm):
    confirm = forms.BooleanField(
        label=_("Jag vill gallra uppgifterna i rapporten"),
        help_text=_("Det går inte att ångra."),
        error_messages={"required": _("Kryssa i rutan för att bekräfta att du vill gallra.")},
    )

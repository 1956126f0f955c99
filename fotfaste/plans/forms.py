from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, UnitChoiceField, date_field, describe_fields

from .models import EndReason, GoalKind, MeasureStatus, MeasureType, Responsible, ScbCategory

CHOICE_ERROR = _("Välj ett av alternativen.")


def _text(label, *, required=True, rows=3, help_text="", message=None, max_length=2000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": message or _("Fyll i fältet."),
            "max_length": _("Skriv högst %(limit_value)d tecken."),
        },
    )


class PlanForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = UnitChoiceField(
                label=_("Ansvarig enhet"),
                queryset=units,
                empty_label=None,
                error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
            )
        self.fields["goal_kind"] = forms.ChoiceField(
            label=_("Vad siktar planen mot?"),
            choices=GoalKind.choices,
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_ERROR},
        )
        self.fields["goal"] = _text(
            _("Målet med insatserna"),
            help_text=_("Skriv konkret, till exempel: börja på komvux i januari och läsa svenska och matematik."),
            message=_("Skriv målet med insatserna."),
        )
        self.fields["own_words"] = _text(
            _("Den ungas egna ord"), required=False, help_text=_("Vad den unga själv vill och säger om planen.")
        )
        self.fields["revise_by"] = date_field(
            _("Planen ska ses över senast"),
            _("Ange datum."),
            required=False,
            help_text=_("Till exempel om tre månader."),
        )
        describe_fields(self)


class MeasureForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_type"] = forms.ModelChoiceField(
            label=_("Insats"),
            queryset=MeasureType.objects.filter(active=True),
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
        )
        self.fields["description"] = forms.CharField(label=_("Vad insatsen innebär"), max_length=500, required=False)
        self.fields["responsible"] = forms.ChoiceField(
            label=_("Vem ansvarar för insatsen?"),
            choices=Responsible.choices,
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_ERROR},
        )
        self.fields["responsible_unit"] = UnitChoiceField(
            label=_("Ansvarig enhet i kommunen"),
            queryset=units,
            required=False,
            help_text=_("När kommunen ansvarar."),
            error_messages={"invalid_choice": CHOICE_ERROR},
        )
        self.fields["responsible_actor"] = forms.CharField(
            label=_("Ansvarig aktör"),
            max_length=200,
            required=False,
            help_text=_("När en annan aktör ansvarar, till exempel Arbetsförmedlingen eller en folkhögskola."),
        )
        self.fields["planned_start"] = date_field(_("Planerad start"), _("Ange planerad start."), initial=today)
        self.fields["planned_end"] = date_field(_("Planerat slut"), _("Ange datum."), required=False)
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"),
            choices=MeasureStatus.choices,
            initial=MeasureStatus.PLANNED,
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_ERROR},
            help_text=_("Välj ”Tackade nej” om den unga avböjde insatsen."),
        )
        self.fields["actual_start"] = date_field(_("Faktisk start"), _("Ange datum."), required=False)
        self.fields["actual_end"] = date_field(_("Faktiskt slut"), _("Ange datum."), required=False)
        self.fields["end_reason"] = forms.ChoiceField(
            label=_("Varför insatsen slutade"),
            choices=[("", _("– välj –")), *EndReason.choices],
            required=False,
            error_messages={"invalid_choice": CHOICE_ERROR},
        )
        self.fields["follow_up_on"] = date_field(_("Datum för uppföljning"), _("Ange datum."), required=False)
        self.fields["follow_up_note"] = _text(_("Uppföljning, anteckning"), required=False)
        self.fields["evaluation_on"] = date_field(_("Datum för utvärdering"), _("Ange datum."), required=False)
        self.fields["evaluation_note"] = _text(_("Utvärdering, anteckning"), required=False)
        describe_fields(self)


class ClosePlanForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    closed_on = date_field(_("Avslutad den"), _("Ange datum."))
    close_reason = forms.CharField(
        label=_("Varför planen avslutas"),
        max_length=500,
        error_messages={"required": _("Skriv varför planen avslutas.")},
    )


class MeasureTypeForm(AccessibleForm):
    name = forms.CharField(label=_("Namn"), max_length=120, error_messages={"required": _("Skriv ett namn.")})
    description = forms.CharField(label=_("Beskrivning"), max_length=500, required=False)
    scb_category = forms.ChoiceField(
        label=_("Typ i KAA-rapporteringen"),
        choices=ScbCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_ERROR},
    )
    active = forms.BooleanField(label=_("Aktiv (kan väljas i planer)"), required=False, initial=True)

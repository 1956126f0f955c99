from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, UnitChoiceField, date_field, describe_fields

from .models import RECORD_KINDS

CHOICE_ERROR = _("Välj ett av alternativen.")


class RecordForm(AccessibleForm):
    def __init__(self, *args, units, kinds: list[str], today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Er enhet"),
            queryset=units,
            empty_label=None,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
        )
        self.fields["kind"] = forms.ChoiceField(
            label=_("Typ av uppgift"),
            choices=[(k, label) for k, label in RECORD_KINDS if k in kinds],
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_ERROR},
            help_text=_("Uppgiften syns bara för er enhet, och för andra enheter när ett samtycke delar den typen."),
        )
        self.fields["title"] = forms.CharField(
            label=_("Uppgift"),
            max_length=200,
            help_text=_("Till exempel: Inskriven som arbetssökande, Deltar i Jobbgarantin för ungdomar."),
            error_messages={"required": _("Skriv uppgiften.")},
        )
        self.fields["start_date"] = date_field(_("Från"), _("Ange från vilket datum."), initial=today)
        self.fields["end_date"] = date_field(_("Till och med"), _("Ange datum."), required=False)
        self.fields["note"] = forms.CharField(
            label=_("Anteckning"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
        )
        describe_fields(self)

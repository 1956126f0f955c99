from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, UnitChoiceField, UserChoiceField, date_field, describe_fields

from .models import Invitation, MeetingKind
from .services import ASSIGNEE_ERROR

CHOICE_ERROR = _("Välj ett av alternativen.")
TIME_ERROR = _("Ange klockslaget som TT:MM, till exempel 09:30.")


def time_field(label):
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M"],
        error_messages={"required": _("Ange klockslag."), "invalid": TIME_ERROR},
    )


class MeetingForm(AccessibleForm):
    def __init__(self, *args, units, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Typ av möte"),
            choices=[(k, label) for k, label in MeetingKind.choices if k != MeetingKind.THREE_PARTY],
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_ERROR},
            help_text=_("Trepartssamtal registreras på personens sida."),
        )
        self.fields["unit"] = UnitChoiceField(
            label=_("Arrangerande enhet"),
            queryset=units,
            empty_label=None,
            error_messages={"invalid_choice": CHOICE_ERROR},
        )
        self.fields["title"] = forms.CharField(
            label=_("Rubrik"), max_length=200, error_messages={"required": _("Skriv en rubrik.")}
        )
        self.fields["day"] = date_field(_("Datum"), _("Ange datum."), initial=today)
        self.fields["time"] = time_field(_("Klockan"))
        self.fields["place"] = forms.CharField(label=_("Plats"), max_length=200, required=False)
        describe_fields(self)


class DecisionForm(AccessibleForm):
    decision = forms.CharField(
        label=_("Beslut"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv beslutet.")},
    )


class ActionForm(AccessibleForm):
    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"] = forms.CharField(
            label=_("Åtgärd"), max_length=500, error_messages={"required": _("Skriv vad som ska göras.")}
        )
        self.fields["responsible"] = UserChoiceField(
            label=_("Ansvarig"),
            queryset=users,
            help_text=_("Den som arbetar med unga i samverkan och har tillgång till personen."),
            error_messages={"required": CHOICE_ERROR, "invalid_choice": ASSIGNEE_ERROR},
        )
        self.fields["due_on"] = date_field(_("Klart senast"), _("Ange datum."))
        describe_fields(self)


class ThreePartyForm(AccessibleForm):
    def __init__(self, *args, units, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Er enhet"), queryset=units, empty_label=None, error_messages={"invalid_choice": CHOICE_ERROR}
        )
        self.fields["day"] = date_field(_("Datum"), _("Ange datum."), initial=today)
        self.fields["time"] = time_field(_("Klockan"))
        self.fields["participants"] = forms.CharField(
            label=_("Deltagare"),
            max_length=500,
            help_text=_("Till exempel: Amir Haddadi (Arbetsförmedlingen), Karin Ahlgren (kommunen)."),
            error_messages={"required": _("Skriv vilka som deltog.")},
        )
        self.fields["person_present"] = forms.BooleanField(label=_("Den unga deltog"), required=False, initial=True)
        self.fields["notes"] = forms.CharField(
            label=_("Anteckningar"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
        )
        self.fields["agreed"] = forms.CharField(
            label=_("Det här kom vi överens om"),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("Skriv vad ni kom överens om.")},
        )
        describe_fields(self)


class InviteForm(AccessibleForm):
    personnummer = forms.CharField(
        label=_("Personnummer"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett per rad; en hel grupp går att klistra in. Bara personer du har rätt att se."),
        error_messages={"required": _("Skriv minst ett personnummer.")},
    )
    channel = forms.ChoiceField(
        label=_("Inbjudan skickas med"),
        choices=Invitation.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_ERROR},
    )


class BookingForm(AccessibleForm):
    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Enhet som håller samtalet"),
            queryset=units,
            empty_label=None,
            error_messages={"invalid_choice": CHOICE_ERROR},
        )
        self.fields["day"] = date_field(_("Datum"), _("Ange datum."))
        self.fields["time"] = time_field(_("Klockan"))
        describe_fields(self)

"""Forms for placements and a candidate's course: publishing and editing a placement, proposing a candidate,
and each step of the course. The services (placements.py, publishing.py, course.py) validate again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import NONE_LABEL, AccessibleForm, UnitChoiceField, date_field

from .models import Assessment, EmploymentForm, LadderStep, Outcome, PlacementKind, Stage
from .placements import resolve_occupation

CHOICE_ERROR = _("Välj ett av alternativen.")
TEXT_ERRORS = {"max_length": _("Skriv högst %(limit_value)d tecken.")}

# The placement ladder (praktiktrappan, seed 001), each step with what it means for the young person.
LADDER_CHOICES = [
    (LadderStep.SHELTERED.value, _("Skyddad – en trygg arbetsplats med mycket stöd och handledning nära")),
    (LadderStep.SEMI_SHELTERED.value, _("Halvskyddad – en vanlig arbetsplats med extra stöd och anpassning")),
    (LadderStep.REAL.value, _("Verklig – en vanlig arbetsplats på arbetsmarknadens villkor")),
]


def _text(label, max_length, *, required_message=None, help_text="", rows=None):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required_message is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={"required": required_message, **TEXT_ERRORS} if required_message else TEXT_ERRORS,
    )


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation_number})"


class VersionedForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlacementForm(VersionedForm):
    employer = EmployerChoiceField(
        label=_("Arbetsgivare"),
        queryset=None,
        error_messages={"required": _("Välj arbetsgivaren."), "invalid_choice": _("Välj en arbetsgivare i listan.")},
    )
    unit = UnitChoiceField(
        label=_("Publiceras av"),
        queryset=None,
        required=False,
        help_text=_("Den av dina enheter som håller platsen."),
        error_messages={"invalid_choice": _("Välj en av dina enheter.")},
    )
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=PlacementKind.choices,
        widget=forms.RadioSelect,
        initial=PlacementKind.PLACEMENT,
        error_messages={"required": _("Välj praktik eller anställning."), "invalid_choice": CHOICE_ERROR},
    )
    title = _text(_("Rubrik"), 200, help_text=_("Till exempel Lagerarbete på dagtid."))
    ssyk = forms.CharField(
        label=_("Yrke (SSYK 2012-kod)"),
        max_length=4,
        help_text=_("En till fyra siffror, till exempel 9 (kortare utbildning) eller 9412 (restaurangbiträden)."),
        error_messages={"required": _("Ange yrkets SSYK-kod, till exempel 9 eller 9412."), **TEXT_ERRORS},
    )
    step = forms.ChoiceField(
        label=_("Steg på praktiktrappan"),
        choices=LADDER_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "Praktiktrappan går från skyddad via halvskyddad till verklig praktik: den unga tar ett steg i "
            "taget, med mindre stöd för varje steg."
        ),
        error_messages={"required": _("Välj steget på praktiktrappan."), "invalid_choice": CHOICE_ERROR},
    )
    description = _text(_("Beskrivning"), 4000, rows=4, help_text=_("Arbetsuppgifter, arbetstider och miljö."))
    supervisor = _text(_("Handledare"), 200)
    places = forms.IntegerField(
        label=_("Antal platser"),
        min_value=1,
        max_value=1000,
        error_messages={
            "required": _("Ange antalet platser."),
            "invalid": _("Ange antalet platser som ett heltal."),
            "min_value": _("Minst en plats."),
            "max_value": _("Högst 1 000 platser i en annons."),
        },
    )
    start_date = date_field(_("Från"), _("Ange första dagen."))
    end_date = date_field(_("Till och med"), _("Ange sista dagen."))
    requires_driving_licence = forms.BooleanField(label=_("Kräver B-körkort"), required=False)
    language_requirement = _text(_("Krav på svenska eller andra språk"), 200)
    other_requirements = _text(_("Andra krav"), 500)
    insurance = _text(_("Försäkring"), 200, help_text=_("Till exempel: samverkan står för försäkringen."))
    payment = _text(_("Ersättning eller lön"), 200)
    paperwork_by = _text(
        _("Vem sköter pappersarbetet"),
        200,
        help_text=_("Som i Matchning.nu kan samverkan sköta pappersarbetet och försäkringen åt arbetsgivaren."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonym annons"),
        required=False,
        help_text=_(
            "Andra parter ser platsen, sektor och kommun men inte arbetsgivarens namn, adress eller "
            "kontaktpersoner – förrän en kandidat de har föreslagit har gått vidare (CV skickat)."
        ),
    )

    def __init__(self, *args, employers=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is None:
            del self.fields["employer"]
            del self.fields["unit"]
        else:
            self.fields["employer"].queryset = employers
            if units is not None and units.count() > 1:
                self.fields["unit"].queryset = units
            else:
                del self.fields["unit"]
        if "version" in self.fields and employers is not None:
            del self.fields["version"]

    def clean_ssyk(self):
        # Checked here too, so that a wrong code is named together with the form's other problems.
        code = self.cleaned_data["ssyk"].strip()
        try:
            resolve_occupation(code)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["ssyk"]) from None
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Sista dagen kan inte vara före den första."))
        return data


class CloseForm(VersionedForm):
    pass


class ProposeForm(AccessibleForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MoveForm(VersionedForm):
    stage = forms.ChoiceField(
        label=_("Vad har hänt?"),
        choices=[(Stage.CV_SENT.value, _("CV skickat till arbetsgivaren")), (Stage.INTERVIEW.value, _("Intervju"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj CV skickat eller intervju."), "invalid_choice": CHOICE_ERROR},
    )
    on = date_field(_("Datum"), _("Ange datumet."))


class StartForm(VersionedForm):
    started_on = date_field(_("Började"), _("Ange vilken dag praktiken började."))
    follow_up_on = date_field(
        _("Första uppföljning"),
        _("Ange när praktiken ska följas upp."),
        help_text=_("Praktiken följs upp varje månad; insatsen i planen får det datumet."),
    )


class FollowUpForm(AccessibleForm):
    on = date_field(_("Datum för uppföljningen"), _("Ange vilken dag uppföljningen gjordes."))
    assessment = forms.ChoiceField(
        label=_("Handledarens bedömning"),
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj handledarens bedömning."), "invalid_choice": CHOICE_ERROR},
    )
    supervisor_note = _text(_("Handledarens kommentar"), 2000, rows=3)
    note = _text(_("Anteckning"), 2000, rows=3)


class EndForm(VersionedForm):
    ended_on = date_field(_("Slutade"), _("Ange vilken dag praktiken slutade."))
    outcome = forms.ChoiceField(
        label=_("Hur slutade praktiken?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur praktiken slutade."), "invalid_choice": CHOICE_ERROR},
    )
    employment_form = forms.ChoiceField(
        label=_("Anställningsform"),
        choices=[("", NONE_LABEL), *EmploymentForm.choices],
        required=False,
        help_text=_("Krävs när den unga blev anställd."),
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    end_reason = _text(_("Varför det slutade"), 500, help_text=_("Krävs när praktiken avbröts i förtid."))


class WithdrawForm(VersionedForm):
    on = date_field(_("Datum"), _("Ange datumet."))
    reason = _text(
        _("Varför kandidaten inte går vidare"), 500, required_message=_("Skriv varför kandidaten inte går vidare.")
    )

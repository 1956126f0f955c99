"""Forms for taking part: starting and ending a participation, its contract and the contract's follow-ups."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, date_field

from .models import ContractCounterpart, Outcome, ParticipationStatus

CHOICE_ERROR = _("Välj ett av alternativen.")
TEXT_ERRORS = {"max_length": _("Skriv högst %(limit_value)d tecken.")}


def _text(label, max_length, *, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=TEXT_ERRORS,
    )


class VersionedForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StartForm(VersionedForm):
    started_on = date_field(_("Började"), _("Ange vilken dag deltagandet började."))
    follow_up_on = date_field(
        _("Datum för uppföljning i planen"),
        _("Ange när insatsen ska följas upp."),
        help_text=_("Insatsen i den gemensamma planen följs upp då, till exempel om en månad."),
    )
    planned_end = date_field(_("Planerat slut"), _("Ange datum."), required=False)


class EndForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Hur slutade deltagandet?"),
        choices=[
            (ParticipationStatus.COMPLETED.value, ParticipationStatus.COMPLETED.label),
            (ParticipationStatus.ENDED_EARLY.value, ParticipationStatus.ENDED_EARLY.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
    )
    ended_on = date_field(_("Slutade"), _("Ange vilken dag deltagandet slutade."))
    outcome = forms.ChoiceField(
        label=_("Vad gick den unga vidare till?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vad den unga gick vidare till."), "invalid_choice": CHOICE_ERROR},
    )
    end_reason = forms.CharField(
        label=_("Varför det slutade"),
        max_length=500,
        required=False,
        help_text=_("Särskilt när deltagandet avbröts."),
        error_messages=TEXT_ERRORS,
    )


class ContractForm(VersionedForm):
    counterpart = forms.ChoiceField(
        label=_("Tredje part"),
        choices=ContractCounterpart.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om tredje part är kommunen eller en folkhögskola.")},
    )
    counterpart_name = forms.CharField(
        label=_("Tredje partens namn"),
        max_length=200,
        help_text=_("Till exempel Arbetsmarknadsenheten, Örebro kommun, eller Kvinnohöjdens folkhögskola."),
        error_messages={"required": _("Skriv tredje partens namn."), **TEXT_ERRORS},
    )
    studies = _text(_("Studier"), 2000, help_text=_("Vad den unga ska studera, var och i vilken omfattning."))
    work = _text(_("Arbete eller praktik"), 2000, help_text=_("Arbetsplats, arbetsuppgifter och omfattning."))
    start_date = date_field(_("Avtalet gäller från"), _("Ange när avtalet börjar gälla."))
    end_date = date_field(_("Avtalet gäller till och med"), _("Ange datum."), required=False)
    signed_by_person_on = date_field(
        _("Den unga skrev under"),
        _("Ange datum."),
        required=False,
        help_text=_("Tomt tills den unga har skrivit under."),
    )
    signed_by_af_on = date_field(_("Arbetsförmedlingen skrev under"), _("Ange datum."), required=False)
    signed_by_counterpart_on = date_field(_("Tredje part skrev under"), _("Ange datum."), required=False)


class FollowUpForm(AccessibleForm):
    on = date_field(_("Datum för uppföljningen"), _("Ange vilken dag uppföljningen gjordes."))
    studies = forms.CharField(label=_("Hur går studierna?"), max_length=300, required=False, error_messages=TEXT_ERRORS)
    work = forms.CharField(
        label=_("Hur går arbetet eller praktiken?"), max_length=300, required=False, error_messages=TEXT_ERRORS
    )
    note = _text(_("Anteckning"), 2000)

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fotfaste.core.forms import AccessibleForm, date_field, describe_fields

from . import rules, services
from .models import Channel, OccupationStatus, Outcome
from .worklist import ASSIGNED_ALL, ASSIGNED_MINE, ASSIGNED_NOBODY, SORT_LABELS, SORTS

CHOICE_ERROR = _("Välj ett av alternativen.")


class RowCheckboxes(forms.MultipleHiddenInput):
    """The worklist's row checkboxes, drawn in the table itself; the error summary links to the first."""

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_


def note_field():
    return forms.CharField(
        label=_("Anteckning"),
        help_text=_("Skriv inte känsliga personuppgifter, till exempel om hälsa."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Skriv högst %(limit_value)d tecken.")},
    )


def set_help_text(form: forms.Form, name: str, text: str) -> None:
    """Give a field a hint after the form is built (its bound field copied the old one: drop it)."""
    form.fields[name].help_text = text
    form._bound_fields_cache.pop(name, None)
    describe_fields(form)


class ContactAttemptForm(AccessibleForm):
    contacted_on = date_field(_("Datum"), _("Ange datum för kontaktförsöket."))
    channel = forms.ChoiceField(
        label=_("Kanal"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur du försökte nå personen."), "invalid_choice": CHOICE_ERROR},
    )
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur kontaktförsöket gick."), "invalid_choice": CHOICE_ERROR},
    )
    note = note_field()

    def __init__(self, *args, today: date, recontact_months: int, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = today
        set_help_text(
            self,
            "outcome",
            ngettext(
                "Avböjt: personen ska kontaktas igen om %(n)d månad.",
                "Avböjt: personen ska kontaktas igen om %(n)d månader.",
                recontact_months,
            )
            % {"n": recontact_months},
        )

    def clean_contacted_on(self):
        day = self.cleaned_data["contacted_on"]
        if day > self.today:
            raise ValidationError(_("Datumet kan inte vara senare än i dag."))
        return day


class OccupationForm(AccessibleForm):
    status = forms.ChoiceField(
        label=_("Sysselsättning"),
        choices=OccupationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vad personen gör."), "invalid_choice": CHOICE_ERROR},
    )
    valid_from = date_field(
        _("Från och med"),
        _("Ange från vilket datum sysselsättningen gäller."),
        help_text=_("Dagen då sysselsättningen började."),
    )
    verified_on = date_field(
        _("Kontrollerad"),
        _("Ange när uppgiften kontrollerades."),
        help_text=_(
            "Dagen då uppgiften senast bekräftades, till exempel av personen själv eller av skolan. "
            "En uppgift som inte har kontrollerats på länge räknas som okänd."
        ),
    )
    note = note_field()

    def __init__(self, *args, today: date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].initial = today

    def clean(self):
        data = super().clean()
        if all(data.get(f) for f in ("status", "valid_from", "verified_on")):
            try:
                services.validate_occupation(
                    status=data["status"],
                    valid_from=data["valid_from"],
                    verified_on=data["verified_on"],
                    today=self.today,
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return data


class GuardianForm(AccessibleForm):
    name = forms.CharField(
        label=_("Vårdnadshavarens namn"), max_length=200, error_messages={"required": _("Ange vårdnadshavarens namn.")}
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages={"required": _("Ange vårdnadshavarens telefonnummer.")},
    )
    relation = forms.CharField(
        label=_("Relation till personen"),
        help_text=_("Till exempel mamma, pappa eller särskilt förordnad vårdnadshavare."),
        max_length=60,
        required=False,
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not services.PHONE_PATTERN.match(phone) or sum(ch.isdigit() for ch in phone) < 6:
            raise ValidationError(_("Ange ett telefonnummer med siffror, till exempel 070-123 45 67."))
        return phone


# The worklist


ALL_OCCUPATIONS = "alla"
CATEGORY_LABELS = {
    rules.ALL: _("Alla i KAA"),
    rules.NO_CONTACT_YET: _("Ingen kontakt ännu"),
    rules.NOT_REACHED_CATEGORY: _("Inte nådda vid senaste kontaktförsöket"),
    rules.CONTACT_DUE: _("Kontakt att följa upp (dags för ny kontakt)"),
}


class WorklistFilterForm(AccessibleForm):
    """The worklist's GET filters. Always bound (missing values take their defaults)."""

    kommun = forms.ChoiceField(label=_("Kommun"), error_messages={"invalid_choice": CHOICE_ERROR})
    kategori = forms.ChoiceField(
        label=_("Visa"), widget=forms.RadioSelect, error_messages={"invalid_choice": CHOICE_ERROR}
    )
    handlaggare = forms.ChoiceField(label=_("Handläggare"), error_messages={"invalid_choice": CHOICE_ERROR})
    sysselsattning = forms.ChoiceField(
        label=_("Sysselsättning"),
        help_text=_("Som den räknas i dag: en gammal uppgift räknas som okänd."),
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    sortering = forms.ChoiceField(
        label=_("Sortera efter"),
        choices=[(key, SORT_LABELS[key]) for key in SORTS],
        error_messages={"invalid_choice": CHOICE_ERROR},
    )

    PARAMS = ("kommun", "kategori", "handlaggare", "sysselsattning", "sortering")

    def __init__(self, params, *, municipalities, colleagues, window_months: int, **kwargs):
        defaults = {
            "kommun": municipalities[0].code if municipalities else "",
            "kategori": rules.ALL,
            "handlaggare": ASSIGNED_ALL,
            "sysselsattning": ALL_OCCUPATIONS,
            "sortering": "namn",
        }
        data = {k: params.get(k) or defaults[k] for k in self.PARAMS}
        super().__init__(data, **kwargs)
        self.fields["kommun"].choices = [(m.code, m.name) for m in municipalities]
        self.fields["kategori"].choices = [
            *CATEGORY_LABELS.items(),
            (
                rules.TURNING_20,
                ngettext("Fyller 20 inom %(n)d månad", "Fyller 20 inom %(n)d månader", window_months)
                % {"n": window_months},
            ),
        ]
        self.fields["handlaggare"].choices = [
            (ASSIGNED_ALL, _("Alla")),
            (ASSIGNED_MINE, _("Mina")),
            (ASSIGNED_NOBODY, _("Inte tilldelade")),
            *[(str(u.pk), u.display_name()) for u in colleagues],
        ]
        self.fields["sysselsattning"].choices = [(ALL_OCCUPATIONS, _("Alla")), *OccupationStatus.choices]
        describe_fields(self)

    def occupation(self) -> str:
        """The chosen effective status, or "" for all."""
        value = self.cleaned_data["sysselsattning"]
        return "" if value == ALL_OCCUPATIONS else value

    @property
    def shows_municipality(self) -> bool:
        return len(self.fields["kommun"].choices) > 1


class AssignForm(AccessibleForm):
    """Assigning the checked worklist rows to a caseworker (or to oneself, or to nobody)."""

    person = forms.Field(label=_("Personer"), widget=RowCheckboxes, required=False)
    tilldela_till = forms.ChoiceField(
        label=_("Tilldela till"),
        error_messages={
            "required": _("Välj vem de markerade personerna ska tilldelas."),
            "invalid_choice": CHOICE_ERROR,
        },
    )

    ME = "mig"

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tilldela_till"].choices = [
            ("", _("Välj handläggare")),
            *[(str(u.pk), u.display_name()) for u in colleagues],
            (ASSIGNED_NOBODY, _("Ingen – ta bort tilldelningen")),
        ]
        describe_fields(self)

    def clean_person(self):
        try:
            ids = sorted({int(v) for v in self.cleaned_data["person"] or []})
        except (TypeError, ValueError):
            raise ValidationError(CHOICE_ERROR) from None
        if not ids:
            raise ValidationError(_("Markera minst en person i listan."))
        return ids

    def clean(self):
        data = super().clean()
        if self.data.get("atgard") == self.ME:  # "Tilldela mig" needs no choice in the list
            self._errors.pop("tilldela_till", None)
        return data

    def assignee_id(self, user) -> int | None:
        if self.data.get("atgard") == self.ME:
            return user.pk
        value = self.cleaned_data["tilldela_till"]
        return None if value == ASSIGNED_NOBODY else int(value)


# Administration


class CurrencyForm(AccessibleForm):
    """How many months each verified occupation status counts before it is taken as unknown."""

    def __init__(self, *args, saved: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for status in rules.EXPIRING_STATUSES:
            self.fields[status] = months_field(OccupationStatus(status).label, rules.currency_months(status, saved), 60)
        describe_fields(self)


class MunicipalitySettingsForm(AccessibleForm):
    """Per municipality: when to contact again after a decline, and how early to flag the 20th birthday."""

    def __init__(self, *args, municipalities, saved: dict[str, rules.OutreachRules], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for m in municipalities:
            current = saved.get(m.code, rules.OutreachRules())
            decline, window = f"{m.code}_avbojt", f"{m.code}_fyller20"
            self.fields[decline] = months_field(
                _("Ny kontakt efter avböjt (månader)"), current.recontact_after_decline_months, 24, m.name
            )
            self.fields[window] = months_field(
                _("Markera 20-årsdag inom (månader)"), current.turning_20_window_months, 12, m.name
            )
            self.groups.append((m, decline, window))
        describe_fields(self)

    def grouped(self):
        return [(m, self[decline], self[window]) for m, decline, window in self.groups]


def months_field(label, initial: int, maximum: int, municipality: str = "") -> forms.IntegerField:
    if municipality:  # the same labels repeat for every municipality, so the message names it
        message = _("Ange ett helt antal månader från 1 till %(max)d för %(kommun)s.") % {
            "max": maximum,
            "kommun": municipality,
        }
    else:
        message = _("Ange ett helt antal månader från 1 till %(max)d.") % {"max": maximum}
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=1,
        max_value=maximum,
        widget=forms.NumberInput(attrs={"class": "input input--months", "inputmode": "numeric"}),
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )

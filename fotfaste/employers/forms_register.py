"""Forms of the employer register's pages: an employer, its contact people and agreements with the
collaboration, a contact in the log and the agreement's settings. They read what people type; the rules are
in register.py and editing.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, UnitChoiceField, date_field, describe_fields, unit_choices

from .models import Channel, CollaborationKind, Sector

TEXT_ERRORS = {"max_length": _("Skriv högst %(limit_value)d tecken.")}
CHOICE_ERROR = _("Välj ett av alternativen.")

# Offered in the contact form's <datalist>; the purpose stays free text.
COMMON_PURPOSES = [
    _("Praktikplats"),
    _("Rekryteringsbehov"),
    _("Uppföljning av praktik"),
    _("Matchningsavtal"),
    _("Feriepraktik"),
    _("Anställning med stöd"),
    _("Presentation av samverkan"),
    _("Frukostmöte"),
]


# The register and the contact log are read by every party of the agreement, consent or not.
SHARED_TEXT = _("Alla parter i samverkan läser detta: skriv inte namn eller andra uppgifter om unga här.")


def _text(label, max_length, *, required=False, help_text="", rows=None, required_message=None):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={**TEXT_ERRORS, **({"required": required_message} if required_message else {})},
    )


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EmployerForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        help_text=_("Till exempel 556016-0680. En enskild firma har ägarens personnummer."),
        error_messages={"required": _("Ange organisationsnumret, till exempel 212000-1355."), **TEXT_ERRORS},
    )
    name = _text(_("Namn"), 200, required=True, required_message=_("Ange arbetsgivarens namn."))
    sector = forms.ChoiceField(
        label=_("Sektor"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj arbetsgivarens sektor."), "invalid_choice": CHOICE_ERROR},
    )
    industry = _text(_("Bransch"), 200, help_text=_("Till exempel lager och logistik, vård och omsorg."))
    street_address = _text(_("Gatuadress"), 200)
    postal_code = _text(
        _("Postnummer"), 6, help_text=_("Fem siffror. Kommunen fylls i när postnumret är känt i Fotfäste.")
    )
    city = _text(_("Ort"), 100)
    occupations = _text(
        _("Yrken de rekryterar till (SSYK 2012)"),
        500,
        help_text=_(
            "SSYK 2012-koder åtskilda med komma, till exempel 9, 5321. En kod som inte är inläst sparas som "
            "närmaste kända nivå ovanför."
        ),
    )
    note = _text(_("Anteckning"), 2000, rows=3, help_text=SHARED_TEXT)

    def __init__(self, *args, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreements is not None and len(agreements) > 1:
            self.fields["agreement"] = AgreementChoiceField(
                label=_("Överenskommelse"),
                queryset=agreements,
                error_messages={"required": _("Välj vilken överenskommelse arbetsgivaren hör till.")},
            )
            self.order_fields(["agreement"])
        describe_fields(self)


class ContactPersonForm(AccessibleForm):
    name = _text(_("Namn"), 200, required=True, required_message=_("Ange kontaktpersonens namn."))
    title = _text(_("Befattning"), 200)
    phone = _text(_("Telefon"), 40)
    email = forms.EmailField(
        label=_("E-post"),
        max_length=200,
        required=False,
        error_messages={"invalid": _("Ange en e-postadress, till exempel namn@foretag.se."), **TEXT_ERRORS},
    )
    active = forms.BooleanField(
        label=_("Aktuell kontaktperson"),
        required=False,
        initial=True,
        help_text=_("Ta bort markeringen när personen inte längre är kontakt hos arbetsgivaren."),
    )


class CollaborationForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("Typ av avtal"),
        choices=CollaborationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilken sorts avtal det är."), "invalid_choice": CHOICE_ERROR},
    )
    description = _text(_("Vad som avtalats"), 500, rows=3)
    valid_from = date_field(_("Gäller från"), _("Ange datum."), required=False)
    valid_until = date_field(_("Gäller till och med"), _("Ange datum."), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        if len(units) > 1:
            self.fields["unit"] = UnitChoiceField(
                label=_("Avtalet hålls av"),
                queryset=unit_choices(units),
                error_messages={"required": _("Välj vilken av dina enheter som håller avtalet.")},
            )
            self.order_fields(["unit"])
        describe_fields(self)


class EndCollaborationForm(AccessibleForm):
    valid_until = date_field(_("Sista dagen avtalet gäller"), _("Ange vilken dag avtalet slutar gälla."))


class ContactForm(AccessibleForm):
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    date = date_field(_("Datum"), _("Ange vilken dag kontakten ägde rum."))
    channel = forms.ChoiceField(
        label=_("Kanal"),
        choices=Channel.choices,
        error_messages={"required": _("Välj hur ni hade kontakt."), "invalid_choice": CHOICE_ERROR},
    )
    purpose = forms.CharField(
        label=_("Syfte"),
        max_length=200,
        help_text=_("Välj ett vanligt syfte eller skriv ett eget."),
        widget=forms.TextInput(attrs={"list": "vanliga-syften", "autocomplete": "off"}),
        error_messages={"required": _("Ange syftet med kontakten."), **TEXT_ERRORS},
    )
    note = _text(_("Anteckning"), 2000, rows=3, help_text=SHARED_TEXT)
    result = _text(_("Vad det ledde till"), 500, rows=2)
    next_step = _text(_("Nästa steg"), 500)
    next_step_on = date_field(_("Nästa steg senast"), _("Ange datum."), required=False)

    def __init__(self, *args, units, contact_people, confirm_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if len(units) > 1:
            self.fields["unit"] = UnitChoiceField(
                label=_("Din enhet"),
                queryset=unit_choices(units),
                error_messages={"required": _("Välj för vilken av dina enheter du loggar kontakten.")},
            )
            self.order_fields(["unit"])
        if contact_people:
            self.fields["contact_person"] = forms.TypedChoiceField(
                label=_("Kontaktperson"),
                choices=[("", _("Inget valt"))]
                + [(p.pk, f"{p.name}, {p.title}" if p.title else p.name) for p in contact_people],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": CHOICE_ERROR},
            )
        if confirm_text:
            self.fields["confirm"] = forms.BooleanField(
                label=confirm_text,
                required=True,
                error_messages={"required": _("Kryssa i att du har sett de andra parternas kontakter.")},
            )
        describe_fields(self)


class SettingsForm(AccessibleForm):
    warning_days = forms.IntegerField(
        label=_("Varna för en annan parts kontakt inom så många dagar"),
        min_value=0,
        max_value=365,
        help_text=_("Från 0 till 365 dagar, före eller efter kontakten. 0 varnar bara för samma dag."),
        error_messages={
            "required": _("Ange ett helt antal dagar från 0 till 365."),
            "invalid": _("Ange ett helt antal dagar från 0 till 365."),
            "min_value": _("Ange ett helt antal dagar från 0 till 365."),
            "max_value": _("Ange ett helt antal dagar från 0 till 365."),
        },
    )

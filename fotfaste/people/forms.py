from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, describe_fields

from .identity import IdentityNumberError, parse_identity_number


def clean_identity_number(text: str) -> str:
    """The 12-digit form of `text`, or a form error that says in Swedish what is wrong with it."""
    try:
        return parse_identity_number(text).number
    except IdentityNumberError as exc:
        raise forms.ValidationError(_("Personnumret är ogiltigt: %(fel)s"), params={"fel": exc}) from exc


class SearchForm(AccessibleForm):
    q = forms.CharField(
        label=_("Personnummer eller namn"),
        help_text=_("Till exempel 20080315-2388, 0803152388 eller Kim Ek."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_q(self):
        text = self.cleaned_data["q"].strip()
        # Text that looks like a number must be a valid one: say what is wrong rather than find nothing.
        digits = sum(ch.isdigit() for ch in text)
        if digits >= 6 and not any(ch.isalpha() and ch.upper() not in "TRSUWXJKLMN" for ch in text):
            clean_identity_number(text)
        return text


class ContactForm(AccessibleForm):
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={"invalid": _("Ange en e-postadress i formatet namn@exempel.se.")},
    )
    street_address = forms.CharField(label=_("Utdelningsadress"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postnummer"),
        regex=r"^\d{3} ?\d{2}$",
        required=False,
        error_messages={"invalid": _("Ange postnumret med fem siffror, till exempel 702 10.")},
    )
    postal_town = forms.CharField(label=_("Postort"), max_length=100, required=False)

    def __init__(self, *args, protected: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if protected:
            # A protected person's address is never shown, so it cannot be edited here either.
            for name in ("street_address", "postal_code", "postal_town"):
                del self.fields[name]

    def clean_postal_code(self):
        return self.cleaned_data["postal_code"].replace(" ", "")


class EndContactForm(AccessibleForm):
    """Why the unit no longer works with the young person; with several own units, which one."""

    def __init__(self, *args, units: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.TypedChoiceField(
            label=_("Enhet"),
            choices=sorted(units.items(), key=lambda item: item[1]),
            coerce=int,
            initial=next(iter(units)) if len(units) == 1 else None,
            widget=forms.RadioSelect,
            error_messages={"required": _("Välj enhet."), "invalid_choice": _("Välj enhet.")},
        )
        self.fields["reason"] = forms.CharField(
            label=_("Varför avslutas kontakten?"),
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_(
                "Till exempel: har börjat studera, har flyttat, vill inte ha fler kontakter. Enhetens medlemmar "
                "lämnar teamet. Skriv inte känsliga personuppgifter."
            ),
            error_messages={"required": _("Skriv varför kontakten avslutas.")},
        )
        describe_fields(self)

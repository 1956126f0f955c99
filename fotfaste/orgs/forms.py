from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fotfaste.accounts.models import User
from fotfaste.core.forms import AccessibleForm, AccessibleModelForm, describe_fields
from fotfaste.people.identity import IdentityNumberError, parse_organisation_number
from fotfaste.reference.models import Municipality

from .models import Agreement, Party, PartyKind, Unit
from .roles import Role

DATE_ERROR = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2025-01-31.")


def date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )


class AgreementForm(AccessibleModelForm):
    name = forms.CharField(
        label=_("Namn"), max_length=200, error_messages={"required": _("Ange överenskommelsens namn.")}
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Municipality.objects.order_by("name"),
        help_text=_(
            "Välj en eller flera kommuner. Håll ned Ctrl (Cmd på Mac) och klicka för att välja flera. "
            "Skriv början av kommunens namn för att hoppa till den i listan."
        ),
        widget=forms.SelectMultiple(attrs={"size": 12, "class": "select"}),
        error_messages={
            "required": _("Välj minst en kommun."),
            "invalid_choice": _("Välj kommuner ur listan."),
        },
    )
    valid_from = date_field(_("Gäller från"))
    valid_until = date_field(_("Gäller till"))

    class Meta:
        model = Agreement
        fields = ["name", "municipalities", "valid_from", "valid_until"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Slutdatumet kan inte vara före startdatumet."))
        return cleaned


class PartyForm(AccessibleModelForm):
    kind = forms.ChoiceField(
        label=_("Typ av part"),
        choices=[("", _("Välj typ av part")), *PartyKind.choices],
        error_messages={"required": _("Välj vilken typ av part det är.")},
    )
    name = forms.CharField(label=_("Namn"), max_length=200, error_messages={"required": _("Ange partens namn.")})
    # Longer than the stored 10 digits: people type separators and the 16 prefix.
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        required=False,
        help_text=_("Tio siffror, till exempel 212000-1876."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Ingen kommun vald"),
        help_text=_(
            "Krävs när parten är en kommun. KAA-handläggare i partens enheter ansvarar för de unga "
            "som är folkbokförda i kommunen. Bara överenskommelsens kommuner kan väljas."
        ),
        error_messages={"invalid_choice": _("Välj en av överenskommelsens kommuner.")},
    )

    class Meta:
        model = Party
        fields = ["kind", "name", "organisation_number", "municipality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the agreement's own municipalities: a municipality party's KAA caseworkers see every young
        # person of its municipality, so the municipality must be one the agreement covers (chosen by an
        # installation administrator), never one an agreement's administrator adds through a party.
        self.fields["municipality"].queryset = self.instance.agreement.municipalities.order_by("name")

    def clean_organisation_number(self):
        text = self.cleaned_data["organisation_number"].strip()
        if not text:
            return ""
        try:
            return parse_organisation_number(text).number
        except IdentityNumberError as exc:
            raise ValidationError(_("Ogiltigt organisationsnummer: %(fel)s"), params={"fel": exc}) from exc


class UnitForm(AccessibleModelForm):
    name = forms.CharField(
        label=_("Enhetens namn"),
        max_length=200,
        help_text=_("Till exempel förvaltning, enhet eller kontor."),
        error_messages={"required": _("Ange enhetens namn.")},
    )

    class Meta:
        model = Unit
        fields = ["name"]


def unit_choices(empty_label, units) -> list:
    """Units grouped by agreement and party, for a <select> with <optgroup>s."""
    groups: dict[str, list] = {}
    units = units.select_related("party__agreement").order_by("party__agreement__name", "party__name", "name")
    for unit in units:
        groups.setdefault(f"{unit.party.agreement.name} – {unit.party.name}", []).append((unit.pk, unit.name))
    return [("", empty_label), *groups.items()]


def role_choices(empty_label) -> list:
    return [("", empty_label), *Role.choices]


class UnitRoleMixin:
    """A unit (grouped select) and a role; the unit comes back as a Unit.

    Choices are read at request time, as units are added while the server runs, and only from
    `units`: the units of the agreements the administrator administers. Any other unit is not a
    choice, so it is refused as one ("Välj en enhet ur listan").
    """

    def setup_unit_role(self, unit_empty_label, role_empty_label, units) -> None:
        self.fields["unit"].choices = unit_choices(unit_empty_label, units)
        self.fields["role"].choices = role_choices(role_empty_label)

    def clean_unit(self):
        pk = self.cleaned_data["unit"]
        return Unit.objects.select_related("party__agreement").get(pk=pk) if pk else None


UNIT_LABEL = _("Enhet")
ROLE_LABEL = _("Roll")


def unit_field(label=UNIT_LABEL, *, required=True):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        empty_value=None,
        required=required,
        help_text=_("Enheterna är grupperade efter överenskommelse och part."),
        error_messages={"required": _("Välj en enhet."), "invalid_choice": _("Välj en enhet ur listan.")},
    )


def role_field(label=ROLE_LABEL, *, required=True, help_text=None):
    return forms.ChoiceField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={"required": _("Välj en roll."), "invalid_choice": _("Välj en roll ur listan.")},
    )


class MembershipForm(UnitRoleMixin, AccessibleForm):
    unit = unit_field()
    role = role_field()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit_role(_("Välj enhet"), _("Välj roll"), units)


class UserCreateForm(UnitRoleMixin, AccessibleForm):
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        help_text=_("Används vid inloggning. Bokstäver, siffror och tecknen @ . + - _ går att använda."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
        error_messages={"required": _("Ange ett användarnamn.")},
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, error_messages={"required": _("Ange förnamn.")})
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, error_messages={"required": _("Ange efternamn.")})
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={"invalid": _("Ange en e-postadress i formatet namn@exempel.se.")},
    )
    password = forms.CharField(
        label=_("Första lösenord"),
        strip=False,
        help_text=_("Minst 12 tecken. Lämna lösenordet till användaren på ett säkert sätt."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Ange ett första lösenord.")},
    )
    unit = unit_field(_("Enhet för första rollen"), required=False)
    role = role_field(_("Första roll"), required=False, help_text=_("Fler roller kan läggas till på användarens sida."))

    def __init__(self, *args, units, role_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if role_required:
            # An administrator of some agreements gives the first role at once: the new account is then
            # one of theirs to administer, never an account outside every agreement.
            self.fields["unit"].required = True
            self.fields["role"].required = True
            self.setup_unit_role(_("Välj enhet"), _("Välj roll"), units)
        else:
            self.setup_unit_role(_("Ingen roll ännu"), _("Ingen roll ännu"), units)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            User.username_validator(username)
        except ValidationError as exc:
            raise ValidationError(
                _("Användarnamnet får bara innehålla bokstäver, siffror och tecknen @ . + - _.")
            ) from exc
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Användarnamnet %(namn)s är upptaget. Välj ett annat."), params={"namn": username})
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(password, user=candidate)
            except ValidationError as exc:
                # One message, so the field has one error element for aria-describedby to point at.
                self.add_error("password", " ".join(exc.messages))
        unit, role = cleaned.get("unit"), cleaned.get("role")
        if unit and not role and "role" not in self.errors:
            self.add_error("role", _("Välj en roll för enheten, eller ta bort enheten."))
        if role and not unit and "unit" not in self.errors:
            self.add_error("unit", _("Välj vilken enhet rollen gäller, eller ta bort rollen."))
        return cleaned


class UserEditForm(AccessibleModelForm):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, error_messages={"required": _("Ange förnamn.")})
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, error_messages={"required": _("Ange efternamn.")})
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={"invalid": _("Ange en e-postadress i formatet namn@exempel.se.")},
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]


class UserSearchForm(AccessibleForm):
    q = forms.CharField(
        label=_("Sök användare"),
        help_text=_("Användarnamn, förnamn eller efternamn."),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )


class RoleSettingsForm(AccessibleForm):
    """One checkbox per role; a role without a saved setting starts checked (the secure default)."""

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        for req in requirements:
            self.fields[req.role] = forms.BooleanField(
                label=_("Kräv tvåfaktorsinloggning för %(roll)s") % {"roll": req.label},
                required=False,
                initial=req.require_two_factor,
                help_text=None if req.saved else _("Ingen inställning sparad ännu: tvåfaktorsinloggning krävs."),
            )
        # The fields exist only now, after the base class wired hints and errors; wire them again.
        describe_fields(self)

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, AccessibleModelForm
from fotfaste.outreach import rules as outreach_rules

from .models import LetterKind, LetterTemplate
from .services import PLACEHOLDERS, unknown_placeholders


def braced(name: str) -> str:
    return "{" + name + "}"


PLACEHOLDER_HELP = ", ".join(f"{braced(name)} ({label})" for name, label in PLACEHOLDERS.items())


class TemplateForm(AccessibleModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["heading", "body", "sender_unit", "contact_phone", "contact_email"]
        labels = {
            "heading": _("Rubrik"),
            "body": _("Brevtext"),
            "sender_unit": _("Avsändare under kommunens namn"),
            "contact_phone": _("Telefonnummer i brevet"),
            "contact_email": _("E-postadress i brevet"),
        }
        help_texts = {
            "body": _("Tom rad mellan styckena. Platshållare som fylls i för varje mottagare: %(lista)s.")
            % {"lista": PLACEHOLDER_HELP},
            "sender_unit": _("Till exempel ”Förvaltningen förskola och skola – KAA”."),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        error_messages = {
            "heading": {"required": _("Skriv en rubrik.")},
            "body": {"required": _("Skriv brevets text.")},
            "contact_email": {"invalid": _("Skriv en e-postadress, till exempel kaa@orebro.se.")},
        }

    def _check_placeholders(self, name):
        text = self.cleaned_data[name]
        unknown = unknown_placeholders(text)
        if unknown:
            raise forms.ValidationError(
                _("Okänd platshållare %(okanda)s. Tillgängliga: %(lista)s.")
                % {"okanda": ", ".join(map(braced, unknown)), "lista": ", ".join(map(braced, PLACEHOLDERS))}
            )
        return text

    def clean_heading(self):
        return self._check_placeholders("heading")

    def clean_body(self):
        return self._check_placeholders("body")


KIND_FIELD = dict(
    label=_("Vilket brev?"),
    choices=LetterKind.choices,
    widget=forms.RadioSelect,
    error_messages={"required": _("Välj vilket brev som ska skrivas ut.")},
)
RECORD_FIELD = dict(
    label=_("Registrera brevet som kontaktförsök (brev, inte nådd än)"),
    required=False,
    initial=True,
)


class PersonLetterForm(AccessibleForm):
    kind = forms.ChoiceField(**KIND_FIELD)
    record_contact = forms.BooleanField(**RECORD_FIELD)


SELECTIONS = [
    (outreach_rules.NO_CONTACT_YET, _("Alla i KAA som inte har kontaktats än")),
    (outreach_rules.NOT_REACHED_CATEGORY, _("Alla i KAA som inte har nåtts")),
    (outreach_rules.TURNING_20, _("Alla i KAA som snart fyller 20 år")),
    (outreach_rules.ALL, _("Alla i KAA")),
]


class BatchForm(AccessibleForm):
    kind = forms.ChoiceField(**KIND_FIELD)
    selection = forms.ChoiceField(
        label=_("Till vilka?"),
        choices=SELECTIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilka som ska få brevet.")},
    )
    municipality = forms.ChoiceField(label=_("Kommun"), error_messages={"required": _("Välj kommun.")})
    record_contact = forms.BooleanField(**RECORD_FIELD)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipalities
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0][0]

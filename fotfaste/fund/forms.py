from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, UnitChoiceField, date_field, describe_fields
from fotfaste.orgs.roles import Role

from . import rules
from .models import GrantPurpose

CHOICE_ERROR = _("Välj ett av alternativen.")
AMOUNT_ERROR = _("Ange beloppet i hela kronor, till exempel 850.")
MAX_GRANT = 100_000
MAX_LINE = 100_000_000

APPROVE, REJECT = "bevilja", "avsla"


class LineChoiceField(forms.ModelChoiceField):
    """Each line with what is left of it, so the requester sees at once whether the amount fits."""

    def __init__(self, *args, figures: dict, **kwargs):
        self.figures = figures
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        left = self.figures[obj.pk].remaining if obj.pk in self.figures else obj.amount
        return _("%(post)s – %(kvar)s kr kvar") % {"post": f"{obj.name} {obj.year}", "kvar": rules.kronor(left)}


def amount_field(label, maximum: int, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        widget=forms.NumberInput(attrs={"class": "input input--months", "inputmode": "numeric"}),
        error_messages={
            "required": AMOUNT_ERROR,
            "invalid": AMOUNT_ERROR,
            "min_value": _("Beloppet måste vara minst 1 kr."),
            "max_value": _("Beloppet kan vara högst %(limit_value)s kr."),
        },
        **kwargs,
    )


class GrantForm(AccessibleForm):
    def __init__(self, *args, units, lines, figures: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Enhet som ansöker"),
            queryset=units,
            empty_label=None,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
        )
        self.fields["budget_line"] = LineChoiceField(
            label=_("Budgetpost"),
            queryset=lines,
            figures=figures,
            empty_label=None,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
        )
        self.fields["purpose"] = forms.ChoiceField(
            label=_("Vad bidraget gäller"),
            choices=GrantPurpose.choices,
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
        )
        self.fields["description"] = forms.CharField(
            label=_("Beskriv behovet"),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_(
                "Vad ska köpas och hur det hjälper den unga vidare till arbete eller studier. "
                "Skriv inget om hälsa eller försörjningsstöd."
            ),
            error_messages={"required": _("Beskriv vad bidraget ska användas till.")},
        )
        self.fields["amount"] = amount_field(_("Belopp (kr)"), MAX_GRANT, help_text=_("I hela kronor."))
        describe_fields(self)


class DecisionForm(AccessibleForm):
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=[(APPROVE, _("Bevilja")), (REJECT, _("Avslå"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om ansökan ska beviljas eller avslås.")},
    )
    note = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs vid avslag."),
    )


class PaidForm(AccessibleForm):
    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"] = date_field(
            _("Utbetalningsdag"), _("Ange vilken dag bidraget betalades ut."), initial=today
        )
        describe_fields(self)


class WithdrawForm(AccessibleForm):
    """No fields: the button is the confirmation, and the form keeps the page's pattern for errors."""


class BudgetLineForm(AccessibleForm):
    def __init__(self, *args, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreements is not None:
            self.fields["agreement"] = forms.ModelChoiceField(
                label=_("Överenskommelse"),
                queryset=agreements,
                empty_label=None,
                error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
            )
        self.fields["name"] = forms.CharField(
            label=_("Namn"),
            max_length=200,
            help_text=_("Till exempel: Ekonomiska hinder – resor."),
            error_messages={"required": _("Skriv budgetpostens namn.")},
        )
        self.fields["year"] = forms.IntegerField(
            label=_("År"),
            min_value=2000,
            max_value=2100,
            widget=forms.NumberInput(attrs={"class": "input input--months", "inputmode": "numeric"}),
            error_messages={
                "required": _("Ange året som fyra siffror, till exempel 2026."),
                "invalid": _("Ange året som fyra siffror, till exempel 2026."),
                "min_value": _("Ange året som fyra siffror, till exempel 2026."),
                "max_value": _("Ange året som fyra siffror, till exempel 2026."),
            },
        )
        self.fields["amount"] = amount_field(
            _("Belopp (kr)"), MAX_LINE, help_text=_("Budgeten för året i hela kronor.")
        )
        self.fields["active"] = forms.BooleanField(
            label=_("Aktiv – går att söka bidrag från"),
            required=False,
            help_text=_(
                "En inaktiv budgetpost går inte att söka eller bevilja bidrag från. Beviljade bidrag finns kvar."
            ),
        )
        describe_fields(self)


class ApproverRolesForm(AccessibleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"] = forms.MultipleChoiceField(
            label=_("Roller som får besluta om bidrag"),
            choices=[(r, Role(r).label) for r in rules.APPROVER_ROLE_CHOICES],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Välj minst en roll som får besluta om bidrag.")},
            help_text=_(
                "Den som beslutar ser ansökningarna för de unga som hen själv har tillgång till. "
                "Ingen kan besluta om sin egen ansökan."
            ),
        )
        describe_fields(self)

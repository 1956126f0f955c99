from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.accounts.models import User
from fotfaste.core.forms import (
    CHOOSE_LABEL,
    AccessibleForm,
    UnitChoiceField,
    UserChoiceField,
    date_field,
    describe_fields,
)

from .models import TeamRole

CHOICE_ERROR = _("Välj ett av alternativen.")


class MemberForm(AccessibleForm):
    def __init__(self, *args, units, users, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        only = units.count() == 1
        self.fields["unit"] = UnitChoiceField(
            label=_("Enhet"),
            queryset=units,
            # With one unit of one's own there is nothing to choose.
            empty_label=None if only else CHOOSE_LABEL,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
            help_text=_("Varje part lägger till sina egna medarbetare i teamet."),
        )
        self.fields["user"] = UserChoiceField(
            label=_("Användare"),
            queryset=users,
            required=False,
            empty_label=_("– ingen användare i Fotfäste –"),
            error_messages={"invalid_choice": CHOICE_ERROR},
        )
        self.fields["name"] = forms.CharField(
            label=_("Namn"),
            required=False,
            max_length=200,
            help_text=_("För den som inte använder Fotfäste. Annars hämtas namnet från användaren."),
        )
        self.fields["role"] = forms.ChoiceField(
            label=_("Roll i teamet"), choices=TeamRole.choices, error_messages={"required": CHOICE_ERROR}
        )
        self.fields["is_main_contact"] = forms.BooleanField(
            label=_("Huvudkontakt (en väg in)"),
            required=False,
            help_text=_("Den unga har en huvudkontakt åt gången; en tidigare huvudkontakt blir vanlig medlem."),
        )
        self.fields["start_date"] = date_field(_("Från"), _("Ange från vilket datum."), initial=today)
        describe_fields(self)


class EndMemberForm(AccessibleForm):
    end_date = date_field(_("Sista dag i teamet"), _("Ange sista dagen."))


def member_users(units) -> "forms.QuerySet":
    return (
        User.objects.filter(memberships__unit__in=units, memberships__active=True, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )

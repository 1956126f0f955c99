"""The annual cycle's forms: Swedish errors that name the field (the error summary puts the label first)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, AccessibleModelForm, UserChoiceField, describe_fields
from fotfaste.orgs.roles import Role

from . import rules
from .models import ActivityKind, CycleActivity, Rotation

NOTE_MAX = 2000


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name()


class ActivityForm(AccessibleModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Månader"),
        choices=[(m, str(name).capitalize()) for m, name in zip(rules.MONTHS, rules.MONTH_NAMES, strict=True)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en månad."), "invalid_choice": _("Välj månader i listan.")},
    )

    class Meta:
        model = CycleActivity
        fields = [
            "name", "kind", "description", "months", "day", "date_note", "responsible_user", "responsible_role",
            "rotation", "rotation_parties", "rotation_users", "capacity_per_day", "source", "active",
        ]  # fmt: skip
        labels = {"day": _("Senast dag i månaden")}
        help_texts = {
            "day": _("1–31. En dag som månaden saknar blir månadens sista dag (31 blir 30 april)."),
            "responsible_role": _(
                "Om ingen användare är vald blir den första med rollen i överenskommelsen ansvarig för varje tillfälle."
            ),
            "rotation": _(
                "Parterna (eller de valda användarna) turas om i namnordning, ett tillfälle i taget, "
                "till exempel ordförandeskapet i styrgruppen. Utan valda parter går turen runt alla parter."
            ),
            "capacity_per_day": _(
                "För kartläggningssamtal: hur många samtal en enhet hinner per dag (20 dagar i månaden)."
            ),
            "date_note": _("Till exempel ”Kontrollera SCB:s datum”."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "rotation_parties": forms.CheckboxSelectMultiple}

    def __init__(self, *args, agreement, members, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["name"].error_messages["required"] = _("Skriv aktivitetens namn.")
        f["kind"].error_messages["invalid_choice"] = _("Välj en typ i listan.")
        day_error = _("Ange en dag från 1 till 31.")
        f["day"].error_messages.update(
            {"required": day_error, "invalid": day_error, "min_value": day_error, "max_value": day_error}
        )
        f["day"].widget.attrs.update({"inputmode": "numeric"})
        capacity_error = _("Ange ett helt antal samtal från 1 till 20.")
        f["capacity_per_day"] = forms.IntegerField(
            label=f["capacity_per_day"].label,
            help_text=f["capacity_per_day"].help_text,
            required=False,
            min_value=1,
            max_value=20,
            error_messages={"invalid": capacity_error, "min_value": capacity_error, "max_value": capacity_error},
        )
        f["responsible_user"] = UserChoiceField(
            label=_("Ansvarig användare"),
            queryset=members,
            required=False,
            error_messages={"invalid_choice": _("Välj en användare i överenskommelsen.")},
        )
        f["responsible_role"].choices = [("", _("Ingen roll"))] + list(Role.choices)
        f["rotation"].choices = list(Rotation.choices)
        f["rotation_parties"].queryset = agreement.parties.order_by("name")
        f["rotation_parties"].required = False
        f["rotation_users"] = UsersChoiceField(
            label=_("Användare i tur"),
            queryset=members,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Välj användare i överenskommelsen.")},
        )
        f["kind"].choices = list(ActivityKind.choices)
        if self.instance.pk:
            self.initial["months"] = self.instance.months
        # The base class's describe_fields() made (and cached) bound fields of the fields replaced above; they
        # would still clean with the old ones (any user, any number), so they are made again.
        self._bound_fields_cache.clear()
        describe_fields(self)

    def clean_months(self):
        try:
            return rules.clean_months(self.cleaned_data["months"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if data.get("rotation") == Rotation.USERS and not data.get("rotation_users"):
            self.add_error("rotation_users", _("Välj vilka användare som turas om."))
        return data


class DoneForm(AccessibleForm):
    note = forms.CharField(
        label=_("Anteckning"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Skriv högst 2 000 tecken (du skrev %(show_value)d).")},
    )


class ReassignForm(AccessibleForm):
    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Välj en användare i överenskommelsen.")
        self.fields["responsible"] = UserChoiceField(
            label=_("Ny ansvarig"),
            queryset=members,
            error_messages={"required": message, "invalid_choice": message},
        )
        describe_fields(self)

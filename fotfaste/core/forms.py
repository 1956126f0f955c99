"""A form base that wires hints and errors to fields for screen readers (GOV.UK pattern)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AccessibleForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe_fields(self)

    def full_clean(self):
        super().full_clean()
        describe_fields(self)


class AccessibleModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe_fields(self)

    def full_clean(self):
        super().full_clean()
        describe_fields(self)


# Django's empty choice ("---------", models.BLANK_CHOICE_DASH and ModelChoiceField's default): it means
# nothing to a reader and a screen reader reads it as "dash dash dash …".
DJANGO_EMPTY_LABEL = "---------"
CHOOSE_LABEL = _("Välj …")  # a required select: nothing chosen yet
NONE_LABEL = _("Inget valt")  # an optional select: leaving it empty is an answer


def swedish_empty_choice(field: forms.Field) -> None:
    """Replace Django's "---------" empty choice of a select with a Swedish label (a label a form set
    itself is kept)."""
    label = CHOOSE_LABEL if field.required else NONE_LABEL
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = label  # read when the choices are rendered, so setting it now is enough
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(value in ("", None) and text == DJANGO_EMPTY_LABEL for value, text in choices):
            field.choices = [
                (value, label if value in ("", None) and text == DJANGO_EMPTY_LABEL else text)
                for value, text in choices
            ]


def describe_fields(form: forms.BaseForm) -> None:
    """Wire hints and errors to every field for screen readers, and give every select a Swedish empty
    choice: every form of Fotfäste goes through here (AccessibleForm, AccessibleModelForm)."""
    errors = form.errors if form.is_bound and hasattr(form, "_errors") and form._errors is not None else {}
    for name, field in form.fields.items():
        swedish_empty_choice(field)
        bound = form[name]
        ids = []
        if field.help_text:
            ids.append(f"{bound.auto_id}-hint")
        if name in errors:
            ids.append(f"{bound.auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        else:
            field.widget.attrs.pop("aria-invalid", None)
        if ids and not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            field.widget.attrs["aria-describedby"] = " ".join(ids)
        else:
            field.widget.attrs.pop("aria-describedby", None)
        css = {
            forms.CheckboxInput: "checkbox",
            forms.Select: "select",
            forms.Textarea: "textarea",
        }.get(type(field.widget), "input")
        if not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", css)


DATE_ERROR = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2025-01-31.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input only accepts and shows ISO dates, whatever the locale.
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, required_message, **kwargs):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": required_message, "invalid": DATE_ERROR},
        **kwargs,
    )


def show_edit_conflict(form: forms.Form, message: str, saved_version: int) -> None:
    """Someone saved first: say so above the form, and let the form carry the saved version, so that saving
    again overwrites knowingly."""
    form.add_error(None, message)
    posted = form.data.copy()
    posted["version"] = saved_version
    form.data = posted


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or above them)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
    describe_fields(form)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit, named with its party: several parties have units of the same name."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.party.name})"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.party.name})"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name()


def unit_choices(units):
    """Units already picked out in Python, as the queryset a choice field needs (party loaded, in order)."""
    from fotfaste.orgs.models import Unit

    return Unit.objects.filter(pk__in=[u.pk for u in units]).select_related("party").order_by("party__name", "name")

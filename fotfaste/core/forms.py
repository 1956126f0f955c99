"""A form base that wires hints and errors to fields for screen readers (GOV.UK pattern)."""

from django import forms


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


def describe_fields(form: forms.BaseForm) -> None:
    errors = form.errors if form.is_bound and hasattr(form, "_errors") and form._errors is not None else {}
    for name, field in form.fields.items():
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

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, UnitChoiceField, date_field, describe_fields

from .models import BARRIERS, CvStatus, DrivingLicence, EducationLevel, SensitiveBarrierKind
from .services import SENSITIVE_FIELDS, LevelChange

CHOICE_ERROR = _("Välj ett av alternativen.")
TEXT = {"rows": 3}


class DescribedRadioSelect(forms.RadioSelect):
    """Radios whose options each point at their own hint (the template renders it with the same id)."""

    def __init__(self, *args, descriptions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptions = descriptions or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.descriptions.get(str(value)) and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-hint"
        return option


def _text(label, hint="", max_length=2000):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=hint,
        widget=forms.Textarea(attrs=TEXT) if max_length > 300 else forms.TextInput(),
    )


class MappingForm(AccessibleForm):
    """The mapping talk; the sensitive fieldset only when one of the user's units may record it."""

    def __init__(self, *args, units, levels, may_record_sensitive: bool, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["unit"] = UnitChoiceField(
            label=_("Er enhet"),
            queryset=units,
            empty_label=None,
            error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
            help_text=_(
                "Kartläggningen hör till enheten. En ny kartläggning ersätter enhetens förra, som sparas som historik."
            ),
        )
        f["talk_date"] = date_field(_("Datum för samtalet"), _("Ange datum för samtalet."), initial=today)
        f["education_level"] = forms.ChoiceField(
            label=_("Utbildningsnivå"),
            choices=EducationLevel.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Välj den högsta utbildningsnivån.")},
        )
        f["grades_note"] = _text(
            _("Betyg"), _("Kort, till exempel: Saknar betyg i matematik och engelska."), max_length=300
        )
        f["work_experience"] = _text(_("Arbetslivserfarenhet"), _("Jobb, praktik, feriearbete, ideellt arbete."))
        f["interests"] = _text(_("Intressen"))
        f["goals"] = _text(_("Mål"), _("Vad den unga vill nå, på kort och lång sikt."))
        f["strengths"] = _text(_("Styrkor"))
        f["driving_licence"] = forms.ChoiceField(
            label=_("Körkort"),
            choices=DrivingLicence.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Välj om den unga har körkort.")},
        )
        f["cv"] = forms.ChoiceField(
            label=_("Finns ett cv?"),
            choices=CvStatus.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Välj om den unga har ett cv.")},
        )
        for key, label in BARRIERS:
            f[f"barrier_{key}"] = forms.BooleanField(label=label, required=False)
            f[f"barrier_{key}_note"] = _text(_("Om %(hinder)s") % {"hinder": str(label).lower()}, max_length=200)
        self.may_record_sensitive = may_record_sensitive
        if may_record_sensitive:
            for kind, name in SENSITIVE_FIELDS.items():
                label = SensitiveBarrierKind(kind).label
                f[name] = forms.BooleanField(label=label, required=False)
                f[f"{name}_note"] = _text(_("Om %(hinder)s") % {"hinder": str(label).lower()}, max_length=200)
        self.level_descriptions = {lv.code: lv.description for lv in levels}
        f["need_level"] = forms.ChoiceField(
            label=_("Behovsnivå"),
            choices=[("", _("Inte bedömd ännu"))] + [(lv.code, lv.name) for lv in levels],
            required=False,
            initial="",
            widget=DescribedRadioSelect(descriptions=self.level_descriptions),
            error_messages={"invalid_choice": CHOICE_ERROR},
        )
        f["own_words"] = _text(
            _("Den ungas egna ord"),
            _("Hur den unga själv beskriver sin situation och vad hen vill. Skriv gärna med den ungas ord."),
            max_length=4000,
        )
        describe_fields(self)

    def barrier_rows(self):
        return [(self[f"barrier_{key}"], self[f"barrier_{key}_note"]) for key, _label in BARRIERS]

    def sensitive_rows(self):
        if not self.may_record_sensitive:
            return []
        return [(self[name], self[f"{name}_note"]) for name in SENSITIVE_FIELDS.values()]

    def need_level_options(self):
        return [(choice, self.level_descriptions.get(choice.data["value"], "")) for choice in self["need_level"]]

    def service_arguments(self) -> dict:
        d = self.cleaned_data

        def ticked(prefix: str) -> str | None:
            # A note alone means the barrier applies too: nobody writes about a barrier that is not there.
            note = d.get(f"{prefix}_note", "")
            return note if d.get(prefix) or note else None

        return {
            "unit": d["unit"],
            "talk_date": d["talk_date"],
            "education_level": d["education_level"],
            "grades_note": d["grades_note"],
            "work_experience": d["work_experience"],
            "interests": d["interests"],
            "goals": d["goals"],
            "strengths": d["strengths"],
            "driving_licence": d["driving_licence"],
            "cv": d["cv"],
            "barriers": {key: ticked(f"barrier_{key}") for key, _label in BARRIERS},
            "sensitive": {kind: ticked(name) for kind, name in SENSITIVE_FIELDS.items() if name in self.fields},
            "need_level_code": d["need_level"],
            "own_words": d["own_words"],
        }


# Level codes never hold a hyphen (services._free_code), so this prefix cannot clash with one.
NEW = "ny-niva"


class NeedLevelsForm(AccessibleForm):
    """One group of fields per level (stored, or the defaults for an agreement without its own) and one new."""

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for number, level in enumerate(levels, start=1):
            prefix = level.code
            self._add_level(prefix, number, level.name, level.description, level.order, level.active, required=True)
            self.groups.append((_("Nivå %(nr)d: %(namn)s") % {"nr": number, "namn": level.name}, prefix, level.code))
        self._add_level(NEW, None, "", "", len(levels) + 1, True, required=False)
        self.new_group = (_("Ny nivå (frivilligt)"), NEW)
        describe_fields(self)

    def _add_level(self, prefix, number, name, description, order, active, *, required):
        which = _("nivå %(nr)d") % {"nr": number} if number else _("den nya nivån")
        self.fields[f"{prefix}-name"] = forms.CharField(
            label=_("Namn"),
            initial=name,
            max_length=100,
            required=required,
            error_messages={
                "required": _("Skriv ett namn för %(niva)s.") % {"niva": which},
                "max_length": _("Namnet för %(niva)s får vara högst 100 tecken.") % {"niva": which},
            },
        )
        self.fields[f"{prefix}-description"] = forms.CharField(
            label=_("Beskrivning"),
            initial=description,
            max_length=300,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"max_length": _("Beskrivningen för %(niva)s får vara högst 300 tecken.") % {"niva": which}},
        )
        message = _("Ange ordningen för %(niva)s som ett heltal från 1 till 99.") % {"niva": which}
        self.fields[f"{prefix}-order"] = forms.IntegerField(
            label=_("Ordning"),
            initial=order,
            min_value=1,
            max_value=99,
            required=required,
            help_text=_("Nivåerna visas i den här ordningen, lägst nummer först."),
            widget=forms.NumberInput(attrs={"class": "input input--months", "inputmode": "numeric"}),
            error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
        )
        if number:
            self.fields[f"{prefix}-active"] = forms.BooleanField(
                label=_("Aktiv – kan väljas i nya kartläggningar"), initial=active, required=False
            )

    def grouped(self):
        rows = [
            (legend, [self[f"{prefix}-{n}"] for n in ("name", "description", "order", "active")])
            for legend, prefix, _code in self.groups
        ]
        legend, prefix = self.new_group
        rows.append((legend, [self[f"{prefix}-{n}"] for n in ("name", "description", "order")]))
        return rows

    def changes(self) -> list[LevelChange]:
        d = self.cleaned_data
        result = [
            LevelChange(
                code=code,
                name=d[f"{prefix}-name"],
                description=d[f"{prefix}-description"],
                order=d[f"{prefix}-order"],
                active=d[f"{prefix}-active"],
            )
            for _legend, prefix, code in self.groups
        ]
        if d.get(f"{NEW}-name"):
            result.append(
                LevelChange(
                    code="",
                    name=d[f"{NEW}-name"],
                    description=d[f"{NEW}-description"],
                    order=d.get(f"{NEW}-order") or 99,
                )
            )
        return result

    def clean(self):
        data = super().clean()
        if data.get(f"{NEW}-description") and not data.get(f"{NEW}-name"):
            self.add_error(f"{NEW}-name", _("Skriv ett namn för den nya nivån, eller ta bort beskrivningen."))
        return data

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, describe_fields
from fotfaste.reference.models import Municipality

from .columns import COLUMNS
from .models import UNIT_REGISTERS, RegisterKind

KIND_HINTS = {
    RegisterKind.POPULATION: _("Folkbokförda i kommunen, 15–20 år, per uttagsdatumet (Navet)."),
    RegisterKind.ENROLMENTS: _("Inskrivningar i skolor: gymnasieskola, komvux, folkhögskola med flera."),
    RegisterKind.CERTIFICATES: _("Slutbetyg från grundskolan, gymnasieexamen, studiebevis med flera."),
    RegisterKind.EMPLOYMENT_SERVICE: _(
        "Arbetsförmedlingens egen lista över inskrivna arbetssökande (din enhets register). Ger enheten en egen "
        "grund för varje person i listan; andra ser uppgifterna bara med samtycke."
    ),
}


class ImportForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("Vilket register gäller filen?"),
        choices=RegisterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilket register filen kommer från.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Municipality.objects.none(),
        empty_label=None,
        error_messages={"required": _("Välj kommun."), "invalid_choice": _("Välj en av dina kommuner.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet (för Arbetsförmedlingens register)"),
        queryset=None,
        required=False,
        empty_label=None,
        help_text=_("Enheten vars egen lista filen är."),
        error_messages={"invalid_choice": _("Välj en av dina enheter hos Arbetsförmedlingen.")},
    )
    as_of = forms.DateField(
        label=_("Uttagsdatum"),
        help_text=_("Dagen uppgifterna gäller, till exempel 2026-03-01. Folkbokföringsuttag läses in i datumordning."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Ange uttagsdatum."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-01."),
        },
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("CSV (semikolon eller komma, UTF-8 eller Windows-1252) eller Excel (.xlsx), med rubrikrad."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
        error_messages={"required": _("Välj filen som ska läsas in."), "empty": _("Filen är tom.")},
    )

    def __init__(self, *args, municipalities, units=(), unit_municipalities=None, **kwargs):
        """municipalities: whose registers the user keeps (KAA); units: AF units whose own register they read in,
        with unit_municipalities (unit id -> the municipality codes of its agreements)."""
        super().__init__(*args, **kwargs)
        self.unit_municipalities = unit_municipalities or {}
        every = set(municipalities) | {code for codes in self.unit_municipalities.values() for code in codes}
        self.fields["municipality"].queryset = Municipality.objects.filter(code__in=every).order_by("name")
        kinds = [(k, label) for k, label in RegisterKind.choices if k not in UNIT_REGISTERS] if municipalities else []
        if units:
            kinds += [(k, label) for k, label in RegisterKind.choices if k in UNIT_REGISTERS]
        self.fields["kind"].choices = kinds
        self.municipalities = frozenset(municipalities)
        unit_field = self.fields["unit"]
        unit_field.queryset = units
        if not units:
            del self.fields["unit"]
        elif len(kinds) == 1:
            self.initial.setdefault("kind", kinds[0][0])
        self.initial.setdefault("as_of", timezone.localdate())
        if len(every) == 1:
            self.initial.setdefault("municipality", next(iter(every)))

    def clean(self):
        cleaned = super().clean()
        kind, municipality = cleaned.get("kind"), cleaned.get("municipality")
        if not kind or not municipality:
            return cleaned
        if kind in UNIT_REGISTERS:
            unit = cleaned.get("unit")
            if unit is None:
                self.add_error("unit", _("Välj vilken enhets register filen är."))
            elif municipality.code not in self.unit_municipalities.get(unit.pk, ()):
                self.add_error("municipality", _("Välj en kommun i enhetens samverkan."))
        elif municipality.code not in self.municipalities:
            self.add_error("municipality", _("Välj en av de kommuner vars register du för."))
        return cleaned

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Uttagsdatumet kan inte vara i framtiden."))
        return day


class MappingForm(AccessibleForm):
    """One select per canonical column, offering the file's columns."""

    source_name = forms.CharField(
        label=_("Namn på källan"),
        max_length=200,
        help_text=_("Till exempel ”Skolsystemets elevexport”. Filer med samma kolumner känns igen nästa gång."),
        error_messages={"required": _("Ge källan ett namn.")},
    )

    def __init__(self, *args, kind, header, initial_columns, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("– Finns inte i filen –")), *((h, h) for h in header)]
        for column in COLUMNS[kind]:
            self.fields[f"col_{column.name}"] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=column.required,
                initial=initial_columns.get(column.name, ""),
                help_text=_("Krävs.") if column.required else "",
                error_messages={"required": _("Välj vilken kolumn i filen som innehåller detta.")},
            )
        self.order_fields([*(f"col_{c.name}" for c in COLUMNS[kind]), "source_name"])
        self.kind = kind

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for column in COLUMNS[self.kind]:
            value = cleaned.get(f"col_{column.name}")
            if not value:
                continue
            if value in used:
                self.add_error(
                    f"col_{column.name}",
                    _("Kolumnen ”%(kolumn)s” är redan vald för %(annan)s.") % {"kolumn": value, "annan": used[value]},
                )
            else:
                used[value] = column.label
        return cleaned

    def columns(self) -> dict[str, str]:
        return {c.name: self.cleaned_data.get(f"col_{c.name}") or "" for c in COLUMNS[self.kind]}


class CommitForm(AccessibleForm):
    """Reading in a file that would end many registrations: the user confirms the number, by name."""

    bekrafta = forms.BooleanField(
        required=True,
        error_messages={"required": _("Kryssa i rutan för att bekräfta att folkbokföringen avslutas.")},
    )
    antal = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, label: str, expected: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bekrafta"].label = label
        self.fields["bekrafta"].help_text = _(
            "De som inte finns i filen räknas som utflyttade per uttagsdatumet, och deras KAA-perioder slutar."
        )
        self.initial.setdefault("antal", expected)
        self.expected = expected
        # The base class described the fields before they had their label and hint.
        self._bound_fields_cache.clear()
        describe_fields(self)

    def clean(self):
        cleaned = super().clean()
        # The number shown is the number confirmed: a stale page must not confirm a new count.
        if cleaned.get("antal") != self.expected:
            raise forms.ValidationError(_("Antalet har ändrats sedan sidan visades. Granska förändringarna igen."))
        return cleaned

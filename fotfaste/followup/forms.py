"""The goal, indicator and manual-result forms: every error names its field, and nothing is saved
until the whole form is valid."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, date_field

from . import targets
from .models import MANUAL, Direction, TargetKind, Unit
from .periods import PeriodError, parse_period

NUMBER = forms.NumberInput(attrs={"inputmode": "decimal"})


def decimal_field(label, help_text="", required=False, **kwargs):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Skriv ett tal, till exempel 614 eller 20,5."),
            "required": _("Skriv ett värde."),
            "max_digits": _("Talet är för stort."),
            "max_decimal_places": _("Högst två decimaler."),
        },
        **kwargs,
    )


class GoalForm(AccessibleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"] = forms.CharField(
            label=_("Mål"),
            max_length=300,
            help_text=_("Som i överenskommelsen, till exempel: Färre unga ska vara beroende av försörjningsstöd."),
            error_messages={"required": _("Skriv målet.")},
        )
        self.fields["description"] = forms.CharField(
            label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.fields["order"] = forms.IntegerField(
            label=_("Ordning"), min_value=0, max_value=999, initial=0,
            error_messages={"required": _("Skriv ett heltal."), "invalid": _("Skriv ett heltal.")},
        )  # fmt: skip


def parse_target_values(text: str) -> dict[str, str]:
    """ "2024: -10; 2025: -15" (or one per line) → {"2024": "-10", "2025": "-15"}."""
    found: dict[str, str] = {}
    for part in re.split(r"[;\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        if ":" not in part and "=" not in part:
            raise forms.ValidationError(_("Skriv varje värde som period: värde, till exempel 2024: -10."))
        label, value = re.split(r"[:=]", part, maxsplit=1)
        try:
            period = parse_period(label)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        try:
            number = Decimal(value.strip().replace(",", ".").replace("−", "-"))
        except InvalidOperation as exc:
            raise forms.ValidationError(_("%(varde)r är inget tal.") % {"varde": value.strip()}) from exc
        found[period.label] = str(number)
    return found


def format_target_values(values: dict) -> str:
    return "; ".join(f"{k}: {v}" for k, v in sorted((values or {}).items()))


class IndicatorForm(AccessibleForm):
    def __init__(self, *args, kinds=(), references=(), **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["name"] = forms.CharField(
            label=_("Indikator"), max_length=300, error_messages={"required": _("Skriv indikatorns namn.")}
        )
        f["kind"] = forms.ChoiceField(
            label=_("Vad som räknas"),
            choices=list(kinds),
            error_messages={"required": _("Välj vad som räknas."), "invalid_choice": _("Välj ett av alternativen.")},
        )
        f["unit"] = forms.ChoiceField(
            label=_("Enhet (för indikatorer som läggs in för hand)"),
            choices=Unit.choices,
            help_text=_("En framräknad indikator har sin egen enhet."),
        )
        f["direction"] = forms.ChoiceField(label=_("Riktning"), choices=Direction.choices)
        f["baseline"] = decimal_field(_("Utgångsvärde"))
        f["baseline_date"] = date_field(_("Utgångsvärdets datum"), _("Skriv datumet."), required=False)
        f["target_kind"] = forms.ChoiceField(label=_("Målbana"), choices=TargetKind.choices)
        f["rate"] = decimal_field(
            _("Förändring per år i procent"), _("Till exempel -5 för fem procent färre varje år.")
        )
        f["target_value"] = decimal_field(_("Målvärde"), _("För en rak linje: värdet som ska nås."))
        f["target_date"] = date_field(_("Målvärdet ska nås senast"), _("Skriv datumet."), required=False)
        f["target_values"] = forms.CharField(
            label=_("Målvärden per period"),
            required=False,
            help_text=_(
                "Period: värde, åtskilda med semikolon, till exempel 2024: -10; 2025: -15; 2026: -25. "
                "För ”förändring i procent av utgångsvärdet” är värdena procent."
            ),
        )
        f["reference"] = forms.ChoiceField(
            label=_("Jämförs med indikatorn"),
            required=False,
            choices=[("", _("Ingen")), *references],
            help_text=_("För målbanan ”i nivå med en annan indikator”, till exempel riksgenomsnittet."),
            error_messages={"invalid_choice": _("Välj en indikator i samma överenskommelse.")},
        )
        f["order"] = forms.IntegerField(
            label=_("Ordning"), min_value=0, max_value=999, initial=0,
            error_messages={"required": _("Skriv ett heltal."), "invalid": _("Skriv ett heltal.")},
        )  # fmt: skip

    def clean_target_values(self):
        return parse_target_values(self.cleaned_data.get("target_values", ""))

    def clean(self):
        data = super().clean()
        kind = data.get("target_kind")
        needs = {
            targets.PERCENT_PER_YEAR: ("baseline", "baseline_date", "rate"),
            targets.LINEAR: ("baseline", "baseline_date", "target_value", "target_date"),
            targets.VALUES: ("target_values",),
            targets.PERCENT_OF_BASELINE: ("baseline", "baseline_date", "target_values"),
            targets.REFERENCE: ("reference",),
        }.get(kind, ())
        for name in needs:
            if name in self.errors:
                continue
            if data.get(name) in (None, "", {}):
                self.add_error(name, _("Behövs för den valda målbanan."))
        start, end = data.get("baseline_date"), data.get("target_date")
        if kind == targets.LINEAR and start and end and end <= start:
            self.add_error("target_date", _("Måldatumet måste komma efter utgångsvärdets datum."))
        return data


class ManualResultForm(AccessibleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = forms.CharField(
            label=_("Period"),
            max_length=6,
            help_text=_("Ett halvår som 2026H1 eller 2026H2, eller ett år som 2026."),
            error_messages={"required": _("Skriv perioden.")},
        )
        self.fields["value"] = decimal_field(_("Värde"), required=True)
        self.fields["source"] = forms.CharField(
            label=_("Källa"),
            max_length=300,
            help_text=_("Till exempel: Arbetsförmedlingen, arbetslösa 18–24 år, andel av befolkningen."),
            error_messages={"required": _("Skriv varifrån värdet kommer.")},
        )
        self.fields["source_date"] = date_field(_("Källans datum"), _("Skriv källans datum."))

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


__all__ = ["GoalForm", "IndicatorForm", "ManualResultForm", "MANUAL"]


class AnnualReviewForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    deviations = forms.CharField(label=_("Avvikelser"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 6}),
                                 help_text=_("Vad gick inte som planerat, och varför."))  # fmt: skip
    progress = forms.CharField(
        label=_("Viktigaste framstegen"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
    analysis = forms.CharField(label=_("Analys"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("Vad målen och siffrorna visar, uppdelat på kön och grupper där det går."))  # fmt: skip
    proposals = forms.CharField(
        label=_("Förslag till åtgärder"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )

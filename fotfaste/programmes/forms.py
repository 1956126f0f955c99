"""Configuring an agreement's programme: its description, validity and rules in plain fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm
from fotfaste.orgs.roles import Role

from . import rules

DIPLOMA_CHOICES = [
    ("", _("Spelar ingen roll")),
    ("krav", _("Gymnasieexamen krävs")),
    ("utan", _("Får inte ha gymnasieexamen")),
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-08-01.")}


class ProgrammeForm(AccessibleForm):
    name = forms.CharField(label=_("Namn"), max_length=200, error_messages={"required": _("Ange programmets namn.")})
    owner = forms.CharField(label=_("Huvudman"), max_length=200, required=False)
    target_group = forms.CharField(
        label=_("Målgrupp"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(
        label=_("Källa för reglerna"),
        max_length=500,
        required=False,
        help_text=_("Förordning, överenskommelse eller beslut."),
    )
    valid_from = forms.DateField(
        label=_("Kan beviljas från"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    valid_until = forms.DateField(
        label=_("Kan beviljas till och med"),
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text=_("Tomt: tills vidare."),
    )
    active = forms.BooleanField(label=_("Aktivt i samverkan"), required=False)
    registered = forms.BooleanField(label=_("Ska vara inskriven på Arbetsförmedlingen"), required=False)
    residence = forms.BooleanField(label=_("Ska vara folkbokförd i samverkans kommuner"), required=False)
    age_from = forms.IntegerField(label=_("Har fyllt (år)"), required=False, min_value=0, max_value=100)
    age_until = forms.IntegerField(label=_("Men inte fyllt (år)"), required=False, min_value=1, max_value=101)
    diploma = forms.ChoiceField(label=_("Gymnasieexamen"), choices=DIPLOMA_CHOICES, required=False)
    unemployed_months = forms.IntegerField(
        label=_("Minst antal månader som heltidsarbetslös"), required=False, min_value=1, max_value=60
    )
    unemployed_frame = forms.IntegerField(
        label=_("Inom en ram av (månader)"), required=False, min_value=1, max_value=120
    )
    income_support = forms.BooleanField(label=_("Ska ha försörjningsstöd"), required=False)
    need_level = forms.IntegerField(
        label=_("Lägsta behovsnivå i kartläggningen"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("Nivåns nummer i samverkans ordning (1 = lägst behov). Tomt: spelar ingen roll."),
    )
    steps = forms.CharField(
        label=_("Steg i rutinen"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Ett steg per rad: namn | roll | dagar | beskrivning. Rollen är den som ansvarar (t.ex. samordnare, "
            "syv, arbetsformedlare); dagar är hur länge någon får vara i steget innan det är försenat (tomt: 14)."
        ),
    )
    categories = forms.CharField(
        label=_("Sökandekategorier som räknas som heltidsarbetslöshet"),
        max_length=200,
        required=False,
        help_text=_("Arbetsförmedlingens koder, åtskilda med komma. Tomt: 11, 69, 70, 79."),
    )

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, programme=None, municipality_codes=(), **kwargs):
        if programme is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(programme)
        super().__init__(*args, **kwargs)
        self.municipality_codes = sorted(municipality_codes)

    def clean_steps(self) -> list[dict]:
        return parse_steps(self.cleaned_data.get("steps") or "")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_from"), cleaned.get("age_until")
        if (low is None) != (high is None):
            self.add_error("age_until" if high is None else "age_from", _("Ange båda åldrarna, eller ingen."))
        elif low is not None and high <= low:
            self.add_error("age_until", _("Den övre åldern ska vara större än den nedre."))
        months, frame = cleaned.get("unemployed_months"), cleaned.get("unemployed_frame")
        if (months is None) != (frame is None):
            self.add_error(
                "unemployed_frame" if frame is None else "unemployed_months",
                _("Ange både antal månader och ram, eller inget."),
            )
        elif months is not None and frame < months:
            self.add_error("unemployed_frame", _("Ramen kan inte vara kortare än antalet månader."))
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Slutdagen ligger före startdagen."))
        text = cleaned.get("categories") or ""
        codes = [c.strip() for c in text.split(",") if c.strip()]
        try:
            cleaned["category_list"] = sorted(rules.categories_from_data(codes), key=int) if codes else []
        except rules.RuleDataError:
            self.add_error(
                "categories", _("Ange koderna med siffror, åtskilda med komma, till exempel 11, 69, 70, 79.")
            )
        return cleaned

    def conditions(self) -> list[dict]:
        """The rules as data, in the order the explanation reads best."""
        c = self.cleaned_data
        found: list[dict] = []
        if c.get("registered"):
            found.append({"typ": "inskriven"})
        if c.get("age_from") is not None:
            found.append({"typ": "alder", "fran": c["age_from"], "till": c["age_until"]})
        if c.get("diploma"):
            found.append({"typ": "examen", "krav": c["diploma"] == "krav"})
        if c.get("unemployed_months") is not None:
            found.append({"typ": "arbetsloshet", "manader": c["unemployed_months"], "ram": c["unemployed_frame"]})
        if c.get("income_support"):
            found.append({"typ": "forsorjningsstod"})
        if c.get("need_level") is not None:
            found.append({"typ": "behovsniva", "minst": c["need_level"]})
        if c.get("residence") and self.municipality_codes:
            found.append({"typ": "folkbokford", "kommuner": self.municipality_codes})
        return found


MAX_STEPS = 20


def parse_steps(text: str) -> list[dict]:
    """The routine's steps from "namn | roll | dagar | beskrivning" lines; every bad line is named."""
    roles = {code: code for code in Role.values} | {str(label).lower(): code for code, label in Role.choices}
    steps, problems = [], []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_STEPS:
        problems.append(_("Högst %(max)d steg.") % {"max": MAX_STEPS})
    for number, line in enumerate(lines, start=1):
        parts = [p.strip() for p in line.split("|")]
        name, role, days, description = (parts + ["", "", "", ""])[:4]
        if len(parts) > 4:
            description = " | ".join(parts[3:])
        step = {"namn": name[:100], "roll": "", "beskrivning": description[:300]}
        if not name:
            problems.append(_("Rad %(rad)d: namnet saknas.") % {"rad": number})
        if role:
            if role.lower() not in roles:
                problems.append(
                    _("Rad %(rad)d: okänd roll ”%(roll)s”. Möjliga: %(roller)s.")
                    % {"rad": number, "roll": role, "roller": ", ".join(Role.values)}
                )
            else:
                step["roll"] = roles[role.lower()]
        if days:
            if not days.isdigit() or not 1 <= int(days) <= 365:
                problems.append(
                    _("Rad %(rad)d: dagar ska vara ett heltal från 1 till 365, inte ”%(dagar)s”.")
                    % {"rad": number, "dagar": days}
                )
            else:
                step["dagar"] = int(days)
        steps.append(step)
    if problems:
        raise forms.ValidationError(problems)
    return steps


def steps_text(steps) -> str:
    lines = []
    for s in steps or []:
        if isinstance(s, dict):
            days = str(s.get("dagar", "")) if s.get("dagar") else ""
            lines.append(
                " | ".join([s.get("namn", ""), s.get("roll", ""), days, s.get("beskrivning", "")]).rstrip(" |")
            )
    return "\n".join(lines)


def initial_for(programme) -> dict:
    initial = {
        "name": programme.name,
        "owner": programme.owner,
        "target_group": programme.target_group,
        "source": programme.source,
        "valid_from": programme.valid_from,
        "valid_until": programme.valid_until,
        "active": programme.active,
        "categories": ", ".join(programme.unemployed_categories),
        "steps": steps_text(programme.steps),
        "version": programme.version,
    }
    for item in programme.conditions:
        kind = item.get("typ")
        if kind == "inskriven":
            initial["registered"] = True
        elif kind == "alder":
            initial["age_from"], initial["age_until"] = item.get("fran"), item.get("till")
        elif kind == "examen":
            initial["diploma"] = "krav" if item.get("krav") else "utan"
        elif kind == "arbetsloshet":
            initial["unemployed_months"], initial["unemployed_frame"] = item.get("manader"), item.get("ram")
        elif kind == "folkbokford":
            initial["residence"] = True
        elif kind == "forsorjningsstod":
            initial["income_support"] = True
        elif kind == "behovsniva":
            initial["need_level"] = item.get("minst")
    return initial

"""Forms of the routine's board, the place periods and the selection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fotfaste.core.forms import AccessibleForm, date_field, describe_fields

from . import places
from .models import ParticipationStatus

S = ParticipationStatus


class PlacePeriodForm(AccessibleForm):
    name = forms.CharField(
        label=_("Period"),
        max_length=100,
        help_text=_("Till exempel Hösten 2026 eller Intag 1."),
        error_messages={"required": _("Ange periodens namn.")},
    )
    start_date = date_field(_("Från"), _("Ange periodens första dag."))
    end_date = date_field(_("Till och med"), _("Ange periodens sista dag."))
    places = forms.IntegerField(
        label=_("Antal platser"),
        min_value=1,
        max_value=10000,
        error_messages={
            "required": _("Ange antalet platser."),
            "invalid": _("Ange antalet platser med siffror."),
            "min_value": _("Ange antalet platser, minst 1."),
            "max_value": _("Ange högst 10 000 platser."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Periodens sista dag ligger före dess första."))
        return cleaned


class EndForm(AccessibleForm):
    status = forms.ChoiceField(
        label=_("Ny status"),
        choices=[("", _("Välj …")), (S.DECLINED.value, S.DECLINED.label), (S.ENDED_EARLY.value, S.ENDED_EARLY.label)],
        error_messages={
            "required": _("Välj Avstår eller Avbruten."),
            "invalid_choice": _("Välj Avstår eller Avbruten."),
        },
    )
    reason = forms.CharField(
        label=_("Varför"),
        max_length=500,
        required=False,
        help_text=_("Krävs när deltagandet avbryts."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == S.ENDED_EARLY and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Skriv varför deltagandet avbröts."))
        return cleaned


RESULT_CHOICES = [
    ("", _("Inget beslut nu")),
    (S.SELECTED.value, _("Vald")),
    (S.WAITING.value, _("Väntelista")),
    (S.NOT_SELECTED.value, _("Inte vald")),
]


class SelectionForm(AccessibleForm):
    """One decision and a place in the waiting list per applicant, and the rationale for them all."""

    rationale = forms.CharField(
        label=_("Motivering"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Varför de valda går före de andra, till exempel: De individer som har bäst förutsättningar får gå "
            "vidare; resterande får vänta till nästa möjlighet."
        ),
        error_messages={"required": _("Skriv motiveringen till urvalet: varför de valda går före de andra.")},
    )

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.applicants = list(applicants)
        for p in self.applicants:
            name = f"{p.shown_person.first_name} {p.shown_person.last_name}"
            self.fields[places.decision_field(p.pk)] = forms.ChoiceField(
                label=_("Beslut för %(namn)s") % {"namn": name},
                choices=RESULT_CHOICES,
                required=False,
                error_messages={"invalid_choice": _("Välj Vald, Väntelista eller Inte vald.")},
            )
            self.fields[places.rank_field(p.pk)] = forms.IntegerField(
                label=_("Plats i väntelistan för %(namn)s") % {"namn": name},
                required=False,
                min_value=1,
                max_value=1000,
                error_messages={
                    "invalid": _("Ange platsen i väntelistan med siffror."),
                    "min_value": _("Ange platsen i väntelistan, 1 eller mer."),
                },
            )
            self.fields[places.version_field(p.pk)] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=p.version
            )
        describe_fields(self)

    def clean(self):
        cleaned = super().clean()
        # A decision posted for someone who is no longer among the applicants (selected meanwhile by another
        # coordinator, or ended) must not be dropped silently while the others are saved.
        shown = {places.decision_field(p.pk) for p in self.applicants}
        if any(k.startswith("beslut_") and v and k not in shown for k, v in self.data.items()):
            raise forms.ValidationError(places.CHANGED)
        return cleaned

    def rows(self):
        """(participation, its decision field, its rank field) for the template's table."""
        return [
            (p, self[places.decision_field(p.pk)], self[places.rank_field(p.pk)], self[places.version_field(p.pk)])
            for p in self.applicants
        ]

    def decisions(self) -> list[places.Decision]:
        c = self.cleaned_data
        return [
            places.Decision(
                p.pk,
                c.get(places.version_field(p.pk)) or 0,
                c.get(places.decision_field(p.pk)) or "",
                c.get(places.rank_field(p.pk)),
            )
            for p in self.applicants
        ]

"""A summary the coordinator can send an employer: its placements in a period and how they went, and the
collaboration's contacts with it — totals only.

Nothing in it is about a young person: no names, no splits by sex, age or background (the employer knows who
worked there; a split would tell them more than they know), and of the contacts only date, party, channel and
purpose — never a party's note, result or next step, which are that party's internal record. A placement
published anonymously is included only where the reader may see that it is this employer's
(placements.visible_placements): a summary must not tie another party's anonymous listing to its employer.

The counts are of candidacies' person ids, never of persons read, so no person is read or logged; the printed
summary is logged as an export in the read log, without a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.models import ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.core.pdf import render_pdf, swedish_date

from .figures import COMPLETED_OUTCOMES, STEP_LABELS
from .models import Candidate, Employer, EmployerContact, Outcome, Placement, Stage
from .placements import visible_placements

TEMPLATE = "employers/pdf/summary.html"
TOOK_PART = (Stage.STARTED, Stage.ENDED)


@dataclass(frozen=True)
class Counts:
    started: int = 0
    completed: int = 0
    hired: int = 0
    ongoing: int = 0


@dataclass(frozen=True)
class Line:
    placement: Placement
    counts: Counts

    @property
    def step(self) -> str:
        return str(STEP_LABELS.get(self.placement.step, self.placement.step))


@dataclass(frozen=True)
class ContactLine:
    date: date
    party: str
    channel: str
    purpose: str


@dataclass(frozen=True)
class Summary:
    employer: Employer
    first: date
    last: date
    lines: list[Line]
    totals: Counts
    contacts: list[ContactLine]


def _counted(first: date, last: date) -> dict:
    """Distinct persons per measure: started in the period, ended in it completed or hired, still on at its end."""
    ended = Q(stage=Stage.ENDED, ended_on__gte=first, ended_on__lte=last)
    return {
        "started": Count(
            "person_id", distinct=True, filter=Q(stage__in=TOOK_PART, started_on__gte=first, started_on__lte=last)
        ),
        "completed": Count("person_id", distinct=True, filter=ended & Q(outcome__in=list(COMPLETED_OUTCOMES))),
        "hired": Count("person_id", distinct=True, filter=ended & Q(outcome=Outcome.HIRED)),
        "ongoing": Count(
            "person_id",
            distinct=True,
            filter=Q(stage__in=TOOK_PART, started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gt=last)),
        ),
    }


def summary_for(user, employer: Employer, first: date, last: date) -> Summary:
    placements = list(
        visible_placements(user)
        .filter(employer=employer, employer_shown=True, start_date__lte=last, end_date__gte=first)
        .select_related("occupation")
        .order_by("start_date", "pk")
    )
    ids = [p.pk for p in placements]
    candidacies = Candidate.objects.filter(placement_id__in=ids)
    per_placement = {
        row.pop("placement_id"): Counts(**row)
        for row in candidacies.order_by().values("placement_id").annotate(**_counted(first, last))
    }
    totals = Counts(**candidacies.aggregate(**_counted(first, last))) if ids else Counts()
    contacts = [
        ContactLine(d, party, channel, purpose)
        for d, party, channel, purpose in EmployerContact.objects.filter(
            employer=employer, date__gte=first, date__lte=last
        )
        .order_by("date", "pk")
        .values_list("date", "unit__party__name", "channel", "purpose")
    ]
    channels = dict(EmployerContact._meta.get_field("channel").choices)
    contacts = [ContactLine(c.date, c.party, str(channels.get(c.channel, c.channel)), c.purpose) for c in contacts]
    return Summary(
        employer, first, last, [Line(p, per_placement.get(p.pk, Counts())) for p in placements], totals, contacts
    )


def log_export(actor: Actor, summary: Summary) -> None:
    """The printed summary in the read log as an export: who printed which employer's summary, for which period.
    It names no person, so the entry has none."""
    ReadLogEntry.objects.create(
        at=timezone.now(),
        user=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        username=getattr(actor.user, "username", ""),
        person_id_ref=None,
        personnummer="",
        what=(
            _("export: sammanställning för arbetsgivaren %(namn)s (%(org)s), %(fran)s – %(till)s (PDF)")
            % {
                "namn": summary.employer.name,
                "org": summary.employer.organisation_number,
                "fran": summary.first.isoformat(),
                "till": summary.last.isoformat(),
            }
        )[:200],
        channel=actor.channel,
        ip=actor.ip,
    )


def render_summary_pdf(summary: Summary, *, printed_by: str, today: date) -> bytes:
    employer = summary.employer
    title = f"Sammanställning för {employer.name}, {summary.first.isoformat()} – {summary.last.isoformat()}"
    html = render_to_string(
        TEMPLATE,
        {
            "title": title,
            "summary": summary,
            "agreement": employer.agreement.name,
            "period": f"{swedish_date(summary.first)} – {swedish_date(summary.last)}",
            "printed": swedish_date(today),
            "printed_by": printed_by,
        },
    )
    return render_pdf(html, title=title)

"""The annual follow-up of the agreement: the coordinator's four sections and every goal's figures for
the year, disclosed as on the dashboard, on a page and as tagged PDF and XLSX.

Saving is compare-and-set on the version: two coordinators editing at once cannot overwrite each other
unseen; the second is told and keeps what they wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.core.export import xlsx_bytes
from fotfaste.core.pdf import render_pdf, swedish_date
from fotfaste.orgs.models import Agreement

from .models import AnnualReview

SECTIONS = (
    ("deviations", gettext_lazy("Avvikelser")),
    ("progress", gettext_lazy("Viktigaste framstegen")),
    ("analysis", gettext_lazy("Analys")),
    ("proposals", gettext_lazy("Förslag till åtgärder")),
)


class EditConflict(Exception):
    pass


@dataclass(frozen=True)
class GoalLine:
    """One indicator's year as the report shows it: texts already disclosed."""

    goal: str
    goal_status: str
    indicator: str
    value: str
    target: str
    status: str
    trend: str


def review_for(agreement: Agreement, year: int) -> AnnualReview:
    return AnnualReview.objects.filter(agreement=agreement, year=year).first() or AnnualReview(
        agreement=agreement, year=year
    )


def save(agreement: Agreement, year: int, version: int, texts: dict[str, str], user) -> AnnualReview:
    """Save the sections if nobody saved since `version` was read; else EditConflict and nothing changes."""
    name = user.display_name() if hasattr(user, "display_name") else str(user)
    fields = {key: texts.get(key, "").strip() for key, _label in SECTIONS}
    with transaction.atomic():
        if version == 0:
            try:
                with transaction.atomic():
                    return AnnualReview.objects.create(
                        agreement=agreement, year=year, version=1, updated_by_name=name, **fields
                    )
            except IntegrityError:
                raise EditConflict from None
        changed = AnnualReview.objects.filter(agreement=agreement, year=year, version=version).update(
            version=F("version") + 1, updated_by_name=name, updated_at=timezone.now(), **fields
        )
        if not changed:
            raise EditConflict
        return AnnualReview.objects.get(agreement=agreement, year=year)


def title(agreement: Agreement, year: int) -> str:
    return _("Årlig uppföljning av %(avtal)s %(ar)d") % {"avtal": agreement.name, "ar": year}


def pdf(agreement: Agreement, review: AnnualReview, lines: list[GoalLine]) -> bytes:
    heading = title(agreement, review.year)
    html = render_to_string(
        "followup/pdf/annual.html",
        {
            "title": heading,
            "made": swedish_date(timezone.localdate()),
            "review": review,
            "sections": [(label, getattr(review, key)) for key, label in SECTIONS],
            "lines": lines,
        },
    )
    return render_pdf(html, title=heading)


def xlsx(agreement: Agreement, review: AnnualReview, lines: list[GoalLine]) -> bytes:
    goals = [
        [title(agreement, review.year)],
        [_("Antal under 5 visas inte, inte heller det som skulle gå att räkna fram ur dem.")],
        [],
        [_("Mål"), _("Målets status"), _("Indikator"), _("Värde"), _("Målvärde"), _("Status"), _("Utveckling")],
        *[[x.goal, x.goal_status, x.indicator, x.value, x.target, x.status, x.trend] for x in lines],
    ]
    texts = [[_("Avsnitt"), _("Text")], *[[str(label), getattr(review, key)] for key, label in SECTIONS]]
    return xlsx_bytes(
        [(_("Mål och indikatorer"), goals), (_("Uppföljningens text"), texts)],
        bold_rows=(1, 4),
        widths=(40, 16, 40, 14, 14, 16, 30),
    )

"""GET /api/v1/indicators: an agreement's indicators in a period, for the steering group's own tools.

Aggregates only, always under the one disclosure rule (counts under 5 and whatever would give them
back are masked: `prickad` true and `varde` null), whoever calls. No person is read, so nothing is
written to the read log. An agreement the caller has no membership in answers 404, as a missing one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from fotfaste.followup import services
from fotfaste.followup.disclosure import SPLITS
from fotfaste.followup.periods import PeriodError, parse_period
from fotfaste.orgs.models import Agreement

from .persons import ERRORS

router = Router(tags=["uppföljning"])


class GroupOut(Schema):
    grupp: str
    varde: float | None
    prickad: bool


class SplitsOut(Schema):
    kon: list[GroupOut]
    alder: list[GroupOut]
    bakgrund: list[GroupOut]


class IndicatorOut(Schema):
    mal: str = Field(..., description="Målet i överenskommelsen.")
    indikator: str
    enhet: str = Field(..., description="`antal` eller `procent`.")
    period: str = Field(..., description="Halvår som `2026H1`, eller år som `2026`.")
    varde: float | None = Field(..., description="Värdet, eller null när det är prickat.")
    prickad: bool = Field(
        ..., description="Sant när värdet döljs: färre än 5, eller så att ett doldt värde inte kan räknas fram."
    )
    malvarde: float | None = Field(..., description="Målvärdet för perioden enligt målbanan, eller null.")
    status: str = Field(..., description="`i_fas`, `inte_i_fas` eller `uppgift_saknas`.")
    uppdelning: SplitsOut


class IndicatorPage(Schema):
    items: list[IndicatorOut]


@router.get(
    "/indicators",
    response={200: IndicatorPage, **ERRORS},
    summary="Överenskommelsens indikatorer för en period",
    description=(
        "Varje mål och indikator med värde, målvärde och status (`i_fas`, `inte_i_fas`, `uppgift_saknas`), "
        "uppdelat på kön (`kvinna`, `man`), ålder (`16-19`, `20-24`, `25-29`) och bakgrund (`svensk`, "
        "`utlandsk_fodd_i_sverige`, `fodd_utomlands`, `okand`). Antal under 5, och det som skulle göra dem "
        "möjliga att räkna fram, är prickade: `prickad` är sant och `varde` null. För styrgrupp, "
        "samordnare och administratörer i överenskommelsen."
    ),
)
def indicators(
    request,
    avtal: int = Query(..., description="Överenskommelsens id."),
    period: str = Query(..., max_length=10, description="Halvår som 2026H1 eller 2026H2, eller år som 2026."),
):
    user = request.auth
    if avtal not in services.member_agreement_ids(user):
        raise Http404
    if avtal not in services.reader_agreement_ids(user):
        raise PermissionDenied(_("Uppföljningen är för styrgrupp, samordnare och administratörer."))
    try:
        chosen = parse_period(period)
    except PeriodError as exc:
        return Status(422, {"detail": str(exc)})
    agreement = Agreement.objects.get(pk=avtal)
    items = []
    for r in services.results(agreement, chosen, timezone.localdate()):
        items.append(
            {
                "mal": r.goal.title,
                "indikator": r.indicator.name,
                "enhet": r.unit,
                "period": chosen.label,
                "varde": None if r.figure.masked else r.figure.value,
                "prickad": r.figure.masked,
                "malvarde": None if r.target is None else float(r.target),
                "status": r.status,
                "uppdelning": {
                    split: [
                        {"grupp": g, "varde": None if f.masked else f.value, "prickad": f.masked}
                        for g, f in r.splits.get(split, [])
                    ]
                    for split in SPLITS
                },
            }
        )
    return {"items": items}

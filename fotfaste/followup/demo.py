"""Demo follow-up: Örebro's goals from its agreement (§3) and an Eslöv-style NEET goal, with indicators
counted from the demo's own KAA register and work, and the figures a coordinator enters by hand.

Income support is counted from the demo's monthly lists (fotfaste.incomesupport.demo) against the
seed's path, 614 young people in 2015 falling 5 % a year. The manual figures are invented but shaped
like the seed's: not completing upper-secondary from 25 % towards 20 %, and
Örebro's youth unemployment about the national average. No random draws: the step runs last and
leaves the demo's random sequence alone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from fotfaste.core.demo import full_name
from fotfaste.orgs.models import Agreement

from . import indicators, targets
from .models import MANUAL, AnnualReview, Goal, Indicator, ManualResult
from .periods import Period, current_half_year

AF_SOURCE = "Arbetsförmedlingen: inskrivna arbetslösa 18–24 år, andel av den registerbaserade arbetskraften"


def _manual(indicator: Indicator, periods: list[Period], values: list[float], source: str, today: date) -> None:
    for period, value in zip(periods, values, strict=True):
        ManualResult.objects.create(
            indicator=indicator,
            period=period.label,
            value=Decimal(str(value)),
            source=source,
            source_date=min(period.end, today),
            entered_by_name="Sam Samordnare",
        )


def add_demo_followup(agreement: Agreement, today: date) -> dict[str, int]:
    now = current_half_year(today)
    halves = now.previous(6)  # the dashboard's trend
    year = today.year

    def indicator(goal, order, name, kind, **fields):
        unit = indicators.DEFINITIONS[kind].unit if kind in indicators.DEFINITIONS else fields.pop("unit")
        return Indicator.objects.create(goal=goal, order=order, name=name, kind=kind, unit=unit, **fields)

    # §3: income support, −5 % a year from 614 in 2015, counted from social services' monthly lists
    # (the incomesupport demo step reads them in before this one).
    support = Goal.objects.create(
        agreement=agreement, order=1, title=_("Färre unga ska vara beroende av försörjningsstöd")
    )
    indicator(
        support, 1, _("Unga med försörjningsstöd"), "forsorjningsstod_antal", direction=targets.LOWER_IS_BETTER,
        baseline=Decimal(614), baseline_date=date(2015, 12, 31), target_kind=targets.PERCENT_PER_YEAR,
        rate=Decimal(-5),
    )  # fmt: skip

    # §3: not completing upper-secondary, 25 % (2014) → 20 % by 2020 (Skolverket's Siris, once a year).
    school = Goal.objects.create(agreement=agreement, order=2, title=_("Fler unga ska fullfölja gymnasiet"))
    not_completing = indicator(
        school, 1, _("Andel som inte fullföljer gymnasiet inom fyra år"), MANUAL, unit="procent",
        direction=targets.LOWER_IS_BETTER, baseline=Decimal(25), baseline_date=date(2014, 12, 31),
        target_kind=targets.LINEAR, target_value=Decimal(20), target_date=date(2020, 12, 31),
    )  # fmt: skip
    years = sorted({p.year for p in halves} - {year})
    for y, value in zip(years, (21.4, 20.6, 19.8), strict=False):
        ManualResult.objects.create(
            indicator=not_completing, period=str(y), value=Decimal(str(value)),
            source=_("Skolverket, Siris: gymnasieelever med examen eller studiebevis inom fyra år"),
            source_date=date(y + 1, 3, 1), entered_by_name="Sam Samordnare",
        )  # fmt: skip
    indicator(
        school, 2, _("Andel som återupptagit studier"), "aterupptagna_studier", direction=targets.HIGHER_IS_BETTER,
        target_kind=targets.VALUES, target_values={str(y): "5" for y in range(year - 3, year + 2)},
    )  # fmt: skip

    # §3: youth unemployment at or below the national average (both entered by hand from AF).
    work = Goal.objects.create(
        agreement=agreement, order=3, title=_("Ungdomsarbetslösheten ska ligga i nivå med eller under rikssnittet")
    )
    national = indicator(
        work, 2, _("Ungdomsarbetslöshet i riket"), MANUAL, unit="procent", direction=targets.LOWER_IS_BETTER
    )
    local = indicator(
        work, 1, _("Ungdomsarbetslöshet i kommunen"), MANUAL, unit="procent", direction=targets.LOWER_IS_BETTER,
        target_kind=targets.REFERENCE, reference=national,
    )  # fmt: skip
    _manual(national, halves, [8.9, 9.2, 9.6, 9.8, 10.1, 10.4], AF_SOURCE, today)
    _manual(local, halves, [9.4, 9.3, 9.5, 9.9, 9.9, 10.6], AF_SOURCE, today)

    # Eslöv-style: fewer young people neither working nor studying, −10 / −15 / −25 % by period,
    # counted as the young people in the KAA register against last year's first half as the baseline.
    neet = Goal.objects.create(agreement=agreement, order=4, title=_("Färre unga som varken arbetar eller studerar"))
    base_period = halves[-3]
    municipalities = tuple(agreement.municipalities.values_list("code", flat=True))
    ctx = indicators.Context(agreement.pk, municipalities, base_period, today)
    baseline = sum(r.numerator for r in indicators.DEFINITIONS["kaa_antal"].compute(ctx))
    later = halves[-2:]
    indicator(
        neet, 1, _("Unga i KAA"), "kaa_antal", direction=targets.LOWER_IS_BETTER, baseline=Decimal(baseline),
        baseline_date=base_period.end, target_kind=targets.PERCENT_OF_BASELINE,
        target_values={later[0].label: "-10", later[1].label: "-15", str(year + 1): "-25"},
    )  # fmt: skip
    indicator(
        neet, 2, _("Andel nådda av dem i KAA"), "kaa_nadda", direction=targets.HIGHER_IS_BETTER,
        target_kind=targets.VALUES, target_values={str(y): "60" for y in range(year - 3, year + 2)},
    )  # fmt: skip
    indicator(
        neet, 3, _("Andel i KAA med okänd sysselsättning"), "okand_sysselsattning",
        direction=targets.LOWER_IS_BETTER, target_kind=targets.VALUES,
        target_values={str(y): "50" for y in range(year - 3, year + 2)},
    )  # fmt: skip
    indicator(
        neet, 4, _("Andel i KAA med insats"), "med_insats", direction=targets.HIGHER_IS_BETTER,
        target_kind=targets.VALUES, target_values={str(y): "10" for y in range(year - 3, year + 2)},
    )  # fmt: skip
    indicator(
        neet, 5, _("Ingen 16–19-åring utan insats"), "utan_insats_16_19", direction=targets.LOWER_IS_BETTER,
        target_kind=targets.VALUES, target_values={str(y): "0" for y in range(year - 3, year + 2)},
    )  # fmt: skip
    indicator(
        neet, 6, _("Andel som gått till arbete eller studier efter en insats"), "overgang_arbete_studier",
        direction=targets.HIGHER_IS_BETTER, target_kind=targets.VALUES,
        target_values={str(y): "40" for y in range(year - 3, year + 2)},
    )  # fmt: skip
    # Last year's annual follow-up, written by the coordinator (Stockholm's agreement §9 has the sections).
    AnnualReview.objects.create(
        agreement=agreement, year=year - 1, version=1, updated_by_name=full_name("samordnare"),
        deviations=_("Färre unga än planerat nåddes under hösten, då en av två KAA-tjänster var vakant i tre månader."),
        progress=_("Ärendedragningarna varje månad gav en gemensam plan för de flesta unga i teamen; fler gick till studier."),
        analysis=_("Kvinnor födda utomlands nås i lägre grad än andra. Okänd sysselsättning är vanligast bland 19-åringar."),
        proposals=_("Hembesök och kontakt via vårdnadshavare för dem som inte svarar; en gemensam rutin med Arbetsförmedlingen för 19-åringar."),
    )  # fmt: skip
    return {
        "mal": Goal.objects.filter(agreement=agreement).count(),
        "indikatorer": Indicator.objects.filter(goal__agreement=agreement).count(),
    }


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO_AGREEMENT

    agreement = run.unit("Ungdomssamordning").party.agreement
    assert agreement.name == OREBRO_AGREEMENT
    made = add_demo_followup(agreement, run.today)
    run.lines.append(_("Uppföljning: %(mal)d mål med %(indikatorer)d indikatorer för Örebros överenskommelse") % made)

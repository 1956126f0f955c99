"""The registry of computed indicators: what each counts, as one grouped query over the agreement.

An indicator is a numerator over a denominator (DHIS2's model), counted per person and grouped by
sex, age band and background in the database, so one indicator in one period is one query however
many young people the agreement has (no row per person reaches Python). A count ("antal") has a
numerator only. Every query reads persons through `access.grounds.restrict`, as the keeper of the
agreement's municipalities' KAA registers (`persons`), for aggregates only — no person is shown or
logged, since nobody is read. The results are then put through the one
disclosure rule (fotfaste.followup.disclosure) before anyone sees them.

The splits: sex (`kvinna`/`man`), age band at the period's measuring day (16–19, 20–24, 25–29),
and background (svensk, utländsk född i Sverige, född utomlands, okänd). "Especially vulnerable":
born abroad is the background group `fodd_utomlands`; everyone in the KAA register lacks a
completed upper-secondary education by definition; disability is not split at all (see the docs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import Scope
from fotfaste.access.services import SystemUser
from fotfaste.employers import figures as placement_figures
from fotfaste.employers.models import Outcome as PlacementOutcome
from fotfaste.incomesupport.models import IncomeSupportMonth
from fotfaste.kaa.models import EndReason as KaaEndReason
from fotfaste.kaa.models import KaaPeriod
from fotfaste.orgs.models import Unit
from fotfaste.orgs.roles import Role
from fotfaste.outreach import rules as outreach_rules
from fotfaste.outreach.models import ContactAttempt, Occupation
from fotfaste.outreach.services import currency_overrides
from fotfaste.people.models import Person
from fotfaste.plans.models import EndReason as MeasureEndReason
from fotfaste.plans.models import Measure, MeasureStatus
from fotfaste.programmes.models import Outcome, Participation, ParticipationStatus

from .periods import Period

AGE_BANDS = ("16-19", "20-24", "25-29")
OTHER_AGE = "ovrig"  # outside 16–29 on the measuring day; shown only where someone is
UNKNOWN_BACKGROUND = "okand"
SEXES = ("kvinna", "man")
BACKGROUNDS = ("svensk", "utlandsk_fodd_i_sverige", "fodd_utomlands")


@dataclass(frozen=True)
class Context:
    agreement_id: int
    municipalities: tuple[str, ...]
    period: Period
    today: date

    @property
    def day(self) -> date:
        """The measuring day: the period's last day, or today while it runs."""
        return self.period.measured_on(self.today)


@dataclass(frozen=True)
class Row:
    """One group's counts: persons in the denominator, and of them in the numerator."""

    sex: str
    age: str
    background: str
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    unit: str  # "antal" or "procent"
    direction: str  # the usual direction: lagre or hogre
    description: str  # exactly what is counted, in Swedish
    compute: Callable[[Context], list[Row]]
    # No rows means no data (no list read in for the period), not zero: "uppgift saknas".
    empty_is_missing: bool = False


DEFINITIONS: dict[str, Definition] = {}


def register(definition: Definition) -> Definition:
    DEFINITIONS[definition.key] = definition
    return definition


def compute(key: str, ctx: Context) -> list[Row]:
    if ctx.period.start > ctx.today:
        return []  # a period that has not begun has no results yet
    return DEFINITIONS[key].compute(ctx)


def persons(ctx: Context) -> QuerySet[Person]:
    """Everyone the agreement's municipalities' KAA registers hold by the measuring day, read as the
    registers' keeper (the municipalities' own statistics, förordning 2006:39): every indicator counts
    within them, and no person is shown."""
    keeper = Scope(
        roles=frozenset({Role.KAA}),
        unit_ids=frozenset(),
        municipality_codes=frozenset(ctx.municipalities),
        register_keeper=True,
    )
    return restrict(SystemUser.current(keeper), on=ctx.day, duty="kaa")


# Building blocks


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


def age_band(day: date) -> Case:
    """The age band on `day`, from the birth date, as SQL."""

    def born_after(years: int):  # younger than `years` on `day`
        return Q(birth_date__gt=years_before(day, years))

    def born_by(years: int):  # at least `years` old on `day`
        return Q(birth_date__lte=years_before(day, years))

    return Case(
        When(born_after(20) & born_by(16), then=Value("16-19")),
        When(born_after(25) & born_by(20), then=Value("20-24")),
        When(born_after(30) & born_by(25), then=Value("25-29")),
        default=Value(OTHER_AGE),
        output_field=CharField(),
    )


def kaa_periods(ctx: Context, first: date, last: date) -> QuerySet[KaaPeriod]:
    """KAA periods in the agreement's municipalities that cover some day from `first` to `last`."""
    return KaaPeriod.objects.filter(municipality_id__in=ctx.municipalities, start_date__lte=last, end_date__gte=first)


def in_kaa_during(ctx: Context) -> Exists:
    return Exists(kaa_periods(ctx, ctx.period.start, ctx.day).filter(person=OuterRef("pk")))


def in_kaa_on(ctx: Context) -> Exists:
    return Exists(kaa_periods(ctx, ctx.day, ctx.day).filter(person=OuterRef("pk")))


def measure_underway(ctx: Context) -> Exists:
    """A measure of a plan of the agreement's units that was under way some day of the period."""
    return Exists(
        Measure.objects.filter(
            plan__person=OuterRef("pk"),
            plan__unit__party__agreement_id=ctx.agreement_id,
            status__in=[MeasureStatus.ONGOING, MeasureStatus.ENDED],
            actual_start__lte=ctx.day,
        ).filter(Q(actual_end__isnull=True) | Q(actual_end__gte=ctx.period.start))
    )


def grouped(ctx: Context, population: Q | Exists, numerator=None, *, among=persons) -> list[Row]:
    """One query: the population grouped by sex, age band and background, with the numerator counted in it.

    `among(ctx)` is the restricted queryset of persons counted within (default the KAA registers')."""
    counted = Count("pk") if numerator is None else Sum(Case(numerator, default=Value(0), output_field=IntegerField()))
    rows = (
        among(ctx)
        .filter(population)
        .annotate(age=age_band(ctx.day))
        .order_by()
        .values("sex", "age", "background")
        .annotate(den=Count("pk"), num=counted)
    )
    return [
        Row(r["sex"], r["age"], r["background"] or UNKNOWN_BACKGROUND, int(r["num"] or 0), int(r["den"])) for r in rows
    ]


# The indicators


def _in_kaa(ctx: Context) -> list[Row]:
    return grouped(ctx, in_kaa_during(ctx))


register(
    Definition(
        "kaa_antal",
        _("Antal unga i KAA"),
        "antal",
        "lagre",
        _(
            "Antal personer som någon dag under perioden (till och med i dag) omfattades av det kommunala "
            "aktivitetsansvaret i någon av överenskommelsens kommuner."
        ),
        _in_kaa,
    )
)


def _reached(ctx: Context) -> list[Row]:
    first_kaa_day = Subquery(
        kaa_periods(ctx, ctx.period.start, ctx.day)
        .filter(person=OuterRef("person"))
        .order_by("start_date")
        .values("start_date")[:1]
    )
    contact = Exists(
        ContactAttempt.objects.filter(
            person=OuterRef("pk"),
            municipality_id__in=ctx.municipalities,
            outcome__in=sorted(outreach_rules.CONTACT_MADE),
            contacted_on__lte=ctx.day,
            contacted_on__gte=first_kaa_day,
        )
    )
    return grouped(ctx, in_kaa_during(ctx), When(contact, then=Value(1)))


register(
    Definition(
        "kaa_nadda",
        _("Andel nådda av dem i KAA"),
        "procent",
        "hogre",
        _(
            "Nämnare: unga i KAA någon dag under perioden. Täljare: de av dem som kommunen fått kontakt med "
            "(nådd, avböjt eller svarat) någon gång från början av deras tid i KAA till och med periodens slut."
        ),
        _reached,
    )
)


def _unknown_occupation(ctx: Context) -> list[Row]:
    day = ctx.day
    latest = Occupation.objects.filter(
        person=OuterRef("pk"), municipality_id__in=ctx.municipalities, valid_from__lte=day, verified_on__lte=day
    ).order_by("-valid_from", "-verified_on", "-id")
    saved = currency_overrides()
    by_since: dict[date, list[str]] = {}
    for status in outreach_rules.EXPIRING_STATUSES:
        since = outreach_rules.current_since(day, outreach_rules.currency_months(status, saved))
        by_since.setdefault(since, []).append(status)
    known = Q()
    for since, statuses in by_since.items():
        known |= Q(latest_status__in=statuses, latest_verified__gte=since)
    rows = (
        persons(ctx)
        .filter(in_kaa_on(ctx))
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_verified=Subquery(latest.values("verified_on")[:1]),
            age=age_band(day),
        )
        .order_by()
        .values("sex", "age", "background")
        # A NULL comparison (no occupation at all) falls to the default: unknown.
        .annotate(
            den=Count("pk"), num=Sum(Case(When(known, then=Value(0)), default=Value(1), output_field=IntegerField()))
        )
    )
    return [
        Row(r["sex"], r["age"], r["background"] or UNKNOWN_BACKGROUND, int(r["num"] or 0), int(r["den"])) for r in rows
    ]


register(
    Definition(
        "okand_sysselsattning",
        _("Andel med okänd sysselsättning"),
        "procent",
        "lagre",
        _(
            "Nämnare: unga i KAA på periodens sista dag (i dag om perioden pågår). Täljare: de av dem vars "
            "senaste sysselsättning den dagen är okänd, saknas, eller kontrollerades för längre sedan än "
            "sysselsättningens giltighetstid — en uppgift som inte längre är aktuell räknas som okänd."
        ),
        _unknown_occupation,
    )
)


def _with_measure(ctx: Context) -> list[Row]:
    return grouped(ctx, in_kaa_during(ctx), When(measure_underway(ctx), then=Value(1)))


register(
    Definition(
        "med_insats",
        _("Andel med insats"),
        "procent",
        "hogre",
        _(
            "Nämnare: unga i KAA någon dag under perioden. Täljare: de av dem som hade en insats i en plan "
            "hos överenskommelsens enheter som pågick någon dag under perioden (startad, inte avböjd)."
        ),
        _with_measure,
    )
)


def _without_measure_16_19(ctx: Context) -> list[Row]:
    young = Q(birth_date__gt=years_before(ctx.day, 20), birth_date__lte=years_before(ctx.day, 16))
    return grouped(ctx, Q(in_kaa_during(ctx)) & young & ~Q(measure_underway(ctx)))


register(
    Definition(
        "utan_insats_16_19",
        _("Unga 16–19 år i KAA utan insats"),
        "antal",
        "lagre",
        _(
            "Antal unga i KAA någon dag under perioden som var 16–19 år på periodens sista dag och inte hade "
            "någon insats som pågick under perioden. Målet är att ingen 16–19-åring ska vara utan insats."
        ),
        _without_measure_16_19,
    )
)


def _transitions(ctx: Context) -> list[Row]:
    def ended(reasons=None):
        measures = Measure.objects.filter(
            plan__person=OuterRef("pk"),
            plan__unit__party__agreement_id=ctx.agreement_id,
            status=MeasureStatus.ENDED,
            actual_end__gte=ctx.period.start,
            actual_end__lte=ctx.day,
        )
        if reasons:
            measures = measures.filter(end_reason__in=reasons)
        return Exists(measures)

    to_work_or_studies = ended([MeasureEndReason.STUDIES, MeasureEndReason.WORK])
    return grouped(ctx, ended(), When(to_work_or_studies, then=Value(1)))


register(
    Definition(
        "overgang_arbete_studier",
        _("Andel som gått till arbete eller studier efter en insats"),
        "procent",
        "hogre",
        _(
            "Nämnare: unga vars insats i en plan hos överenskommelsens enheter avslutades under perioden. "
            "Täljare: de av dem där en insats avslutades under perioden för att personen började arbeta "
            "eller studera."
        ),
        _transitions,
    )
)


def _resumed_studies(ctx: Context) -> list[Row]:
    resumed = Exists(
        KaaPeriod.objects.filter(
            person=OuterRef("pk"),
            municipality_id__in=ctx.municipalities,
            end_reason=KaaEndReason.STARTED_EDUCATION,
            end_date__gte=ctx.period.start - timedelta(days=1),
            end_date__lt=ctx.day,
        )
    )
    return grouped(ctx, in_kaa_during(ctx), When(resumed, then=Value(1)))


register(
    Definition(
        "aterupptagna_studier",
        _("Andel som återupptagit studier"),
        "procent",
        "hogre",
        _(
            "Nämnare: unga i KAA någon dag under perioden. Täljare: de av dem vars tid i KAA slutade under "
            "perioden för att de började gymnasieskola eller motsvarande (enligt skolans registerfil)."
        ),
        _resumed_studies,
    )
)


def _income_support(ctx: Context) -> list[Row]:
    # The lists hold no background, and the young people need not be in any register here: the
    # count is of the lists' own rows, never of persons, so it reads no person at all.
    in_period = IncomeSupportMonth.objects.filter(
        municipality_id__in=ctx.municipalities, month__gte=ctx.period.start, month__lte=ctx.day
    )
    latest = in_period.order_by("-month").values("month")[:1]
    band = Case(
        When(age__gte=16, age__lte=19, then=Value("16-19")),
        When(age__gte=20, age__lte=24, then=Value("20-24")),
        When(age__gte=25, age__lte=29, then=Value("25-29")),
        default=Value(OTHER_AGE),
        output_field=CharField(),
    )
    rows = (
        in_period.filter(month=Subquery(latest), age__gte=16, age__lte=29)
        .annotate(band=band)
        .order_by()
        .values("sex", "band")
        # Distinct: two social-services units of the agreement may both have the same young person.
        .annotate(n=Count("personnummer", distinct=True))
    )
    return [Row(r["sex"], r["band"], UNKNOWN_BACKGROUND, r["n"], r["n"]) for r in rows]


register(
    Definition(
        "forsorjningsstod_antal",
        _("Unga med försörjningsstöd"),
        "antal",
        "lagre",
        _(
            "Antal olika personer 16–29 år (ålder den första dagen i månaden) med försörjningsstöd i den "
            "senaste månaden inom perioden som socialtjänsten i någon av överenskommelsens kommuner har läst "
            "in en månadslista för. Kön och ålder räknas fram ur personnumret; listan saknar bakgrund, så "
            "alla redovisas med okänd bakgrund."
        ),
        _income_support,
        empty_is_missing=True,
    )
)


# Programmes (fotfaste.programmes): who took part in the agreement's programmes, who completed, and who
# went on to work or studies. Participants are often past KAA age (traineejobb, utbildningskontrakt: 20–24),
# so they are counted among the persons the agreement's own units hold or held, not only the KAA registers'.


def programme_persons(ctx: Context) -> QuerySet[Person]:
    """The persons read as the keeper of the agreement's records: every own ground its units had by the
    measuring day (ended or not, so that someone who completed in March still counts in June), consents to
    its units, and its municipalities' KAA registers. Only to group and count; no person is shown."""
    keeper = Scope(
        roles=frozenset({Role.KAA}),
        unit_ids=frozenset(Unit.objects.filter(party__agreement_id=ctx.agreement_id).values_list("pk", flat=True)),
        municipality_codes=frozenset(ctx.municipalities),
        register_keeper=True,
    )
    return restrict(SystemUser.current(keeper), on=ctx.day)


TOOK_PART = (ParticipationStatus.PARTICIPATING, ParticipationStatus.COMPLETED, ParticipationStatus.ENDED_EARLY)
PROGRAMME_ENDED = (ParticipationStatus.COMPLETED, ParticipationStatus.ENDED_EARLY)
WORK_OR_STUDIES = (Outcome.WORK, Outcome.STUDIES, Outcome.WORK_AND_STUDIES)


def _participations(ctx: Context):
    return Participation.objects.filter(person=OuterRef("pk"), programme__agreement_id=ctx.agreement_id)


def took_part(ctx: Context) -> Exists:
    """Took part some day of the period: started by the measuring day, not ended before the period began."""
    return Exists(
        _participations(ctx)
        .filter(status__in=TOOK_PART, started_on__lte=ctx.day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.period.start))
    )


def ended_in_period(ctx: Context, **more) -> Exists:
    return Exists(
        _participations(ctx).filter(
            status__in=PROGRAMME_ENDED, ended_on__gte=ctx.period.start, ended_on__lte=ctx.day, **more
        )
    )


def _programme_participants(ctx: Context) -> list[Row]:
    return grouped(ctx, took_part(ctx), among=programme_persons)


register(
    Definition(
        "program_deltagare",
        _("Deltagare i program"),
        "antal",
        "hogre",
        _(
            "Antal personer som deltog i något av överenskommelsens program någon dag under perioden (till och "
            "med i dag): började senast periodens sista dag och slutade inte före periodens första. En person "
            "i två program räknas en gång."
        ),
        _programme_participants,
    )
)


def _programme_completed(ctx: Context) -> list[Row]:
    completed = ended_in_period(ctx, status=ParticipationStatus.COMPLETED)
    return grouped(ctx, ended_in_period(ctx), When(completed, then=Value(1)), among=programme_persons)


register(
    Definition(
        "program_fullfoljt",
        _("Andel som fullföljt programmet"),
        "procent",
        "hogre",
        _(
            "Nämnare: personer vars deltagande i något av överenskommelsens program slutade under perioden. "
            "Täljare: de av dem som fullföljde ett program som slutade under perioden."
        ),
        _programme_completed,
    )
)


def _programme_work_or_studies(ctx: Context) -> list[Row]:
    onwards = ended_in_period(ctx, outcome__in=WORK_OR_STUDIES)
    return grouped(ctx, ended_in_period(ctx), When(onwards, then=Value(1)), among=programme_persons)


register(
    Definition(
        "program_arbete_studier",
        _("Andel som gått till arbete eller studier efter ett program"),
        "procent",
        "hogre",
        _(
            "Nämnare: personer vars deltagande i något av överenskommelsens program slutade under perioden "
            "(fullföljt eller avbrutet). Täljare: de av dem vars utfall var arbete, studier eller båda."
        ),
        _programme_work_or_studies,
    )
)


# Placements (fotfaste.employers): who started a placement, and of those whose placement ended, who was hired.
# Counted among the same persons as the programmes (the agreement's own records), and as the placed-and-hired
# page counts them (employers/figures.py): a person whose placements ended twice counts by the last one.


def _placed(ctx: Context) -> list[Row]:
    started = placement_figures.started_in(ctx.agreement_id, ctx.period.start, ctx.day)
    return grouped(ctx, Exists(started.filter(person=OuterRef("pk"))), among=programme_persons)


register(
    Definition(
        "praktik_placerade",
        _("Unga som började en praktik"),
        "antal",
        "hogre",
        _(
            "Antal personer som började en praktik eller ett jobb hos någon av överenskommelsens arbetsgivare "
            "under perioden (till och med i dag), föreslagna av överenskommelsens enheter. En person som började "
            "två praktikplatser räknas en gång."
        ),
        _placed,
    )
)


def _placement_hired(ctx: Context) -> list[Row]:
    last = placement_figures.last_ended(ctx.agreement_id, ctx.period.start, ctx.day)
    hired = Exists(last.filter(person=OuterRef("pk"), outcome=PlacementOutcome.HIRED))
    return grouped(ctx, Exists(last.filter(person=OuterRef("pk"))), When(hired, then=Value(1)), among=programme_persons)


register(
    Definition(
        "praktik_anstallda",
        _("Andel anställda efter praktik"),
        "procent",
        "hogre",
        _(
            "Nämnare: personer vars praktik hos någon av överenskommelsens arbetsgivare slutade under perioden "
            "(med ett utfall: anställd, studier, fullföljd eller avbruten). Täljare: de av dem som blev anställda "
            "när praktiken slutade. Den vars praktik slutade två gånger räknas efter den sista."
        ),
        _placement_hired,
    )
)

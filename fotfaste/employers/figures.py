"""Placed and hired: how many young people started a placement in a period, and how their placements ended —
completed, hired afterwards, went on to studies, ended early — by sex, age band, background, ladder step, sector
and employer, for the steering group (seed 000 §7.2: "492 placed, 253 hired").

Counts of persons, never of placements: a person placed twice in the period counts once in every table, under
their first placement that started in the period; a person whose placements ended twice counts once, under the
last one that ended (its outcome decides where). So each split divides the same total, every table's groups sum
to its total, and completed = hired + studies + completed without a job, ended = completed + ended early.

The persons are read only to group and count, as the keeper of the agreement's records (like the follow-up's
programme indicators): the candidacies of persons every own ground the agreement's units had by the measuring
day, consents to them, and the agreement's municipalities' KAA registers. No person is shown or logged, since
nobody is read one by one. Every figure then goes through the one disclosure rule (fotfaste.core.disclosure):
counts of one to four are "färre än 5", and enough other cells are "dolt" that none can be worked back.

An anonymous listing's employer must not be told through figures either: the employer and sector tables put
every anonymous listing's placements in one group of their own, whoever reads the page.

What a reader knows beside the tables is given to the rule as well: each employer's sector (a sector is the sum
of its employers) and each listing's ladder step (the employer × step table, unpublished, ties the two tables).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import Scope
from fotfaste.access.services import SystemUser
from fotfaste.core.disclosure import SMALL_COUNT, Cell, Shown, Sum, disclose
from fotfaste.orgs.models import Agreement, Unit
from fotfaste.orgs.roles import Role
from fotfaste.people.models import Person

from .models import Candidate, Employer, LadderStep, Outcome, Sector, Stage

# The measures, in the order the tables show them.
PLACED = "placerade"
ENDED = "avslutade"
COMPLETED = "fullfoljda"
HIRED = "anstallda"
STUDIES = "studier"
COMPLETED_ONLY = "fullfoljd_utan_anstallning"
ENDED_EARLY = "avbrutna"
MEASURES = (PLACED, ENDED, COMPLETED, HIRED, STUDIES, COMPLETED_ONLY, ENDED_EARLY)
MEASURE_LABELS = {
    PLACED: _("Började en praktik"),
    ENDED: _("Avslutade en praktik"),
    COMPLETED: _("Fullföljde (anställd, studier eller fullföljd)"),
    HIRED: _("– anställda efteråt"),
    STUDIES: _("– gick vidare till studier"),
    COMPLETED_ONLY: _("– fullföljde utan anställning"),
    ENDED_EARLY: _("Avbröt i förtid"),
}
COMPLETED_OUTCOMES = (Outcome.HIRED, Outcome.STUDIES, Outcome.COMPLETED)
BY_OUTCOME = {
    Outcome.HIRED: HIRED,
    Outcome.STUDIES: STUDIES,
    Outcome.COMPLETED: COMPLETED_ONLY,
    Outcome.ENDED_EARLY: ENDED_EARLY,
}

TOTAL = ("summa", "summa")
SPLITS = ("kon", "alder", "bakgrund", "steg", "sektor", "arbetsgivare")
SPLIT_LABELS = {
    "kon": _("Kön"),
    "alder": _("Ålder"),
    "bakgrund": _("Bakgrund"),
    "steg": _("Steg på praktiktrappan"),
    "sektor": _("Sektor"),
    "arbetsgivare": _("Arbetsgivare"),
}
AGE_BANDS = ("16-19", "20-24", "25-29")
OTHER_AGE = "ovrig"
SEXES = ("kvinna", "man")
BACKGROUNDS = ("svensk", "utlandsk_fodd_i_sverige", "fodd_utomlands")
UNKNOWN = "okand"
ANONYMOUS = "anonym"
OTHER_EMPLOYERS = "ovriga"
# An employer has a column of its own only with at least the threshold of persons placed or ended there, and
# only the largest this many: the rest are one column. A column of few persons would be masked anyway, and
# the exact audit of the disclosure rule grows with the square of the masked cells (bench_employers: a
# thousand small employers took minutes).
EMPLOYER_COLUMNS = 25
STEP_LABELS = {
    LadderStep.SHELTERED: _("Steg 1, skyddad praktik"),
    LadderStep.SEMI_SHELTERED: _("Steg 2, halvskyddad praktik"),
    LadderStep.REAL: _("Steg 3, verklig arbetsplats"),
}
GROUP_LABELS = {
    "kvinna": _("Kvinnor"),
    "man": _("Män"),
    "16-19": _("16–19 år"),
    "20-24": _("20–24 år"),
    "25-29": _("25–29 år"),
    OTHER_AGE: _("Annan ålder"),
    "svensk": _("Svensk bakgrund"),
    "utlandsk_fodd_i_sverige": _("Utländsk bakgrund, född i Sverige"),
    "fodd_utomlands": _("Född utomlands"),
    UNKNOWN: _("Okänd"),
    ANONYMOUS: _("Anonyma annonser"),
    # The step's place on the ladder with its name: "skyddad" alone reads as a protected identity.
    **STEP_LABELS,
    **{value: label for value, label in Sector.choices},
}


# --- The queries --------------------------------------------------------------------------------------------


def keeper_persons(agreement: Agreement, day: date) -> QuerySet[Person]:
    """The persons read as the keeper of the agreement's records on `day`: only to group and count."""
    keeper = Scope(
        roles=frozenset({Role.KAA}),
        unit_ids=frozenset(Unit.objects.filter(party__agreement=agreement).values_list("pk", flat=True)),
        municipality_codes=frozenset(agreement.municipalities.values_list("code", flat=True)),
        register_keeper=True,
    )
    return restrict(SystemUser.current(keeper), on=day)


def candidacies(agreement_id: int) -> QuerySet[Candidate]:
    """The agreement's candidacies: its employers' placements, proposed by its own units."""
    return Candidate.objects.filter(
        placement__employer__agreement_id=agreement_id, unit__party__agreement_id=agreement_id
    )


def started_in(agreement_id: int, first: date, last: date) -> QuerySet[Candidate]:
    return candidacies(agreement_id).filter(
        stage__in=[Stage.STARTED, Stage.ENDED], started_on__gte=first, started_on__lte=last
    )


def ended_in(agreement_id: int, first: date, last: date) -> QuerySet[Candidate]:
    return candidacies(agreement_id).filter(
        stage=Stage.ENDED, ended_on__gte=first, ended_on__lte=last, outcome__in=list(BY_OUTCOME)
    )


def first_started(agreement_id: int, first: date, last: date) -> QuerySet[Candidate]:
    """Each person's first placement that started in the period (the earliest start, then the lowest id)."""
    earlier = (
        started_in(agreement_id, first, last)
        .filter(person=OuterRef("person"))
        .filter(Q(started_on__lt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk")))
    )
    return started_in(agreement_id, first, last).filter(~Exists(earlier))


def last_ended(agreement_id: int, first: date, last: date) -> QuerySet[Candidate]:
    """Each person's last placement that ended in the period (the latest end, then the highest id)."""
    later = (
        ended_in(agreement_id, first, last)
        .filter(person=OuterRef("person"))
        .filter(Q(ended_on__gt=OuterRef("ended_on")) | Q(ended_on=OuterRef("ended_on"), pk__gt=OuterRef("pk")))
    )
    return ended_in(agreement_id, first, last).filter(~Exists(later))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


def age_band(day: date, field: str = "person__birth_date") -> Case:
    """The age band on `day` as SQL, as the follow-up counts it."""
    bands = []
    for label, young, old in (("16-19", 16, 20), ("20-24", 20, 25), ("25-29", 25, 30)):
        born = Q(**{f"{field}__gt": years_before(day, old), f"{field}__lte": years_before(day, young)})
        bands.append(When(born, then=Value(label)))
    return Case(*bands, default=Value(OTHER_AGE), output_field=CharField())


@dataclass(frozen=True)
class Row:
    """One group of persons: the measure they count in and the groups they belong to."""

    measure: str
    sex: str
    age: str
    background: str
    step: str
    sector: str
    employer: str  # the employer's id as text, or ANONYMOUS
    count: int


def rows(agreement: Agreement, first: date, last: date) -> list[Row]:
    """Two grouped queries: the persons who started, and those whose placements ended, in [first, last]."""
    persons = keeper_persons(agreement, last)
    anonymous = Q(placement__anonymous=True)
    common = {
        "age": age_band(last),
        "sex": F("person__sex"),
        "background": F("person__background"),
        "step": F("placement__step"),
        "sector": Case(
            When(anonymous, then=Value(ANONYMOUS)), default=F("placement__employer__sector"), output_field=CharField()
        ),
        "employer": Case(
            When(anonymous, then=Value(ANONYMOUS)),
            default=Cast("placement__employer_id", CharField()),
            output_field=CharField(),
        ),
    }
    found = []
    for measure, qs in (
        (PLACED, first_started(agreement.pk, first, last)),
        (None, last_ended(agreement.pk, first, last)),
    ):
        grouped = (
            qs.filter(person__in=persons)
            .annotate(**{f"g_{k}": v for k, v in common.items()})
            .order_by()
            .values("outcome", *(f"g_{k}" for k in common))
            .annotate(n=Count("pk"))
        )
        for r in grouped:
            found.append(
                Row(
                    measure or BY_OUTCOME[r["outcome"]],
                    r["g_sex"] or UNKNOWN,
                    r["g_age"],
                    r["g_background"] or UNKNOWN,
                    r["g_step"],
                    r["g_sector"],
                    str(r["g_employer"]),
                    r["n"],
                )
            )
    # The placed are grouped by outcome too (empty until they end): fold those rows together.
    folded: Counter = Counter()
    for r in found:
        folded[Row(r.measure, r.sex, r.age, r.background, r.step, r.sector, r.employer, 0)] += r.count
    return [Row(k.measure, k.sex, k.age, k.background, k.step, k.sector, k.employer, n) for k, n in folded.items()]


# --- The tables (pure) ---------------------------------------------------------------------------------------

_FIELD = {"kon": "sex", "alder": "age", "bakgrund": "background", "steg": "step", "sektor": "sector"}


def _group_of(row: Row, split: str) -> str:
    return row.employer if split == "arbetsgivare" else getattr(row, _FIELD[split])


def groups_of(split: str, found: Iterable[Row], employer_names: dict[str, str]) -> list[str]:
    """The split's groups: the fixed ones always, others (unknown, other age, anonymous, employers) where
    someone is. Employers by name."""
    present = {_group_of(r, split) for r in found}
    fixed = {
        "kon": SEXES,
        "alder": AGE_BANDS,
        "bakgrund": BACKGROUNDS,
        "steg": tuple(LadderStep.values),
        "sektor": tuple(Sector.values),
        "arbetsgivare": (),
    }[split]
    last = sorted(g for g in present if is_other(g)) + [g for g in (ANONYMOUS,) if g in present]
    extra = sorted(present - set(fixed) - set(last), key=lambda g: (employer_names.get(g, g).lower(), g))
    return [*fixed, *extra, *last]


def is_other(group: str) -> bool:
    return group.startswith(OTHER_EMPLOYERS + ":")


def fold_small_employers(found: list[Row], threshold: int = SMALL_COUNT, limit: int = EMPLOYER_COLUMNS) -> list[Row]:
    """The rows with every employer that is not among the `limit` largest of at least `threshold` persons
    (placed, or ended) counted under "övriga arbetsgivare" of its sector ("ovriga:privat"): per sector, so
    that each sector's column is the sum of its employers' columns and the disclosure rule can be told so
    (a reader knows every employer's sector from the register). Pure."""
    placed: Counter = Counter()
    ended: Counter = Counter()
    for r in found:
        if r.employer != ANONYMOUS:
            (placed if r.measure == PLACED else ended)[r.employer] += r.count
    size = {e: max(placed[e], ended[e]) for e in placed.keys() | ended.keys()}
    large = sorted((e for e, n in size.items() if n >= threshold), key=lambda e: (-size[e], e))[:limit]
    keep = {*large, ANONYMOUS}
    folded: Counter = Counter()
    for r in found:
        employer = r.employer if r.employer in keep else f"{OTHER_EMPLOYERS}:{r.sector}"
        folded[Row(r.measure, r.sex, r.age, r.background, r.step, r.sector, employer, 0)] += r.count
    return [Row(k.measure, k.sex, k.age, k.background, k.step, k.sector, k.employer, n) for k, n in folded.items()]


@dataclass(frozen=True)
class Table:
    split: str
    label: str
    columns: list[tuple[str, str]]  # (group, label); the first is the total
    lines: list[tuple[str, str, list[Shown]]]  # (measure, label, a figure per column)


@dataclass(frozen=True)
class Figures:
    first: date
    last: date
    totals: dict[str, Shown]
    tables: list[Table]


def _derived(row_counts: dict[str, int]) -> dict[str, int]:
    counts = {m: row_counts.get(m, 0) for m in MEASURES}
    counts[COMPLETED] = counts[HIRED] + counts[STUDIES] + counts[COMPLETED_ONLY]
    counts[ENDED] = counts[COMPLETED] + counts[ENDED_EARLY]
    return counts


def disclose_figures(
    found: list[Row], employer_names: dict[str, str], first: date, last: date, threshold: int = SMALL_COUNT
) -> Figures:
    """Every table's cells through the one rule in one go, so that a total masked in one table is masked in all,
    and the sums each table shows (its groups, and the measures' own sums) are the published equations."""
    columns = [TOTAL] + [(s, g) for s in SPLITS for g in groups_of(s, found, employer_names)]
    per_column: dict[tuple[str, str], Counter] = {c: Counter() for c in columns}
    for r in found:
        per_column[TOTAL][r.measure] += r.count
        for split in SPLITS:
            per_column[(split, _group_of(r, split))][r.measure] += r.count
    cells: dict = {}
    for column in columns:
        for measure, value in _derived(per_column[column]).items():
            cells[(measure, column)] = Cell(value, value)
    sums = []
    # Each sector is the sum of its employers (anonymous listings: their own group in both tables): a reader
    # who knows the employers' sectors could otherwise work a masked sector back from the employer table.
    sector_of = {r.employer: r.sector for r in found}
    for measure in MEASURES:
        for split in SPLITS:
            parts = tuple((measure, c) for c in columns if c[0] == split)
            sums.append(Sum((measure, TOTAL), parts))
        for group in {c[1] for c in columns if c[0] == "sektor"}:
            employers = tuple((measure, c) for c in columns if c[0] == "arbetsgivare" and sector_of.get(c[1]) == group)
            if employers:
                sums.append(Sum((measure, ("sektor", group)), employers))
    for c in columns:
        sums.append(Sum((COMPLETED, c), ((HIRED, c), (STUDIES, c), (COMPLETED_ONLY, c))))
        sums.append(Sum((ENDED, c), ((COMPLETED, c), (ENDED_EARLY, c))))
    cross, cross_sums = employer_step_cross(found)
    cells.update(cross)
    shown = disclose(cells, sums + cross_sums, threshold, unpublished=cross)
    tables = []
    for split in SPLITS:
        chosen = [TOTAL] + [c for c in columns if c[0] == split]
        labels = [(c[1], str(_("Totalt")) if c == TOTAL else str(group_label(c[1], employer_names))) for c in chosen]
        lines = [(m, str(MEASURE_LABELS[m]), [shown[(m, c)] for c in chosen]) for m in MEASURES]
        tables.append(Table(split, str(SPLIT_LABELS[split]), labels, lines))
    return Figures(first, last, {m: shown[(m, TOTAL)] for m in MEASURES}, tables)


def employer_step_cross(found: list[Row]) -> tuple[dict, list[Sum]]:
    """The employer × ladder-step table, which no page shows, and the sums that tie it to both tables.

    A coordinator knows each listing's step: an employer whose listings are all on one step, or a step only
    one employer offers, would otherwise let the step table give a masked employer back (or the reverse).
    Only the pairs someone is counted in are cells; every other pair is taken as known to be empty, more
    than a reader knows, so the rule can only mask more for it. Pure."""
    cross: Counter = Counter()
    for r in found:
        pair = ("steg_arbetsgivare", r.step, r.employer)
        cross[(r.measure, pair)] += r.count
        # The measures' own sums hold in the cross-table too; with them a leak is traced to the step behind it.
        if r.measure in (HIRED, STUDIES, COMPLETED_ONLY):
            cross[(COMPLETED, pair)] += r.count
        if r.measure != PLACED:
            cross[(ENDED, pair)] += r.count
    cells = {key: Cell(n, n) for key, n in cross.items()}
    by_employer: dict = {}
    by_step: dict = {}
    for key in cells:
        measure, (_kind, step, employer) = key
        by_employer.setdefault((measure, ("arbetsgivare", employer)), []).append(key)
        by_step.setdefault((measure, ("steg", step)), []).append(key)
    sums = [Sum(total, tuple(parts)) for total, parts in (*by_employer.items(), *by_step.items())]
    for measure, pair in list(cells):
        if measure == COMPLETED:
            parts = tuple(k for k in ((HIRED, pair), (STUDIES, pair), (COMPLETED_ONLY, pair)) if k in cells)
            sums.append(Sum((COMPLETED, pair), parts))
        elif measure == ENDED:
            parts = tuple(k for k in ((COMPLETED, pair), (ENDED_EARLY, pair)) if k in cells)
            sums.append(Sum((ENDED, pair), parts))
    return cells, sums


def group_label(group: str, employer_names: dict[str, str]) -> str:
    if group in employer_names:
        return employer_names[group]
    if is_other(group):
        sector = group.split(":", 1)[1]
        return str(_("Övriga arbetsgivare, %(sektor)s") % {"sektor": str(GROUP_LABELS.get(sector, sector)).lower()})
    return str(GROUP_LABELS.get(group, group))


def figures_for(agreement: Agreement, first: date, last: date) -> Figures:
    """The agreement's disclosed figures for the period [first, last] (last: the measuring day)."""
    found = fold_small_employers(rows(agreement, first, last))
    ids = {int(r.employer) for r in found if r.employer != ANONYMOUS and not is_other(r.employer)}
    names = {str(pk): name for pk, name in Employer.objects.filter(pk__in=ids).values_list("pk", "name")}
    return disclose_figures(found, names, first, last)

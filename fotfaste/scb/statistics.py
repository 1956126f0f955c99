"""Skolverket's KAA tables for one municipality and half-year, made from the same basis as the SCB file.

Everyone in KAA at some time during the half-year counts once. Where a person has two periods in it,
their registration reason is the latest period's, and they are deregistered only when that one ended
within the half-year. Each table's share (``andel``) is of the population it describes, in per cent
with one decimal: the whole register for sex, age, background, reasons, contact and measures; those
with a measure for the first measure's type; those contacted for the occupation at the latest contact;
and the newly registered for "ever contacted".

True counts: the KAA coordinator's. What is shown to the steering group or exported for others goes
through core.disclosure (`suppressed`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.core import disclosure
from fotfaste.kaa.models import EndReason, KaaPeriod, StartReason
from fotfaste.outreach import rules as outreach_rules
from fotfaste.outreach.models import ContactAttempt, OccupationStatus
from fotfaste.people.models import Background, Sex
from fotfaste.plans.models import ScbCategory

from .basis import Basis

HEADER = ("tabell", "grupp", "antal", "andel")
THRESHOLD = 5  # counts under this are suppressed in what others see

TITLES = {
    "totalt": gettext_lazy("Unga i aktivitetsansvaret under halvåret"),
    "kon": gettext_lazy("Efter kön"),
    "alder": gettext_lazy("Efter ålder (det år halvåret ligger i minus födelseåret)"),
    "bakgrund": gettext_lazy("Efter bakgrund"),
    "registreringsorsak": gettext_lazy("Efter registreringsorsak"),
    "avregistreringsorsak": gettext_lazy("Avregistrerade under halvåret, efter orsak"),
    "kontakt": gettext_lazy("Kontaktade under halvåret"),
    "atgard": gettext_lazy("Med minst en insats under halvåret"),
    "forsta_atgard": gettext_lazy("Första insatsen, efter typ (av dem med en insats)"),
    "sysselsattning": gettext_lazy("Sysselsättning vid senaste kontakten (av dem som kontaktats)"),
    "nyregistrerade": gettext_lazy("Registrerade för första gången under halvåret"),
    "nyregistrerade_kontakt": gettext_lazy("Av de nyregistrerade: någon gång kontaktade"),
}

# Tables whose groups together make up their population (a total is shown beside them): the disclosure
# rule's sums.
PARTITIONS = ("kon", "alder", "bakgrund", "registreringsorsak", "kontakt", "atgard", "nyregistrerade_kontakt")


@dataclass(frozen=True)
class Row:
    table: str
    group: str
    count: int
    share: float | None  # per cent of the table's population; None when it is empty
    population: int
    masked: str = ""  # why it is suppressed ("" when shown), in the suppressed tables

    def csv_row(self) -> list[str]:
        return [self.table, self.group, str(self.count), "" if self.share is None else f"{self.share:.1f}"]

    def group_label(self) -> str:
        return group_label(self.table, self.group)


def group_label(table: str, group: str) -> str:
    labels = {
        "kon": dict(Sex.choices),
        "bakgrund": {**dict(Background.choices), "okand": _("Okänd")},
        "registreringsorsak": dict(StartReason.choices),
        "avregistreringsorsak": dict(EndReason.choices),
        "forsta_atgard": dict(ScbCategory.choices),
        "sysselsattning": dict(OccupationStatus.choices),
    }.get(table, {})
    common = {
        "totalt": _("Totalt"),
        "kontaktade": _("Kontaktade"),
        "inte_kontaktade": _("Inte kontaktade"),
        "minst_en_atgard": _("Minst en insats"),
        "endast_avbojd": _("Tackade nej till alla erbjudna insatser"),
        "ingen_atgard": _("Ingen insats"),
    }
    if table == "alder":
        return _("%(n)s år") % {"n": group}
    return str(labels.get(group, common.get(group, group)))


def _share(count: int, population: int) -> float | None:
    return round(100 * count / population, 1) if population else None


def tables(basis: Basis) -> list[Row]:
    """Every table's rows, true counts."""
    latest: dict[int, object] = {}
    for r in basis.registrations:  # by personnummer, then start: the last one is the latest
        latest[r.person_id] = r
    people = list(latest.values())
    total = len(people)
    rows: list[Row] = [Row("totalt", "totalt", total, _share(total, total), total)]

    def table(name: str, counts: Counter, population: int, order: Iterable[str] = ()) -> None:
        keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in set(order))
        rows.extend(Row(name, k, counts[k], _share(counts[k], population), population) for k in keys)

    table("kon", Counter(p.sex for p in people), total, Sex.values)
    table("alder", Counter(str(basis.half.year - p.birth_date.year) for p in people), total)
    table("bakgrund", Counter(p.background or "okand" for p in people), total, [*Background.values[1:], "okand"])
    table("registreringsorsak", Counter(p.start_reason for p in people), total, StartReason.values)
    table("avregistreringsorsak", Counter(p.end_reason for p in people if p.end), total, EndReason.values)

    contacted = {c.person_id for c in basis.contacts}
    table(
        "kontakt",
        Counter("kontaktade" if p.person_id in contacted else "inte_kontaktade" for p in people),
        total,
        ("kontaktade", "inte_kontaktade"),
    )

    started: dict[int, list] = {}
    declined: set[int] = set()
    for m in basis.measures:
        if m.declined:
            declined.add(m.person_id)
        else:
            started.setdefault(m.person_id, []).append(m)
    measure_groups = Counter(
        "minst_en_atgard"
        if p.person_id in started
        else ("endast_avbojd" if p.person_id in declined else "ingen_atgard")
        for p in people
    )
    table("atgard", measure_groups, total, ("minst_en_atgard", "endast_avbojd", "ingen_atgard"))
    first = Counter(min(ms, key=lambda m: (m.start or date.max, m.measure_id)).category for ms in started.values())
    table("forsta_atgard", first, len(started), ScbCategory.values)

    last_contact: dict[int, object] = {}
    for c in basis.contacts:  # by person, then date
        last_contact[c.person_id] = c
    table(
        "sysselsattning",
        Counter(c.occupation or outreach_rules.UNKNOWN for c in last_contact.values()),
        len(last_contact),
        OccupationStatus.values,
    )

    new = _newly_registered(basis, [p.person_id for p in people])
    rows.append(Row("nyregistrerade", "totalt", len(new), _share(len(new), total), total))
    ever = _ever_contacted(basis, new)
    table(
        "nyregistrerade_kontakt",
        Counter("kontaktade" if pid in ever else "inte_kontaktade" for pid in new),
        len(new),
        ("kontaktade", "inte_kontaktade"),
    )
    return rows


def _newly_registered(basis: Basis, person_ids: list[int]) -> set[int]:
    """Those whose first period ever in the municipality began within the half-year."""
    first = (
        KaaPeriod.objects.filter(municipality_id=basis.municipality, person_id__in=person_ids)
        .values("person_id")
        .annotate(first=Min("start_date"))
        .filter(first__gte=basis.half.start)
        .values_list("person_id", flat=True)
    )
    return set(first)


def _ever_contacted(basis: Basis, person_ids: set[int]) -> set[int]:
    return set(
        ContactAttempt.objects.filter(
            municipality_id=basis.municipality,
            person_id__in=list(person_ids),
            outcome__in=outreach_rules.CONTACT_MADE,
            contacted_on__lte=basis.last_day,
        ).values_list("person_id", flat=True)
    )


def table_sums(rows: list[Row], tables: Iterable[tuple[str, tuple[str, str]]]) -> list[disclosure.Sum]:
    """The published equations: each named table's groups add up to the given total cell (where both are shown)."""
    keys = {(r.table, r.group) for r in rows}
    sums = []
    for name, total in tables:
        parts = tuple(k for r in rows if (k := (r.table, r.group))[0] == name)
        if parts and total in keys:
            sums.append(disclosure.Sum(total, parts))
    return sums


def masked(
    rows: list[Row], sums: list[disclosure.Sum], threshold: int = THRESHOLD, *, small_populations: bool = False
) -> list[Row]:
    """The rows with core.disclosure's masks: counts under `threshold`, and whatever the sums would give back.
    With `small_populations`, a share of a population under the threshold is hidden too."""
    cells = {(r.table, r.group): disclosure.Cell(r.count, r.count) for r in rows}
    hidden = disclosure.suppress(cells, sums, threshold)
    out = []
    for r in rows:
        reason = hidden.get((r.table, r.group), "")
        if not reason and small_populations and r.population and disclosure.is_small(r.population, threshold):
            reason = disclosure.SECONDARY  # a share of a hidden population would give it away as well
        out.append(Row(r.table, r.group, r.count, r.share, r.population, reason))
    return out


TOTAL = ("totalt", "totalt")
# Each table's total: the whole register, or the subgroup its population is.
TABLE_TOTALS = (
    *((name, TOTAL) for name in PARTITIONS if name != "nyregistrerade_kontakt"),
    ("nyregistrerade_kontakt", ("nyregistrerade", "totalt")),
    ("forsta_atgard", ("atgard", "minst_en_atgard")),
    ("sysselsattning", ("kontakt", "kontaktade")),
)


def suppressed(rows: list[Row], threshold: int = THRESHOLD) -> list[Row]:
    """The tables as others may see them: counts under `threshold` suppressed, and whatever else would let
    one be computed back from the total and the other groups (core.disclosure)."""
    return masked(rows, table_sums(rows, TABLE_TOTALS), threshold, small_populations=True)

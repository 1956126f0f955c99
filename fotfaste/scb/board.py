"""Reports for the steering group and the board, made from the KAA register: counts only, every one of
them through the disclosure rule (statistics.suppressed), so no person can be picked out.

- The target-group mapping (kartläggning av målgruppen, as Örebro's agreement §7.1 presents it): the
  young people in KAA on a day by sex and country of birth, by the certificates they hold, and by
  occupation now (older than its currency period counts as unknown).
- The annual KAA report to the board: Skolverket's tables for the year, and the number in KAA in
  each half-year.

They are read as the register's keeper (the municipality's own statistics from its own register,
förordning 2006:39) and show no individual, so they are not in the read log.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.access.services import SystemUser, register_keeper
from fotfaste.core import disclosure
from fotfaste.kaa.models import KaaPeriod
from fotfaste.orgs.roles import Role
from fotfaste.outreach import rules as outreach_rules
from fotfaste.outreach.models import OccupationStatus
from fotfaste.outreach.services import currency_overrides
from fotfaste.registers.models import Certificate

from . import basis as basis_module
from . import statistics
from .halfyear import HalfYear, Year

BORN_ABROAD = "fodd_utomlands"


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    rows: list[statistics.Row]  # suppressed
    titles: dict[str, str]


def _keeper(municipality: str):
    return SystemUser.actor(register_keeper(municipality)).user


def _people_on(municipality: str, day: date) -> list[tuple[int, str, str, str]]:
    """(id, personnummer, sex, background) of everyone in the KAA register on the day."""
    from fotfaste.access.grounds import restrict

    persons = restrict(_keeper(municipality), on=day, duty="kaa").values("pk")
    return list(
        KaaPeriod.objects.filter(
            municipality_id=municipality, start_date__lte=day, end_date__gte=day, person__in=persons
        )
        .order_by("person_id")
        .values_list("person_id", "person__personnummer", "person__sex", "person__background")
        .distinct()
    )


MAPPING_TITLES = {
    "kallor": gettext_lazy("Målgruppen efter källa"),
    "forsorjningsstod": gettext_lazy("Unga 16–29 år med försörjningsstöd, efter kön och ålder"),
    "totalt": gettext_lazy("Unga i aktivitetsansvaret"),
    "kon_fodelseland": gettext_lazy("Efter kön och födelseland"),
    "utbildning": gettext_lazy("Efter utbildning"),
    "sysselsattning": gettext_lazy("Efter sysselsättning i dag"),
}
ANNUAL_TITLES = {**statistics.TITLES, "halvar": gettext_lazy("Unga i aktivitetsansvaret per halvår")}


BOARD_ROLES = frozenset({Role.STEERING, Role.COORDINATOR, Role.ADMIN, Role.KAA})


def board_agreements(scope) -> set[int]:
    """The agreements where the user governs or coordinates the work: the steering group, the
    coordinator, the agreement's administrator, the KAA caseworkers."""
    return {a for a, role in scope.agreement_roles if role in BOARD_ROLES}


def board_municipalities(scope) -> list[str]:
    """The municipalities of those agreements."""
    from fotfaste.orgs.models import Agreement

    ids = board_agreements(scope)
    return sorted(set(Agreement.objects.filter(pk__in=ids).values_list("municipalities__code", flat=True)) - {None})


def target_group(municipality: str, day: date) -> list[statistics.Row]:
    """The mapping's tables, true counts (suppressed by the caller)."""
    people = _people_on(municipality, day)
    total = len(people)

    def share(n: int, population: int):
        return round(100 * n / population, 1) if population else None

    support = _income_support(municipality, day)
    rows = [
        statistics.Row("kallor", "kaa", total, None, total),
        statistics.Row("kallor", "forsorjningsstod", sum(support.values()), None, sum(support.values())),
    ]
    supported = sum(support.values())
    rows.extend(
        statistics.Row("forsorjningsstod", group, n, share(n, supported), supported)
        for group, n in sorted(support.items())
    )
    rows.append(statistics.Row("totalt", "totalt", total, share(total, total), total))

    def table(name, counts, order):
        keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
        rows.extend(statistics.Row(name, k, counts[k], share(counts[k], total), total) for k in keys)

    table(
        "kon_fodelseland",
        Counter(
            f"{sex}_{'utrikes' if bg == BORN_ABROAD else ('inrikes' if bg else 'okand')}"
            for _pid, _pnr, sex, bg in people
        ),
        ["kvinna_inrikes", "kvinna_utrikes", "man_inrikes", "man_utrikes", "kvinna_okand", "man_okand"],
    )
    numbers = [pnr for _pid, pnr, _s, _b in people]
    held = {}
    for pnr, kind in Certificate.objects.filter(personnummer__in=numbers, issued__lte=day).values_list(
        "personnummer", "kind"
    ):
        held.setdefault(pnr, set()).add(kind)
    table(
        "utbildning",
        Counter(
            "studiebevis"
            if "studiebevis" in held.get(pnr, ())
            else ("grundskola" if "grundskola" in held.get(pnr, ()) else "inget_betyg")
            for pnr in numbers
        ),
        ["grundskola", "studiebevis", "inget_betyg"],
    )
    occupations = basis_module.occupations_of([pid for pid, *_ in people], municipality)
    saved = currency_overrides()
    table(
        "sysselsattning",
        Counter(
            basis_module.occupation_on(occupations.get(pid, []), day, saved) or outreach_rules.UNKNOWN
            for pid, *_ in people
        ),
        list(OccupationStatus.values),
    )
    return rows


def _income_support(municipality: str, day: date) -> dict[str, int]:
    """Social services' latest monthly list on or before the day: distinct 16–29-year-olds by sex and age
    band (counts of the list's own rows; the list reads no person)."""
    from django.db.models import Count, Max

    from fotfaste.incomesupport.models import IncomeSupportMonth

    months = IncomeSupportMonth.objects.filter(municipality_id=municipality, month__lte=day, age__gte=16, age__lte=29)
    latest = months.aggregate(latest=Max("month"))["latest"]
    if latest is None:
        return {}
    found: Counter = Counter()
    for sex, age, n in (
        months.filter(month=latest)
        .values("sex", "age")
        .annotate(n=Count("personnummer", distinct=True))
        .values_list("sex", "age", "n")
    ):
        band = "16-19" if age < 20 else ("20-24" if age < 25 else "25-29")
        found[f"{sex}_{band}"] += n
    return dict(found)


def mapping_label(table: str, group: str) -> str:
    if table == "forsorjningsstod":
        sex, band = group.split("_")
        return _("%(kon)s %(alder)s år") % {
            "kon": _("Kvinnor") if sex == "kvinna" else _("Män"),
            "alder": band.replace("-", "–"),
        }
    labels = {
        "kaa": _("I det kommunala aktivitetsansvaret (KAA-registret)"),
        "forsorjningsstod": _("Med försörjningsstöd, 16–29 år (socialtjänstens senaste månadslista)"),
        "kvinna_inrikes": _("Kvinnor födda i Sverige"),
        "kvinna_utrikes": _("Kvinnor födda utomlands"),
        "kvinna_okand": _("Kvinnor, födelseland okänt"),
        "man_inrikes": _("Män födda i Sverige"),
        "man_utrikes": _("Män födda utomlands"),
        "man_okand": _("Män, födelseland okänt"),
        "grundskola": _("Har slutbetyg från grundskolan"),
        "studiebevis": _("Har studiebevis från gymnasieskolan"),
        "inget_betyg": _("Inget slutbetyg från grundskolan i registren"),
        "totalt": _("Totalt"),
    }
    if table == "sysselsattning":
        return str(dict(OccupationStatus.choices).get(group, group))
    return str(labels.get(group, group))


def suppressed_mapping(rows: list[statistics.Row]) -> list[statistics.Row]:
    total = statistics.TOTAL
    # The KAA source is the register's total; the income-support groups add up to their source's count.
    tables = [(name, total) for name in ("kon_fodelseland", "utbildning", "sysselsattning")]
    sums = [*statistics.table_sums(rows, [*tables, ("forsorjningsstod", ("kallor", "forsorjningsstod"))])]
    sums.append(disclosure.Sum(total, (("kallor", "kaa"),)))
    return statistics.masked(rows, sums)


def annual(municipality: str, year: Year, today: date) -> list[statistics.Row]:
    """Skolverket's tables for the year, and the number in KAA in each half-year, true counts."""
    keeper = _keeper(municipality)
    rows = statistics.tables(basis_module.build(keeper, municipality, year, today))
    for half in year.halves():
        if half.start <= today:
            n = len({r.person_id for r in basis_module.build(keeper, municipality, half, today).registrations})
            rows.append(statistics.Row("halvar", str(half), n, None, n))
    return rows


def half_year(municipality: str, half: HalfYear, today: date) -> list[statistics.Row]:
    return statistics.tables(basis_module.build(_keeper(municipality), municipality, half, today))

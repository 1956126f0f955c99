"""The caseworkers' worklist: the people in KAA today in one municipality, one keyset page at a time.

One set-based query per page: persons (inside the user's access scope) joined to the
KAA period covering today and left-joined to their outreach case, whose denormalised
columns carry everything the categories, filters and columns need. Nothing here scans
contact attempts or occupations, and the filters are the SQL twins of rules.worklist_flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.access.grounds import restrict
from fotfaste.access.services import Actor, log_reads
from fotfaste.accounts.models import User
from fotfaste.core.bulk import NotIndexedExact
from fotfaste.core.keyset import after, decode_cursor, encode_cursor, keyset_page
from fotfaste.kaa.models import StartReason
from fotfaste.people.models import Person

from . import rules
from .models import OccupationStatus, Outcome, OutreachCase
from .services import currency_overrides, kaa_colleagues, rules_for, worklist_municipalities

# Assignment filter values besides a colleague's user id.
ASSIGNED_ALL = "alla"
ASSIGNED_MINE = "mina"
ASSIGNED_NOBODY = "ingen"

# Sort orders, each ending in a unique column as keyset pagination needs. Each has an index to walk:
# names (people: home_municipality, sort_name, id), the KAA period's dates (kaa: municipality,
# end_date, start_date) and the next contact (outreach: municipality, next_contact_due).
SORTS = {
    "namn": ("sort_name", "id"),
    "i_kaa_sedan": ("-kaa_since", "sort_name", "id"),
    "nasta_kontakt": ("case_next_contact_due", "sort_name", "id"),  # NULLs last: see nulls_last_page
    "sista_dag": ("kaa_until", "sort_name", "id"),
}
SORT_LABELS = {
    "namn": _("Namn"),
    "i_kaa_sedan": _("I KAA sedan (senast först)"),
    "nasta_kontakt": _("Nästa kontakt (tidigast först)"),
    "sista_dag": _("Sista dag i KAA (tidigast först)"),
}
NULLS_LAST = "nasta_kontakt"

PERSON_COLUMNS = ("id", "personnummer", "first_name", "last_name", "birth_date", "protection", "sort_name")


@dataclass(frozen=True)
class WorklistQuery:
    municipality: str
    category: str = rules.ALL
    assigned: str = ASSIGNED_ALL  # or ASSIGNED_MINE, ASSIGNED_NOBODY, or a colleague's user id as text
    occupation: str = ""  # an effective occupation status, or "" for all
    sort: str = "namn"


@dataclass(frozen=True)
class WorklistRow:
    person: Person
    age: int
    kaa_since: date
    kaa_until: date
    start_reason: str
    last_contact_on: date | None
    last_outcome: str
    next_contact_due: date | None
    contact_due: bool
    occupation: str
    occupation_stale: bool
    assigned_to_id: int | None
    assigned_name: str
    turning_20_on: date | None


@dataclass(frozen=True)
class WorklistPage:
    rows: list[WorklistRow]
    next_cursor: str | None
    colleagues: list[User]
    rules: rules.OutreachRules
    total: int  # every person matching the filter, not only this page; above COUNT_LIMIT: more than it

    @property
    def total_text(self) -> str:
        """61 498: Swedish groups thousands with a (non-breaking) space."""
        return f"{min(self.total, COUNT_LIMIT):,}".replace(",", "\u00a0")

    @property
    def total_capped(self) -> bool:
        return self.total > COUNT_LIMIT


def worklist_page(
    actor: Actor,
    query: WorklistQuery,
    cursor: str | None = None,
    *,
    today: date | None = None,
    size: int | None = None,
    colleagues: list[User] | None = None,
    municipality_rules: rules.OutreachRules | None = None,
) -> WorklistPage:
    """A page of the worklist; every person shown is logged ("arbetslista").

    403 for a user without a KAA role, 404 for a KAA caseworker of another municipality. A caller that already has the municipality's colleagues or rules
    may pass them in.
    """
    today = today or timezone.localdate()
    if query.municipality not in worklist_municipalities(actor):
        raise Http404
    municipality_rules = municipality_rules or rules_for(query.municipality)
    saved = currency_overrides()
    qs = worklist_queryset(actor.user, query, today, municipality_rules, saved)
    size = size or settings.PAGE_SIZE
    if query.sort == NULLS_LAST:
        persons, next_cursor = nulls_last_page(qs, query.municipality, cursor, size)
    else:
        persons, next_cursor = keyset_page(qs, SORTS[query.sort], cursor, size)
    log_reads(actor, persons, "arbetslista")
    if colleagues is None:
        colleagues = kaa_colleagues(query.municipality)
    names = {u.pk: u.display_name() for u in colleagues}
    missing = {p.case_assigned_to for p in persons if p.case_assigned_to and p.case_assigned_to not in names}
    if missing:  # assigned to someone who has since left the KAA role
        names.update({u.pk: u.display_name() for u in User.objects.filter(pk__in=missing)})
    rows = [row(p, today, municipality_rules, saved, names) for p in persons]
    total = worklist_total(actor.user, query, today, municipality_rules, saved)
    return WorklistPage(rows, next_cursor, colleagues, municipality_rules, total)


# Counting stops here: a list longer than this is narrowed with the filters, not read through, and
# counting all of 60,000 costs more than the page (150 ms on PostgreSQL); Stockholm has about
# 5,000 in KAA at a time.
COUNT_LIMIT = 10_000


def worklist_total(
    user, query: WorklistQuery, today: date, municipality_rules: rules.OutreachRules, saved: dict[str, int]
) -> int:
    """How many persons match the filter, up to COUNT_LIMIT + 1: one COUNT over the page's query
    without its order.

    A count keeps no order, so it reads the municipality's KAA periods through their index rather than
    walking every person of the municipality by name (on SQLite 7–16 ms instead of 14–52 ms for a
    realistic list among 1,000,000 persons; PostgreSQL chooses the same plan either way). Django
    leaves out the columns' annotations, and PostgreSQL the case's outer join (unique per person and
    municipality).
    """
    qs = worklist_queryset(user, query, today, municipality_rules, saved, walk_periods=True).order_by()
    return qs[: COUNT_LIMIT + 1].count()


def worklist_queryset(
    user,
    query: WorklistQuery,
    today: date,
    municipality_rules: rules.OutreachRules,
    saved: dict[str, int],
    *,
    walk_periods: bool = False,
) -> QuerySet[Person]:
    """Persons in KAA today in query.municipality, filtered, with their period and case columns annotated.

    Everyone in the municipality's KAA register today is under its KAA role's duty, so the list
    needs no other ground (restrict(duty="kaa")); the home-municipality condition also lets the database walk its
    (home_municipality, sort_name, id) index in name order and stop after one page.
    Conditions on a missing case are written as NOT EXISTS rather than IS NULL on the outer
    join: PostgreSQL then estimates them well and keeps to that index walk.
    """
    m = query.municipality
    # Walk persons in name order, not the municipality's periods (which SQLite then sorts), except
    # when the page is sorted by the period's end, which the periods' (municipality, end) index gives.
    period_in_municipality = (
        {"kaa_periods__municipality_id": m}
        if query.sort == "sista_dag" or walk_periods
        else {f"kaa_periods__municipality_id__{NotIndexedExact.lookup_name}": m}
    )
    qs = (
        restrict(user, on=today, duty="kaa")
        .filter(home_municipality_id=m)
        .annotate(
            kaa_period=FilteredRelation(
                "kaa_periods",
                condition=Q(
                    **period_in_municipality, kaa_periods__start_date__lte=today, kaa_periods__end_date__gte=today
                ),
            ),
            outreach=FilteredRelation("outreach_cases", condition=Q(outreach_cases__municipality_id=m)),
        )
        .filter(kaa_period__start_date__isnull=False)
        .annotate(
            kaa_since=F("kaa_period__start_date"),
            kaa_until=F("kaa_period__end_date"),
            kaa_start_reason=F("kaa_period__start_reason"),
            case_assigned_to=F("outreach__assigned_to"),
            case_last_contact_on=F("outreach__last_contact_on"),
            case_last_outcome=F("outreach__last_outcome"),
            case_next_contact_due=F("outreach__next_contact_due"),
            case_occupation_status=F("outreach__occupation_status"),
            case_occupation_verified_on=F("outreach__occupation_verified_on"),
        )
        .only(*PERSON_COLUMNS)
    )
    return qs.filter(
        category_filter(query.category, m, today, municipality_rules),
        assigned_filter(query.assigned, m, user),
        occupation_filter(query.occupation, m, today, saved),
    )


def case_exists(municipality: str, condition: Q) -> Exists:
    """The person has a case in the municipality that meets `condition`."""
    return Exists(OutreachCase.objects.filter(condition, person=OuterRef("pk"), municipality_id=municipality))


def category_filter(category: str, municipality: str, today: date, municipality_rules: rules.OutreachRules) -> Q:
    """rules.worklist_flags as SQL."""
    if category == rules.NO_CONTACT_YET:
        return ~Q(case_exists(municipality, Q(last_contact_on__isnull=False)))
    if category == rules.NOT_REACHED_CATEGORY:
        return Q(case_exists(municipality, Q(last_outcome=rules.NOT_REACHED)))
    if category == rules.CONTACT_DUE:
        return Q(case_exists(municipality, Q(next_contact_due__lte=today)))
    if category == rules.TURNING_20:
        after, until = rules.turning_20_window(today, municipality_rules.turning_20_window_months)
        return Q(birth_date__gt=after, birth_date__lte=until)
    return Q()


def assigned_filter(assigned: str, municipality: str, user) -> Q:
    if assigned == ASSIGNED_MINE:
        return Q(case_exists(municipality, Q(assigned_to=user.pk)))
    if assigned == ASSIGNED_NOBODY:
        return ~Q(case_exists(municipality, Q(assigned_to__isnull=False)))
    if assigned.isdigit():
        return Q(case_exists(municipality, Q(assigned_to=int(assigned))))
    return Q()


def occupation_filter(status: str, municipality: str, today: date, saved: dict[str, int]) -> Q:
    """rules.effective_occupation as SQL: a status counts only while its verification is current."""
    if not status:
        return Q()

    def current(statuses: list[str], since: date) -> Q:
        return Q(occupation_status__in=statuses, occupation_verified_on__gte=since)

    if status != rules.UNKNOWN:
        since = rules.current_since(today, rules.currency_months(status, saved))
        return Q(case_exists(municipality, current([status], since)))
    # Unknown: no case with a status that is still current (statuses sharing a period share a test).
    by_since: dict[date, list[str]] = {}
    for s in rules.EXPIRING_STATUSES:
        by_since.setdefault(rules.current_since(today, rules.currency_months(s, saved)), []).append(s)
    any_current = Q()
    for since, statuses in by_since.items():
        any_current |= current(statuses, since)
    return ~Q(case_exists(municipality, any_current))


def nulls_last_page(qs: QuerySet[Person], municipality: str, cursor: str | None, size: int):
    """A keyset page by next contact, earliest first, then those without one: (rows, next_cursor).

    The two parts are two index walks (cases by due date; persons by name) rather than one
    sort of everyone by a NULL-able column, so a page costs one or two short queries. The
    cursor is the last row's, as in fotfaste.core.keyset; which part it is in decides where to go on.
    """
    due_fields, rest_fields = SORTS[NULLS_LAST], SORTS[NULLS_LAST][1:]
    with_due = qs.filter(case_next_contact_due__isnull=False).order_by(*due_fields)
    without = qs.filter(~Q(case_exists(municipality, Q(next_contact_due__isnull=False)))).order_by(*rest_fields)
    pk = decode_cursor(qs.model, cursor) if cursor else None
    position = qs.filter(pk=pk).values_list(*due_fields).first() if pk is not None else None
    rows: list[Person] = []
    if position is None or position[0] is not None:
        part = with_due.filter(after(due_fields, position)) if position else with_due
        rows = list(part[: size + 1])
        position = None
    if len(rows) <= size:
        part = without.filter(after(rest_fields, position[1:])) if position else without
        rows += list(part[: size + 1 - len(rows)])
    if len(rows) > size:
        return rows[:size], encode_cursor(qs.model, rows[size - 1].pk)
    return rows, None


def row(
    p: Person, today: date, municipality_rules: rules.OutreachRules, saved: dict[str, int], names: dict[int, str]
) -> WorklistRow:
    status = p.case_occupation_status or ""
    effective = rules.effective_occupation(
        status, p.case_occupation_verified_on, today, rules.currency_months(status, saved)
    )
    flags = rules.worklist_flags(
        last_contact_on=p.case_last_contact_on,
        last_outcome=p.case_last_outcome or "",
        next_contact_due=p.case_next_contact_due,
        birth_date=p.birth_date,
        today=today,
        window_months=municipality_rules.turning_20_window_months,
    )
    return WorklistRow(
        person=p,
        age=p.age_on(today),
        kaa_since=p.kaa_since,
        kaa_until=p.kaa_until,
        start_reason=StartReason(p.kaa_start_reason).label if p.kaa_start_reason in StartReason.values else "",
        last_contact_on=p.case_last_contact_on,
        last_outcome=Outcome(p.case_last_outcome).label if p.case_last_outcome else "",
        next_contact_due=p.case_next_contact_due,
        contact_due=flags.contact_due,
        occupation=OccupationStatus(effective).label,
        occupation_stale=effective == rules.UNKNOWN and status not in ("", rules.UNKNOWN),
        assigned_to_id=p.case_assigned_to,
        assigned_name=names.get(p.case_assigned_to, "") if p.case_assigned_to else "",
        turning_20_on=flags.turning_20_on,
    )

"""The version-neutral basis of a half-year's SCB report: who was in the KAA register, each contact
with the occupation at it, each measure. In Fotfäste's own words; a version's configuration
(`spec.py`) turns it into SCB's file.

Set-based: three queries for the register, contacts and measures of everyone the actor sees under
the KAA duty on the report's last day, and one for the occupations behind the contacts.

Which measures: those in the plans of the municipality's KAA units (units where a KAA role works for
the municipality). They are the municipality's own documentation under förordning (2006:39); other
units' plans are theirs and reach KAA only under a consent, which does not extend to SCB.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import DateField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from fotfaste.access.grounds import restrict
from fotfaste.kaa.models import KaaPeriod
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import DUTY_ROLES
from fotfaste.outreach import rules as outreach_rules
from fotfaste.outreach.models import ContactAttempt, Occupation
from fotfaste.outreach.services import currency_overrides
from fotfaste.plans.models import Measure, MeasureStatus

from .halfyear import HalfYear

REGISTRATIONS_HEADER = (
    "personnummer",
    "registrerad_fran",
    "registreringsorsak",
    "registrerad_till",
    "avregistreringsorsak",
)
CONTACTS_HEADER = ("personnummer", "datum", "sysselsattning")
MEASURES_HEADER = ("personnummer", "atgard", "ansvarig", "start", "slut", "avbojd")

YES, NO = "ja", "nej"


@dataclass(frozen=True)
class Registration:
    person_id: int
    personnummer: str
    start: date
    start_reason: str
    end: date | None  # only when the period ended within the half-year
    end_reason: str
    sex: str = ""
    birth_date: date | None = None
    background: str = ""

    def row(self) -> list[str]:
        return [
            self.personnummer,
            self.start.isoformat(),
            self.start_reason,
            self.end.isoformat() if self.end else "",
            self.end_reason,
        ]


@dataclass(frozen=True)
class Contact:
    person_id: int
    personnummer: str
    day: date
    occupation: str  # "" when none was recorded by the day of the contact

    def row(self) -> list[str]:
        return [self.personnummer, self.day.isoformat(), self.occupation]


@dataclass(frozen=True)
class MeasureLine:
    person_id: int
    personnummer: str
    measure_id: int
    plan_id: int
    name: str
    category: str  # the measure type's category (vagledning, studier, annan)
    responsible: str  # personen, kommunen, annan
    start: date | None  # the actual start; for a declined measure the day it was offered
    end: date | None  # only when it ended within the half-year
    declined: bool
    status: str
    actual_end: date | None = None  # whenever it ended (the checks compare it with the start)

    def row(self) -> list[str]:
        return [
            self.personnummer,
            self.category,
            self.responsible,
            self.start.isoformat() if self.start else "",
            self.end.isoformat() if self.end else "",
            YES if self.declined else NO,
        ]


@dataclass
class Basis:
    municipality: str
    half: HalfYear
    last_day: date
    registrations: list[Registration] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    measures: list[MeasureLine] = field(default_factory=list)
    protected: dict[int, str] = field(default_factory=dict)  # person id -> protection (for the read log)

    def person_ids(self) -> list[int]:
        return sorted({r.person_id for r in self.registrations})

    def personnummer_of(self) -> dict[int, str]:
        return {r.person_id: r.personnummer for r in self.registrations}


def kaa_units(municipality: str) -> list[int]:
    """The units where a KAA role works for the municipality: its party's own, or the agreement's."""
    units = Unit.objects.filter(
        Exists(Membership.objects.filter(unit=OuterRef("pk"), role__in=DUTY_ROLES)),
    ).filter(
        Q(party__municipality_id=municipality)
        | Q(party__municipality__isnull=True, party__agreement__municipalities=municipality)
    )
    return list(units.values_list("pk", flat=True).distinct())


def build(user, municipality: str, half: HalfYear, today: date) -> Basis:
    """The basis as `user` may see it: a KAA caseworker of the municipality, or the register's keeper."""
    last = half.last_day(today)
    basis = Basis(municipality, half, last)
    persons = restrict(user, on=last, duty="kaa").values("pk")
    in_half = KaaPeriod.objects.filter(
        municipality_id=municipality, start_date__lte=last, end_date__gte=half.start, person__in=persons
    )
    rows = in_half.order_by("person__personnummer", "start_date").values_list(
        "person_id",
        "person__personnummer",
        "person__protection",
        "person__sex",
        "person__birth_date",
        "person__background",
        "start_date",
        "start_reason",
        "end_date",
        "end_reason",
    )
    for pid, pnr, protection, sex, born, background, start, start_reason, end, end_reason in rows:
        ended = end <= last
        basis.registrations.append(
            Registration(
                pid,
                pnr,
                start,
                start_reason,
                end if ended else None,
                end_reason if ended else "",
                sex,
                born,
                background,
            )
        )
        basis.protected[pid] = protection
    if not basis.registrations:
        return basis
    during_kaa = _periods_meeting(municipality, "person_id", "contacted_on", "contacted_on")
    contacts = (
        ContactAttempt.objects.filter(
            municipality_id=municipality,
            contacted_on__gte=half.start,
            contacted_on__lte=last,
            outcome__in=outreach_rules.CONTACT_MADE,
            person__in=persons,
        )
        .filter(Exists(during_kaa))
        .order_by("person__personnummer", "contacted_on", "pk")
        .values_list("person_id", "person__personnummer", "contacted_on")
    )
    contacts = list(contacts)
    occupations = occupations_of({pid for pid, _, _ in contacts}, municipality)
    saved = currency_overrides()
    for pid, pnr, day in contacts:
        basis.contacts.append(Contact(pid, pnr, day, occupation_on(occupations.get(pid, []), day, saved)))
    basis.measures = list(_measures(municipality, half, last, persons))
    return basis


def _periods_meeting(municipality: str, person: str, first: str, last: str):
    """The municipality's KAA periods of the outer row's person that share a day with its `first`–`last`."""
    return KaaPeriod.objects.filter(
        municipality_id=municipality,
        person_id=OuterRef(person),
        start_date__lte=OuterRef(last),
        end_date__gte=OuterRef(first),
    )


def occupations_of(person_ids: Iterable[int], municipality: str) -> dict[int, list[outreach_rules.OccupationFact]]:
    found: dict[int, list[outreach_rules.OccupationFact]] = defaultdict(list)
    rows = Occupation.objects.filter(person_id__in=list(person_ids), municipality_id=municipality).values_list(
        "person_id", "status", "valid_from", "verified_on", "pk"
    )
    for pid, status, valid_from, verified_on, pk in rows:
        found[pid].append(outreach_rules.OccupationFact(status, valid_from, verified_on, pk))
    return found


def occupation_on(facts: list[outreach_rules.OccupationFact], day: date, saved: dict[str, int]) -> str:
    """The occupation at a contact: the one in force that day, unknown once older than its currency
    period; "" when none had been recorded from that day or before."""
    current = outreach_rules.current_occupation(f for f in facts if f.valid_from <= day)
    if current is None:
        return ""
    months = outreach_rules.currency_months(current.status, saved)
    return outreach_rules.effective_occupation(current.status, current.verified_on, day, months)


def _measures(municipality: str, half: HalfYear, last: date, persons) -> Iterable[MeasureLine]:
    # A measure counts while it runs; one still running runs to the report's last day.
    overlaps_kaa = _periods_meeting(municipality, "plan__person_id", "relevant_start", "relevant_end")
    qs = (
        Measure.objects.filter(
            plan__unit_id__in=kaa_units(municipality),
            plan__person__in=persons,
            status__in=(MeasureStatus.ONGOING, MeasureStatus.ENDED, MeasureStatus.DECLINED),
        )
        .annotate(
            relevant_start=Coalesce("actual_start", "planned_start"),
            relevant_end=Coalesce("actual_end", Value(last, output_field=DateField())),
        )
        .filter(relevant_start__lte=last, relevant_end__gte=half.start)
        .filter(Exists(overlaps_kaa))
    )
    rows = qs.order_by("plan__person__personnummer", "relevant_start", "pk").values_list(
        "plan__person_id",
        "plan__person__personnummer",
        "pk",
        "plan_id",
        "measure_type__name",
        "measure_type__scb_category",
        "responsible",
        "actual_start",
        "planned_start",
        "actual_end",
        "status",
    )
    for pid, pnr, pk, plan_id, name, category, responsible, actual_start, planned, actual_end, status in rows:
        declined = status == MeasureStatus.DECLINED
        yield MeasureLine(
            pid,
            pnr,
            pk,
            plan_id,
            name,
            category,
            responsible,
            planned if declined else actual_start,
            actual_end if actual_end and actual_end <= last else None,
            declined,
            status,
            actual_end,
        )

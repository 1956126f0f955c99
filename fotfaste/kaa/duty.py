"""The KAA duty as a ground of access (skollagen 29:9, förordning 2006:39).

A KAA caseworker's role carries the municipality's duty towards every young person in its KAA
register: while a KAA period in the municipality runs, and for the follow-up time after it ended
(settings.KAA_FOLLOW_UP_MONTHS). Nobody else in the municipality's population is theirs to see
on this ground. A command that keeps the register (`kaa_register`) sees every period.
Registered with fotfaste.access.grounds from KaaConfig.ready().
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from fotfaste.access.grounds import DutySource, Ground, GroundKind
from fotfaste.access.scope import Scope, role_municipalities
from fotfaste.core.dates import add_months
from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import DUTY_ROLES

from .models import KaaPeriod


def follow_up_from(on: date) -> date:
    """A period that ended on or after this day still grounds the duty on `on`."""
    return add_months(on, -settings.KAA_FOLLOW_UP_MONTHS)


def last_day(period_end: date) -> date:
    """The last day the duty towards a person lasts after a period: its end plus the follow-up time."""
    return add_months(period_end, settings.KAA_FOLLOW_UP_MONTHS)


def _periods(codes: Iterable[str], on: date, *, keeper: bool = False):
    periods = KaaPeriod.objects.filter(municipality_id__in=list(codes), start_date__lte=on)
    return periods if keeper else periods.filter(end_date__gte=follow_up_from(on))


def condition(scope: Scope, on: date) -> Q | None:
    if not scope.municipality_codes:
        return None
    return Q(Exists(_periods(scope.municipality_codes, on, keeper=scope.register_keeper).filter(person=OuterRef("pk"))))


def grounds(scope: Scope, person_id: int, on: date) -> list[Ground]:
    if not scope.municipality_codes:
        return []
    units = dict(scope.duty_units)  # municipality -> one unit through which the user carries its duty
    found = []
    periods = _periods(scope.municipality_codes, on, keeper=scope.register_keeper).filter(person_id=person_id)
    for p in periods.select_related("municipality").order_by("start_date"):
        unit_id = units.get(p.municipality_id)
        running = p.end_date >= on
        because = (
            _("personen finns i %(kommun)s KAA-register (det kommunala aktivitetsansvaret) sedan %(fran)s")
            if running
            else _("personen fanns i %(kommun)s KAA-register till %(till)s och följs upp till och med %(uppfoljning)s")
        ) % {
            "kommun": p.municipality.name,
            "fran": p.start_date.isoformat(),
            "till": p.end_date.isoformat(),
            "uppfoljning": last_day(p.end_date).isoformat(),
        }
        found.append(
            Ground(
                GroundKind.DUTY,
                unit_id,
                scope.unit_name(unit_id) or p.municipality.name,
                p.start_date,
                last_day(p.end_date),
                because=because,
            )
        )
    return found


def units(person_id: int, unit_ids: Iterable[int], on: date) -> set[int]:
    """Those of the units whose KAA role carries a duty towards the person on `on`."""
    by_unit: dict[int, set[str]] = {}
    for m in Membership.objects.filter(unit_id__in=list(unit_ids), role__in=DUTY_ROLES, active=True).select_related(
        "unit__party"
    ):
        by_unit.setdefault(m.unit_id, set()).update(role_municipalities(m.unit.party))
    if not by_unit:
        return set()
    codes = set().union(*by_unit.values())
    present = set(_periods(codes, on).filter(person_id=person_id).values_list("municipality_id", flat=True))
    return {unit for unit, unit_codes in by_unit.items() if unit_codes & present}


SOURCE = DutySource("kaa", condition, grounds, units)

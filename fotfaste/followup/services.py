"""Who may read and edit the follow-up of which agreement, and the results of its indicators.

Readers: the steering group (aggregates only), the coordinators and the administrators of the
agreement; editors: the coordinators and the administrators. Everything read is disclosed under
the one rule (fotfaste.followup.disclosure) whoever reads it: the steering group reads the same
page as the coordinator, and a page must not differ by who asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.orgs.models import Agreement
from fotfaste.orgs.roles import Role

from . import indicators, targets
from .disclosure import Disclosed, Figure, disclose_manual, disclose_rows
from .models import MANUAL, Goal, Indicator, ManualResult
from .periods import Period

READ_ROLES = frozenset({Role.STEERING, Role.COORDINATOR, Role.ADMIN})
EDIT_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
TREND_PERIODS = 6


def _agreements_with(user, roles) -> set[int]:
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Agreement.objects.values_list("pk", flat=True))
    return {a for a, role in scope_for(user).agreement_roles if role in roles}


def reader_agreement_ids(user) -> set[int]:
    return _agreements_with(user, READ_ROLES)


def editor_agreement_ids(user) -> set[int]:
    return _agreements_with(user, EDIT_ROLES)


def member_agreement_ids(user) -> set[int]:
    if user and user.is_authenticated and user.is_superuser:
        return set(Agreement.objects.values_list("pk", flat=True))
    return {a for a, _role in scope_for(user).agreement_roles}


def editable_goal(user, goal_id: int) -> Goal:
    goal = Goal.objects.filter(pk=goal_id, agreement_id__in=editor_agreement_ids(user)).first()
    if goal is None:
        raise Http404
    return goal


def editable_indicator(user, indicator_id: int) -> Indicator:
    found = (
        Indicator.objects.select_related("goal__agreement")
        .filter(pk=indicator_id, goal__agreement_id__in=editor_agreement_ids(user))
        .first()
    )
    if found is None:
        raise Http404
    return found


def editable_agreement(user, agreement_id: int) -> Agreement:
    found = Agreement.objects.filter(pk=agreement_id, pk__in=editor_agreement_ids(user)).first()
    if found is None:
        raise Http404
    return found


# Results


@dataclass
class IndicatorResult:
    goal: Goal
    indicator: Indicator
    unit: str
    period: Period
    figure: Figure
    target: Decimal | None
    status: str
    splits: dict[str, list[tuple[str, Figure]]] = field(default_factory=dict)
    source: str = ""  # a manual result's source and date, in words


def _computed(indicator: Indicator, agreement: Agreement, municipalities: tuple[str, ...], period: Period, today: date):
    ctx = indicators.Context(agreement.pk, municipalities, period, today)
    definition = indicators.DEFINITIONS[indicator.kind]
    rows = indicators.compute(indicator.kind, ctx)
    if not rows and definition.empty_is_missing:
        return Disclosed(Figure(None, False), {})
    return disclose_rows(rows, definition.unit)


def results(agreement: Agreement, period: Period, today: date) -> list[IndicatorResult]:
    """Every indicator of the agreement's goals in `period`, disclosed, with its target and status."""
    goals = list(Goal.objects.filter(agreement=agreement).prefetch_related("indicators"))
    municipalities = tuple(sorted(agreement.municipalities.values_list("code", flat=True)))
    # A half-year without its own manual result takes its year's (Siris and similar come once a year).
    labels = [period.label, str(period.year)]
    manual: dict[int, ManualResult] = {}
    for r in sorted(
        ManualResult.objects.filter(indicator__goal__agreement=agreement, period__in=labels),
        key=lambda r: labels.index(r.period),
        reverse=True,
    ):
        manual[r.indicator_id] = r
    found: list[IndicatorResult] = []
    for goal in goals:
        for ind in goal.indicators.all():
            if ind.is_manual:
                entry = manual.get(ind.pk)
                figure = disclose_manual(entry.value if entry else None, ind.unit)
                source = f"{entry.source}, {entry.source_date:%Y-%m-%d}" if entry else ""
                found.append(IndicatorResult(goal, ind, ind.unit, period, figure, None, "", {}, source))
            elif ind.kind in indicators.DEFINITIONS:
                shown: Disclosed = _computed(ind, agreement, municipalities, period, today)
                unit = indicators.DEFINITIONS[ind.kind].unit
                found.append(IndicatorResult(goal, ind, unit, period, shown.total, None, "", shown.splits))
    values = {r.indicator.pk: r.figure.value for r in found}
    for r in found:
        reference = values.get(r.indicator.reference_id) if r.indicator.reference_id else None
        target = targets.target_for(
            r.indicator.target_path(), period, None if reference is None else Decimal(str(reference))
        )
        r.target = target
        # A masked figure has no status: compared with a known target it would narrow the masked value.
        r.status = targets.status(r.figure.value, target, r.indicator.direction)
    return found


@dataclass
class GoalSummary:
    goal: Goal
    status: str
    indicators: list[IndicatorResult]
    series: dict[int, list[IndicatorResult]]  # indicator id -> results of the trend's periods, oldest first
    trends: dict[int, str | None]


def dashboard(agreement: Agreement, period: Period, today: date, periods: int = TREND_PERIODS) -> list[GoalSummary]:
    """Each goal with its indicators in `period`, their results over the periods before, and the trend."""
    history = {p.label: results(agreement, p, today) for p in period.previous(periods)}
    now = history[period.label]
    series: dict[int, list[IndicatorResult]] = {}
    for label in history:
        for r in history[label]:
            series.setdefault(r.indicator.pk, []).append(r)
    summaries = []
    for goal in Goal.objects.filter(agreement=agreement):
        own = [r for r in now if r.goal.pk == goal.pk]
        summaries.append(
            GoalSummary(
                goal,
                targets.goal_status([r.status for r in own]),
                own,
                {r.indicator.pk: series[r.indicator.pk] for r in own},
                {
                    r.indicator.pk: targets.trend(
                        [s.figure.value for s in series[r.indicator.pk]], r.indicator.direction
                    )
                    for r in own
                },
            )
        )
    return summaries


# Editing


def indicator_choices() -> list[tuple[str, str]]:
    return [(d.key, str(d.label)) for d in indicators.DEFINITIONS.values()] + [
        (MANUAL, _("Läggs in för hand (med källa och datum)"))
    ]


@transaction.atomic
def save_manual_result(indicator: Indicator, *, period: Period, value, source: str, source_date, user) -> ManualResult:
    if not indicator.is_manual:
        raise ValidationError(
            {"value": _("Indikatorn räknas fram ur Fotfästes uppgifter; resultat läggs inte in för hand.")}
        )
    result, _created = ManualResult.objects.update_or_create(
        indicator=indicator,
        period=period.label,
        defaults={
            "value": value,
            "source": source.strip(),
            "source_date": source_date,
            "entered_by": user,
            "entered_by_name": user.get_full_name() or user.username,
        },
    )
    return result


def goals_of(agreement_ids: Iterable[int]):
    return (
        Goal.objects.filter(agreement_id__in=list(agreement_ids))
        .select_related("agreement")
        .prefetch_related("indicators")
    )

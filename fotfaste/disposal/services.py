"""Disposal runs and reports: which rules apply where, in what order, and the record of each run.

A run takes the categories in their order (KAA register, school records, persons, register
imports) and, within a category, first each municipality's own rule and then the rule for all
municipalities, which skips municipalities with a rule of their own. Each (rule, category) is
one transaction. A report (dry run) does exactly the same inside one transaction that is then
rolled back, so it counts what a run would remove, including persons and imports that only
become disposable once the earlier categories have removed what referred to them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.guard import unrestricted
from fotfaste.registers.models import RUNNING_STATUSES, RegisterImport

from . import categories, rules
from .categories import Category, DisposalError
from .models import DisposalRun, RetentionRule

logger = logging.getLogger(__name__)


class DisposalRefused(DisposalError):
    """The run cannot start now; nothing was done."""


@dataclass(frozen=True)
class Step:
    """One rule applied to one scope: the unit of a transaction."""

    category: Category
    rule: RetentionRule
    municipality: str | None
    exclude: frozenset[str]
    cutoff: date

    def describe(self) -> dict:
        # Only the rule and the scope: this ends up in DisposalRun.rules, which never names a person.
        return {
            "id": self.rule.pk,
            "category": self.category.code,
            "municipality": self.municipality,
            "except": sorted(self.exclude),
            "years": self.rule.years_after_kaa_end,
            "decision_reference": self.rule.decision_reference,
            "cutoff": self.cutoff.isoformat(),
        }


@dataclass(frozen=True)
class Report:
    """What a run on `run_on` would remove, per rule and in total; `run` is its stored record."""

    run_on: date
    municipality: str | None
    steps: list[dict]
    counts: dict[str, dict[str, int]]
    run: DisposalRun

    @property
    def total(self) -> int:
        return self.run.total


def plan(run_on: date, municipality: str | None = None) -> list[Step]:
    """The active rules as steps, in the order a run takes them.

    With `municipality`, only what concerns it: its own rule of each category, or else the
    rule for all municipalities limited to it.
    """
    active = list(RetentionRule.objects.filter(active=True).order_by("municipality_id", "id"))
    steps: list[Step] = []
    for category in categories.all_categories():
        mine = [r for r in active if r.category == category.code]
        own = [r for r in mine if r.municipality_id]
        general = next((r for r in mine if not r.municipality_id), None)
        if municipality:
            rule = next((r for r in own if r.municipality_id == municipality), general)
            if rule:
                steps.append(Step(category, rule, municipality, frozenset(), _cutoff(run_on, rule)))
            continue
        for rule in own:
            steps.append(Step(category, rule, rule.municipality_id, frozenset(), _cutoff(run_on, rule)))
        if general:
            excluded = frozenset(r.municipality_id for r in own)
            steps.append(Step(category, general, None, excluded, _cutoff(run_on, general)))
    return steps


def _cutoff(run_on: date, rule: RetentionRule) -> date:
    return rules.cutoff_date(run_on, rule.years_after_kaa_end)


def _execute(step: Step) -> dict[str, int]:
    counts = step.category.empty_counts()
    # Disposal is the municipality's decision carried out by the system, no user's read: it finds
    # and removes persons' rows directly, and reports counts only.
    with unrestricted("gallring"):
        counts.update(step.category.dispose(step.municipality, step.cutoff, exclude=step.exclude))
    return counts


def _totals(step_results: list[dict]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for result in step_results:
        per_category = totals.setdefault(result["category"], {})
        for what, n in result["counts"].items():
            per_category[what] = per_category.get(what, 0) + n
    return totals


def refuse_future(run_on: date) -> None:
    """Years are counted back from a day that has come: from a later one, a KAA period that ends on the young
    person's 20th birthday to come, and the work done in it, would count as ended long ago."""
    if run_on > timezone.localdate():
        raise DisposalRefused(
            _(
                "Referensdatumet %(datum)s ligger efter i dag. Gallringen räknar bakåt från i dag eller ett tidigare datum."
            )
            % {"datum": run_on.isoformat()}
        )


def report(run_on: date, municipality: str | None = None, *, actor_name: str = "") -> Report:
    """Dry run: what each active rule would remove on `run_on`. Changes nothing but the stored report."""
    refuse_future(run_on)
    started = timezone.now()
    results = []
    with transaction.atomic():
        for step in plan(run_on, municipality):
            results.append({**step.describe(), "counts": _execute(step)})
        transaction.set_rollback(True)
    counts = _totals(results)
    run = DisposalRun.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        run_by_name=actor_name,
        dry_run=True,
        run_on=run_on,
        municipality_id=municipality,
        counts=counts,
        rules=results,
    )
    return Report(run_on=run_on, municipality=municipality, steps=results, counts=counts, run=run)


def dispose(run_on: date, actor_name: str) -> DisposalRun:
    """Dispose what the active rules say, one transaction per rule and category, recording counts as it goes.

    Returns the run's record; if a step fails, that step is rolled back, the run stops and
    `failure` says so (the steps before it stay done and counted).
    """
    refuse_future(run_on)
    if RegisterImport.objects.filter(status__in=RUNNING_STATUSES).exists():
        # An import merging facts at the same time could bring back or depend on rows being removed.
        raise DisposalRefused(_("En registerimport pågår. Gallra när den är klar."))
    steps = plan(run_on)
    run = DisposalRun.objects.create(started_at=timezone.now(), run_by_name=actor_name, dry_run=False, run_on=run_on)
    for step in steps:
        try:
            with transaction.atomic():
                counts = _execute(step)
        except Exception as exc:
            # The log gets the traceback; the record a fixed sentence (an error text could quote data).
            logger.exception("Gallringskörning %s avbröts i regel %s", run.pk, step.rule.pk, exc_info=exc)
            run.failure = _(
                "Gallringen avbröts vid regeln %(beslut)s (%(kategori)s). Det steget ångrades; "
                "stegen före det är gjorda och räknade."
            ) % {"beslut": step.rule.decision_reference, "kategori": step.category.label}
            if isinstance(exc, DisposalError):
                run.failure += " " + str(exc)
            break
        run.rules = [*run.rules, {**step.describe(), "counts": counts}]
        run.counts = _totals(run.rules)
        run.save(update_fields=["rules", "counts"])
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at", "failure"])
    return run


def report_is_current(run: DisposalRun) -> bool:
    """Whether a run now would use the same rules, scopes and cutoffs as this report did."""
    if not run.dry_run or run.municipality_id:
        return False
    now = [step.describe() for step in plan(run.run_on)]
    then = [{k: v for k, v in step.items() if k != "counts"} for step in run.rules]
    return now == then


def save_rule(rule: RetentionRule, *, by) -> RetentionRule:
    if rule.pk is None and getattr(by, "is_authenticated", False):
        rule.created_by = by
    rule.save()
    return rule

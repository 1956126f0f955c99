"""Rows for the templates and the command, from rules and from a run's stored counts.

A run is shown from its own record, so an old report reads the same even after its rules
were changed or a category was removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from fotfaste.reference.models import Municipality

from . import categories
from .models import DisposalRun, RetentionRule


@dataclass(frozen=True)
class RuleRow:
    rule: RetentionRule
    category_label: str
    municipality_label: str
    retention: str


def rule_row(rule: RetentionRule) -> RuleRow:
    category = categories.find(rule.category)
    years = rule.years_after_kaa_end
    counted_from = category.counted_from if category else _("att KAA upphörde")
    retention = (_("%(n)s år efter %(fran)s") if years != 1 else _("1 år efter %(fran)s")) % {
        "n": years,
        "fran": counted_from,
    }
    return RuleRow(
        rule=rule,
        category_label=str(category.label) if category else rule.category,
        municipality_label=str(rule.municipality) if rule.municipality_id else _("Alla"),
        retention=retention,
    )


@dataclass(frozen=True)
class StepRow:
    category_label: str
    municipality_label: str
    years: int
    decision_reference: str
    cutoff: date
    items: list[tuple[str, int]]
    total: int


def _ordered_items(code: str, counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, number) in the category's own order; PostgreSQL's jsonb does not keep key order."""
    category = categories.find(code)
    known = [(key, str(label)) for key, label in category.what] if category else []
    items = [(label, counts[key]) for key, label in known if key in counts]
    known_keys = {key for key, _label in known}
    return items + [(key, n) for key, n in sorted(counts.items()) if key not in known_keys]


def _municipality_label(step: dict, names: dict[str, str]) -> str:
    code = step.get("municipality")
    if code:
        return names.get(code, code)
    if step.get("except"):
        return _("Alla utom %(kommuner)s") % {"kommuner": ", ".join(names.get(c, c) for c in step["except"])}
    return _("Alla")


def step_rows(run: DisposalRun) -> list[StepRow]:
    codes = {step.get("municipality") for step in run.rules} | {c for step in run.rules for c in step.get("except", [])}
    names = dict(Municipality.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name"))
    rows = []
    for step in run.rules:
        category = categories.find(step["category"])
        items = _ordered_items(step["category"], step["counts"])
        rows.append(
            StepRow(
                category_label=str(category.label) if category else step["category"],
                municipality_label=_municipality_label(step, names),
                years=step["years"],
                decision_reference=step["decision_reference"],
                cutoff=date.fromisoformat(step["cutoff"]),
                items=items,
                total=sum(step["counts"].values()),
            )
        )
    return rows


@dataclass(frozen=True)
class RunSummary:
    run: DisposalRun
    items: list[tuple[str, int]]


def run_summary(run: DisposalRun) -> RunSummary:
    """The run's totals per category, as (label, number) with the category named once."""
    order = {c.code: i for i, c in enumerate(categories.all_categories())}
    items = []
    for code in sorted(run.counts, key=lambda c: (order.get(c, len(order)), c)):
        category = categories.find(code)
        name = str(category.label) if category else code
        items.extend((f"{name}: {label}", n) for label, n in _ordered_items(code, run.counts[code]))
    return RunSummary(run=run, items=items)

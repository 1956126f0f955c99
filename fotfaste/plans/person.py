"""The person page's plan section: the open joint plan the viewer may see, and what needs attention."""

from __future__ import annotations

from fotfaste.access.scope import scope_for

from . import rules, services


def plan_section(actor, person, sharing, today):
    if not scope_for(actor.user).unit_ids:
        return None
    plans = services.visible_plans(actor, person, sharing)
    rows = []
    for plan in plans:
        measures = list(plan.measures.all())
        items = rules.documentation_items(plan, measures)
        rows.append(
            {
                "plan": plan,
                "measures": [(m, rules.stalled(m, today)) for m in measures],
                "complete": rules.documentation_complete(items),
                "missing": [i for i in items if i.state == rules.MISSING],
                "due_for_revision": rules.due_for_revision(plan, today),
            }
        )
    return {"plans": rows, "may_create": not plans}

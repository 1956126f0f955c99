"""The person page's section: the programmes the person is or soon will be eligible for, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fotfaste.access.services import Actor
from fotfaste.core.dates import add_months

from . import board, services

# AF's sökandekategorier named in seed 000 §7.1.2.
CATEGORY_LABELS = {
    "11": "arbetslös, aktivt sökande",
    "14": "inte aktivt sökande",
    "21": "deltidsarbetslös",
    "22": "timanställd",
    "31": "anställd, söker annat arbete",
    "41": "anställd, söker annat arbete",
    "69": "jobbgarantin för ungdomar",
    "70": "jobb- och utvecklingsgarantin",
    "79": "jobb- och utvecklingsgarantin",
}


@dataclass(frozen=True)
class ShownSpell:
    start: date
    end: date | None
    category: str

    @property
    def label(self) -> str:
        text = CATEGORY_LABELS.get(self.category)
        return f"({text})" if text else ""


def programmes_section(actor: Actor, person, sharing, today: date) -> dict | None:
    agreements = services.agreement_ids(actor.user)
    if not agreements:
        return None
    programmes = services.programmes_for(agreements)
    # The spells are shown too, so they are read even when no rule asks for them.
    facts = services.known_facts(actor, person, today, sharing, needs=services.needs_of(programmes) | {"spells"})
    assessments = services.assess(programmes, facts, today)
    soon_until = add_months(today, services.SOON_MONTHS)
    now = [a for a in assessments if a.result.eligible]
    soon = [a for a in assessments if a.result.becomes_eligible and a.result.becomes_eligible <= soon_until]
    others = [a for a in assessments if a not in now and a not in soon]
    # The spells the viewer may know: the same facts the rules used (their consents are logged).
    spells = None
    if facts.spells is not None:
        spells = [
            ShownSpell(s.start, s.end, s.category) for s in sorted(facts.spells, key=lambda s: s.start, reverse=True)
        ]
    routines = board.person_routines(actor, person, today, now + soon)
    return {"today": today, "now": now, "soon": soon, "others": others, "spells": spells, "routines": routines}

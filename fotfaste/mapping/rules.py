"""The mapping's rules: the default need levels, who may record sensitive barriers, need-level counts.

Plain data and pure functions, except `levels_for`, which reads an agreement's own levels.
docs/mapping.md explains them in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fotfaste.consent.models import InformationKind
from fotfaste.consent.rules import may_hold


@dataclass(frozen=True)
class DefaultLevel:
    """A need level as plain data, with the same attributes as a stored `NeedLevel`."""

    code: str
    name: str
    description: str
    order: int
    share: float  # Eslöv's estimate of the share of the target group at this level
    active: bool = True


# Eslöv's four need groups (the agreement's analysis of the whole target group: 30 % / 50 % / 15 % / 5 %).
# They apply to every agreement that has not set its own levels.
DEFAULT_LEVELS: tuple[DefaultLevel, ...] = (
    DefaultLevel(
        "begransad",
        "Begränsad samordnad service",
        "Kan med relativt begränsad samordnad service gå vidare till arbete eller utbildning.",
        1,
        0.30,
    ),
    DefaultLevel(
        "samordnade_insatser",
        "Samordnade insatser i 4–8 månader",
        "Behöver samordnade insatser under en medellång period (4–8 månader) för att komma i arbete eller utbildning.",
        2,
        0.50,
    ),
    DefaultLevel(
        "omfattande",
        "Långsiktigt och omfattande stöd",
        "Behöver mycket långsiktiga och omfattande stödinsatser.",
        3,
        0.15,
    ),
    DefaultLevel(
        "ej_tillganglig",
        "Inte tillgänglig för arbete just nu",
        "Bedöms efter fördjupad utredning inte ha resurser att stå till arbetsmarknadens förfogande just nu.",
        4,
        0.05,
    ),
)


def levels_for(agreement, *, active_only: bool = False) -> list:
    """The agreement's own need levels in order, or the default four when it has none.

    Both are returned with the same attributes (code, name, description, order, active).
    """
    from .models import NeedLevel

    own = list(NeedLevel.objects.filter(agreement=agreement).order_by("order", "pk")) if agreement else []
    levels = own or list(DEFAULT_LEVELS)
    return [level for level in levels if level.active or not active_only]


def are_defaults(levels: Sequence) -> bool:
    """Whether `levels` are the defaults as they are (stored unchanged when a first mapping needed them)."""

    def key(level) -> tuple:
        return (level.code, level.name, level.description, level.order, level.active)

    return [key(lv) for lv in levels] == [key(d) for d in DEFAULT_LEVELS]


def may_record_sensitive(user_roles_in_unit: set[str], unit_roles: set[str]) -> bool:
    """Whether a user may record sensitive barriers (health, disability, substance use) for a unit:
    health information, by the one rule of fotfaste.consent.rules.may_hold."""
    return may_hold(InformationKind.HEALTH, party_kind="", user_roles=user_roles_in_unit, unit_roles=unit_roles)


def _recency(mapping) -> tuple:
    return (mapping.talk_date, mapping.created_at, getattr(mapping, "pk", None) or 0)


def latest_per_person(mappings: Iterable) -> dict[int, object]:
    """Each person's latest mapping, whichever unit made it: by talk date, then when it was recorded."""
    latest: dict[int, object] = {}
    for m in mappings:
        current = latest.get(m.person_id)
        if current is None or _recency(m) > _recency(current):
            latest[m.person_id] = m
    return latest


def need_level_counts(mappings: Iterable, levels: Sequence | None = None) -> dict[str | None, int]:
    """How many persons are at each need level, counting each person's latest mapping once.

    A mapping is anything with `person_id`, `talk_date`, `created_at` and `need_level_code` (None when
    no level was set). With `levels`, every one of their codes is in the result in their order, zero
    when nobody is at it; a level not among them (say, one since removed) still counts. None counts the
    persons whose latest mapping set no level, and is present only when there are such persons.
    """
    counts: dict[str | None, int] = {level.code: 0 for level in levels or ()}
    for m in latest_per_person(mappings).values():
        counts[m.need_level_code] = counts.get(m.need_level_code, 0) + 1
    return counts

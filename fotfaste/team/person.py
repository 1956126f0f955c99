"""The person page's team section, as one viewer may see it."""

from __future__ import annotations

from datetime import date

from fotfaste.access.services import Actor
from fotfaste.access.sharing import Sharing

from .services import team_for


def team_section(actor: Actor, person, sharing: Sharing, today: date) -> dict:
    return {
        "members": team_for(actor, person, sharing, today),
        "own_unit_ids": sharing.own_unit_ids,
        "may_add": bool(sharing.own_unit_ids),
    }

"""The person page's fund section: the grants the viewer may see, and whether they may ask for one."""

from __future__ import annotations

from datetime import date

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor
from fotfaste.access.sharing import Sharing

from . import services


def fund_section(actor: Actor, person, sharing: Sharing, today: date) -> dict | None:
    """None for a viewer without a casework unit: the fund is casework."""
    if not scope_for(actor.user).unit_ids:
        return None
    return {
        "grants": services.grants_for(actor, person, sharing),
        "may_request": bool(services.requester_units(actor.user)),
    }

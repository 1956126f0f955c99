"""The person page's mapping section: the latest mapping of each unit the viewer may see."""

from __future__ import annotations

from datetime import date

from fotfaste.access.services import Actor
from fotfaste.access.sharing import Sharing

from .services import current_mappings


def mapping_section(actor: Actor, person, sharing: Sharing, today: date) -> dict | None:
    if not sharing.own_unit_ids:
        return None
    # Every casework unit may map the person; which unit's mapping a viewer sees is for the service to say.
    return {"mappings": current_mappings(actor, person, sharing), "may_map": True}

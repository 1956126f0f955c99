"""The person page's section of what the parties know, as one viewer may see it."""

from __future__ import annotations

from datetime import date

from fotfaste.access.services import Actor
from fotfaste.access.sharing import Sharing

from . import services


def records_section(actor: Actor, person, sharing: Sharing, today: date) -> dict:
    return {
        "records": services.records_for(actor, person, sharing),
        "may_add": bool(services.recordable(actor.user)),
    }

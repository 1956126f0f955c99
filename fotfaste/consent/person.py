"""The person page's consents section, as one viewer may see it."""

from __future__ import annotations

from datetime import date

from fotfaste.access.services import Actor
from fotfaste.access.sharing import Sharing

from . import services
from .models import ConsentStatus


def consents_section(actor: Actor, person, sharing: Sharing, today: date) -> dict:
    """The consents the viewer may see, each with its status today and whose confirmation it waits for."""
    consents = list(services.visible_consents(actor.user, person.pk))
    return {
        "consents": [(c, _status(c, today), services.waiting_for(c)) for c in consents],
        "may_record": services.may_record(actor.user),
    }


def _status(consent, today: date) -> tuple[str, str]:
    status = services.status_today(consent, today)
    return status, str(ConsentStatus(status).label)

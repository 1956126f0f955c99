"""The person page's consent, team and party-records sections, as one viewer may see them."""

from __future__ import annotations

from datetime import date

from fotfaste.access.services import Actor
from fotfaste.access.sharing import Sharing
from fotfaste.records import services as records
from fotfaste.team.services import TEAM_KIND, team_for

from . import services
from .models import ConsentStatus


def sharing_section(actor: Actor, person, sharing: Sharing, today: date, involvements) -> dict:
    """Consents, team and records for the page, and the involvements the viewer may know of."""
    consents = list(services.visible_consents(actor.user, person.pk))
    return {
        "consents": [(c, _status(c, today)) for c in consents],
        "team": team_for(actor, person, sharing, today),
        "records": records.records_for(actor, person, sharing),
        "may_record": services.may_record(actor.user),
        "may_add_record": bool(records.recordable(actor.user)),
        # That another unit works with the person is itself secret without a consent.
        "involvements": [i for i in involvements if sharing.allows(TEAM_KIND, i.unit_id, i.unit.party_id)],
    }


def _status(consent, today: date) -> tuple[str, str]:
    status = services.status_today(consent, today)
    return status, str(ConsentStatus(status).label)

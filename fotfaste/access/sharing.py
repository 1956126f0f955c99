"""Consent in the access mechanism: what of another unit's information a user may see.

Information belongs to the unit that recorded it. A user sees their own units' information
about any person they may see. Another unit's information of kind K they see only through a
consent in force that covers K, names the user's unit (or its whole party), and names the
owning unit (or its whole party). Without such a consent the information does not exist for
them: not even that the other unit knows the person.

`visible_persons` uses `consents_for_viewer` for identity; a page about one person builds a
`Sharing` (a handful of rows) and asks it per record. Every use of a consent is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from fotfaste.consent.models import KIND_FIELDS, Consent, ConsentRecipient, ConsentStatus


def consents_in_force(on: date) -> QuerySet[Consent]:
    """Given, started, not past the last day, not withdrawn (withdrawal takes effect at once)."""
    return Consent.objects.filter(status=ConsentStatus.GIVEN, valid_from__lte=on, withdrawn_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def _names_viewer(scope) -> Q:
    return Q(unit_id__in=scope.unit_ids) | Q(unit__isnull=True, party_id__in=scope.party_ids)


def consents_for_viewer(scope, on: date, kind: str) -> QuerySet[Consent]:
    """Consents in force that share `kind` with one of the viewer's casework units."""
    names_viewer = ConsentRecipient.objects.filter(_names_viewer(scope), consent=OuterRef("pk"))
    return consents_in_force(on).filter(Exists(names_viewer), **{KIND_FIELDS[kind]: True})


def visible_records(scope, on: date, kind: str, *, person: str = "person", unit: str = "unit") -> Q:
    """For a queryset of records owned by a unit: the viewer's own units' records, and others' under consent.

    The set-based twin of `Sharing.consent_for`, for lists over many persons; `person` and `unit`
    are the record's paths to its person and owning unit. The caller still limits the persons to
    `visible_persons`.
    """
    names_owner = ConsentRecipient.objects.filter(consent=OuterRef("pk")).filter(
        Q(unit_id=OuterRef(OuterRef(f"{unit}_id")))
        | Q(unit__isnull=True, party_id=OuterRef(OuterRef(f"{unit}__party_id")))
    )
    shared = consents_for_viewer(scope, on, kind).filter(Exists(names_owner), person_id=OuterRef(f"{person}_id"))
    return Q(**{f"{unit}_id__in": scope.unit_ids}) | Q(Exists(shared))


@dataclass(frozen=True)
class SharedUnder:
    """One consent in force that names the viewer: its kinds and all the parties and units it names."""

    consent_id: int
    kinds: frozenset[str]
    recipients: tuple[tuple[int, int | None], ...]  # (party id, unit id or None for the whole party)

    def names(self, unit_id: int, party_id: int) -> bool:
        return any(p == party_id and (u is None or u == unit_id) for p, u in self.recipients)


@dataclass
class Sharing:
    """What one viewer may see of one person's information held by other units, on one day."""

    own_unit_ids: frozenset[int]
    consents: list[SharedUnder] = field(default_factory=list)

    def consent_for(self, kind: str, unit_id: int, party_id: int) -> int | None:
        """The consent that opens `kind` held by the unit to the viewer, or None."""
        for c in self.consents:
            if kind in c.kinds and c.names(unit_id, party_id):
                return c.consent_id
        return None

    def allows(self, kind: str, unit_id: int, party_id: int) -> bool:
        return unit_id in self.own_unit_ids or self.consent_for(kind, unit_id, party_id) is not None


def sharing_for(scope, person_id: int, on: date) -> Sharing:
    """The consents in force for the person that name the viewer, with their recipients: two queries."""
    sharing = Sharing(own_unit_ids=scope.unit_ids)
    if not scope.unit_ids:
        return sharing
    names_viewer = ConsentRecipient.objects.filter(_names_viewer(scope), consent=OuterRef("pk"))
    consents = list(consents_in_force(on).filter(Exists(names_viewer), person_id=person_id))
    if not consents:
        return sharing
    recipients: dict[int, list[tuple[int, int | None]]] = {}
    for consent_id, party_id, unit_id in ConsentRecipient.objects.filter(consent__in=consents).values_list(
        "consent_id", "party_id", "unit_id"
    ):
        recipients.setdefault(consent_id, []).append((party_id, unit_id))
    sharing.consents = [SharedUnder(c.pk, frozenset(c.kinds), tuple(recipients.get(c.pk, ()))) for c in consents]
    return sharing

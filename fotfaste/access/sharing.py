"""Consent in the access mechanism: what of another unit's information a user may see.

Information belongs to the unit that recorded it (its holder). A user sees their own units'
information about any person they may see. Another unit's information of kind K they see only
through a consent in force that covers K, names the user's unit (or its whole party), names the
holder (or its whole party) — and that the holder has confirmed: the holder decides what it
discloses. Without that the information does not exist for them: not even that the other unit
knows the person.

`grounds.restrict` uses `grounds.identity_consents` for identity; a page about one person builds a
`Sharing` (a handful of rows) and asks it per record. Every use of a consent is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q

from fotfaste.consent.models import KIND_FIELDS, ConsentConfirmation, ConsentRecipient

from .grounds import consents_in_force, names_viewer


def consents_for_viewer(scope, on: date, kind: str):
    """Consents in force that share `kind` with one of the viewer's casework units."""
    named = ConsentRecipient.objects.filter(names_viewer(scope), consent=OuterRef("pk"))
    return consents_in_force(on).filter(Exists(named), **{KIND_FIELDS[kind]: True})


def visible_records(scope, on: date, kind: str, *, person: str = "person", unit: str = "unit") -> Q:
    """For a queryset of records held by a unit: the viewer's own units' records, and others' that the
    holder disclosed under a consent.

    The set-based twin of `Sharing.consent_for`, for lists over many persons; `person` and `unit`
    are the record's paths to its person and holding unit. The caller still limits the persons to
    `restrict`.
    """
    names_holder = ConsentRecipient.objects.filter(consent=OuterRef("pk")).filter(
        Q(unit_id=OuterRef(OuterRef(f"{unit}_id")))
        | Q(unit__isnull=True, party_id=OuterRef(OuterRef(f"{unit}__party_id")))
    )
    confirmed = ConsentConfirmation.objects.filter(consent=OuterRef("pk"), unit_id=OuterRef(OuterRef(f"{unit}_id")))
    shared = consents_for_viewer(scope, on, kind).filter(
        Exists(names_holder), Exists(confirmed), person_id=OuterRef(f"{person}_id")
    )
    return Q(**{f"{unit}_id__in": scope.unit_ids}) | Q(Exists(shared))


@dataclass(frozen=True)
class SharedUnder:
    """One consent in force that names the viewer: its kinds, whom it names, who has confirmed it."""

    consent_id: int
    kinds: frozenset[str]
    recipients: tuple[tuple[int, int | None], ...]  # (party id, unit id or None for the whole party)
    confirmed_units: frozenset[int] = frozenset()

    def names(self, unit_id: int, party_id: int) -> bool:
        return any(p == party_id and (u is None or u == unit_id) for p, u in self.recipients)

    def discloses(self, kind: str, unit_id: int, party_id: int) -> bool:
        """The holder `unit_id` discloses `kind` under this consent: named, and confirmed by it."""
        return kind in self.kinds and unit_id in self.confirmed_units and self.names(unit_id, party_id)


@dataclass
class Sharing:
    """What one viewer may see of one person's information held by other units, on one day."""

    own_unit_ids: frozenset[int]
    consents: list[SharedUnder] = field(default_factory=list)

    def consent_for(self, kind: str, unit_id: int, party_id: int) -> int | None:
        """The consent under which the holder discloses `kind` to the viewer, or None."""
        for c in self.consents:
            if c.discloses(kind, unit_id, party_id):
                return c.consent_id
        return None

    def allows(self, kind: str, unit_id: int, party_id: int) -> bool:
        return unit_id in self.own_unit_ids or self.consent_for(kind, unit_id, party_id) is not None


def sharing_for(scope, person_id: int, on: date) -> Sharing:
    """The consents in force for the person that name the viewer, with whom they name and who has
    confirmed them: three small queries."""
    sharing = Sharing(own_unit_ids=scope.unit_ids)
    if not scope.unit_ids:
        return sharing
    named = ConsentRecipient.objects.filter(names_viewer(scope), consent=OuterRef("pk"))
    consents = list(consents_in_force(on).filter(Exists(named), person_id=person_id))
    if not consents:
        return sharing
    recipients: dict[int, list[tuple[int, int | None]]] = {}
    for consent_id, party_id, unit_id in ConsentRecipient.objects.filter(consent__in=consents).values_list(
        "consent_id", "party_id", "unit_id"
    ):
        recipients.setdefault(consent_id, []).append((party_id, unit_id))
    confirmed: dict[int, set[int]] = {}
    for consent_id, unit_id in ConsentConfirmation.objects.filter(consent__in=consents).values_list(
        "consent_id", "unit_id"
    ):
        confirmed.setdefault(consent_id, set()).add(unit_id)
    sharing.consents = [
        SharedUnder(c.pk, frozenset(c.kinds), tuple(recipients.get(c.pk, ())), frozenset(confirmed.get(c.pk, ())))
        for c in consents
    ]
    return sharing


def disclosed_by(scope, on: date, kinds, person_ids) -> dict[str, dict[int, dict[int, tuple[int, int, str]]]]:
    """For many persons at once: kind -> person id -> {holding unit id: (consent id, holder's party id,
    holder's party kind)} for each holder that discloses the kind to the viewer under a consent it confirmed.

    The set-based twin of `Sharing.consent_for` for facts that are not records with a person key (a unit's
    register rows keyed by personnummer): three queries whatever the number of persons and kinds.
    """
    kinds = list(kinds)
    found: dict[str, dict[int, dict[int, tuple[int, int, str]]]] = {kind: {} for kind in kinds}
    ids = list(person_ids)
    if not ids or not scope.unit_ids:
        return found
    named = ConsentRecipient.objects.filter(names_viewer(scope), consent=OuterRef("pk"))
    covering = Q()
    for kind in kinds:
        covering |= Q(**{KIND_FIELDS[kind]: True})
    consents = {
        row[0]: row
        for row in consents_in_force(on)
        .filter(Exists(named), covering, person_id__in=ids)
        .values_list("pk", "person_id", *(KIND_FIELDS[kind] for kind in kinds))
    }
    recipients: dict[int, list[tuple[int, int | None]]] = {}
    for consent_id, party_id, unit_id in ConsentRecipient.objects.filter(consent_id__in=list(consents)).values_list(
        "consent_id", "party_id", "unit_id"
    ):
        recipients.setdefault(consent_id, []).append((party_id, unit_id))
    for consent_id, unit_id, party_id, party_kind in ConsentConfirmation.objects.filter(
        consent_id__in=list(consents)
    ).values_list("consent_id", "unit_id", "unit__party_id", "unit__party__kind"):
        row = consents[consent_id]
        covered = frozenset(kind for kind, flag in zip(kinds, row[2:], strict=True) if flag)
        shared = SharedUnder(consent_id, covered, tuple(recipients.get(consent_id, ())), frozenset({unit_id}))
        for kind in covered:
            if shared.discloses(kind, unit_id, party_id):
                found[kind].setdefault(row[1], {}).setdefault(unit_id, (consent_id, party_id, party_kind))
    return found

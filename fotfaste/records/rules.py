"""Who may record which kind of information: the one rule in fotfaste.consent.rules.may_hold."""

from fotfaste.consent.rules import may_hold

from .models import RECORD_KINDS


def kinds_unit_may_record(party_kind: str, user_roles: set[str], unit_roles: set[str]) -> list[str]:
    """The kinds a user holding `user_roles` in a unit (of a party of `party_kind`, whose members hold
    `unit_roles`) may record as the unit's own information."""
    return [
        kind
        for kind, _label in RECORD_KINDS
        if may_hold(kind, party_kind=party_kind, user_roles=user_roles, unit_roles=unit_roles)
    ]

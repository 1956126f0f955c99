"""Who may record which kind of information: plain data, read off in docs/consent.md."""

from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import PartyKind
from fotfaste.orgs.roles import Role


def kinds_unit_may_record(party_kind: str, roles: set[str]) -> list[str]:
    """The kinds a user may record for a unit of a party of `party_kind`, holding `roles` there.

    AF registration only from an AF office; income support only by social services' case officers;
    health by any casework role except KAA, whose documentation must hold no sensitive data.
    """
    kinds = [InformationKind.OCCUPATION_PLAN.value]
    if party_kind == PartyKind.EMPLOYMENT_SERVICE:
        kinds.append(InformationKind.EMPLOYMENT_SERVICE.value)
    if Role.SOCIAL_WORKER in roles:
        kinds.append(InformationKind.INCOME_SUPPORT.value)
    if roles - {Role.KAA}:
        kinds.append(InformationKind.HEALTH.value)
    return kinds

"""The roles a user can hold in a unit (docs/roles.md) and what each may do.

Rules here are plain data and pure functions so the permission matrix in
docs/roles.md can be read off and tested without a database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    KAA = "kaa", _("KAA-handläggare")
    GUIDANCE = "syv", _("Studie- och yrkesvägledare")
    MENTOR = "mentor", _("Mentor")
    LABOUR_MARKET = "arbetsmarknad", _("Arbetsmarknadshandläggare")
    SOCIAL_WORKER = "socialsekreterare", _("Socialsekreterare")
    EMPLOYMENT_OFFICER = "arbetsformedlare", _("Arbetsförmedlare")
    COORDINATOR = "samordnare", _("Ungdomssamordnare")
    EMPLOYER_LIAISON = "arbetsgivarkontakt", _("Arbetsgivarkontakt")
    STEERING = "styrgrupp", _("Styrgrupp/chef")
    ADMIN = "admin", _("Systemadministratör")


# Roles that carry a legal duty towards every young person in their party's municipality's KAA
# register (skollagen 29:9): the duty is their ground to see those persons (fotfaste.access.grounds).
DUTY_ROLES = frozenset({Role.KAA})

# Roles that never see an individual: aggregates only.
AGGREGATE_ONLY_ROLES = frozenset({Role.STEERING})

# Roles that administer agreements, units and users; they see no person by virtue of it.
ADMIN_ROLES = frozenset({Role.ADMIN})

# Every other role sees the persons its own unit works with.
CASEWORK_ROLES = frozenset(Role) - AGGREGATE_ONLY_ROLES - ADMIN_ROLES


def sees_persons(roles: set[str]) -> bool:
    return any(r in CASEWORK_ROLES for r in roles)


def is_administrator(roles: set[str]) -> bool:
    return any(r in ADMIN_ROLES for r in roles)

"""Which candidacies a user may see: the one rule course.py, matching.py and the pages share.

A candidacy is information of the kind "sysselsattning_plan" held by the unit that proposed the person:
others see it only under a consent, and only for persons the user may see at all.
"""

from __future__ import annotations

from datetime import date

from fotfaste.access.grounds import restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.sharing import visible_records
from fotfaste.consent.models import InformationKind

from .models import Candidate
from .register import agreement_ids

KIND = InformationKind.OCCUPATION_PLAN


def visible(user, day: date):
    """The candidacies `user` may see on `day`: their units', others' under consent, persons in restrict()."""
    scope = scope_for(user)
    return Candidate.objects.filter(
        visible_records(scope, day, KIND),
        person__in=restrict(user, on=day),
        placement__employer__agreement_id__in=agreement_ids(user),
    )

"""Ended candidacies with their follow-ups: this app's part of the disposal category `samverkan`
(fotfaste.disposal.collaboration), registered from the app's ready(). The placements and employers are the
collaboration's records about organisations, not about young people, and stay."""

from django.db.models import Q

from fotfaste.disposal.categories import delete
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import Candidate, Stage


def _ended_candidacies(scope: Scope) -> dict[str, int]:
    # Ended before the cutoff: by its last day, or (no last day recorded) by its last change.
    ended = Candidate.objects.filter(person__in=scope.persons, stage__in=[Stage.ENDED, Stage.WITHDRAWN]).filter(
        Q(ended_on__lt=scope.cutoff) | Q(ended_on__isnull=True, updated_at__lt=scope.start)
    )
    per_model = delete(ended, allowed={"employers.CandidateFollowUp"})
    return {"placement_candidacies": per_model.get(Candidate._meta.label, 0)}


register_part(Part("employers", 80, _ended_candidacies))

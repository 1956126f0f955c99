"""Ended participations in programmes with their contracts, the contracts' follow-ups, the step history and the
selection decisions about them: this app's part of the disposal category `samverkan`
(fotfaste.disposal.collaboration), registered from the app's ready(). A selection itself (its rationale and who
decided) is the programme's record, not the person's, and stays."""

from django.db.models import Q

from fotfaste.disposal.categories import delete
from fotfaste.disposal.collaboration import Part, Scope, register_part

from .models import CLOSED_STATUSES, Contract, Participation


def _ended_participations(scope: Scope) -> dict[str, int]:
    # Ended before the cutoff: by its last day, or (not selected, declined: no last day) by its last change.
    ended = Participation.objects.filter(person__in=scope.persons, status__in=sorted(CLOSED_STATUSES)).filter(
        Q(ended_on__lt=scope.cutoff) | Q(ended_on__isnull=True, updated_at__lt=scope.start)
    )
    per_model = delete(
        ended,
        allowed={
            "programmes.Contract",
            "programmes.ContractFollowUp",
            "programmes.StepMove",
            "programmes.SelectionDecision",
        },
    )
    return {
        "participations": per_model.get("programmes.Participation", 0),
        "contracts": per_model.get(Contract._meta.label, 0),
    }


register_part(Part("programmes", 75, _ended_participations))

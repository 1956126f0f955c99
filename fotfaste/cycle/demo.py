"""Demo annual cycle: the default wheel for both demo agreements, this year's and next year's occurrences
with demo users responsible, and the past ones done — but those due in the last month, left for the demo
users to mark, so that Mina uppgifter has cycle items after `make run`."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from . import services
from .models import CycleOccurrence

DONE_NOTE = "Genomfört enligt plan."
LEFT_OPEN_DAYS = 30


def demo_step(run) -> None:
    from fotfaste.core.demo import LEKEBERG_AGREEMENT
    from fotfaste.orgs.models import Agreement

    today = run.today
    activities = occurrences = 0
    for agreement in Agreement.objects.filter(cycle_activities__isnull=True).order_by("name").distinct():
        activities += services.load_default_wheel(agreement)
        for year in (today.year, today.year + 1):
            occurrences += services.generate_year(agreement, year)
        if agreement.name == LEKEBERG_AGREEMENT:
            # Lekeberg's demo has one login, its KAA caseworker, who answers for all of its small wheel.
            CycleOccurrence.objects.filter(activity__agreement=agreement, responsible__isnull=True).update(
                responsible=run.users["kaa.lekeberg"]
            )
    past = CycleOccurrence.objects.filter(due_on__lt=today - timedelta(days=LEFT_OPEN_DAYS), done_on__isnull=True)
    for occurrence in past.select_related("responsible"):
        who = occurrence.responsible or run.users["samordnare"]
        CycleOccurrence.objects.filter(pk=occurrence.pk).update(
            done_on=occurrence.due_on, done_by=who, done_by_name=who.display_name(), note=DONE_NOTE
        )
    run.counts["arshjul"] = occurrences
    run.lines.append(
        _("Årshjul: %(aktiviteter)d aktiviteter och %(tillfallen)d tillfällen i år och nästa år")
        % {"aktiviteter": activities, "tillfallen": occurrences}
    )

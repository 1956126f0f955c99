"""The change list after an import: who entered the KAA register and who left it, and why.

"Since the last import" means: covered on the previous import's date according
to the register before this import, compared with covered on this import's date
(never earlier than the previous one's) according to the register after it. That catches both new facts (a dropout
reported) and the passing of time (a 20th birthday in between).
"""

from __future__ import annotations

from datetime import date, timedelta

from fotfaste.core.bulk import insert_rows

from .models import Direction, KaaChange, KaaPeriod

# A person no longer counted as covered on the earlier date, because the new facts say they never were.
CORRECTED = "rattad"

CHUNK = 5000


def covered_on(municipality: str, day: date) -> set[int]:
    return set(
        KaaPeriod.objects.filter(municipality_id=municipality, start_date__lte=day, end_date__gte=day).values_list(
            "person_id", flat=True
        )
    )


def record(imp, covered_before: set[int], day: date) -> tuple[int, int]:
    """Store the import's change list as of `day`; returns (entered, left)."""
    municipality = imp.municipality_id
    covered_after = covered_on(municipality, day)
    entered = sorted(covered_after - covered_before)
    left = sorted(covered_before - covered_after)
    rows: list[tuple] = []
    for i in range(0, len(entered), CHUNK):
        chunk = entered[i : i + CHUNK]
        periods = KaaPeriod.objects.filter(
            municipality_id=municipality, person_id__in=chunk, start_date__lte=day, end_date__gte=day
        ).values_list("person_id", "start_reason", "start_date")
        rows.extend((pid, Direction.ENTERED, reason, start) for pid, reason, start in periods)
    for i in range(0, len(left), CHUNK):
        chunk = left[i : i + CHUNK]
        latest: dict[int, tuple[str, date]] = {}
        for pid, reason, end in (
            KaaPeriod.objects.filter(municipality_id=municipality, person_id__in=chunk, end_date__lt=day)
            .order_by("person_id", "end_date")
            .values_list("person_id", "end_reason", "end_date")
        ):
            latest[pid] = (reason, end + timedelta(days=1))
        rows.extend((pid, Direction.LEFT, *latest.get(pid, (CORRECTED, None))) for pid in chunk)
    insert_rows(KaaChange, ("person_id", "direction", "reason", "day"), rows, extra={"register_import_id": imp.pk})
    return len(entered), len(left)

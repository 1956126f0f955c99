"""Demo fund: Örebro's budget lines for economic barriers and a dozen grants in every state.

The grants are for young people in the youth coordinators' own caseload, so the demo
`samordnare` (the default approver) finds the requested ones in the queue at /fonden/. They are
requested by the KAA unit (which sees all of Örebro's young people) and by social services
(which is given an involvement with the person, as it works with them). Like the rest of the demo
data everything comes from the one `random.Random` passed in, in a fixed order, with the date
passed in.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person

from .models import BudgetLine, Grant, GrantPurpose, GrantStatus

# (name, amount in kronor): the seed's pott, split the way the collaboration group budgets it.
LINES = (
    ("Ekonomiska hinder – resor", 40_000),
    ("Ekonomiska hinder – arbetskläder och utrustning", 30_000),
    ("Ekonomiska hinder – kortare utbildningar", 60_000),
)
# Which line each purpose is paid from, a typical description and an amount range.
PURPOSES = {
    GrantPurpose.TRAVEL_CARD: (0, "Månadskort för buss till praktikplatsen de första två månaderna.", (600, 1_300)),
    GrantPurpose.WORK_CLOTHES: (1, "Skyddsskor och arbetsbyxor inför praktik på lager.", (700, 1_800)),
    GrantPurpose.SHORT_COURSE: (2, "Truckkort A+B inför anställning som lagerarbetare.", (2_500, 5_500)),
    GrantPurpose.EQUIPMENT: (1, "Begagnad cykel för att ta sig till arbetet tidiga morgnar.", (1_000, 2_500)),
    GrantPurpose.OTHER: (0, "Tågresa till anställningsintervju i Stockholm.", (300, 900)),
}
# Twelve grants: mostly waiting for a decision, so the queue has something in it.
STATUSES = (
    [GrantStatus.REQUESTED] * 5
    + [GrantStatus.APPROVED] * 3
    + [GrantStatus.PAID] * 2
    + [GrantStatus.REJECTED, GrantStatus.WITHDRAWN]
)
REJECTION = "Kortet betalas redan av Arbetsförmedlingen under programmet."


def add_demo_fund(
    rng: random.Random,
    today: date,
    persons: Sequence[Person],
    units: Mapping[str, Unit],
    users: Mapping[str, object],
) -> dict[str, int]:
    """`persons`: the municipality's young people; `units` by key kaa, social, coordinator; `users` by username."""
    agreement = units["kaa"].party.agreement
    lines = [BudgetLine.objects.create(agreement=agreement, name=n, year=today.year, amount=a) for n, a in LINES]
    candidates = {p.pk for p in persons}
    caseload = [
        i.person
        for i in OwnGround.objects.active_on(today)
        .filter(unit=units["coordinator"])
        .select_related("person")
        .order_by("person__personnummer")
        if i.person_id in candidates
    ]
    chosen = rng.sample(caseload, min(len(STATUSES), len(caseload)))
    made: Counter = Counter()
    for person, status in zip(chosen, STATUSES, strict=False):
        purpose = rng.choice(list(PURPOSES))
        line_index, description, (low, high) = PURPOSES[purpose]
        requester = "kaa" if rng.random() < 0.5 else "social"
        unit = units[requester]
        if requester == "social":
            # Social services asks because it works with the young person: it is in its caseload.
            OwnGround.objects.get_or_create(
                person=person,
                unit=unit,
                end_date=None,
                defaults={"start_date": today - timedelta(days=90), "basis": OwnBasis.WORK},
            )
        asked = today - timedelta(days=rng.randint(3, 60) if status != GrantStatus.REQUESTED else rng.randint(1, 25))
        decided = asked + timedelta(days=rng.randint(1, 3))
        requested_by = users.get("kaa" if requester == "kaa" else "socialsekreterare")
        decider = users.get("samordnare")
        grant = Grant.objects.create(
            person=person,
            unit=unit,
            requested_by=requested_by,
            requested_by_name=_name(requested_by, "kaa" if requester == "kaa" else "socialsekreterare"),
            budget_line=lines[line_index],
            purpose=purpose,
            description=description,
            amount=round(rng.randint(low, high), -1),
            status=status,
            decided_by=decider if status in _DECIDED else None,
            decided_by_name=_name(decider, "samordnare") if status in _DECIDED else "",
            decided_at=_at(decided) if status in _DECIDED else None,
            decision_note=REJECTION if status == GrantStatus.REJECTED else "",
            paid_on=min(decided + timedelta(days=2), today) if status == GrantStatus.PAID else None,
            paid_by_name=_name(decider, "samordnare") if status == GrantStatus.PAID else "",
            withdrawn_at=_at(decided) if status == GrantStatus.WITHDRAWN else None,
        )
        # created_at is set on insert; the demo backdates it so the queue has an order to show.
        Grant.objects.filter(pk=grant.pk).update(created_at=_at(asked))
        made[str(status)] += 1
    made["budgetposter"] = len(lines)
    made["bidrag"] = sum(made[str(s)] for s in GrantStatus)
    return dict(made)


_DECIDED = frozenset({GrantStatus.APPROVED, GrantStatus.PAID, GrantStatus.REJECTED})


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _name(user, fallback: str) -> str:
    return user.display_name()[:150] if user is not None else fallback


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO

    made = add_demo_fund(
        run.rng,
        run.today,
        run.people[OREBRO],
        {
            "kaa": run.unit("Förvaltningen förskola och skola – KAA"),
            "social": run.unit("Försörjningsstöd"),
            "coordinator": run.unit("Ungdomssamordning"),
        },
        run.users,
    )
    run.lines.append(
        _("Fonden för ekonomiska hinder: %(budgetposter)d budgetposter, %(bidrag)d ansökningar om bidrag")
        % {k: made.get(k, 0) for k in ("budgetposter", "bidrag")}
    )

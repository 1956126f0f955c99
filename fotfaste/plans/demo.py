"""Demo plans: the young people with a team get a joint plan with a few measures, some needing follow-up."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from django.utils.translation import gettext as _

from fotfaste.core.demo import full_name
from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person

from .models import Measure, MeasureType, Plan, PlanRevision
from .services import ensure_catalogue, snapshot

GOALS = {
    "studier": ("Börja på komvux och läsa in gymnasiebehörighet.", "Gå en studiemotiverande kurs och sedan gymnasiet."),
    "arbete": ("Få ett arbete inom handel eller lager.", "Praktik som leder till anställning inom vården."),
    "annat": ("Få ordning på vardagen och ekonomin först.",),
}
OWN_WORDS = ("Jag vill tjäna egna pengar.", "Jag vill plugga till undersköterska.", "Jag vet inte riktigt än.", "")


def add_demo_plans(
    rng: random.Random, today: date, persons: Sequence[Person], units: Mapping[str, Unit]
) -> dict[str, int]:
    """A plan by the KAA unit for each given person; measures by the young person, the municipality and AF."""
    ensure_catalogue()
    types = {t.name: t for t in MeasureType.objects.filter(active=True)}
    made = {"planer": 0, "insatser": 0}
    for person in sorted(persons, key=lambda p: p.personnummer):
        goal_kind = rng.choice(["studier", "studier", "arbete", "arbete", "annat"])
        started = today - timedelta(days=rng.randint(10, 150))
        plan = Plan.objects.create(
            person=person,
            unit=units["kaa"],
            goal_kind=goal_kind,
            goal=rng.choice(GOALS[goal_kind]),
            own_words=rng.choice(OWN_WORDS),
            revise_by=started + timedelta(days=rng.choice([60, 90, 120])),
            updated_by_name=full_name("kaa"),
        )
        measures = [
            Measure(
                plan=plan,
                measure_type=types["Vägledningssamtal"],
                responsible="kommunen",
                responsible_unit=units["guidance"],
                planned_start=started,
                actual_start=started + timedelta(days=3),
                actual_end=started + timedelta(days=3),
                status="avslutad",
                end_reason="genomford",
                follow_up_on=started + timedelta(days=3),
                evaluation_on=started + timedelta(days=3),
            ),
            Measure(
                plan=plan,
                measure_type=types["Studier på komvux" if goal_kind == "studier" else "Praktik"],
                responsible="personen" if goal_kind == "studier" else "annan",
                responsible_actor="" if goal_kind == "studier" else "Arbetsförmedlingen",
                planned_start=started + timedelta(days=rng.randint(14, 60)),
                status=rng.choice(["planerad", "planerad", "avbojd"]),
                follow_up_on=today + timedelta(days=rng.randint(-20, 40)),
                evaluation_on=today + timedelta(days=rng.randint(40, 120)),
            ),
        ]
        Measure.objects.bulk_create(measures)
        PlanRevision.objects.create(
            plan=plan, number=1, snapshot=snapshot(plan), saved_by_name=full_name("kaa"), what="Planen upprättades"
        )
        made["planer"] += 1
        made["insatser"] += len(measures)
    return made


def demo_step(run) -> None:
    """The young people with a team work in a joint plan."""
    from fotfaste.core.demo import OREBRO
    from fotfaste.team.models import TeamMember

    teamed = set(TeamMember.objects.values_list("person_id", flat=True))
    made = add_demo_plans(
        run.rng,
        run.today,
        [p for p in run.kaa_people.get(OREBRO, []) if p.pk in teamed],
        {"kaa": run.unit("Förvaltningen förskola och skola – KAA"), "guidance": run.unit("Vägledningscentrum")},
    )
    run.lines.append(
        _("Individuella planer: %(planer)d med %(insatser)d insatser")
        % {k: made.get(k, 0) for k in ("planer", "insatser")}
    )

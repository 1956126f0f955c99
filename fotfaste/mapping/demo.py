"""Demo mappings: about half of Örebro's young people in KAA mapped by the KAA unit, some also by social services.

Need levels follow Eslöv's estimate of the target group (30 % / 50 % / 15 % / 5 %). KAA's mappings
never hold sensitive barriers; social services' now and then do. Some KAA mappings have an earlier,
superseded one, so the history shows.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.models import OwnGround
from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person

from .models import CvStatus, DrivingLicence, EducationLevel, Mapping, SensitiveBarrier, SensitiveBarrierKind
from .rules import DEFAULT_LEVELS
from .services import ensure_levels

INTERESTS = (
    "Gaming och datorer",
    "Fotboll, tränar ett lag med yngre barn",
    "Musik, spelar gitarr",
    "Djur, har hjälpt till i ett stall",
    "Matlagning",
    "Bilar och motorer",
    "Teckning och design",
    "Gym och träning",
)
GOALS = (
    "Vill läsa klart gymnasiet och sedan jobba inom vården.",
    "Vill ha ett jobb och en egen lägenhet.",
    "Vill bli elektriker.",
    "Vet inte än; vill prova på olika yrken genom praktik.",
    "Vill ta körkort och söka jobb inom lager och logistik.",
    "Vill läsa in betygen på komvux.",
)
STRENGTHS = (
    "Pålitlig och kommer i tid.",
    "Social och bra på att ta kontakt med andra.",
    "Praktisk, gillar att arbeta med händerna.",
    "Envis och målmedveten.",
    "Bra på språk, talar tre språk.",
)
EXPERIENCE = (
    "",
    "Feriearbete inom parkförvaltningen en sommar.",
    "Praktik i en matbutik under grundskolan.",
    "Extrajobb på en restaurang några kvällar i veckan.",
    "Har hjälpt till i familjens företag.",
)
OWN_WORDS = (
    "Jag vill ha något att göra på dagarna.",
    "Skolan funkade inte för mig, men jag vill jobba.",
    "Jag behöver hjälp att komma igång.",
    "Jag vill tjäna egna pengar.",
    "",
)
GRADES = ("", "Saknar betyg i matematik.", "Saknar betyg i engelska och svenska.", "Har betyg i de flesta ämnen.")
BARRIER_NOTES = {
    "economy": ("Skulder", "Har ingen egen inkomst", ""),
    "housing": ("Bor tillfälligt hos en kompis", "Söker egen lägenhet", ""),
    "language": ("Har bott i Sverige i två år", "Läser svenska för invandrare", ""),
    "other": ("Saknar busskort", "Sover dåligt och har svårt att komma upp", ""),
}
BARRIER_SHARES = {"economy": 0.25, "housing": 0.1, "language": 0.15, "other": 0.1}
SENSITIVE_NOTES = {
    SensitiveBarrierKind.HEALTH: "Har kontakt med vårdcentralen för oro och nedstämdhet.",
    SensitiveBarrierKind.DISABILITY: "Har en diagnos som påverkar koncentrationen.",
    SensitiveBarrierKind.SUBSTANCE_USE: "Har kontakt med beroendemottagningen.",
}


def add_demo_mappings(
    rng: random.Random,
    today: date,
    persons: Sequence[Person],
    units: MappingType[str, Unit],
    users: MappingType[str, object],
) -> dict[str, int]:
    """`units` by key: kaa, social; `users` by demo username (kaa, socialsekreterare)."""
    made: Counter = Counter()
    levels = {lv.code: lv for lv in ensure_levels(units["kaa"].party.agreement)}
    weighted = [(levels[d.code], d.share) for d in DEFAULT_LEVELS if d.code in levels]
    people = sorted(persons, key=lambda p: p.personnummer)
    rng.shuffle(people)
    chosen = people[: len(people) // 2]
    rows: list[Mapping] = []
    for person in chosen:
        current = _mapping(rng, today, person, units["kaa"], users.get("kaa"), weighted, days=(5, 190))
        if rng.random() < 0.2:
            before = (today - current.talk_date).days
            earlier = _mapping(
                rng, today, person, units["kaa"], users.get("kaa"), weighted, days=(before + 60, before + 250)
            )
            # The newer mapping superseded it on the day of its talk.
            earlier.superseded_at = _moment(current.talk_date)
            rows.append(earlier)
            made["ersatta"] += 1
        rows.append(current)
        made["kaa"] += 1
    # Social services map those they work with, and only they may note health, disability or substance use.
    social_caseload = set(
        OwnGround.objects.active_on(today)
        .filter(unit=units["social"], person__in=people)
        .values_list("person_id", flat=True)
    )
    sensitive_for: list[int] = []
    for person in people:
        if person.pk in social_caseload and rng.random() < 0.8:
            rows.append(
                _mapping(rng, today, person, units["social"], users.get("socialsekreterare"), weighted, days=(5, 150))
            )
            sensitive_for.append(len(rows) - 1)
            made["socialtjansten"] += 1
    created = Mapping.objects.bulk_create(rows, batch_size=500)
    barriers = []
    for index in sensitive_for:
        if rng.random() < 0.5:
            for kind in rng.sample(list(SensitiveBarrierKind), rng.choice((1, 1, 2))):
                barriers.append(SensitiveBarrier(mapping=created[index], barrier=kind, note=SENSITIVE_NOTES[kind]))
    SensitiveBarrier.objects.bulk_create(barriers, batch_size=500)
    made["kansliga_hinder"] = len(barriers)
    made["kartlaggningar"] = len(created)
    return dict(made)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _mapping(rng, today, person, unit, user, weighted, *, days: tuple[int, int]) -> Mapping:
    talk_date = today - timedelta(days=rng.randint(*days))
    age = person.age_on(talk_date)
    education = rng.choices(
        [EducationLevel.COMPULSORY_NOT_COMPLETED, EducationLevel.COMPULSORY, EducationLevel.UPPER_SECONDARY_STARTED],
        weights=[0.15, 0.45, 0.40],
    )[0]
    if age < 18:
        licence = rng.choices([DrivingLicence.NONE, DrivingLicence.LEARNER], weights=[0.7, 0.3])[0]
    else:
        licence = rng.choices(
            [DrivingLicence.NONE, DrivingLicence.LEARNER, DrivingLicence.B, DrivingLicence.OTHER],
            weights=[0.5, 0.2, 0.27, 0.03],
        )[0]
    barriers = {key: rng.random() < share for key, share in BARRIER_SHARES.items()}
    level = rng.choices([lv for lv, _share in weighted], weights=[share for _lv, share in weighted])[0]
    return Mapping(
        person=person,
        unit=unit,
        talk_date=talk_date,
        education_level=education,
        grades_note=rng.choice(GRADES),
        work_experience=rng.choice(EXPERIENCE),
        interests=rng.choice(INTERESTS),
        goals=rng.choice(GOALS),
        strengths=rng.choice(STRENGTHS),
        driving_licence=licence,
        cv=rng.choice([CvStatus.YES, CvStatus.NO, CvStatus.NO, CvStatus.BEING_WRITTEN]),
        need_level=level,
        own_words=rng.choice(OWN_WORDS),
        created_by=user,
        created_by_name=user.display_name()[:150] if user is not None else "",
        **{f"barrier_{key}": on for key, on in barriers.items()},
        **{f"barrier_{key}_note": rng.choice(BARRIER_NOTES[key]) if on else "" for key, on in barriers.items()},
    )


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO

    made = add_demo_mappings(
        run.rng,
        run.today,
        run.kaa_people.get(OREBRO, []),
        {"kaa": run.unit("Förvaltningen förskola och skola – KAA"), "social": run.unit("Försörjningsstöd")},
        run.users,
    )
    run.lines.append(
        _("Kartläggningar: %(kartlaggningar)d, varav %(socialtjansten)d av socialtjänsten")
        % {k: made.get(k, 0) for k in ("kartlaggningar", "socialtjansten")}
    )

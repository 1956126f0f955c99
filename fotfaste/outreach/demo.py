"""Demo outreach: contact attempts, occupations, guardians and assignments for people in KAA.

Called by the demo data loader after it has made the people and their KAA periods. Like the
rest of the demo data it draws everything from the one `random.Random` it is given, in a fixed
order, with the date passed in, so the same seed and day give the same outreach. Phone numbers
come only from PTS's range reserved for fiction.

The rows are bulk-inserted (the services check access per person, which a loader has no use
for); each person's OutreachCase is computed with the same pure rules the services use.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.people.models import Person

from . import rules
from .models import ContactAttempt, Guardian, Occupation, OutreachCase
from .services import rules_for

# Shares of people in KAA with no contact attempt yet, and with a caseworker assigned.
NOT_CONTACTED_SHARE = 0.25
ASSIGNED_SHARE = 0.5
GUARDIAN_SHARE = 0.6  # of those under 18
MAX_ATTEMPTS = 4
HISTORY_DAYS = 240  # attempts fall within this many days before today

CHANNEL_WEIGHTS = {
    "brev": 30,
    "telefon": 30,
    "sms": 20,
    "epost": 5,
    "hembesok": 4,
    "sociala_medier": 3,
    "via_skolan": 4,
    "via_vardnadshavare": 3,
    "via_annan_part": 1,
}
# About half are reached in the end (Stockholm reaches 50–55 %, Stockholm's agreement).
OUTCOME_WEIGHTS = {"ej_nadd": 55, "nadd": 22, "svarat": 11, "avbojt": 12}
OCCUPATION_WEIGHTS = {
    "studier_komvux": 12,
    "studier_folkhogskola": 6,
    "studier_gymnasieskola": 6,
    "studier_annan": 3,
    "arbete": 18,
    "praktik": 8,
    "af_program": 10,
    "sjuk_eller_vard": 5,
    "foraldraledig": 3,
    "utomlands": 3,
    "ingen": 20,
    "okand": 6,
}
NOTES = {
    "ej_nadd": ("Inget svar.", "Röstbrevlåda, lämnade meddelande.", "Ingen öppnade.", ""),
    "nadd": ("Vill boka ett möte.", "Intresserad av komvux.", "Söker jobb på egen hand.", ""),
    "svarat": ("Svarade med talongen.", "Svarade på sms, vill bli uppringd.", ""),
    "avbojt": ("Vill inte ha stöd just nu.", "Har egna planer.", ""),
}
GUARDIAN_FIRST_NAMES = (
    "Anna", "Maria", "Karin", "Sara", "Lena", "Fatima", "Amina", "Eva", "Helena", "Jelena",
    "Johan", "Peter", "Mikael", "Anders", "Ahmed", "Ali", "Thomas", "Daniel", "Marko", "Omar",
)  # fmt: skip
GUARDIAN_RELATIONS = ("mamma", "pappa", "mamma", "pappa", "särskilt förordnad vårdnadshavare")
FICTION_PHONE_FIRST, FICTION_PHONE_LAST = 5, 99  # 070-174 06 05 – 070-174 06 99


def _pick(rng: random.Random, weights: Mapping[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def add_demo_outreach(
    rng: random.Random,
    today: date,
    persons_in_kaa_by_municipality: Mapping[object, Sequence[Person]],
    users_by_username: Mapping[str, object],
) -> dict[str, int]:
    """Plausible outreach for the given people in KAA; returns how many of each kind were made.

    Keys of `persons_in_kaa_by_municipality` are municipality codes (or Municipality objects).
    Work is attributed to, and assigned among, the users whose KAA role covers the municipality;
    a municipality without such users still gets attempts, unattributed and unassigned.
    """
    attempts: list[ContactAttempt] = []
    occupations: list[Occupation] = []
    guardians: list[Guardian] = []
    cases: list[OutreachCase] = []
    users = [users_by_username[name] for name in sorted(users_by_username)]
    scopes = {u.pk: scope_for(u).municipality_codes for u in users}
    by_code = {getattr(k, "code", k): v for k, v in persons_in_kaa_by_municipality.items()}
    for code in sorted(by_code):
        municipality_rules = rules_for(code)
        caseworkers = [u for u in users if code in scopes[u.pk]]
        for person in sorted(by_code[code], key=lambda p: p.personnummer):
            made = _person(rng, today, code, person, caseworkers, municipality_rules)
            if made is None:
                continue
            case, person_attempts, person_occupations, person_guardians = made
            cases.append(case)
            attempts += person_attempts
            occupations += person_occupations
            guardians += person_guardians
    with transaction.atomic():
        ContactAttempt.objects.bulk_create(attempts, batch_size=1000)
        Occupation.objects.bulk_create(occupations, batch_size=1000)
        Guardian.objects.bulk_create(guardians, batch_size=1000)
        OutreachCase.objects.bulk_create(cases, batch_size=1000)
    return {
        "kontaktforsok": len(attempts),
        "sysselsattningar": len(occupations),
        "vardnadshavare": len(guardians),
        "arenden": len(cases),
        "tilldelade": sum(1 for c in cases if c.assigned_to_id),
    }


def _person(rng, today, code, person, caseworkers, municipality_rules):
    contacted = rng.random() >= NOT_CONTACTED_SHARE
    assigned = rng.random() < ASSIGNED_SHARE and caseworkers
    under_18 = person.age_on(today) < rules.GUARDIAN_AGE_LIMIT
    with_guardian = under_18 and rng.random() < GUARDIAN_SHARE
    if not (contacted or assigned or with_guardian):
        return None
    worker = rng.choice(caseworkers) if caseworkers else None
    worker_name = worker.display_name() if worker else ""
    attempts = []
    if contacted:
        day = today - timedelta(days=rng.randint(1, HISTORY_DAYS))
        for _ in range(rng.randint(1, MAX_ATTEMPTS)):
            channel = _pick(rng, CHANNEL_WEIGHTS)
            if channel == "via_vardnadshavare" and not under_18:
                channel = "telefon"
            outcome = _pick(rng, OUTCOME_WEIGHTS)
            attempts.append(
                ContactAttempt(
                    person=person,
                    municipality_id=code,
                    contacted_on=day,
                    channel=channel,
                    outcome=outcome,
                    note=rng.choice(NOTES[outcome]),
                    created_by=worker,
                    created_by_name=worker_name,
                    created_at=_at(day),
                )
            )
            if outcome != rules.NOT_REACHED or day >= today:
                break
            day = min(today, day + timedelta(days=rng.randint(7, 45)))
    state = rules.contact_state(
        (rules.AttemptFact(a.contacted_on, a.outcome, i) for i, a in enumerate(attempts)), municipality_rules
    )
    occupations = []
    if state.reached_on and rng.random() < 0.8:
        verified = state.reached_on
        if rng.random() < 0.3:  # an older status that has gone stale since
            verified = today - timedelta(days=rng.randint(200, 400))
        valid_from = verified - timedelta(days=rng.randint(0, 120))
        occupations.append(
            Occupation(
                person=person,
                municipality_id=code,
                status=_pick(rng, OCCUPATION_WEIGHTS),
                valid_from=valid_from,
                verified_on=verified,
                recorded_by=worker,
                recorded_by_name=worker_name,
                created_at=_at(verified),
            )
        )
    guardians = []
    if with_guardian:
        for _ in range(rng.choice((1, 1, 2))):
            guardians.append(
                Guardian(
                    person=person,
                    name=f"{rng.choice(GUARDIAN_FIRST_NAMES)} {person.last_name}",
                    phone=f"070-174 06 {rng.randint(FICTION_PHONE_FIRST, FICTION_PHONE_LAST):02d}",
                    relation=rng.choice(GUARDIAN_RELATIONS),
                    created_by=worker,
                    created_by_name=worker_name,
                )
            )
    current = rules.current_occupation(
        rules.OccupationFact(o.status, o.valid_from, o.verified_on, i) for i, o in enumerate(occupations)
    )
    case = OutreachCase(
        person=person,
        municipality_id=code,
        assigned_to=worker if assigned else None,
        assigned_at=_at(today) if assigned else None,
        first_contact_on=state.first_contact_on,
        last_contact_on=state.last_contact_on,
        last_outcome=state.last_outcome,
        reached_on=state.reached_on,
        next_contact_due=state.next_contact_due,
        occupation_status=current.status if current else "",
        occupation_verified_on=current.verified_on if current else None,
    )
    return case, attempts, occupations, guardians


def demo_step(run) -> None:
    made = add_demo_outreach(run.rng, run.today, run.kaa_people, run.users)
    run.lines.append(
        _(
            "Uppsökande för dem: %(forsok)d kontaktförsök, %(syss)d sysselsättningar, %(vh)d vårdnadshavare, "
            "%(tilldelade)d tilldelade"
        )
        % {
            "forsok": made.get("kontaktforsok", 0),
            "syss": made.get("sysselsattningar", 0),
            "vh": made.get("vardnadshavare", 0),
            "tilldelade": made.get("tilldelade", 0),
        }
    )

"""The employer work's measured steps, each in its own process (bench/bench_employers.py runs them;
DATABASE_URL is set by it).

    step_employers.py build FILE PERSONS SEED          the agreement, persons, grounds, mappings, plans,
                                                       employers, contacts, placements and candidacies; set-based
    step_employers.py for_placement REPS               matching.for_placement for the coordinator (and its facts)
    step_employers.py for_person REPS                  matching.for_person, a different person each time
    step_employers.py figures REPS                     figures.figures_for the agreement, the last twelve months
    step_employers.py warnings REPS                    register.warnings_for the employer with most contacts
    step_employers.py api_placements REPS              GET /api/v1/placements (first page of 100) with a token
    step_employers.py page PATH REPS                   GET a page as the coordinator (the register, a search, …)

Prints one JSON object: seconds (the median, the fastest, the slowest of REPS calls), counts, peak memory in MB.
Everything is relative to today, so that `--reuse` on a later day measures the same shape of data.
"""

import csv
import json
import random
import resource
import signal
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.db import models as dj_models  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from fotfaste.access.guard import guarded  # noqa: E402
from fotfaste.accounts.models import User  # noqa: E402
from fotfaste.core.bulk import analyze, fetch_value, insert_rows  # noqa: E402
from fotfaste.orgs.models import Agreement, Membership, Party, PartyKind, RoleSetting, Unit  # noqa: E402
from fotfaste.orgs.roles import Role  # noqa: E402

AGREEMENT = "Bench arbetsgivare"
USERNAME = "samordnare_bench"
MUNICIPALITY = "1880"
# (party name, kind, unit names); the coordination unit is the first.
PARTIES = (
    ("Kommun bench", PartyKind.MUNICIPALITY, ("Ungdomssamordning bench", "Arbetsmarknadsenheten bench", "KAA bench")),
    ("Arbetsförmedlingen bench", PartyKind.EMPLOYMENT_SERVICE, ("Ungdomsteam bench",)),
    ("Folkhögskola bench", PartyKind.FOLK_HIGH_SCHOOL, ("Allmän kurs bench",)),
    ("Region bench", PartyKind.REGION, ("Ungdomsmottagning bench",)),
)
# What young people write and what placements are called: enough overlap that matching finds reasons.
WORDS = (
    "lagerarbete",
    "matlagning",
    "restaurang",
    "butiksarbete",
    "kassaarbete",
    "vården",
    "omsorg",
    "byggarbete",
    "snickeri",
    "bilar",
    "fordonsteknik",
    "städning",
    "djurskötsel",
    "datorer",
    "trädgård",
    "måleri",
    "frisör",
    "idrott",
    "barnomsorg",
    "transporter",
)
TITLES = (
    "Lagerarbete, plock och pack",
    "Kök och servering på restaurang",
    "Butiksarbete och kassa",
    "Vårdbiträde inom omsorg",
    "Bilverkstad och fordonsteknik",
    "Lokalvård och städning",
    "Trädgårdsskötsel i parker",
    "Datasupport för skolor",
    "Snickeri och byggarbete",
    "Barnomsorg på förskola",
    "Transporter och budkörning",
    "Måleri och tapetsering",
)
PURPOSES = ("Praktikplatser för unga", "Uppföljning av praktik", "Rekryteringsbehov", "Matchningsavtal", "Frukostmöte")
NEED_LEVELS = (("niva1", "Nivå 1", 1), ("niva2", "Nivå 2", 2), ("niva3", "Nivå 3", 3), ("niva4", "Nivå 4", 4))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def row_for(model, given: dict, now: datetime) -> tuple:
    """One row of every concrete column but the id: the given values, else the field's default."""
    values = []
    for f in _columns(model):
        if f.attname in given:
            values.append(given[f.attname])
        elif f.name in given:
            values.append(given[f.name])
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values.append(now)
        elif f.has_default():
            value = f.get_default()
            values.append(json.dumps(value) if isinstance(f, dj_models.JSONField) else value)
        elif f.null:
            values.append(None)
        else:
            values.append("")
    return tuple(values)


def _columns(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def load(model, dicts, now: datetime) -> int:
    fields = [f.attname for f in _columns(model)]
    count = insert_rows(model, fields, (row_for(model, d, now) for d in dicts))
    analyze(model)
    return count


def org_number(serial: int) -> str:
    """A made-up organisation number (third digit 5, as a limited company's) with a valid check digit."""
    digits = f"559{serial:06d}"
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return f"{digits[:6]}-{digits[6:]}{(10 - total % 10) % 10}"


def build(path: str, persons: str, seed: str) -> dict:
    """Everything the measured steps read, set-based: no per-row saves for the big tables."""
    from fotfaste.access.models import OwnBasis, OwnGround
    from fotfaste.employers.models import (
        Candidate,
        Channel,
        Employer,
        EmployerContact,
        EmploymentForm,
        LadderStep,
        Occupation,
        Outcome,
        Placement,
        PlacementKind,
        Sector,
        Stage,
    )
    from fotfaste.employers.occupations import ensure_major_groups
    from fotfaste.mapping.models import CvStatus, DrivingLicence, EducationLevel, Mapping, NeedLevel
    from fotfaste.people.models import IdentityKind, Person, make_sort_name
    from fotfaste.plans.models import GoalKind, Plan

    rng = random.Random(int(seed))
    today = timezone.localdate()
    now = timezone.now()
    times: dict[str, float] = {}
    counts: dict[str, int] = {}

    def phase(name: str, began: float, count: int) -> float:
        ended = time.perf_counter()
        times[name] = ended - began
        counts[name] = count
        return ended

    start = began = time.perf_counter()
    RoleSetting.objects.update_or_create(role=Role.COORDINATOR, defaults={"require_two_factor": False})
    ensure_major_groups()
    agreement = Agreement.objects.create(name=AGREEMENT)
    agreement.municipalities.add(MUNICIPALITY)
    units = []
    for party_name, kind, unit_names in PARTIES:
        party = Party.objects.create(
            agreement=agreement,
            name=party_name,
            kind=kind,
            municipality_id=MUNICIPALITY if kind == PartyKind.MUNICIPALITY else None,
        )
        units += [Unit.objects.create(party=party, name=n) for n in unit_names]
    coordination = units[0]
    user = User.objects.create_user(username=USERNAME, password="bench-only-password", first_name="Bench")
    Membership.objects.create(user=user, unit=coordination, role=Role.COORDINATOR)
    levels = [NeedLevel.objects.create(agreement=agreement, code=c, name=n, order=o).pk for c, n, o in NEED_LEVELS]
    occupations = list(Occupation.objects.values_list("pk", flat=True))
    began = phase("setup", began, len(units))

    # Persons: the first PERSONS rows of bench/synth.py's population file (valid, made-up numbers).
    people = []
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            if len(people) == int(persons):
                break
            pnr = r["personnummer"]
            people.append(
                {
                    "personnummer": pnr,
                    "identity_kind": IdentityKind.PERSONAL,
                    "birth_date": date(int(pnr[:4]), int(pnr[4:6]), int(pnr[6:8])),
                    "sex": "man" if int(pnr[10]) % 2 else "kvinna",
                    "first_name": r["fornamn"],
                    "last_name": r["efternamn"],
                    "sort_name": make_sort_name(r["fornamn"], r["efternamn"]),
                    "street_address": r["utdelningsadress"],
                    "postal_code": r["postnummer"],
                    "postal_town": r["postort"],
                    "home_municipality_id": r["kommunkod"],
                    "background": r["bakgrund"],
                    "protection": r["skyddad"]
                    if r["skyddad"] in ("sekretessmarkering", "skyddad_folkbokforing")
                    else "",
                }
            )
    with transaction.atomic():
        load(Person, people, now)
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    postal_codes = sorted({p["postal_code"] for p in people if p["postal_code"]})
    del people
    began = phase("persons", began, len(person_ids))

    # Each with an own ground for the coordination unit, a current mapping and, for half, an open plan.
    year_ago = today - timedelta(days=365)
    with transaction.atomic():
        load(
            OwnGround,
            (
                {"person_id": pk, "unit_id": coordination.pk, "start_date": year_ago, "basis": OwnBasis.WORK}
                for pk in person_ids
            ),
            now,
        )
    began = phase("grounds", began, len(person_ids))

    def mapping(pk: int) -> dict:
        return {
            "person_id": pk,
            "unit_id": coordination.pk,
            "talk_date": today - timedelta(days=rng.randint(1, 300)),
            "education_level": rng.choice(EducationLevel.values),
            "work_experience": f"Har provat {rng.choice(WORDS)} en sommar.",
            "interests": f"Intresserad av {rng.choice(WORDS)} och {rng.choice(WORDS)}.",
            "goals": f"Vill arbeta med {rng.choice(WORDS)}.",
            "driving_licence": rng.choice(DrivingLicence.values),
            "cv": rng.choice(CvStatus.values),
            "need_level_id": rng.choice(levels),
        }

    with transaction.atomic():
        load(Mapping, (mapping(pk) for pk in person_ids), now)
    began = phase("mappings", began, len(person_ids))
    planned = person_ids[::2]
    with transaction.atomic():
        load(
            Plan,
            (
                {
                    "person_id": pk,
                    "unit_id": coordination.pk,
                    "goal_kind": rng.choice(GoalKind.values),
                    "goal": f"Arbete inom {rng.choice(WORDS)}",
                    "version": 1,
                }
                for pk in planned
            ),
            now,
        )
    began = phase("plans", began, len(planned))

    # 2,000 employers; contacts over two years, a few employers far busier than the rest (Zipf-like).
    sectors = Sector.values
    with transaction.atomic():
        load(
            Employer,
            (
                {
                    "agreement_id": agreement.pk,
                    "organisation_number": org_number(i),
                    "name": f"{rng.choice(TITLES).split(',')[0].split(' ')[0]} Syntet {i} AB",
                    "sector": rng.choice(sectors),
                    "industry": rng.choice(WORDS),
                    "postal_code": rng.choice(postal_codes),
                    "city": "Örebro",
                    "municipality_id": MUNICIPALITY,
                    "version": 1,
                }
                for i in range(2000)
            ),
            now,
        )
    employer_ids = list(Employer.objects.filter(agreement=agreement).order_by("pk").values_list("pk", flat=True))
    began = phase("employers", began, len(employer_ids))
    # Cumulative once: random.choices with plain weights sums them again on every call.
    cumulative, total = [], 0.0
    for rank in range(len(employer_ids)):
        total += 1 / (rank + 10)
        cumulative.append(total)
    unit_ids = [u.pk for u in units]
    channels = Channel.values

    def contact(i: int) -> dict:
        on = today - timedelta(days=rng.randint(0, 730))
        due = on + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.1 else None
        return {
            "employer_id": rng.choices(employer_ids, cum_weights=cumulative)[0],
            "unit_id": rng.choice(unit_ids),
            "date": on,
            "channel": rng.choice(channels),
            "purpose": rng.choice(PURPOSES),
            "next_step": "Ring igen" if due else "",
            "next_step_on": due,
            "created_by_id": user.pk,
            "created_by_name": "bench",
        }

    with transaction.atomic():
        load(EmployerContact, (contact(i) for i in range(200_000)), now)
    began = phase("contacts", began, 200_000)

    # 2,000 placements over the last year and the next two months, a fifth of them anonymous.
    steps = LadderStep.values

    def placement(i: int) -> dict:
        first = today - timedelta(days=rng.randint(-60, 365))
        return {
            "employer_id": rng.choice(employer_ids),
            # Every tenth is the coordination unit's own, so that its matching has a placement to measure.
            "unit_id": coordination.pk if i % 10 == 0 else rng.choice(unit_ids),
            "kind": PlacementKind.JOB if rng.random() < 0.1 else PlacementKind.PLACEMENT,
            "title": rng.choice(TITLES),
            "occupation_id": rng.choice(occupations),
            "ssyk": "9",
            "step": rng.choice(steps),
            "places": rng.randint(1, 4),
            "start_date": first,
            "end_date": first + timedelta(weeks=rng.randint(4, 26)),
            "requires_driving_licence": rng.random() < 0.15,
            "anonymous": rng.random() < 0.2,
            "version": 1,
        }

    with transaction.atomic():
        load(Placement, (placement(i) for i in range(2000)), now)
    placements = list(
        Placement.objects.filter(employer__agreement=agreement).values_list("pk", "start_date", "end_date")
    )
    began = phase("placements", began, len(placements))

    # 20,000 candidacies, ten a placement, at every stage; those that ended with an outcome.
    stages = [
        (Stage.SUGGESTED, 25),
        (Stage.CV_SENT, 10),
        (Stage.INTERVIEW, 10),
        (Stage.STARTED, 20),
        (Stage.ENDED, 30),
        (Stage.WITHDRAWN, 5),
    ]

    def candidacies():
        for pk, first, last in placements:
            for person_id in rng.sample(person_ids, 10):
                stage = rng.choices([s for s, _w in stages], [w for _s, w in stages])[0]
                started = min(first + timedelta(days=rng.randint(0, 14)), today)
                row = {
                    "placement_id": pk,
                    "person_id": person_id,
                    "unit_id": coordination.pk if rng.random() < 0.6 else rng.choice(unit_ids),
                    "stage": stage,
                    "reasons": json.dumps(["intresse: bench"]),
                    "version": 1,
                }
                if stage != Stage.SUGGESTED and stage != Stage.WITHDRAWN:
                    row["cv_sent_on"] = started - timedelta(days=14)
                if stage in (Stage.STARTED, Stage.ENDED):
                    row["started_on"] = started
                if stage == Stage.ENDED:
                    row["ended_on"] = min(max(last, started), today)
                    row["outcome"] = rng.choice(Outcome.values)
                    if row["outcome"] == Outcome.HIRED:
                        row["employment_form"] = rng.choice(EmploymentForm.values)
                yield row

    with transaction.atomic():
        load(Candidate, candidacies(), now)
    phase("candidacies", began, Candidate.objects.count())
    return {
        "seconds": time.perf_counter() - start,
        "phases": times,
        "counts": counts,
        "peak_mb": peak_mb(),
    }


# --- The measured calls -------------------------------------------------------------------------------------


def _user():
    return User.objects.get(username=USERNAME)


def _agreement():
    return Agreement.objects.get(name=AGREEMENT)


def _repeat(reps: str, call) -> dict:
    """Call `call(i)` once cold (templates, the URL resolver and the ORM's caches are filled on first use),
    then REPS times; seconds of each, and what the last call returned."""
    began = time.perf_counter()
    result = call(0)
    cold = time.perf_counter() - began
    times = []
    for i in range(int(reps)):
        began = time.perf_counter()
        result = call(i)
        times.append(time.perf_counter() - began)
    return {
        "cold_s": cold,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "reps": len(times),
        "result": result,
    }


def for_placement(reps: str) -> dict:
    from fotfaste.employers import matching, placements

    user, today = _user(), timezone.localdate()
    coordination = user.memberships.get().unit
    with guarded():
        placement = (
            placements.visible_placements(user)
            .filter(unit=coordination, closed=False, end_date__gte=today, anonymous=False)
            .select_related("employer__municipality", "occupation")
            .order_by("pk")
            .first()
        )
        facts = _repeat(reps, lambda i: len(matching.person_facts(user, today)))
        found = _repeat(reps, lambda i: len(matching.for_placement(user, placement, today)))
    return {"placement": placement.pk, "persons": facts["result"], "facts": facts, **found, "peak_mb": peak_mb()}


def for_person(reps: str) -> dict:
    from fotfaste.access.grounds import restrict
    from fotfaste.employers import matching

    user, today = _user(), timezone.localdate()
    with guarded():
        ids = list(restrict(user, on=today).order_by("pk").values_list("pk", flat=True)[: int(reps) * 97 : 97])
        open_placements = matching.visible_placements(user).filter(closed=False, end_date__gte=today).count()
        found = _repeat(reps, lambda i: len(matching.for_person(user, ids[i], today)))
    return {"open_placements": open_placements, **found, "peak_mb": peak_mb()}


class TimedOut(Exception):
    pass


def figures(reps: str, limit: str) -> dict:
    """The grouped queries (`rows`) REPS times; then the whole `figures_for` once, given at most LIMIT
    seconds: its disclosure check grows much faster than the number of employers."""
    from fotfaste.employers import figures as employer_figures
    from fotfaste.employers.views_figures import last_twelve_months

    agreement = _agreement()
    first, last = last_twelve_months(timezone.localdate())
    with guarded():
        rows = _repeat(reps, lambda i: employer_figures.rows(agreement, first, last))
        found = rows.pop("result")
        employers = len({r.employer for r in found})

        def stop(signum, frame):
            raise TimedOut

        signal.signal(signal.SIGALRM, stop)
        signal.alarm(int(limit))
        began = time.perf_counter()
        try:
            figures_found = employer_figures.figures_for(agreement, first, last)
            placed = str(figures_found.totals["placerade"])
        except TimedOut:
            placed = None
        finally:
            signal.alarm(0)
        whole = time.perf_counter() - began
    return {
        "groups": len(found),
        "employers": employers,
        "rows": rows,
        "figures_s": whole,
        "timed_out": placed is None,
        "placed": placed,
        "peak_mb": peak_mb(),
    }


def warnings(reps: str) -> dict:
    from fotfaste.employers import register
    from fotfaste.employers.models import Employer

    agreement, today = _agreement(), timezone.localdate()
    busiest = fetch_value(
        "SELECT employer_id FROM employers_employercontact GROUP BY employer_id ORDER BY COUNT(*) DESC LIMIT 1"
    )
    employer = Employer.objects.get(pk=busiest)
    party = Party.objects.filter(agreement=agreement).order_by("pk").first()
    contacts = employer.contacts.count()
    with guarded():
        found = _repeat(reps, lambda i: len(register.warnings_for(employer, party.pk, today - timedelta(days=i))))
    return {"contacts": contacts, **found, "peak_mb": peak_mb()}


def api_placements(reps: str) -> dict:
    from django.test import Client

    from fotfaste.accounts.models import ApiToken

    client = Client()
    token = ApiToken.issue(_user())

    def call(i):
        response = client.get("/api/v1/placements", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return len(response.json()["items"])

    return {**_repeat(reps, call), "peak_mb": peak_mb()}


def page(path: str, reps: str) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(_user())

    def call(i):
        response = client.get(path)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return len(response.content)

    return {**_repeat(reps, call), "peak_mb": peak_mb()}


STEPS = {
    "build": build,
    "for_placement": for_placement,
    "for_person": for_person,
    "figures": figures,
    "warnings": warnings,
    "api_placements": api_placements,
    "page": page,
}

if __name__ == "__main__":
    step, *args = sys.argv[1:]
    print(json.dumps(STEPS[step](*args), default=str))

"""Demo register files for the demo persons, read in through the real import pipeline.

The demo's young people get a school history (most start gymnasieskola the
August they turn 16 and finish three years later; some drop out, some leave
with a studiebevis, some never start, some move in or arrive from abroad), and
the municipality reads its registers as a KAA team would: a population
snapshot, school enrolments and diplomas two months ago, then again today.
So the demo register, the reasons and the change lists come out of the same
code as real ones. Everything random comes from the caller's rng.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.utils.translation import gettext as _

from fotfaste.core.export import csv_writer
from fotfaste.registers import imports
from fotfaste.registers.columns import COLUMNS
from fotfaste.registers.models import ImportChannel, ImportStatus, RegisterKind

DEMO_IMPORTER = "demodata"
SNAPSHOT_GAP_DAYS = 61
NATIONAL_PROGRAMMES = ("NA", "SA", "TE", "EK", "BF", "EE", "EL", "HA", "HV", "VO", "FT", "ES", "IN")
INTRODUCTION_PROGRAMMES = ("IMA", "IMV", "IMY", "IMS")
SCHOOLS = {
    "1880": ("Rudbecksskolan", "Tullängsskolan", "Virginska skolan", "Karolinska skolan", "Risbergska skolan"),
    "1814": ("Lekebergs gymnasium", "Rudbecksskolan", "Tullängsskolan"),
}


@dataclass
class History:
    personnummer: str
    first_name: str
    last_name: str
    street: str
    postal_code: str
    town: str
    protection: str
    background: str
    birth: date
    registered_on: date | None = None  # moved in from another municipality
    immigrated_on: date | None = None
    moved_out_on: date | None = None  # with a date in the later snapshot
    vanished: bool = False  # missing from the later snapshot without a date
    enrolments: list[tuple] = field(default_factory=list)  # (form, programme, school, start, end, cause)
    certificates: list[tuple] = field(default_factory=list)  # (kind, date)


def august_start(year: int) -> date:
    return date(year, 8, 20)


def school_history(rng: random.Random, person, today: date, municipality: str) -> History:
    h = History(
        person.personnummer,
        person.first_name,
        person.last_name,
        person.street_address,
        person.postal_code,
        person.postal_town,
        person.protection,
        person.background,
        person.birth_date,
    )
    year16 = h.birth.year + 16
    schools = SCHOOLS[municipality]
    # Some of those born abroad arrived after compulsory-school age (språkintroduktion is then the usual path).
    late_arrival = person.background == "fodd_utomlands" and rng.random() < 0.25
    if late_arrival:
        arrived = date(year16, 9, 1) + timedelta(days=rng.randint(0, 700))
        if arrived > today - timedelta(days=30):
            # Not yet: then they arrived some time during the past year and a half.
            arrived = today - timedelta(days=rng.randint(30, 540))
        if arrived > date(year16, 6, 30):
            h.immigrated_on = h.registered_on = arrived
            start = max(arrived + timedelta(days=rng.randint(20, 120)), date(year16, 8, 20))
            if rng.random() < 0.8 and start <= today:
                end, cause = None, ""
                dropped = start + timedelta(days=rng.randint(90, 500))
                if rng.random() < 0.25 and dropped < today:
                    end, cause = dropped, "avbrott"
                h.enrolments.append(("GY", "IMS", rng.choice(schools), start, end, cause))
            return h
    elif rng.random() < 0.03:
        # Moved in from another municipality during the last year and a half.
        h.registered_on = today - timedelta(days=rng.randint(10, 540))
    if today < date(year16, 6, 10):
        h.enrolments.append(("GR", "", "Grundskolan", august_start(year16 - 9), None, ""))
        return h
    h.enrolments.append(("GR", "", "Grundskolan", august_start(year16 - 9), date(year16, 6, 10), "fullfoljd"))
    h.certificates.append(("grundskola", date(year16, 6, 10)))
    path = rng.random()
    start = august_start(year16)
    if start > today:
        # Admitted for the autumn.
        h.enrolments.append(("GY", rng.choice(NATIONAL_PROGRAMMES), rng.choice(schools), start, None, ""))
        return h
    if path < 0.05:
        # Never started gymnasieskolan; a few study at komvux or a folk high school.
        if rng.random() < 0.3:
            later = start + timedelta(days=rng.randint(200, 500))
            if later <= today:
                h.enrolments.append((rng.choice(("KOMVUX", "FHSK")), "", "Vuxenutbildningen", later, None, ""))
        return h
    if path < 0.07:
        form, programme = "GYAN", ""
    elif path < 0.13:
        form, programme = "GY", rng.choice(INTRODUCTION_PROGRAMMES)
    else:
        form, programme = "GY", rng.choice(NATIONAL_PROGRAMMES)
    school = rng.choice(schools)
    finish = date(year16 + 3, 6, 10)
    if rng.random() < 0.11:
        dropped = start + timedelta(days=rng.randint(40, 900))
        if dropped < min(finish, today):
            h.enrolments.append((form, programme, school, start, dropped, "avbrott"))
            restart = august_start(dropped.year + (1 if dropped.month >= 6 else 0))
            if rng.random() < 0.35 and restart <= today:
                h.enrolments.append(("GY", rng.choice(NATIONAL_PROGRAMMES), rng.choice(schools), restart, None, ""))
            elif rng.random() < 0.2:
                h.certificates.append(("studiebevis", dropped))
            return h
    if finish <= today:
        h.enrolments.append((form, programme, school, start, finish, "fullfoljd"))
        if form == "GYAN":
            h.certificates.append(("anpassad_gymnasieskolebevis", finish))
        elif programme.startswith("IM") or rng.random() < 0.12:
            h.certificates.append(("studiebevis", finish))
        else:
            h.certificates.append(("gymnasieexamen", finish))
    else:
        h.enrolments.append((form, programme, school, start, None, ""))
    return h


def plan_moves(rng: random.Random, histories: list[History], today: date) -> None:
    """A few leave between the two snapshots: most with a moving date, some simply missing."""
    for h in rng.sample(histories, max(1, len(histories) // 80)):
        if rng.random() < 0.6:
            h.moved_out_on = today - timedelta(days=rng.randint(1, SNAPSHOT_GAP_DAYS - 1))
        else:
            h.vanished = True


def in_snapshot(h: History, day: date) -> bool:
    age = day.year - h.birth.year - ((day.month, day.day) < (h.birth.month, h.birth.day))
    return 15 <= age <= 20 and (h.registered_on is None or h.registered_on <= day)


def header(kind: str) -> list[str]:
    """The canonical column names, in docs/register-formats.md's order."""
    return [column.name for column in COLUMNS[kind]]


def write_population(path: Path, histories: list[History], day: date, municipality: str, later: bool) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow(header(RegisterKind.POPULATION))
        for h in histories:
            if not in_snapshot(h, day) or (later and h.vanished):
                continue
            moved = later and h.moved_out_on is not None
            w.writerow(
                [
                    h.personnummer,
                    h.first_name,
                    h.last_name,
                    h.street,
                    h.postal_code,
                    h.town,
                    municipality,
                    h.protection,
                    h.registered_on.isoformat() if h.registered_on else "",
                    h.immigrated_on.isoformat() if h.immigrated_on else "",
                    h.moved_out_on.isoformat() if moved else "",
                    "",
                    h.background,
                ]
            )


def write_enrolments(path: Path, histories: list[History], known_on: date) -> None:
    """What the school systems knew on `known_on`: later ends are not known yet."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow(header(RegisterKind.ENROLMENTS))
        for h in histories:
            for form, programme, school, start, end, cause in h.enrolments:
                if start > known_on + timedelta(days=90):
                    continue
                known_end = end if end and end <= known_on else None
                w.writerow(
                    [
                        h.personnummer,
                        form,
                        programme,
                        school,
                        start.isoformat(),
                        known_end.isoformat() if known_end else "",
                        cause if known_end else "",
                    ]
                )


def write_certificates(path: Path, histories: list[History], known_on: date) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow(header(RegisterKind.CERTIFICATES))
        for h in histories:
            for kind, issued in h.certificates:
                if issued <= known_on:
                    w.writerow([h.personnummer, kind, issued.isoformat()])


def run_import(kind: str, path: Path, municipality: str, as_of: date, unit=None) -> None:
    imp = imports.create_import(
        kind=kind,
        municipality=municipality,
        path=path,
        file_name=f"demo-{kind}-{municipality}-{as_of.isoformat()}.csv",
        as_of=as_of,
        user_name=DEMO_IMPORTER,
        channel=ImportChannel.COMMAND,
        unit=unit,
    )
    imports.check(imp)
    imp.refresh_from_db()
    if imp.status != ImportStatus.READY:
        raise RuntimeError(f"Demo import {kind} for {municipality} was {imp.status}: {imp.errors} errors")
    imports.commit(imp, actor_name=DEMO_IMPORTER, confirmed_disappeared=imp.disappeared)


def load_registers(rng: random.Random, today: date, persons_by_municipality: dict[str, list]) -> dict[str, set[int]]:
    """Import two rounds of register files per municipality; returns who is in KAA today, per municipality."""
    from fotfaste.kaa.changes import covered_on

    earlier = today - timedelta(days=SNAPSHOT_GAP_DAYS)
    in_kaa = {}
    with tempfile.TemporaryDirectory(prefix="fotfaste-demo-") as tmp:
        folder = Path(tmp)
        for municipality, persons in persons_by_municipality.items():
            histories = [school_history(rng, p, today, municipality) for p in persons]
            plan_moves(rng, histories, today)
            files = {name: folder / f"{municipality}-{name}.csv" for name in ("fb1", "e1", "b1", "e2", "b2", "fb2")}
            write_population(files["fb1"], histories, earlier, municipality, later=False)
            write_enrolments(files["e1"], histories, earlier)
            write_certificates(files["b1"], histories, earlier)
            write_enrolments(files["e2"], histories, today)
            write_certificates(files["b2"], histories, today)
            write_population(files["fb2"], histories, today, municipality, later=True)
            for name, kind, day in (
                ("fb1", RegisterKind.POPULATION, earlier),
                ("e1", RegisterKind.ENROLMENTS, earlier),
                ("b1", RegisterKind.CERTIFICATES, earlier),
                ("e2", RegisterKind.ENROLMENTS, today),
                ("b2", RegisterKind.CERTIFICATES, today),
                ("fb2", RegisterKind.POPULATION, today),
            ):
                run_import(kind, files[name], municipality, day)
            in_kaa[municipality] = covered_on(municipality, today)
    return in_kaa


DIPLOMA_KINDS = ("gymnasieexamen", "anpassad_gymnasieskolebevis", "motsvarande")


def employment_spells(rng: random.Random, today: date, unit, persons: list, diplomas: set[str]) -> tuple[list, dict]:
    """AF's register for the demo: its caseload (the register grounds the demo planned for the unit, which the
    file will bring about instead) and, in Örebro, young people shown on the programme pages: traineejobb
    candidates eligible now or soon, one turning 20, and utbildningskontrakt candidates without a diploma."""
    from fotfaste.access.models import OwnBasis, OwnGround

    planned = OwnGround.objects.filter(unit=unit, basis=OwnBasis.REGISTER).select_related("person")
    rows = []
    listed = set()
    for g in planned.order_by("person__personnummer"):
        category = rng.choices(("11", "14", "21", "69"), (70, 10, 10, 10))[0]
        rows.append((g.person.personnummer, g.start_date, g.end_date, category))
        listed.add(g.person.personnummer)
    planned.delete()
    chosen: dict[str, list] = {"eligible": [], "soon": [], "birthday": [], "contract": []}
    candidates = [p for p in persons if p.personnummer not in listed and not p.protection]
    rng.shuffle(candidates)

    def age(p) -> int:
        return (today - p.birth_date).days // 365

    for p in candidates:
        has_diploma, a = p.personnummer in diplomas, age(p)
        turns_20 = date(p.birth_date.year + 20, p.birth_date.month, min(p.birth_date.day, 28))
        if has_diploma and a >= 20 and len(chosen["eligible"]) < 3:
            chosen["eligible"].append(p)
            rows.append((p.personnummer, today - timedelta(days=rng.randint(240, 300)), None, "11"))
        elif has_diploma and a >= 20 and len(chosen["soon"]) < 3:
            chosen["soon"].append(p)
            rows.append((p.personnummer, today - timedelta(days=rng.randint(140, 170)), None, "11"))
        elif has_diploma and today < turns_20 <= today + timedelta(days=80) and len(chosen["birthday"]) < 2:
            chosen["birthday"].append(p)
            rows.append((p.personnummer, today - timedelta(days=rng.randint(200, 240)), None, "11"))
        elif not has_diploma and a >= 20 and len(chosen["contract"]) < 3:
            chosen["contract"].append(p)
            rows.append((p.personnummer, today - timedelta(days=rng.randint(30, 90)), None, "11"))
    return rows, chosen


def load_employment_register(rng: random.Random, today: date, municipality: str, unit, persons: list) -> dict:
    """AF's own register read in by its unit through the import pipeline, as an employment officer would."""
    from .models import Certificate

    diplomas = set(
        Certificate.objects.filter(
            personnummer__in=[p.personnummer for p in persons], kind__in=DIPLOMA_KINDS, issued__lte=today
        ).values_list("personnummer", flat=True)
    )
    rows, chosen = employment_spells(rng, today, unit, persons, diplomas)
    with tempfile.TemporaryDirectory(prefix="fotfaste-demo-af-") as tmp:
        path = Path(tmp) / f"{municipality}-af.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv_writer(f)
            w.writerow(header(RegisterKind.EMPLOYMENT_SERVICE))
            for pnr, start, end, category in rows:
                w.writerow([pnr, start.isoformat(), end.isoformat() if end else "", category])
        run_import(RegisterKind.EMPLOYMENT_SERVICE, path, municipality, today, unit)
    return chosen


def demo_step(run) -> None:
    """The demo's registers read through the real import pipeline: who is in KAA on the demo date."""
    from fotfaste.core.demo import LEKEBERG, LEKEBERG_AGREEMENT, OREBRO
    from fotfaste.people.models import Person

    in_kaa = load_registers(run.rng, run.today, run.people)
    run.kaa_people = {code: list(Person.objects.filter(pk__in=ids)) for code, ids in in_kaa.items()}
    af_units = {
        OREBRO: run.unit("Arbetsförmedlingen Örebro, ungdomsteam"),
        LEKEBERG: run.unit("Arbetsförmedlingen, ungdomsteam Lekeberg", LEKEBERG_AGREEMENT),
    }
    run.programme_people = {}
    for code, unit in af_units.items():
        run.programme_people[code] = load_employment_register(run.rng, run.today, code, unit, run.people[code])
    run.lines.append(
        _(
            "I KAA-registret i dag: Örebro %(orebro)d, Lekeberg %(lekeberg)d (efter inläsning av folkbokföring, "
            "elevregister och betyg)"
        )
        % {"orebro": len(in_kaa.get(OREBRO, ())), "lekeberg": len(in_kaa.get(LEKEBERG, ()))}
    )

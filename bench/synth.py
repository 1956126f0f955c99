#!/usr/bin/env python3
"""Synthetic national-scale register files for benchmarks.

Writes the three register extracts the KAA import reads – folkbokforing.csv,
elevregister.csv and betyg.csv – for up to about two million made-up residents
aged 15–20, in the project's canonical CSV format (UTF-8, ";", a header row),
and Arbetsförmedlingen's list of their spells, af_inskrivning.csv.

Everything random comes from one `random.Random(seed)` consumed in a fixed
order (the AF spells from a second one of their own) and the as-of date is
passed in, so the same arguments give byte-identical files. Rows are written as each person is made, so memory stays flat however
many persons are asked for.

The identity numbers are arbitrary Luhn-valid personnummer, not Skatteverket's
test numbers (there are only about 730 of those per birth year), so any of
them may be a real person's number. Names are obviously made up ("Syntetsson",
"Benchlund") so no row can be taken for a real person's; the files belong in
benchmarks only and never next to real data. Skatteverket's test numbers are
skipped, so a benchmark can load these files next to the demo data.

Plain Python 3.11 standard library: neither Django nor the project is imported;
only the reference CSV files are read from the repository.

    python bench/synth.py --persons 1000000 --as-of 2026-09-15 --seed 1 --out bench/data
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from array import array
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT / "fotfaste" / "reference" / "data"

DEFAULT_PERSONS = 1_000_000
DEFAULT_AS_OF = date(2026, 9, 15)
DEFAULT_SEED = 1
DEFAULT_OUT = ROOT / "bench" / "data"
PROGRESS_EVERY = 100_000

MIN_AGE, MAX_AGE = 15, 20

HEADERS = {
    "folkbokforing": (
        "personnummer",
        "fornamn",
        "efternamn",
        "utdelningsadress",
        "postnummer",
        "postort",
        "kommunkod",
        "skyddad",
        "folkbokford_datum",
        "invandrad_datum",
        "utflyttad_datum",
        "avliden_datum",
        "bakgrund",
    ),
    "elevregister": ("personnummer", "skolform", "program", "skolenhet", "startdatum", "slutdatum", "slutorsak"),
    "betyg": ("personnummer", "typ", "datum"),
    "af_inskrivning": ("personnummer", "inskriven_fran", "inskriven_till", "sokandekategori"),
}

# --- Municipality sizes -------------------------------------------------------
# No population figures are in the repository. The three big cities get fixed
# shares; the other 287 get a Zipf-like weight by rank, and the rank is the
# municipality's number of postal codes in postnummer.csv (ties by code), which
# orders them much as population does (Uppsala, Linköping, Umeå first; Bjurholm
# and Storfors last). Offset and exponent were fitted to rough shares of
# Sweden's population at ranks 4–290: 2 % at rank 4, 0.2 % at rank 100, 0.04 %
# at rank 290.
FIXED_SHARES = {"0180": 0.09, "1480": 0.06, "1280": 0.035}
ZIPF_OFFSET = 40
ZIPF_EXPONENT = 2.0

# --- Folkbokföring ------------------------------------------------------------
UNKNOWN_BACKGROUND = 0.03
BORN_ABROAD = 0.12  # exactly the persons with an invandrad_datum
FOREIGN_BACKGROUND_BORN_IN_SWEDEN = 0.12
# Share of the persons born in Sweden registered at their address since a later
# date than birth; with the immigrants (always so) about 15 % in all.
MOVED_IN = 0.034
REGISTRATION_LAG_DAYS = 60  # from immigration to folkbokföring
CONFIDENTIALITY_MARKING = 0.004
PROTECTED_REGISTRATION = 0.001
FLAT_NUMBER = 0.35
INTERNATIONAL_FIRST_NAME = 0.6  # for persons with a foreign background

# --- Schooling ----------------------------------------------------------------
ADAPTED_TRACK = 0.015  # anpassad grundskola, then anpassad gymnasieskola (GYAN)
UPPER_SECONDARY_TRACK = 0.93  # GY; the remaining 5.5 % start no upper secondary school
INTRODUCTION = 0.11  # of first GY enrolments; with arrivals and restarts about 12 % of GY rows are IM
# Arrived within this many years before the gymnasium start: more often on an
# introduction programme, then mostly språkintroduktion (IMS).
RECENT_ARRIVAL_YEARS = 4
INTRODUCTION_RECENT_ARRIVAL = 0.35
LANGUAGE_INTRODUCTION_RECENT_ARRIVAL = 0.7
DROPOUT = 0.08
CHANGE_SCHOOL = 0.02
MOVE = 0.005
RESTART_AFTER_DROPOUT = 0.5
STUDIEBEVIS_AFTER_DROPOUT = 0.3
# National programme completers; introduction programmes lead to no examen, so
# this is set a little above 85 % for about 85 % of all GY completers.
EXAMEN = 0.89
INTRODUCTION_TO_NATIONAL = 0.5  # after one year on the introduction programme
INTRODUCTION_DROPOUT = 0.2
ADAPTED_DROPOUT = 0.05
# Of those who start no upper secondary school: studies abroad or an
# equivalent school outside the school system (about 0.5 % of everyone).
ABROAD_OR_EQUIVALENT = 0.1
ABROAD = 0.6  # of those, UTL; the rest MOTSV
# Adult education (KOMVUX or folkhögskola) once upper secondary school is behind
# them; far more often for those who left it without an examen. Tuned for
# about 2 % of all persons.
ADULT_EDUCATION_AFTER_EXAMEN = 0.02
ADULT_EDUCATION_OTHERWISE = 0.19
FOLK_HIGH_SCHOOL = 0.4  # of adult education; the rest KOMVUX
ADULT_EDUCATION_DROPOUT = 0.25
# Completed grundskola enrolments are kept for the school years that ended in
# the last two Junes, as a register keeps recent history; older ones are gone.
# With them an extract has about 1.4 enrolment rows per person.
GR_HISTORY_YEARS = 2

# --- Arbetsförmedlingen (af_inskrivning) ------------------------------------------
# A benchmark's load, not statistics: about 40 % of everyone has 1–3 spells in the
# last two years. Nobody registers before turning 16, so the share is drawn among
# those who have (five of the six birth years).
AF_REGISTERED = 0.48
AF_HISTORY_DAYS = 730
AF_SPELLS = ((1, 55), (2, 30), (3, 15))
AF_MEAN_SPELL_DAYS = 150
AF_MIN_SPELL_DAYS, AF_MAX_SPELL_DAYS = 7, 600
AF_MAX_GAP_DAYS = 120  # between spells; a gap of one day is a change of category
# Mostly openly unemployed (11); some part-time (14), in work with support (21, 22), or in a programme (69).
AF_CATEGORIES = (("11", 70), ("14", 8), ("21", 7), ("22", 7), ("69", 8))
# A seed of its own, so adding this file left the other three byte for byte as they were.
AF_SEED_OFFSET = 0xAF0000

# Rough weights, not statistics: the big higher-education preparatory programmes lead.
# fmt: off
NATIONAL_PROGRAMMES = (
    ("SA", 14), ("EK", 14), ("NA", 12), ("TE", 12), ("ES", 3), ("HU", 2), ("BF", 3), ("EE", 3), ("EL", 4),
    ("FT", 3), ("HA", 3), ("HV", 2), ("IN", 1), ("RL", 2), ("VF", 2), ("VO", 4),
)
INTRODUCTION_PROGRAMMES = (("IMA", 25), ("IMV", 35), ("IMY", 25), ("IMF", 15))

FEMALE_NAMES = ("Alice", "Maja", "Elsa", "Ebba", "Wilma", "Saga", "Alva", "Astrid", "Åsa", "Märta", "Linnéa", "Tuva")
MALE_NAMES = ("Oscar", "Hugo", "Elias", "William", "Lucas", "Liam", "Noah", "Måns", "Örjan", "Åke", "Olle", "Love")
INTERNATIONAL_FEMALE_NAMES = ("Fatima", "Amina", "Yasmin", "Zeynep", "Nour", "Maryam")
INTERNATIONAL_MALE_NAMES = ("Mohammed", "Ali", "Omar", "Yusuf", "Hamza", "Ahmed")
SURNAMES = (
    "Syntetsson", "Testberg", "Benchlund", "Provström", "Exempelqvist", "Fiktivsson", "Låtsasdal", "Mockgren",
    "Örtestsson", "Ängsprovén", "Åbenchsson", "Dataholm", "Skenberg", "Påhittsson",
)
STREETS = (
    "Syntetgatan", "Testvägen", "Benchstigen", "Provgränd", "Exempelallén", "Låtsasbacken", "Östra Fiktivgatan",
    "Ängsprovsvägen", "Åtestgången",
)
# fmt: on
FOLK_HIGH_SCHOOLS = tuple(f"Syntetfolkhögskolan {n}" for n in range(1, 21))
ABROAD_SCHOOL = "Synthetic School Abroad"

# Schools per municipality per percent of the population: Stockholm gets about
# 150 grundskolor and 50 gymnasieskolor, the smallest municipality two and one.
PRIMARY_SCHOOLS_PER_PERCENT = 17
UPPER_SCHOOLS_PER_PERCENT = 6


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    share: float  # of the national population
    postal: tuple[tuple[str, str], ...]  # (postnummer, postort)
    primary_schools: tuple[str, ...]
    upper_schools: tuple[str, ...]


def load_municipalities() -> list[Municipality]:
    """The 290 municipalities with their share of the population, postal codes and synthetic schools."""
    with open(REFERENCE_DIR / "kommuner.csv", encoding="utf-8", newline="") as f:
        names = {row["kommunkod"]: row["kommun"] for row in csv.DictReader(f)}
    postal: dict[str, list[tuple[str, str]]] = {code: [] for code in names}
    with open(REFERENCE_DIR / "postnummer.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            postal[row["kommunkod"]].append((row["postnummer"], row["ort"]))
    shares = municipality_shares({code: len(codes) for code, codes in postal.items()})
    result = []
    for code in sorted(names):
        name, share = names[code], shares[code]
        primary = max(2, round(share * 100 * PRIMARY_SCHOOLS_PER_PERCENT))
        upper = max(1, round(share * 100 * UPPER_SCHOOLS_PER_PERCENT))
        result.append(
            Municipality(
                code=code,
                name=name,
                share=share,
                postal=tuple(sorted(postal[code])),
                primary_schools=tuple(f"Syntetskolan {name} {n}" for n in range(1, primary + 1)),
                upper_schools=tuple(f"Benchgymnasiet {name} {n}" for n in range(1, upper + 1)),
            )
        )
    return result


def municipality_shares(postal_code_counts: dict[str, int]) -> dict[str, float]:
    """Share of the population per municipality code; see FIXED_SHARES and ZIPF_OFFSET."""
    others = sorted(
        (code for code in postal_code_counts if code not in FIXED_SHARES), key=lambda c: (-postal_code_counts[c], c)
    )
    first_rank = len(FIXED_SHARES) + 1
    weights = [1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(first_rank, first_rank + len(others))]
    rest = 1 - sum(FIXED_SHARES.values())
    total = sum(weights)
    shares = {code: rest * w / total for code, w in zip(others, weights, strict=True)}
    shares.update(FIXED_SHARES)
    return shares


def allocate(persons: int, shares: Sequence[float]) -> list[int]:
    """Split persons by shares exactly (largest remainder); everyone gets one if there are enough to go round."""
    exact = [persons * s / sum(shares) for s in shares]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: persons - sum(counts)]:
        counts[i] += 1
    if persons >= len(shares):
        for i, n in enumerate(counts):
            if n == 0:
                counts[counts.index(max(counts))] -= 1
                counts[i] = 1
    return counts


def skatteverket_test_numbers() -> frozenset[str]:
    """The demo and test data's identity numbers, which generated numbers must not collide with."""
    text = (REFERENCE_DIR / "testpersonnummer-skatteverket.txt").read_text(encoding="ascii")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


# --- Dates as ordinals ---------------------------------------------------------
# All date arithmetic is on proleptic ordinals (date.toordinal); text is looked
# up in a table made once, so no row formats or parses a date.


def weekday(ordinal: int) -> int:
    return (ordinal + 6) % 7  # Monday 0, as date.weekday(); ordinal 1 was a Monday


def monday_nearest(day: date) -> int:
    o = day.toordinal()
    wd = weekday(o)
    return o - wd if wd <= 3 else o + 7 - wd


def weekday_nearest(ordinal: int) -> int:
    wd = weekday(ordinal)
    return ordinal - 1 if wd == 5 else ordinal + 1 if wd == 6 else ordinal


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def luhn_sum(digits: str, first_weight: int) -> int:
    """Luhn sum of digits with weights alternating from first_weight (2 or 1); products over 9 lose 9."""
    total, weight = 0, first_weight
    for ch in digits:
        p = int(ch) * weight
        total += p - 9 if p > 9 else p
        weight = 3 - weight
    return total


class Calendar:
    """School-year dates per year and the text of every day a row can hold."""

    def __init__(self, first_year: int, last_year: int, as_of: date) -> None:
        years = range(first_year, last_year + 1)
        # Autumn term starts on the Monday nearest 20 August, spring term on the
        # Monday nearest 10 January, and the school year ends on the weekday nearest 10 June.
        self.autumn = {y: monday_nearest(date(y, 8, 20)) for y in years}
        self.spring = {y: monday_nearest(date(y, 1, 10)) for y in years}
        self.june = {y: weekday_nearest(date(y, 6, 10).toordinal()) for y in years}
        self.july_first = {y: date(y, 7, 1).toordinal() for y in years}
        first = date(first_year, 1, 1).toordinal()
        self.text = {o: date.fromordinal(o).isoformat() for o in range(first, as_of.toordinal() + 1)}

    def next_term(self, ordinal: int) -> int:
        """The first term start on or after the day."""
        year = date.fromordinal(ordinal).year
        for start in (self.spring[year], self.autumn[year], self.spring[year + 1]):
            if start >= ordinal:
                return start
        raise AssertionError("unreachable: spring follows autumn")

    def next_autumn(self, ordinal: int) -> int:
        year = date.fromordinal(ordinal).year
        return self.autumn[year] if self.autumn[year] > ordinal else self.autumn[year + 1]

    @staticmethod
    def school_year_end(start: int) -> int:
        """The calendar year in which the school year that starts on the day ends."""
        d = date.fromordinal(start)
        return d.year + 1 if d.month >= 7 else d.year


class Synthesizer:
    """Makes one person at a time: a folkbokföring row and their enrolment and diploma rows."""

    def __init__(self, as_of: date, seed: int) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of.toordinal()
        self.as_of_date = as_of
        first = date(as_of.year - MAX_AGE - 2, 1, 1).toordinal()
        self.birth_days = [
            o for o in range(first, self.as_of + 1) if MIN_AGE <= age_on(date.fromordinal(o), as_of) <= MAX_AGE
        ]
        self.birth_prefix = [date.fromordinal(o).strftime("%Y%m%d") for o in self.birth_days]
        self.birth_year = [date.fromordinal(o).year for o in self.birth_days]
        self.birth_luhn = [luhn_sum(p[2:], 2) for p in self.birth_prefix]
        self.serial_text = [f"{s:03d}" for s in range(1000)]
        self.serial_luhn = [luhn_sum(t, 2) for t in self.serial_text]
        # Per birth day, the next serial to hand out to a woman (even) and a man (odd).
        self.next_female = array("H", [2]) * len(self.birth_days)
        self.next_male = array("H", [1]) * len(self.birth_days)
        self.reserved = skatteverket_test_numbers()
        self.calendar = cal = Calendar(date.fromordinal(self.birth_days[0]).year, as_of.year + 8, as_of)
        self.text = cal.text
        last_june_year = as_of.year if cal.june[as_of.year] <= self.as_of else as_of.year - 1
        self.gr_history_from = cal.june[last_june_year - GR_HISTORY_YEARS + 1]
        self.national = [code for code, _ in NATIONAL_PROGRAMMES]
        self.national_cum = _cumulative(w for _, w in NATIONAL_PROGRAMMES)
        self.introduction = [code for code, _ in INTRODUCTION_PROGRAMMES]
        self.introduction_cum = _cumulative(w for _, w in INTRODUCTION_PROGRAMMES)
        self.af_rng = random.Random(seed + AF_SEED_OFFSET)
        self.af_spell_counts = [n for n, _ in AF_SPELLS]
        self.af_spell_cum = _cumulative(w for _, w in AF_SPELLS)
        self.af_categories = [c for c, _ in AF_CATEGORIES]
        self.af_category_cum = _cumulative(w for _, w in AF_CATEGORIES)

    def employment_spells(self, number: str) -> list[list[str]]:
        """The person's spells at Arbetsförmedlingen, oldest first, from their own random stream."""
        rng, as_of = self.af_rng, self.as_of
        if rng.random() >= AF_REGISTERED:
            return []
        born = date(int(number[:4]), int(number[4:6]), int(number[6:8]))
        try:
            sixteen = born.replace(year=born.year + 16).toordinal()
        except ValueError:  # born 29 February
            sixteen = date(born.year + 16, 2, 28).toordinal()
        first = max(as_of - AF_HISTORY_DAYS, sixteen)
        if first > as_of:
            return []
        count = rng.choices(self.af_spell_counts, cum_weights=self.af_spell_cum)[0]
        start = rng.randint(first, as_of)
        spells: list[list[str]] = []
        for _ in range(count):
            days = round(rng.expovariate(1 / AF_MEAN_SPELL_DAYS))
            end = start + min(max(days, AF_MIN_SPELL_DAYS), AF_MAX_SPELL_DAYS) - 1
            category = rng.choices(self.af_categories, cum_weights=self.af_category_cum)[0]
            if end >= as_of:  # still registered on the extract date
                spells.append([number, self.text[start], "", category])
                break
            spells.append([number, self.text[start], self.text[end], category])
            start = end + 1 + rng.randint(0, AF_MAX_GAP_DAYS)
            if start > as_of:
                break
        return spells

    @property
    def capacity(self) -> int:
        return 999 * len(self.birth_days)

    # --- Folkbokföring ---

    def identity_number(self, female: bool) -> tuple[str, int]:
        """A unique personnummer born on a random day in the age range, and the birth-day index."""
        rng = self.rng
        i = rng.randrange(len(self.birth_days))
        counters = self.next_female if female else self.next_male
        for _ in range(len(self.birth_days)):
            while counters[i] <= 999:
                serial = counters[i]
                counters[i] += 2
                partial = self.birth_luhn[i] + self.serial_luhn[serial]
                number = f"{self.birth_prefix[i]}{self.serial_text[serial]}{(10 - partial % 10) % 10}"
                if number not in self.reserved:
                    return number, i
            i = (i + 1) % len(self.birth_days)  # that day is full: the next day with room
        raise ValueError("every birth day's serials are used up: ask for fewer persons")

    def person(self, m: Municipality) -> tuple[list[str], list[list[str]], list[list[str]]]:
        rng, text, as_of = self.rng, self.text, self.as_of
        female = rng.random() < 0.5
        number, bi = self.identity_number(female)
        born = self.birth_days[bi]

        r = rng.random()
        arrived = None
        if r < UNKNOWN_BACKGROUND:
            background = ""
        elif r < UNKNOWN_BACKGROUND + BORN_ABROAD:
            background = "fodd_utomlands"
            arrived = rng.randint(born + 1, as_of)
        elif r < UNKNOWN_BACKGROUND + BORN_ABROAD + FOREIGN_BACKGROUND_BORN_IN_SWEDEN:
            background = "utlandsk_fodd_i_sverige"
        else:
            background = "svensk"
        if arrived is not None:
            registered = min(arrived + rng.randint(0, REGISTRATION_LAG_DAYS), as_of)
        elif rng.random() < MOVED_IN:
            registered = rng.randint(born + 1, as_of)
        else:
            registered = None

        if background in ("fodd_utomlands", "utlandsk_fodd_i_sverige") and rng.random() < INTERNATIONAL_FIRST_NAME:
            first_name = rng.choice(INTERNATIONAL_FEMALE_NAMES if female else INTERNATIONAL_MALE_NAMES)
        else:
            first_name = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        last_name = rng.choice(SURNAMES)
        postnummer, postort = rng.choice(m.postal)
        address = f"{rng.choice(STREETS)} {rng.randint(1, 99)}"
        if rng.random() < FLAT_NUMBER:
            address += f" lgh {rng.randint(10, 14)}{rng.randint(1, 4):02d}"
        r = rng.random()
        if r < CONFIDENTIALITY_MARKING:
            protection = "sekretessmarkering"
        elif r < CONFIDENTIALITY_MARKING + PROTECTED_REGISTRATION:
            protection = "skyddad_folkbokforing"
        else:
            protection = ""

        row = [
            number,
            first_name,
            last_name,
            address,
            postnummer,
            postort,
            m.code,
            protection,
            text[registered] if registered is not None else "",
            text[arrived] if arrived is not None else "",
            "",  # a first snapshot holds residents only: nobody has moved out
            "",  # or died
            background,
        ]
        enrolments: list[list[str]] = []
        diplomas: list[list[str]] = []
        _Schooling(self, m, number, self.birth_year[bi], arrived, enrolments, diplomas).run()
        return row, enrolments, diplomas

    def national_programme(self) -> str:
        return self.rng.choices(self.national, cum_weights=self.national_cum)[0]

    def introduction_programme(self, recently_arrived: bool) -> str:
        if recently_arrived and self.rng.random() < LANGUAGE_INTRODUCTION_RECENT_ARRIVAL:
            return "IMS"
        return self.rng.choices(self.introduction, cum_weights=self.introduction_cum)[0]


class _Schooling:
    """One person's school history, as the registers know it on the as-of date."""

    def __init__(
        self,
        synth: Synthesizer,
        m: Municipality,
        number: str,
        birth_year: int,
        arrived: int | None,
        enrolments: list[list[str]],
        diplomas: list[list[str]],
    ) -> None:
        self.s, self.rng, self.cal = synth, synth.rng, synth.calendar
        self.m, self.number, self.birth_year, self.arrived = m, number, birth_year, arrived
        self.enrolments, self.diplomas = enrolments, diplomas

    def enrol(self, form: str, programme: str, school: str, start: int, end: int | None, reason: str) -> bool:
        """Add the enrolment as it stands on the as-of date; True if it had ended by then."""
        as_of, text = self.s.as_of, self.s.text
        if start > as_of:
            return False
        if end is None or end > as_of:
            self.enrolments.append([self.number, form, programme, school, text[start], "", ""])
            return False
        self.enrolments.append([self.number, form, programme, school, text[start], text[end], reason])
        return True

    def diploma(self, kind: str, day: int) -> None:
        if day <= self.s.as_of:
            self.diplomas.append([self.number, kind, self.s.text[day]])

    def other_school(self, schools: Sequence[str], current: str) -> str:
        if len(schools) == 1:
            return current
        while (school := self.rng.choice(schools)) == current:
            pass
        return school

    def run(self) -> None:
        rng, cal, s, by, arrived = self.rng, self.cal, self.s, self.birth_year, self.arrived
        r = rng.random()
        track = "adapted" if r < ADAPTED_TRACK else "gy" if r < ADAPTED_TRACK + UPPER_SECONDARY_TRACK else "none"
        primary_form = "GRAN" if track == "adapted" else "GR"
        if track == "adapted":
            primary_school = f"Anpassade syntetskolan {self.m.name}"
        else:
            primary_school = rng.choice(self.m.primary_schools)

        gr_start, gr_end, gy_start = cal.autumn[by + 7], cal.june[by + 16], cal.autumn[by + 16]
        if arrived is not None:
            gr_start = max(gr_start, cal.next_term(arrived))
        in_primary = gr_start < gr_end  # those who arrived after it never went to a Swedish grundskola

        if gy_start > s.as_of:  # not yet of gymnasium age
            if in_primary:
                self.enrol(primary_form, "", primary_school, gr_start, None, "")
            return

        if in_primary:
            self.diploma("grundskola", gr_end)
            if gr_end >= s.gr_history_from:
                self.enrol(primary_form, "", primary_school, gr_start, gr_end, "fullfoljd")
            first_start = gy_start
        else:
            first_start = cal.next_term(arrived)
        recently_arrived = arrived is not None and arrived > gy_start - 365 * RECENT_ARRIVAL_YEARS
        # Upper secondary school must start before the first of July of the year one turns 20.
        age_limit = cal.july_first[by + 20]

        outcome: tuple[int, bool] | None  # (the day schooling ended, with an examen) or None if ongoing
        if first_start >= age_limit or first_start > s.as_of:
            outcome = (gr_end if in_primary else arrived, False)
        elif track == "gy":
            if not in_primary:
                programme = self.s.introduction_programme(True)
            elif rng.random() < (INTRODUCTION_RECENT_ARRIVAL if recently_arrived else INTRODUCTION):
                programme = self.s.introduction_programme(recently_arrived)
            else:
                programme = self.s.national_programme()
            outcome = self.gymnasium(first_start, programme, age_limit, restart=True)
        elif track == "adapted":
            outcome = self.adapted(first_start)
        elif rng.random() < ABROAD_OR_EQUIVALENT:
            outcome = self.abroad_or_equivalent(first_start)
        else:
            outcome = (gr_end if in_primary else arrived, False)
        if outcome is not None:
            self.adult_education(*outcome)

    def gymnasium(self, start: int, programme: str, age_limit: int, restart: bool) -> tuple[int, bool] | None:
        if programme.startswith("IM"):
            return self.introduction(start, programme, age_limit, restart)
        rng, cal = self.rng, self.cal
        school = rng.choice(self.m.upper_schools)
        planned_end = cal.june[cal.school_year_end(start) + 2]
        r = rng.random()
        if r < DROPOUT:
            end = weekday_nearest(start + rng.randint(30, 700))
            if not self.enrol("GY", programme, school, start, end, "avbrott"):
                return None
            if rng.random() < STUDIEBEVIS_AFTER_DROPOUT:
                self.diploma("studiebevis", end)
            if restart and rng.random() < RESTART_AFTER_DROPOUT:
                again = cal.next_autumn(end)
                if again < age_limit and again <= self.s.as_of:
                    return self.gymnasium(again, self.restart_programme(), age_limit, restart=False)
            return (end, False)
        if r < DROPOUT + CHANGE_SCHOOL + MOVE:
            moved = r >= DROPOUT + CHANGE_SCHOOL
            end = weekday_nearest(start + rng.randint(20, 900))
            if not self.enrol("GY", programme, school, start, end, "flytt" if moved else "byte"):
                return None
            # Changing school starts the next day; a move takes a week or two.
            start = weekday_nearest(end + rng.randint(3, 14)) if moved else end + 1
            school = self.other_school(self.m.upper_schools, school)
        if not self.enrol("GY", programme, school, start, planned_end, "fullfoljd"):
            return None
        examen = rng.random() < EXAMEN
        self.diploma("gymnasieexamen" if examen else "studiebevis", planned_end)
        return (planned_end, examen)

    def restart_programme(self) -> str:
        # Dropouts who try again go to an introduction programme as often as
        # newcomers do, so the programme mix is drawn the same way.
        if self.rng.random() < INTRODUCTION:
            return self.s.introduction_programme(False)
        return self.s.national_programme()

    def introduction(self, start: int, programme: str, age_limit: int, restart: bool) -> tuple[int, bool] | None:
        """An introduction programme: often a year and then a national programme; it gives no examen."""
        rng, cal = self.rng, self.cal
        school = rng.choice(self.m.upper_schools)
        year_end = cal.school_year_end(start)
        r = rng.random()
        if r < INTRODUCTION_TO_NATIONAL:
            end = cal.june[year_end]
            if not self.enrol("GY", programme, school, start, end, "fullfoljd"):
                return None
            nxt = cal.autumn[year_end]
            if nxt < age_limit and nxt <= self.s.as_of:
                return self.gymnasium(nxt, self.s.national_programme(), age_limit, restart)
            return (end, False)
        if r < INTRODUCTION_TO_NATIONAL + INTRODUCTION_DROPOUT:
            end = weekday_nearest(start + rng.randint(30, 600))
            if not self.enrol("GY", programme, school, start, end, "avbrott"):
                return None
            return (end, False)
        end = cal.june[year_end + 2]
        if not self.enrol("GY", programme, school, start, end, "fullfoljd"):
            return None
        self.diploma("studiebevis", end)
        return (end, False)

    def adapted(self, start: int) -> tuple[int, bool] | None:
        """Anpassad gymnasieskola: four years."""
        rng, cal = self.rng, self.cal
        school = f"Anpassade syntetgymnasiet {self.m.name}"
        end = cal.june[cal.school_year_end(start) + 3]
        if rng.random() < ADAPTED_DROPOUT:
            end = weekday_nearest(start + rng.randint(30, 1000))
            if not self.enrol("GYAN", "", school, start, end, "avbrott"):
                return None
            return (end, False)
        if not self.enrol("GYAN", "", school, start, end, "fullfoljd"):
            return None
        self.diploma("anpassad_gymnasieskolebevis", end)
        return (end, False)

    def abroad_or_equivalent(self, start: int) -> tuple[int, bool] | None:
        rng, cal = self.rng, self.cal
        year_end = cal.school_year_end(start)
        if rng.random() < ABROAD:
            end = cal.june[year_end + rng.randint(0, 2)]
            if not self.enrol("UTL", "", ABROAD_SCHOOL, start, end, "fullfoljd"):
                return None
            return (end, False)
        end = cal.june[year_end + 2]
        if not self.enrol("MOTSV", "", f"Internationella syntetskolan {self.m.name}", start, end, "fullfoljd"):
            return None
        self.diploma("motsvarande", end)
        return (end, True)

    def adult_education(self, ended: int, examen: bool) -> None:
        """Perhaps KOMVUX or folkhögskola after upper secondary school (or instead of it)."""
        rng, cal, s, by = self.rng, self.cal, self.s, self.birth_year
        if rng.random() >= (ADULT_EDUCATION_AFTER_EXAMEN if examen else ADULT_EDUCATION_OTHERWISE):
            return
        if rng.random() < FOLK_HIGH_SCHOOL:
            form, school = "FHSK", rng.choice(FOLK_HIGH_SCHOOLS)
            eligible = date(by + 18, 1, 1).toordinal()  # from the year one turns 18
        else:
            form, school = "KOMVUX", f"Syntet-komvux {self.m.name}"
            # Without an examen, from the second half of the year one turns 20.
            eligible = ended if examen else cal.july_first[by + 20]
        start = cal.next_term(max(ended + 1, eligible))
        if start > s.as_of:
            return
        end = weekday_nearest(start + rng.randint(120, 540))
        self.enrol(form, "", school, start, end, "avbrott" if rng.random() < ADULT_EDUCATION_DROPOUT else "fullfoljd")


def _cumulative(weights) -> list[float]:
    total, result = 0.0, []
    for w in weights:
        total += w
        result.append(total)
    return result


def generate(
    persons: int,
    as_of: date,
    out: Path,
    seed: int = DEFAULT_SEED,
    municipality: str | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write out/folkbokforing.csv, out/elevregister.csv, out/betyg.csv and out/af_inskrivning.csv; return
    data rows per file.

    With municipality (a kommunkod) every person lives there; otherwise persons
    are spread over the 290 municipalities by FIXED_SHARES and the Zipf weights.
    progress, if given, is called with the number of persons made so far every
    PROGRESS_EVERY persons.
    """
    if persons < 1:
        raise ValueError("persons must be at least 1")
    municipalities = load_municipalities()
    synth = Synthesizer(as_of, seed)
    # A tenth in reserve so no sex's serials on a day run out under random birth days.
    if persons > synth.capacity * 0.9:
        raise ValueError(f"at most {int(synth.capacity * 0.9)} persons fit in the six birth years")
    if municipality is not None:
        by_code = {m.code: m for m in municipalities}
        if municipality not in by_code:
            raise ValueError(f"unknown municipality code {municipality!r}")
        municipalities = [by_code[municipality]]
        order = None
    else:
        # Exact counts per municipality, in a random order: two bytes a person.
        counts = allocate(persons, [m.share for m in municipalities])
        order = array("H")
        for i, n in enumerate(counts):
            order.extend(array("H", [i]) * n)
        synth.rng.shuffle(order)

    out.mkdir(parents=True, exist_ok=True)
    rows = dict.fromkeys(HEADERS, 0)
    with ExitStack() as stack:
        files = {
            name: stack.enter_context(open(out / f"{name}.csv", "w", encoding="utf-8", newline="")) for name in HEADERS
        }
        writers = {name: csv.writer(f, delimiter=";", lineterminator="\n") for name, f in files.items()}
        for name, header in HEADERS.items():
            writers[name].writerow(header)
        population, enrolment, grade = writers["folkbokforing"], writers["elevregister"], writers["betyg"]
        employment = writers["af_inskrivning"]
        enrolment_rows = grade_rows = spell_rows = 0
        for n in range(persons):
            m = municipalities[order[n] if order is not None else 0]
            person, enrolments, diplomas = synth.person(m)
            population.writerow(person)
            enrolment.writerows(enrolments)
            grade.writerows(diplomas)
            spells = synth.employment_spells(person[0])
            employment.writerows(spells)
            enrolment_rows += len(enrolments)
            grade_rows += len(diplomas)
            spell_rows += len(spells)
            if progress is not None and (n + 1) % PROGRESS_EVERY == 0:
                progress(n + 1)
    rows.update(folkbokforing=persons, elevregister=enrolment_rows, betyg=grade_rows, af_inskrivning=spell_rows)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--persons", type=int, default=DEFAULT_PERSONS, help="number of residents (default %(default)s)"
    )
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=DEFAULT_AS_OF,
        help="snapshot date, YYYY-MM-DD (default %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--municipality", metavar="CODE", help="only residents of this municipality (kommunkod)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default bench/data)")
    args = parser.parse_args(argv)

    began = time.perf_counter()

    def report(done: int) -> None:
        print(f"{done:>9,} / {args.persons:,} persons, {time.perf_counter() - began:.1f} s", file=sys.stderr)

    try:
        rows = generate(args.persons, args.as_of, args.out, args.seed, args.municipality, progress=report)
    except ValueError as e:
        parser.error(str(e))
    print(f"done in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    for name, count in rows.items():
        path = args.out / f"{name}.csv"
        print(f"{path}: {count:,} rows, {path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

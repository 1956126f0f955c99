"""Programme eligibility as plain functions of plain facts, the day passed in (docs/register-formats.md,
"Programme eligibility"; the contract is ../shared/FORMATS.md).

A programme is data: its validity period and a list of declarative conditions (registered at AF, age,
diploma, full-time unemployment within a frame). Each condition evaluates to holds / does not hold with a
Swedish explanation, so every answer explains itself; `eligibility` also finds the first day within twelve
months on which a person not eligible today would become eligible if every AF spell still open today
stayed open and nothing else changed (a birthday, unemployment accumulating). No Django, no database:
named sub-rules with dated parameters, in the manner of rules-as-code projects, in plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from fotfaste.core.dates import add_months

# AF's categories (sökandekategori) counted as full-time unemployment by default, editable per agreement:
# openly unemployed, or in a programme with activity support. Not 14, 21, 22, 31, 41.
DEFAULT_UNEMPLOYED = frozenset({"11", "69", "70", "79"})
DIPLOMAS = frozenset({"gymnasieexamen", "anpassad_gymnasieskolebevis", "motsvarande"})
DIPLOMA_WORDS = {
    "gymnasieexamen": "gymnasieexamen",
    "anpassad_gymnasieskolebevis": "anpassat gymnasieskolebevis",
    "motsvarande": "motsvarande utbildning med godkänt resultat",
}
DAYS_PER_MONTH = 30
HORIZON_MONTHS = 12


@dataclass(frozen=True)
class Spell:
    """A registration at AF: first and last day (None: ongoing) and the category."""

    start: date
    end: date | None
    category: str

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Facts:
    birth_date: date
    spells: tuple[Spell, ...] = ()
    certificates: tuple[tuple[str, date], ...] = ()  # (betyg typ, datum)


def birthday(birth: date, age: int) -> date:
    """The day a person turns `age`; someone born 29 February has their birthday on 28 February in other years."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return date(birth.year + age, 2, 28)


def registered_on(spells: Iterable[Spell], day: date) -> bool:
    return any(s.covers(day) for s in spells)


def registered_since(spells: Sequence[Spell], day: date) -> date | None:
    """The first day of the unbroken registration that covers `day` (spells that meet or overlap join)."""
    covering = [s for s in spells if s.covers(day)]
    if not covering:
        return None
    since = min(s.start for s in covering)
    changed = True
    while changed:
        changed = False
        for s in spells:
            if s.start < since and (s.end is None or s.end >= since - timedelta(days=1)):
                since, changed = s.start, True
    return since


def _intervals(spells: Iterable[Spell], categories: frozenset[str], last: date) -> list[tuple[date, date]]:
    """The days of full-time unemployment as merged intervals, an ongoing spell running to `last`."""
    spans = sorted((s.start, min(s.end or last, last)) for s in spells if s.category in categories and s.start <= last)
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if start > end:
            continue
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def unemployed_days(spells: Iterable[Spell], day: date, frame_months: int, categories: frozenset[str]) -> int:
    """Days of full-time unemployment from the day `frame_months` months before `day` (same day of the
    month, or the month's last) to the day before `day`, both inclusive."""
    first, last = add_months(day, -frame_months), day - timedelta(days=1)
    total = 0
    for start, end in _intervals(spells, categories, last):
        lo, hi = max(start, first), min(end, last)
        if lo <= hi:
            total += (hi - lo).days + 1
    return total


# --- Conditions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    holds: bool
    text: str


@dataclass(frozen=True)
class Registered:
    """Registered at AF on the day: some spell covers it, whatever its category."""

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        since = registered_since(facts.spells, day)
        if since is None:
            return Outcome(False, "inte inskriven på Arbetsförmedlingen")
        return Outcome(True, f"inskriven på Arbetsförmedlingen sedan {since.isoformat()}")


@dataclass(frozen=True)
class Age:
    """Has turned `low` but not `high` on the day."""

    low: int
    high: int

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        turns_low, turns_high = birthday(facts.birth_date, self.low), birthday(facts.birth_date, self.high)
        if turns_low > day:
            return Outcome(False, f"har inte fyllt {self.low} (fyller {self.low} den {turns_low.isoformat()})")
        if turns_high <= day:
            return Outcome(False, f"har fyllt {self.high}")
        return Outcome(True, f"fyllt {self.low} men inte {self.high}")


@dataclass(frozen=True)
class Diploma:
    """Holds (required=True) or lacks (required=False) a diploma: gymnasieexamen, anpassat
    gymnasieskolebevis or a completed equivalent education, dated on or before the day. A studiebevis is not one."""

    required: bool

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        held = sorted((issued, kind) for kind, issued in facts.certificates if kind in DIPLOMAS and issued <= day)
        if held:
            issued, kind = held[0]
            text = f"har {DIPLOMA_WORDS[kind]} sedan {issued.isoformat()}"
            return Outcome(self.required, text)
        return Outcome(not self.required, "saknar gymnasieexamen")


@dataclass(frozen=True)
class Unemployment:
    """At least `months` months (30 days each) of full-time unemployment within a frame of `frame` months."""

    months: int
    frame: int

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        days = unemployed_days(facts.spells, day, self.frame, programme.unemployed_categories)
        needed = DAYS_PER_MONTH * self.months
        return Outcome(
            days >= needed,
            f"{days} dagar som heltidsarbetslös de senaste {self.frame} månaderna (minst {needed} krävs)",
        )


Condition = Registered | Age | Diploma | Unemployment


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    conditions: tuple[Condition, ...]
    valid_from: date | None = None  # when it could be granted at all
    valid_until: date | None = None
    source: str = ""
    unemployed_categories: frozenset[str] = field(default=DEFAULT_UNEMPLOYED)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    becomes_eligible: date | None  # for a "no": the first day within twelve months, if any
    outcomes: tuple[Outcome, ...]

    @property
    def explanation(self) -> str:
        """Every condition, the failing ones first, as one Swedish sentence."""
        ordered = [o.text for o in self.outcomes if not o.holds] + [o.text for o in self.outcomes if o.holds]
        text = ", ".join(ordered)
        return text[:1].upper() + text[1:]


def _validity(programme: Programme, day: date) -> Outcome | None:
    """Outside its validity period nobody is eligible; inside, the period goes unsaid."""
    if programme.valid_from and day < programme.valid_from:
        return Outcome(False, f"programmet kan beviljas först från {programme.valid_from.isoformat()}")
    if programme.valid_until and day > programme.valid_until:
        return Outcome(False, f"programmet kunde beviljas till och med {programme.valid_until.isoformat()}")
    return None


def evaluate(programme: Programme, facts: Facts, day: date) -> tuple[Outcome, ...]:
    outcomes = [c.evaluate(facts, day, programme) for c in programme.conditions]
    validity = _validity(programme, day)
    return tuple([validity, *outcomes] if validity else outcomes)


def as_it_stands(facts: Facts, day: date) -> Facts:
    """The facts if nothing changed after `day`: spells open that day stay open, later ones are unknown,
    and so are certificates issued later."""
    spells = tuple(replace(s, end=None) if s.covers(day) else s for s in facts.spells if s.start <= day)
    certificates = tuple((kind, issued) for kind, issued in facts.certificates if issued <= day)
    return Facts(facts.birth_date, spells, certificates)


def eligibility(programme: Programme, facts: Facts, day: date) -> Eligibility:
    outcomes = evaluate(programme, facts, day)
    if all(o.holds for o in outcomes):
        return Eligibility(True, None, outcomes)
    frozen = as_it_stands(facts, day)
    later, last = day + timedelta(days=1), add_months(day, HORIZON_MONTHS)
    while later <= last:
        if all(o.holds for o in evaluate(programme, frozen, later)):
            return Eligibility(False, later, outcomes)
        later += timedelta(days=1)
    return Eligibility(False, None, outcomes)


# --- The programmes shipped (FORMATS.md "Programme eligibility"; validity from the seeds and DOMAIN) ---

UTBILDNINGSKONTRAKT = Programme(
    "utbildningskontrakt",
    "Utbildningskontrakt",
    (Registered(), Age(20, 25), Diploma(required=False)),
    valid_from=date(2015, 8, 3),
    valid_until=date(2019, 12, 31),
    source="Förordning (2015:502) om utbildningskontrakt; seed 000 §7.3.2. Nya kontrakt 2015-08-03–2019-12-31.",
)
TRAINEEJOBB_VALFARD = Programme(
    "traineejobb_valfard",
    "Traineejobb i välfärden",
    (Registered(), Age(20, 25), Diploma(required=True), Unemployment(6, 9)),
    valid_from=date(2015, 8, 3),
    valid_until=date(2017, 12, 31),
    source="Förordning (2015:503) om särskilt anställningsstöd; seed 000 §7.3.1. Beslut till och med 2017-12-31.",
)
TRAINEEJOBB_BRISTYRKE = Programme(
    "traineejobb_bristyrke",
    "Traineejobb i bristyrken",
    (Registered(), Age(20, 25), Diploma(required=True), Unemployment(3, 6)),
    valid_from=date(2015, 8, 3),
    valid_until=date(2017, 12, 31),
    source="Förordning (2015:503) om särskilt anställningsstöd; seed 000 §7.3.1. Beslut till och med 2017-12-31.",
)
JOBBGARANTI_UNGDOMAR = Programme(
    "jobbgaranti_ungdomar",
    "Jobbgarantin för ungdomar",
    (Registered(), Age(16, 25), Unemployment(3, 4)),
    valid_from=date(2007, 12, 1),
    source="Förordning (2007:813) om jobbgaranti för ungdomar; seed 003.",
)
SHIPPED = {p.code: p for p in (UTBILDNINGSKONTRAKT, TRAINEEJOBB_VALFARD, TRAINEEJOBB_BRISTYRKE, JOBBGARANTI_UNGDOMAR)}

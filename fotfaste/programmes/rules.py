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
    """What Fotfäste knows of one person for a viewer; None where the viewer may not know it (or nobody does)."""

    birth_date: date
    spells: tuple[Spell, ...] | None = ()
    certificates: tuple[tuple[str, date], ...] | None = ()  # (betyg typ, datum)
    municipality: str | None = None  # the municipality of registration (folkbokföring)
    income_support: tuple[tuple[date, date | None], ...] | None = ()  # social services' decisions (from, to)
    need_level: tuple[int, str] | None = None  # (order, name) of the latest mapping's need level


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
    holds: bool | None  # None: cannot be decided, a fact is missing
    text: str


def unknown(what: str) -> Outcome:
    return Outcome(None, f"kan inte avgöras: uppgift saknas om {what}")


NEVER = None  # next_chance: under the facts as they stand, the condition will not come to hold


@dataclass(frozen=True)
class Registered:
    """Registered at AF on the day: some spell covers it, whatever its category."""

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        if facts.spells is None:
            return unknown("inskrivning på Arbetsförmedlingen")
        since = registered_since(facts.spells, day)
        if since is None:
            return Outcome(False, "inte inskriven på Arbetsförmedlingen")
        return Outcome(True, f"inskriven på Arbetsförmedlingen sedan {since.isoformat()}")

    def next_chance(self, facts: Facts, day: date, programme: Programme) -> date | None:
        return NEVER  # no spell starts later when the facts stand as they are


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

    def next_chance(self, facts: Facts, day: date, programme: Programme) -> date | None:
        turns_low = birthday(facts.birth_date, self.low)
        return turns_low if turns_low > day else NEVER


@dataclass(frozen=True)
class Diploma:
    """Holds (required=True) or lacks (required=False) a diploma: gymnasieexamen, anpassat
    gymnasieskolebevis or a completed equivalent education, dated on or before the day. A studiebevis is not one."""

    required: bool

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        if facts.certificates is None:
            return unknown("gymnasieexamen")
        held = sorted((issued, kind) for kind, issued in facts.certificates if kind in DIPLOMAS and issued <= day)
        if held:
            issued, kind = held[0]
            text = f"har {DIPLOMA_WORDS[kind]} sedan {issued.isoformat()}"
            return Outcome(self.required, text)
        return Outcome(not self.required, "saknar gymnasieexamen")

    def next_chance(self, facts: Facts, day: date, programme: Programme) -> date | None:
        return NEVER


@dataclass(frozen=True)
class Unemployment:
    """At least `months` months (30 days each) of full-time unemployment within a frame of `frame` months."""

    months: int
    frame: int

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        if facts.spells is None:
            return unknown("arbetslöshet hos Arbetsförmedlingen")
        days = unemployed_days(facts.spells, day, self.frame, programme.unemployed_categories)
        needed = DAYS_PER_MONTH * self.months
        return Outcome(
            days >= needed,
            f"{days} dagar som heltidsarbetslös de senaste {self.frame} månaderna (minst {needed} krävs)",
        )

    def next_chance(self, facts: Facts, day: date, programme: Programme) -> date | None:
        # The count grows by at most one day a day, so the deficit is the earliest it can be made up.
        days = unemployed_days(facts.spells or (), day, self.frame, programme.unemployed_categories)
        return day + timedelta(days=max(1, DAYS_PER_MONTH * self.months - days))


@dataclass(frozen=True)
class Residence:
    """Registered (folkbokförd) in one of the municipalities, by code with its name for the explanation."""

    municipalities: tuple[tuple[str, str], ...]

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        names = " eller ".join(name for _code, name in self.municipalities)
        if facts.municipality is None:
            return unknown("folkbokföring")
        if facts.municipality in {code for code, _name in self.municipalities}:
            return Outcome(True, f"folkbokförd i {names}")
        return Outcome(False, f"inte folkbokförd i {names}")

    def next_chance(self, facts: Facts, day: date, programme: Programme) -> date | None:
        return NEVER


@dataclass(frozen=True)
class IncomeSupport:
    """Has income support on the day: a decision of social services that covers it."""

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        if facts.income_support is None:
            return unknown("försörjningsstöd")
        covering = sorted(start for start, end in facts.income_support if start <= day and (end is None or day <= end))
        if covering:
            return Outcome(True, f"har försörjningsstöd sedan {covering[0].isoformat()}")
        return Outcome(False, "har inte försörjningsstöd")

    def next_chance(self, facts: Facts, day: date, programme: Programme) -> date | None:
        return NEVER


@dataclass(frozen=True)
class NeedLevel:
    """The latest mapping puts the person at need level `minimum` or above (the agreement's levels, in order)."""

    minimum: int

    def evaluate(self, facts: Facts, day: date, programme: Programme) -> Outcome:
        if facts.need_level is None:
            return unknown("behovsnivå i kartläggningen")
        order, name = facts.need_level
        return Outcome(
            order >= self.minimum, f"behovsnivå {order} ({name}) i kartläggningen, minst {self.minimum} krävs"
        )

    def next_chance(self, facts: Facts, day: date, programme: Programme) -> date | None:
        return NEVER


Condition = Registered | Age | Diploma | Unemployment | Residence | IncomeSupport | NeedLevel

# Which facts each kind of condition reads: only those are fetched (and so only those can be logged).
NEEDS = {
    Registered: "spells",
    Unemployment: "spells",
    Diploma: "certificates",
    IncomeSupport: "income_support",
    NeedLevel: "need_level",
}


def needed_facts(programmes: Iterable[Programme]) -> frozenset[str]:
    return frozenset(NEEDS[type(c)] for p in programmes for c in p.conditions if type(c) in NEEDS)


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
    def undecided(self) -> bool:
        """Not eligible only because a fact is missing: no condition known to fail."""
        return not self.eligible and all(o.holds is not False for o in self.outcomes)

    @property
    def reasons(self) -> str:
        """Every condition, the failing ones first, as a clause ("144 dagar som …, inskriven på …")."""
        ordered = [o.text for o in self.outcomes if o.holds is False]
        ordered += [o.text for o in self.outcomes if o.holds is None]
        ordered += [o.text for o in self.outcomes if o.holds]
        return ", ".join(ordered)

    @property
    def explanation(self) -> str:
        """The reasons as one Swedish sentence."""
        text = self.reasons
        return text[:1].upper() + text[1:]


def _validity_chance(programme: Programme, day: date) -> date | None:
    if programme.valid_from and day < programme.valid_from:
        return programme.valid_from
    return NEVER


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
    """The facts if nothing changed after `day`: spells (and income support) open that day stay open,
    later ones are unknown, and so are certificates issued later."""
    spells = (
        None
        if facts.spells is None
        else tuple(replace(s, end=None) if s.covers(day) else s for s in facts.spells if s.start <= day)
    )
    certificates = (
        None if facts.certificates is None else tuple((k, issued) for k, issued in facts.certificates if issued <= day)
    )
    support = (
        None
        if facts.income_support is None
        else tuple(
            (start, None if start <= day and (end is None or day <= end) else end)
            for start, end in facts.income_support
            if start <= day
        )
    )
    return replace(facts, spells=spells, certificates=certificates, income_support=support)


def _next_chance(programme: Programme, facts: Facts, day: date) -> date | None:
    """`day` itself when eligible on it; else the earliest later day on which it could be (NEVER: no such day).

    Only the failing condition is asked, and it knows how soon it can change: a birthday, the start of
    the validity period, unemployment growing a day a day. Everything else stands as it is.
    """
    if programme.valid_until and day > programme.valid_until:
        return NEVER
    if programme.valid_from and day < programme.valid_from:
        return _validity_chance(programme, day)
    for condition in programme.conditions:
        outcome = condition.evaluate(facts, day, programme)
        if outcome.holds is None:
            return NEVER  # a missing fact stays missing
        if not outcome.holds:
            return condition.next_chance(facts, day, programme)
    return day


def eligibility(programme: Programme, facts: Facts, day: date, horizon_months: int = HORIZON_MONTHS) -> Eligibility:
    outcomes = evaluate(programme, facts, day)
    if all(o.holds for o in outcomes):
        return Eligibility(True, None, outcomes)
    if any(o.holds is None for o in outcomes):
        return Eligibility(False, None, outcomes)
    frozen = as_it_stands(facts, day)
    later, last = day + timedelta(days=1), add_months(day, horizon_months)
    while later <= last:
        chance = _next_chance(programme, frozen, later)
        if chance == later:
            return Eligibility(False, later, outcomes)
        if chance is NEVER or chance > last:
            break
        later = max(later + timedelta(days=1), chance)
    return Eligibility(False, None, outcomes)


# --- The programmes shipped (FORMATS.md "Programme eligibility") -------------------------------------
# Shipped without a validity period: the seeds name none, and when a programme can be granted is the
# agreement's to set (programmes.models.AgreementProgramme), as it configures everything else.

UTBILDNINGSKONTRAKT = Programme(
    "utbildningskontrakt",
    "Utbildningskontrakt",
    (Registered(), Age(20, 25), Diploma(required=False)),
    source="Förordning (2015:502) om utbildningskontrakt; seed 000 §7.3.2.",
)
TRAINEEJOBB_VALFARD = Programme(
    "traineejobb_valfard",
    "Traineejobb i välfärden",
    (Registered(), Age(20, 25), Diploma(required=True), Unemployment(6, 9)),
    source="Förordning (2015:503) om särskilt anställningsstöd (traineejobb i välfärden); seed 000 §7.3.1.",
)
TRAINEEJOBB_BRISTYRKE = Programme(
    "traineejobb_bristyrke",
    "Traineejobb i bristyrken",
    (Registered(), Age(20, 25), Diploma(required=True), Unemployment(3, 6)),
    source="Förordning (2015:503) om särskilt anställningsstöd (traineejobb i bristyrken); seed 000 §7.3.1.",
)
JOBBGARANTI_UNGDOMAR = Programme(
    "jobbgaranti_ungdomar",
    "Jobbgarantin för ungdomar",
    (Registered(), Age(16, 25), Unemployment(3, 4)),
    source="Förordning (2007:813) om jobbgaranti för ungdomar; seed 003.",
)
SHIPPED = {p.code: p for p in (UTBILDNINGSKONTRAKT, TRAINEEJOBB_VALFARD, TRAINEEJOBB_BRISTYRKE, JOBBGARANTI_UNGDOMAR)}


# --- Rules as data (what an agreement stores and edits) ----------------------------------------------


class RuleDataError(ValueError):
    """A programme's rules as data that do not make sense; the message is Swedish and names the rule."""


def _whole(item: dict, key: str, low: int, high: int, where: str) -> int:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise RuleDataError(f"{where}: ”{key}” ska vara ett heltal från {low} till {high}.")
    return value


def condition_from_data(item: dict, number: int, municipality_names: dict[str, str]) -> Condition:
    """One condition from its data: {"typ": "alder", "fran": 20, "till": 25} and the like."""
    where = f"Villkor {number}"
    kind = item.get("typ") if isinstance(item, dict) else None
    if kind == "inskriven":
        return Registered()
    if kind == "alder":
        low, high = _whole(item, "fran", 0, 100, where), _whole(item, "till", 1, 101, where)
        if high <= low:
            raise RuleDataError(f"{where}: ”till” ska vara större än ”fran”.")
        return Age(low, high)
    if kind == "examen":
        if not isinstance(item.get("krav"), bool):
            raise RuleDataError(f"{where}: ”krav” ska vara true (examen krävs) eller false (får inte ha examen).")
        return Diploma(required=item["krav"])
    if kind == "arbetsloshet":
        months, frame = _whole(item, "manader", 1, 60, where), _whole(item, "ram", 1, 120, where)
        if frame < months:
            raise RuleDataError(f"{where}: ramen (”ram”) kan inte vara kortare än antalet månader.")
        return Unemployment(months, frame)
    if kind == "forsorjningsstod":
        return IncomeSupport()
    if kind == "behovsniva":
        return NeedLevel(_whole(item, "minst", 1, 20, where))
    if kind == "folkbokford":
        codes = item.get("kommuner")
        if not isinstance(codes, list) or not codes or any(c not in municipality_names for c in codes):
            raise RuleDataError(f"{where}: ”kommuner” ska vara en lista med kommunkoder som finns.")
        return Residence(tuple((c, municipality_names[c]) for c in codes))
    raise RuleDataError(f"{where}: okänd typ ”{kind}”. Möjliga: inskriven, alder, examen, arbetsloshet, folkbokford.")


def condition_to_data(condition: Condition) -> dict:
    if isinstance(condition, Registered):
        return {"typ": "inskriven"}
    if isinstance(condition, Age):
        return {"typ": "alder", "fran": condition.low, "till": condition.high}
    if isinstance(condition, Diploma):
        return {"typ": "examen", "krav": condition.required}
    if isinstance(condition, Unemployment):
        return {"typ": "arbetsloshet", "manader": condition.months, "ram": condition.frame}
    if isinstance(condition, IncomeSupport):
        return {"typ": "forsorjningsstod"}
    if isinstance(condition, NeedLevel):
        return {"typ": "behovsniva", "minst": condition.minimum}
    return {"typ": "folkbokford", "kommuner": [code for code, _name in condition.municipalities]}


def conditions_from_data(items, municipality_names: dict[str, str]) -> tuple[Condition, ...]:
    if not isinstance(items, list):
        raise RuleDataError("Villkoren ska vara en lista.")
    return tuple(condition_from_data(item, n, municipality_names) for n, item in enumerate(items, start=1))


def categories_from_data(items) -> frozenset[str]:
    if not isinstance(items, list) or any(not (isinstance(c, str) and c.isdigit() and len(c) <= 3) for c in items):
        raise RuleDataError('Sökandekategorierna ska vara en lista med Arbetsförmedlingens koder, t.ex. "11".')
    return frozenset(str(int(c)) for c in items)


def describe(condition: Condition) -> str:
    """A condition in words, for the programme's page."""
    if isinstance(condition, Registered):
        return "inskriven på Arbetsförmedlingen"
    if isinstance(condition, Age):
        return f"har fyllt {condition.low} men inte {condition.high}"
    if isinstance(condition, Diploma):
        return "har gymnasieexamen" if condition.required else "saknar gymnasieexamen"
    if isinstance(condition, Unemployment):
        return (
            f"minst {condition.months} månader ({DAYS_PER_MONTH * condition.months} dagar) som heltidsarbetslös "
            f"inom {condition.frame} månader"
        )
    if isinstance(condition, IncomeSupport):
        return "har försörjningsstöd"
    if isinstance(condition, NeedLevel):
        return f"behovsnivå {condition.minimum} eller högre i kartläggningen"
    return "folkbokförd i " + " eller ".join(name for _code, name in condition.municipalities)

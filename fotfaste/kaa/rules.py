"""Who the municipality's activity responsibility (KAA) covers, day by day: pure rules.

Skollagen (2010:800) 29 kap. 9 § as docs/register-formats.md fixes it, with the
rules in force on each day (the law changed on 2018-07-01). No Django, no
database and no `today()`: the caller passes plain facts and dates, so the rules
can be tested on their own and re-run for any date.

Person P is covered by municipality M on day D when:

1. P is registered in M on D;
2. D is before P's 20th birthday;
3. compulsory school is done (a grundskola certificate dated before D, or D is
   after 30 June of the year P turns 16); until 2018-06-30 someone who
   immigrated after 30 June of the year they turned 16 was not covered;
4. P does not attend gymnasieskola or equivalent on D (until 2018-06-30 an
   introduktionsprogram did not count as attending);
5. P holds no upper-secondary diploma or equivalent dated on or before D;
6. in summer (1 June–31 August) P counts as attending if a qualifying
   enrolment starts between D and 15 September.

Coverage only changes on a few dates per person (a registration starts, an
enrolment ends, a birthday, 1 June, ...), so instead of walking every day the
rules are evaluated once on each such date: between two of them nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# The day the 2018 amendment took effect: introduktionsprogram count as attending,
# and people registered after compulsory-school age are covered.
LAW_2018 = date(2018, 7, 1)

ONE_DAY = timedelta(days=1)

# School forms whose attendance ends coverage (rule 4). KOMVUX and FHSK do not.
QUALIFYING_SCHOOL_FORMS = frozenset({"GY", "GYAN", "UTL", "MOTSV"})
# Certificates that end coverage for good (rule 5). A studiebevis does not.
DIPLOMAS = frozenset({"gymnasieexamen", "anpassad_gymnasieskolebevis", "motsvarande"})
COMPULSORY_SCHOOL_CERTIFICATE = "grundskola"
STUDY_CERTIFICATE = "studiebevis"

# Start reasons (registreringsorsak), in the order they are tried.
START_DROPOUT = "avbrott"
START_STUDY_CERTIFICATE = "studiebevis"
START_MOVED_IN = "inflyttad"
START_INTRODUCTION_PROGRAMME = "introduktionsprogram"
START_NEVER_STARTED = "ej_borjat"
START_OTHER = "ovrigt"
START_REASONS = (
    START_DROPOUT,
    START_STUDY_CERTIFICATE,
    START_MOVED_IN,
    START_INTRODUCTION_PROGRAMME,
    START_NEVER_STARTED,
    START_OTHER,
)

# End reasons (avregistreringsorsak), in the order they are tried.
END_DIED = "avliden"
END_MOVED = "flyttat"
END_TURNED_20 = "fyllt_20"
END_COMPLETED = "fullfoljt"
END_STARTED_EDUCATION = "borjat_utbildning"
END_OTHER = "ovrigt"
END_REASONS = (END_DIED, END_MOVED, END_TURNED_20, END_COMPLETED, END_STARTED_EDUCATION, END_OTHER)

# How a registration ended (Registration.end_kind).
REGISTRATION_DIED = "avliden"
REGISTRATION_MOVED_OUT = "utflyttad"
REGISTRATION_MISSING = "saknas"  # absent from a later population snapshot: taken to have moved out
REGISTRATION_SUPERSEDED = "ny_folkbokforing"  # a later snapshot gave a new registration date

# Summer break (rule 6).
SUMMER_START = (6, 1)
SUMMER_END = (8, 31)
SUMMER_ENROLMENT_DEADLINE = (9, 15)


@dataclass(frozen=True)
class Registration:
    """A stretch of population registration in the municipality.

    start: folkbokford_datum; None means registered from birth, or from immigration
        when the person immigrated.
    end: the first day no longer registered (utflyttad_datum, avliden_datum, or the
        date of the snapshot the person was missing from); None while registered.
    ref: whatever the caller uses to find the fact again (handed back in explanations).
    """

    start: date | None
    end: date | None = None
    end_kind: str = ""
    ref: object = None


@dataclass(frozen=True)
class Enrolment:
    school_form: str
    programme: str
    start: date
    end: date | None = None  # last day of attendance; None while ongoing
    end_cause: str = ""  # avbrott, fullfoljd, flytt, byte
    ref: object = None

    @property
    def is_introduction_programme(self) -> bool:
        return self.programme.upper().startswith("IM")

    def attends(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Certificate:
    kind: str
    issued: date
    ref: object = None


@dataclass(frozen=True)
class Facts:
    """Everything the rules need about one person and one municipality."""

    birth_date: date
    immigrated: date | None = None
    registrations: tuple[Registration, ...] = ()
    enrolments: tuple[Enrolment, ...] = ()
    certificates: tuple[Certificate, ...] = ()


# What satisfied rule 3: a certificate, or the age rule.
BY_AGE = "alder"


@dataclass(frozen=True)
class DayStatus:
    """The six rules evaluated on one day, with the facts behind each outcome."""

    day: date
    registration: Registration | None  # rule 1: the registration covering the day
    under_20: bool  # rule 2
    compulsory_school: Certificate | str | None  # rule 3: certificate, BY_AGE, or None (not done)
    excluded_immigrant: bool  # rule 3 before 2018-07-01
    attending: Enrolment | None  # rule 4
    diploma: Certificate | None  # rule 5
    summer_enrolment: Enrolment | None  # rule 6: the enrolment that starts soon

    @property
    def covered(self) -> bool:
        return (
            self.registration is not None
            and self.under_20
            and self.compulsory_school is not None
            and not self.excluded_immigrant
            and self.attending is None
            and self.diploma is None
            and self.summer_enrolment is None
        )

    def failed_rules(self) -> list[int]:
        """The rule numbers (1–6) that keep the person out of KAA on this day."""
        failed = []
        if self.registration is None:
            failed.append(1)
        if not self.under_20:
            failed.append(2)
        if self.compulsory_school is None or self.excluded_immigrant:
            failed.append(3)
        if self.attending is not None:
            failed.append(4)
        if self.diploma is not None:
            failed.append(5)
        if self.summer_enrolment is not None:
            failed.append(6)
        return failed


@dataclass(frozen=True)
class Period:
    """A maximal run of covered days. `end` is the last covered day."""

    start: date
    end: date
    start_reason: str
    end_reason: str
    start_fact: object = None  # the fact that gives the start reason (its ref), if any
    end_fact: object = None
    start_status: DayStatus | None = field(default=None, compare=False)  # the rules on the first day
    end_status: DayStatus | None = field(default=None, compare=False)  # the rules on the day after the end

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


# --- The rules -------------------------------------------------------------


def twentieth_birthday(birth: date) -> date:
    """The day P turns 20. Someone born 29 February is a year older on 1 March in a
    non-leap year (as fotfaste.people.identity counts ages)."""
    try:
        return birth.replace(year=birth.year + 20)
    except ValueError:
        return date(birth.year + 20, 3, 1)


def compulsory_school_age_done(birth: date) -> date:
    """The first day after 30 June of the year P turns 16."""
    return date(birth.year + 16, 7, 1)


def registration_start(reg: Registration, facts: Facts) -> date:
    """Registered from folkbokford_datum; when empty, from immigration or else from birth."""
    if reg.start is not None:
        return reg.start
    return facts.immigrated or facts.birth_date


def registration_on(facts: Facts, day: date) -> Registration | None:
    for reg in facts.registrations:
        if registration_start(reg, facts) <= day and (reg.end is None or day < reg.end):
            return reg
    return None


def counts_as_attending(enrolment: Enrolment, day: date) -> bool:
    """Does this enrolment, under the rules in force on `day`, count as attending (rule 4)?"""
    if enrolment.school_form not in QUALIFYING_SCHOOL_FORMS:
        return False
    return not (enrolment.is_introduction_programme and day < LAW_2018)


def is_summer(day: date) -> bool:
    return SUMMER_START <= (day.month, day.day) <= SUMMER_END


def evaluate(facts: Facts, day: date) -> DayStatus:
    """All six rules on one day."""
    birth = facts.birth_date
    compulsory: Certificate | str | None = None
    for cert in facts.certificates:
        if cert.kind == COMPULSORY_SCHOOL_CERTIFICATE and cert.issued < day:
            compulsory = cert
            break
    if compulsory is None and day >= compulsory_school_age_done(birth):
        compulsory = BY_AGE
    excluded = day < LAW_2018 and facts.immigrated is not None and facts.immigrated > date(birth.year + 16, 6, 30)
    attending = next(
        (e for e in facts.enrolments if e.attends(day) and counts_as_attending(e, day)),
        None,
    )
    diploma = next((c for c in facts.certificates if c.kind in DIPLOMAS and c.issued <= day), None)
    summer = None
    if is_summer(day):
        deadline = date(day.year, *SUMMER_ENROLMENT_DEADLINE)
        summer = next(
            (e for e in facts.enrolments if day <= e.start <= deadline and counts_as_attending(e, day)),
            None,
        )
    return DayStatus(
        day=day,
        registration=registration_on(facts, day),
        under_20=day < twentieth_birthday(birth),
        compulsory_school=compulsory,
        excluded_immigrant=excluded,
        attending=attending,
        diploma=diploma,
        summer_enrolment=summer,
    )


def is_covered(facts: Facts, day: date) -> bool:
    return evaluate(facts, day).covered


def earliest_possible(facts: Facts) -> date:
    """No day before this can be covered: rule 3 needs a grundskola certificate or the age of 16."""
    first = compulsory_school_age_done(facts.birth_date)
    for cert in facts.certificates:
        if cert.kind == COMPULSORY_SCHOOL_CERTIFICATE and cert.issued + ONE_DAY < first:
            first = cert.issued + ONE_DAY
    return first


def change_dates(facts: Facts) -> list[date]:
    """Every date on which some rule can change its outcome, sorted, from the first possible day to the 20th birthday."""
    birth = facts.birth_date
    first = earliest_possible(facts)
    last = twentieth_birthday(birth)
    dates = {first, last, LAW_2018}
    for reg in facts.registrations:
        dates.add(registration_start(reg, facts))
        if reg.end is not None:
            dates.add(reg.end)
    for e in facts.enrolments:
        dates.add(e.start)
        dates.add(e.start + ONE_DAY)  # rule 6 stops looking ahead to it
        if e.end is not None:
            dates.add(e.end + ONE_DAY)
    for cert in facts.certificates:
        dates.add(cert.issued)
        dates.add(cert.issued + ONE_DAY)
    for year in range(first.year, last.year + 1):
        dates.add(date(year, *SUMMER_START))
        dates.add(date(year, SUMMER_END[0], SUMMER_END[1]) + ONE_DAY)
    return sorted(d for d in dates if first <= d <= last)


class _Coverage:
    """The same answer as evaluate(facts, day).covered, with the facts prepared once.

    A person's dates are checked a dozen times or more, and a municipality has
    100,000 persons, so the per-day work is only comparisons of dates.
    """

    FOREVER = date.max

    def __init__(self, facts: Facts):
        birth = facts.birth_date
        self.last = twentieth_birthday(birth)
        self.compulsory_from = earliest_possible(facts)
        late = facts.immigrated is not None and facts.immigrated > date(birth.year + 16, 6, 30)
        self.excluded_until = LAW_2018 if late else None
        self.diploma_from = min((c.issued for c in facts.certificates if c.kind in DIPLOMAS), default=self.FOREVER)
        self.registrations = [(registration_start(r, facts), r.end or self.FOREVER) for r in facts.registrations]
        self.enrolments = [
            (e.start, e.end or self.FOREVER, e.is_introduction_programme)
            for e in facts.enrolments
            if e.school_form in QUALIFYING_SCHOOL_FORMS
        ]

    def never(self) -> bool:
        return self.diploma_from <= self.compulsory_from or not any(
            start < self.last and end > self.compulsory_from for start, end in self.registrations
        )

    def covered(self, day: date) -> bool:
        if not (self.compulsory_from <= day < self.last and day < self.diploma_from):
            return False
        if self.excluded_until and day < self.excluded_until:
            return False
        if not any(start <= day < end for start, end in self.registrations):
            return False
        old_law = day < LAW_2018
        for start, end, im in self.enrolments:
            if start <= day <= end and not (im and old_law):
                return False
        if SUMMER_START <= (day.month, day.day) <= SUMMER_END:
            deadline = date(day.year, *SUMMER_ENROLMENT_DEADLINE)
            for start, _end, im in self.enrolments:
                if day <= start <= deadline and not (im and old_law):
                    return False
        return True


def derive_periods(facts: Facts) -> list[Period]:
    """Every KAA period of the person in the municipality the facts describe, in date order."""
    coverage = _Coverage(facts)
    if coverage.never():
        return []
    periods: list[Period] = []
    start: date | None = None
    for day in change_dates(facts):
        covered = coverage.covered(day)
        if covered and start is None:
            start = day
        elif not covered and start is not None:
            # The full rules, with the facts behind them, only where a period begins and ends.
            periods.append(_period(facts, evaluate(facts, start), evaluate(facts, day)))
            start = None
    # The 20th birthday is always a change date and never covered, so every period is closed.
    assert start is None
    return periods


def _period(facts: Facts, first: DayStatus, after: DayStatus) -> Period:
    start_reason, start_fact = start_reason_for(facts, first.day)
    end_reason, end_fact = end_reason_for(facts, after)
    return Period(
        start=first.day,
        end=after.day - ONE_DAY,
        start_reason=start_reason,
        end_reason=end_reason,
        start_fact=start_fact,
        end_fact=end_fact,
        start_status=first,
        end_status=after,
    )


def start_reason_for(facts: Facts, start: date) -> tuple[str, object]:
    """The first start reason that fits a period beginning on `start`, and the fact behind it."""
    day_before = start - ONE_DAY
    for e in facts.enrolments:
        if e.end == day_before and e.end_cause == "avbrott" and counts_as_attending(e, day_before):
            return START_DROPOUT, e.ref
    # "No qualifying enrolment is ongoing": an introduktionsprogram counts here in every era,
    # otherwise the condition could never fail for someone who is covered.
    ongoing = any(e.school_form in QUALIFYING_SCHOOL_FORMS and e.attends(start) for e in facts.enrolments)
    if not ongoing:
        for cert in facts.certificates:
            if cert.kind == STUDY_CERTIFICATE and cert.issued <= start:
                return START_STUDY_CERTIFICATE, cert.ref
    for reg in facts.registrations:
        if registration_start(reg, facts) == start:
            return START_MOVED_IN, reg.ref
    if start < LAW_2018:
        for e in facts.enrolments:
            if e.school_form == "GY" and e.is_introduction_programme and e.attends(start):
                return START_INTRODUCTION_PROGRAMME, e.ref
    if not any(e.school_form in QUALIFYING_SCHOOL_FORMS and e.start <= start for e in facts.enrolments):
        return START_NEVER_STARTED, None
    return START_OTHER, None


def end_reason_for(facts: Facts, after: DayStatus) -> tuple[str, object]:
    """The first end reason that fits a period whose day after the end is `after.day`."""
    day = after.day
    if after.registration is None:
        ended = next(
            (r for r in facts.registrations if r.end == day and registration_start(r, facts) < day),
            None,
        )
        if ended is not None and ended.end_kind == REGISTRATION_DIED:
            return END_DIED, ended.ref
        return END_MOVED, ended.ref if ended is not None else None
    if not after.under_20:
        return END_TURNED_20, None
    if after.diploma is not None:
        return END_COMPLETED, after.diploma.ref
    if after.summer_enrolment is not None:
        return END_STARTED_EDUCATION, after.summer_enrolment.ref
    if after.attending is not None and after.attending.start == day:
        return END_STARTED_EDUCATION, after.attending.ref
    # E.g. 2018-07-01, when an introduktionsprogram began to count as attending.
    return END_OTHER, after.attending.ref if after.attending is not None else None


# --- Reading the periods for a date ------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One row of the kaa_register output: a period as it stands on the as-of date."""

    start: date
    start_reason: str
    end: date | None  # None while the period is still running on the as-of date
    end_reason: str


def as_of(periods: Sequence[Period], day: date) -> list[RegisterRow]:
    """The periods that started on or before `day`; one still running then has no end yet."""
    rows = []
    for p in periods:
        if p.start > day:
            continue
        if p.end >= day:
            rows.append(RegisterRow(p.start, p.start_reason, None, ""))
        else:
            rows.append(RegisterRow(p.start, p.start_reason, p.end, p.end_reason))
    return rows

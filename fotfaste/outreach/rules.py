"""Outreach rules (uppsökande verksamhet): plain functions of plain values, no Django, no database.

The caller passes today's date and the municipality's settings, so every rule can
be tested on its own and re-run for any day. docs/outreach.md explains the rules
in words; the services and the worklist query follow them exactly (a test checks
that the database filters agree with `worklist_flags`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from fotfaste.core.dates import add_months  # noqa: F401  (the rules' month arithmetic, used below and by callers)
from fotfaste.kaa.rules import twentieth_birthday

# Contact outcomes (utfall).
REACHED = "nadd"
NOT_REACHED = "ej_nadd"
DECLINED = "avbojt"
ANSWERED = "svarat"
OUTCOMES = (REACHED, NOT_REACHED, DECLINED, ANSWERED)
# Outcomes that mean contact was made: declining support needs someone who was reached, and an
# answer to a letter or a text is contact too.
CONTACT_MADE = frozenset({REACHED, DECLINED, ANSWERED})

# Channels (kanal). A printed letter is logged as a contact attempt on channel LETTER.
LETTER = "brev"
CHANNELS = (
    LETTER,
    "telefon",
    "sms",
    "epost",
    "hembesok",
    "sociala_medier",
    "via_skolan",
    "via_vardnadshavare",
    "via_annan_part",
)

# Occupation statuses (sysselsättning).
UNKNOWN = "okand"
OCCUPATION_STATUSES = (
    "studier_gymnasieskola",
    "studier_anpassad_gymnasieskola",
    "studier_komvux",
    "studier_folkhogskola",
    "studier_annan",
    "arbete",
    "praktik",
    "af_program",
    "sjuk_eller_vard",
    "foraldraledig",
    "utomlands",
    "ingen",
    UNKNOWN,
)
# Statuses that lapse to UNKNOWN when not verified recently (UNKNOWN itself cannot go stale).
EXPIRING_STATUSES = tuple(s for s in OCCUPATION_STATUSES if s != UNKNOWN)

DEFAULT_CURRENCY_MONTHS = 6
DEFAULT_RECONTACT_AFTER_DECLINE_MONTHS = 3
DEFAULT_TURNING_20_WINDOW_MONTHS = 3

GUARDIAN_AGE_LIMIT = 18  # under this age the guardian is contacted too

# Worklist categories.
ALL = "alla"
NO_CONTACT_YET = "ingen_kontakt"
NOT_REACHED_CATEGORY = "inte_nadda"
CONTACT_DUE = "att_folja_upp"
TURNING_20 = "fyller_20"
CATEGORIES = (ALL, NO_CONTACT_YET, NOT_REACHED_CATEGORY, CONTACT_DUE, TURNING_20)


@dataclass(frozen=True)
class OutreachRules:
    """A municipality's outreach settings; the defaults apply when it has saved none."""

    recontact_after_decline_months: int = DEFAULT_RECONTACT_AFTER_DECLINE_MONTHS
    turning_20_window_months: int = DEFAULT_TURNING_20_WINDOW_MONTHS


# Occupation currency


def currency_months(status: str, saved: Mapping[str, int]) -> int:
    """How many months a verified status stays current: the saved value, or the default."""
    return saved.get(status, DEFAULT_CURRENCY_MONTHS)


def current_since(today: date, months: int) -> date:
    """The earliest verification date that is still current today."""
    return add_months(today, -months)


def current_until(verified_on: date, months: int) -> date:
    """The last day on which a status verified on `verified_on` still counts (see effective_occupation)."""
    day = add_months(verified_on, months)
    # Month ends are clamped, so a few days after day may still look back to verified_on.
    while current_since(day + timedelta(days=1), months) <= verified_on:
        day += timedelta(days=1)
    return day


def effective_occupation(status: str | None, verified_on: date | None, today: date, months: int) -> str:
    """The status as lists and statistics must count it: UNKNOWN once it is older than its currency period.

    Verified exactly `months` months ago still counts; one day earlier does not.
    """
    if not status or status == UNKNOWN or verified_on is None:
        return UNKNOWN
    if verified_on < current_since(today, months):
        return UNKNOWN
    return status


@dataclass(frozen=True)
class OccupationFact:
    status: str
    valid_from: date
    verified_on: date
    order: int = 0  # entry order (the row id): the later entry wins a tie


def current_occupation(occupations: Iterable[OccupationFact]) -> OccupationFact | None:
    """The occupation in force: the one that started last (a later verification, then a later entry, wins a tie).

    A status learnt late about an earlier time is history, not the current state.
    """
    return max(occupations, key=lambda o: (o.valid_from, o.verified_on, o.order), default=None)


# Contact attempts


def next_contact_due(outcome: str, contacted_on: date, rules: OutreachRules) -> date | None:
    """When the person should be contacted again after an attempt with this outcome, if the rules say so.

    Declined: again after the municipality's period (default 3 months). Every other outcome
    sets no date: someone not reached stays in "inte nådda" until reached, and with someone
    reached or who answered the caseworker goes on with mapping and measures.
    """
    if outcome == DECLINED:
        return add_months(contacted_on, rules.recontact_after_decline_months)
    return None


@dataclass(frozen=True)
class AttemptFact:
    contacted_on: date
    outcome: str
    order: int = 0  # entry order (the row id): of two attempts on one day the later entry is the last


@dataclass(frozen=True)
class ContactState:
    """A person's outreach state, kept on OutreachCase so that lists never scan the attempts."""

    first_contact_on: date | None = None
    last_contact_on: date | None = None
    last_outcome: str = ""
    reached_on: date | None = None
    next_contact_due: date | None = None


def contact_state(attempts: Iterable[AttemptFact], rules: OutreachRules) -> ContactState:
    """The state after all attempts, in date order whatever order they were entered in."""
    ordered = sorted(attempts, key=lambda a: (a.contacted_on, a.order))
    if not ordered:
        return ContactState()
    last = ordered[-1]
    reached = [a.contacted_on for a in ordered if a.outcome in CONTACT_MADE]
    return ContactState(
        first_contact_on=ordered[0].contacted_on,
        last_contact_on=last.contacted_on,
        last_outcome=last.outcome,
        reached_on=reached[-1] if reached else None,
        next_contact_due=next_contact_due(last.outcome, last.contacted_on, rules),
    )


# Turning 20


def latest_birth_date_turning_20_by(day: date) -> date:
    """The latest birth date of someone who has turned 20 on or before `day`.

    Someone born 29 February turns 20 on 1 March in a year without one (kaa.rules.twentieth_birthday).
    """
    try:
        return day.replace(year=day.year - 20)
    except ValueError:  # 29 February, twenty years after a year without one
        return date(day.year - 20, 2, 28)


def turning_20_window(today: date, window_months: int) -> tuple[date, date]:
    """Birth dates (after, up to and including) of those who turn 20 from today to `window_months` ahead."""
    return (
        latest_birth_date_turning_20_by(today - timedelta(days=1)),
        latest_birth_date_turning_20_by(add_months(today, window_months)),
    )


def turning_20_on(birth_date: date, today: date, window_months: int) -> date | None:
    """The 20th birthday, when it falls from today to `window_months` months ahead."""
    birthday = twentieth_birthday(birth_date)
    if today <= birthday <= add_months(today, window_months):
        return birthday
    return None


# The worklist


@dataclass(frozen=True)
class WorklistFlags:
    no_contact_yet: bool
    not_reached: bool
    contact_due: bool
    turning_20_on: date | None

    def category(self, name: str) -> bool:
        return {
            ALL: True,
            NO_CONTACT_YET: self.no_contact_yet,
            NOT_REACHED_CATEGORY: self.not_reached,
            CONTACT_DUE: self.contact_due,
            TURNING_20: self.turning_20_on is not None,
        }[name]


def worklist_flags(
    *,
    last_contact_on: date | None,
    last_outcome: str,
    next_contact_due: date | None,
    birth_date: date,
    today: date,
    window_months: int,
) -> WorklistFlags:
    """Which worklist categories a person in KAA falls in today.

    - no contact yet: no contact attempt at all;
    - not reached: the latest attempt did not reach the person;
    - contact due: a new contact was due on or before today;
    - turning 20: the 20th birthday (when KAA ends) is at most `window_months` months away.
    """
    return WorklistFlags(
        no_contact_yet=last_contact_on is None,
        not_reached=last_outcome == NOT_REACHED,
        contact_due=next_contact_due is not None and next_contact_due <= today,
        turning_20_on=turning_20_on(birth_date, today, window_months),
    )


# Which municipality's outreach a person belongs to


@dataclass(frozen=True)
class PeriodFact:
    municipality: str
    start: date
    end: date  # the last day in KAA


def outreach_municipality(
    periods: Iterable[PeriodFact], home_municipality: str, codes: frozenset[str], today: date
) -> str | None:
    """The municipality among `codes` whose outreach the person belongs to, or None.

    The municipality of the KAA period covering today; else of the latest one; else the home
    municipality. Only municipalities in `codes` (the user's KAA municipalities) count.
    """
    own = [p for p in periods if p.municipality in codes]
    current = [p for p in own if p.start <= today <= p.end]
    if current:
        return max(current, key=lambda p: p.start).municipality
    past = [p for p in own if p.start <= today]
    if past:
        return max(past, key=lambda p: (p.end, p.start)).municipality
    if home_municipality in codes:
        return home_municipality
    return None

"""Demo data: two collaborating municipalities, one login per role and a few
thousand fictional young people.

Everything random comes from one `random.Random(seed)` consumed in a fixed
order, and the date is passed in, so the same seed and day give the same data.
Identity numbers come only from Skatteverket's published test numbers, phone
numbers only from PTS's range reserved for fiction, e-mail addresses only from
example.se; names and street addresses are random combinations.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.accounts.models import User
from fotfaste.orgs.models import Agreement, Membership, Party, PartyKind, RoleSetting, Unit
from fotfaste.orgs.roles import Role
from fotfaste.people.identity import PERSONAL_IDENTITY_NUMBER, IdentityNumber, parse_identity_number
from fotfaste.people.models import Background, Person, Protection, make_sort_name
from fotfaste.reference import data as reference
from fotfaste.reference.models import Municipality

from . import demo_names as names

DEFAULT_SEED = 2026
DEMO_PASSWORD = "demo"
OREBRO = "1880"
LEKEBERG = "1814"
OREBRO_AGREEMENT = "Lokal överenskommelse om samverkan för unga – Örebro"
LEKEBERG_AGREEMENT = "Lokal överenskommelse om samverkan för unga – Lekeberg"
DEFAULT_PERSONS = 3000  # in Örebro; Lekeberg, a small neighbour, gets a tenth
MIN_AGE, MAX_AGE = 15, 22
PROTECTED_SHARE = 0.01
BATCH_SIZE = 1000

# PTS reserves 070-174 06 05 – 070-174 06 99 for use in fiction.
FICTION_PHONE_FIRST, FICTION_PHONE_LAST = 5, 99


class DemoDataError(ValueError):
    """Demo data cannot be loaded into this database; the message is Swedish."""


@dataclass(frozen=True)
class UnitSpec:
    name: str
    # Share of the municipality's young people the unit works with, and their ages.
    caseload: float = 0.0
    ages: tuple[int, int] = (MIN_AGE, MAX_AGE)


@dataclass(frozen=True)
class PartySpec:
    name: str
    kind: str
    organisation_number: str
    units: tuple[UnitSpec, ...]
    municipality: str | None = None


@dataclass(frozen=True)
class AgreementSpec:
    name: str
    municipality: str
    parties: tuple[PartySpec, ...]
    # Shares of svensk, utländsk bakgrund född i Sverige, född utomlands, okänd.
    background_shares: tuple[float, float, float, float]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    agreement: str
    unit: str


# Örebro kommun's and Arbetsförmedlingen's organisation numbers are public facts
# about authorities; the other parties get obviously made-up (repeated-digit)
# numbers that still pass the Luhn check.
AGREEMENTS = (
    AgreementSpec(
        name=OREBRO_AGREEMENT,
        municipality=OREBRO,
        background_shares=(0.64, 0.13, 0.17, 0.06),
        parties=(
            PartySpec(
                "Örebro kommun",
                PartyKind.MUNICIPALITY,
                "212000-1967",
                municipality=OREBRO,
                units=(
                    # KAA sees the whole municipality by role, so it needs no caseload.
                    UnitSpec("Förvaltningen förskola och skola – KAA"),
                    UnitSpec("Vägledningscentrum", 0.06, (15, 20)),
                    UnitSpec("Mentorsverksamheten", 0.03, (16, 20)),
                    UnitSpec("Försörjningsstöd", 0.025, (18, 22)),
                    UnitSpec("Arbetsmarknadsenheten", 0.03, (18, 22)),
                    UnitSpec("Ungdomssamordning", 0.04, (16, 22)),
                    UnitSpec("Styrgruppen"),
                    UnitSpec("IT och administration"),
                ),
            ),
            PartySpec(
                "Arbetsförmedlingen Örebro",
                PartyKind.EMPLOYMENT_SERVICE,
                "202100-2114",
                units=(UnitSpec("Arbetsförmedlingen Örebro, ungdomsteam", 0.05, (17, 22)),),
            ),
            PartySpec(
                "Örebro folkhögskola",
                PartyKind.FOLK_HIGH_SCHOOL,
                "802222-2221",
                units=(UnitSpec("Allmän kurs", 0.015, (18, 22)),),
            ),
            PartySpec(
                "Region Örebro län",
                PartyKind.REGION,
                "232323-2328",
                units=(UnitSpec("Ungdomspsykiatri", 0.01, (15, 19)),),
            ),
            PartySpec(
                "Samordningsförbundet Örebro",
                PartyKind.COORDINATION_ASSOCIATION,
                "222222-2222",
                units=(UnitSpec("Unga vuxna i samverkan", 0.01, (19, 22)),),
            ),
        ),
    ),
    AgreementSpec(
        name=LEKEBERG_AGREEMENT,
        municipality=LEKEBERG,
        background_shares=(0.82, 0.06, 0.07, 0.05),
        parties=(
            PartySpec(
                "Lekebergs kommun",
                PartyKind.MUNICIPALITY,
                "212121-2126",
                municipality=LEKEBERG,
                units=(
                    UnitSpec("Kommunala aktivitetsansvaret"),
                    UnitSpec("Individ- och familjeomsorgen", 0.03, (16, 22)),
                ),
            ),
            PartySpec(
                "Arbetsförmedlingen",
                PartyKind.EMPLOYMENT_SERVICE,
                "202100-2114",
                units=(UnitSpec("Arbetsförmedlingen, ungdomsteam Lekeberg", 0.05, (17, 22)),),
            ),
        ),
    ),
)

DEMO_USERS = (
    DemoUser("admin", Role.ADMIN, "Annika", "Bergendahl", OREBRO_AGREEMENT, "IT och administration"),
    DemoUser("kaa", Role.KAA, "Karin", "Ahlgren", OREBRO_AGREEMENT, "Förvaltningen förskola och skola – KAA"),
    DemoUser("syv", Role.GUIDANCE, "Sofia", "Vallin", OREBRO_AGREEMENT, "Vägledningscentrum"),
    DemoUser("mentor", Role.MENTOR, "Mattias", "Engdahl", OREBRO_AGREEMENT, "Mentorsverksamheten"),
    DemoUser("socialsekreterare", Role.SOCIAL_WORKER, "Sanna", "Lindkvist", OREBRO_AGREEMENT, "Försörjningsstöd"),
    DemoUser(
        "arbetsformedlare",
        Role.EMPLOYMENT_OFFICER,
        "Amir",
        "Haddadi",
        OREBRO_AGREEMENT,
        "Arbetsförmedlingen Örebro, ungdomsteam",
    ),
    DemoUser("samordnare", Role.COORDINATOR, "Sara", "Mohlin", OREBRO_AGREEMENT, "Ungdomssamordning"),
    DemoUser("arbetsgivarkontakt", Role.EMPLOYER_LIAISON, "Elin", "Norberg", OREBRO_AGREEMENT, "Arbetsmarknadsenheten"),
    DemoUser("styrgrupp", Role.STEERING, "Stefan", "Grenholm", OREBRO_AGREEMENT, "Styrgruppen"),
    DemoUser("kaa.lekeberg", Role.KAA, "Lena", "Kjellgren", LEKEBERG_AGREEMENT, "Kommunala aktivitetsansvaret"),
)


def full_name(username: str) -> str:
    """The demo user's name, as the application records who did something (not the username)."""
    user = next(u for u in DEMO_USERS if u.username == username)
    return f"{user.first_name} {user.last_name}"


@dataclass
class DemoRun:
    """What the demo steps share: the one random sequence, the day, and what earlier steps made.

    A step reads what it needs, adds its own rows and appends its Swedish summary lines; it draws
    from `rng` in a fixed order, so the same seed and day give the same data.
    """

    rng: random.Random
    today: date
    units: dict[tuple[str, str], Unit]  # (agreement name, unit name) -> unit
    users: dict[str, User]  # by demo username
    people: dict[str, list[Person]]  # by municipality code
    kaa_people: dict[str, list[Person]] = field(default_factory=dict)  # in KAA on the demo date
    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def unit(self, name: str, agreement: str = OREBRO_AGREEMENT) -> Unit:
        return self.units[(agreement, name)]


@dataclass(frozen=True)
class DemoStep:
    """One app's demo data, run after the organisations, users and persons, in `order`."""

    name: str
    order: int
    run: Callable[[DemoRun], None]


_steps: dict[str, DemoStep] = {}


def register_step(step: DemoStep) -> None:
    """Called from an app's AppConfig.ready(): core never imports the apps above it."""
    _steps[step.name] = step


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    today: date
    agreements: int
    units: int
    users: int
    persons: dict[str, int]  # by municipality code
    protected: int
    involvements: int
    lines: tuple[str, ...]  # what each step made, in words


def is_loaded() -> bool:
    return Agreement.objects.filter(name=OREBRO_AGREEMENT).exists()


def persons_per_municipality(orebro: int = DEFAULT_PERSONS) -> dict[str, int]:
    return {OREBRO: orebro, LEKEBERG: max(orebro // 10, 1)}


def load_demo_data(*, seed: int, today: date, persons: dict[str, int] | None = None) -> DemoSummary:
    """Create the demo agreements, users and persons in one transaction.

    The caller checks is_loaded() first; this raises DemoDataError if a demo
    username is taken, rather than touching an existing account.
    """
    persons = persons or persons_per_municipality()
    rng = random.Random(seed)
    with transaction.atomic():
        taken = sorted(
            User.objects.filter(username__in=[u.username for u in DEMO_USERS]).values_list("username", flat=True)
        )
        if taken:
            raise DemoDataError(
                _("Användarnamnen finns redan, så demodata läses inte in: %(namn)s") % {"namn": ", ".join(taken)}
            )
        units = _create_organisations(today)
        _create_users(units)
        _relax_two_factor()
        people = _create_persons(rng, today, persons)
        involvements = _create_involvements(rng, today, people, units)
        users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])}
        run = DemoRun(rng, today, units, users, people)
        for step in sorted(_steps.values(), key=lambda s: (s.order, s.name)):
            step.run(run)
    return DemoSummary(
        seed=seed,
        today=today,
        agreements=len(AGREEMENTS),
        units=len(units),
        users=len(DEMO_USERS),
        persons={code: len(rows) for code, rows in people.items()},
        protected=sum(1 for rows in people.values() for p in rows if p.protection),
        involvements=involvements,
        lines=tuple(run.lines),
    )


def _create_organisations(today: date) -> dict[tuple[str, str], Unit]:
    """Agreements, parties and units; returns units by (agreement name, unit name)."""
    units: dict[tuple[str, str], Unit] = {}
    for spec in AGREEMENTS:
        agreement = Agreement.objects.create(name=spec.name, valid_from=date(today.year - 1, 1, 1))
        agreement.municipalities.add(Municipality.objects.get(code=spec.municipality))
        for party_spec in spec.parties:
            party = Party(
                agreement=agreement,
                name=party_spec.name,
                kind=party_spec.kind,
                organisation_number=party_spec.organisation_number,
                municipality_id=party_spec.municipality,
            )
            party.full_clean()
            party.save()
            for unit_spec in party_spec.units:
                units[(spec.name, unit_spec.name)] = Unit.objects.create(party=party, name=unit_spec.name)
    return units


def _create_users(units: dict[tuple[str, str], Unit]) -> None:
    for demo in DEMO_USERS:
        user = User(
            username=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
            email=f"{demo.username}@example.se",
        )
        # Set directly: "demo" would fail the password validators, which is fine for demo logins only.
        user.set_password(DEMO_PASSWORD)
        # The demo's administrator is the installation's (as `createsuperuser` makes one): it administers
        # both agreements and the installation-wide settings. An agreement's own administrator holds the
        # admin role in one of its units and administers that agreement only (docs/roles.md).
        user.is_superuser = demo.role == Role.ADMIN
        user.save()
        Membership.objects.create(user=user, unit=units[(demo.agreement, demo.unit)], role=demo.role)


def _relax_two_factor() -> None:
    # Demo logins are shared and public, so a second factor would only stand in the way.
    for role in Role:
        RoleSetting.objects.update_or_create(role=role, defaults={"require_two_factor": False})


# --- Persons ---------------------------------------------------------------


def eligible_identity_numbers(
    numbers: Iterable[str], today: date, exclude: set[str] | None = None
) -> list[IdentityNumber]:
    """Test numbers of personnummer kind for people aged MIN_AGE–MAX_AGE on `today`, in input order."""
    exclude = exclude or set()
    years = {str(y) for y in range(today.year - MAX_AGE - 1, today.year - MIN_AGE + 1)}
    result: dict[str, IdentityNumber] = {}
    for number in numbers:
        if number[:4] not in years or number in exclude:
            continue
        ident = parse_identity_number(number)
        if ident.kind == PERSONAL_IDENTITY_NUMBER and MIN_AGE <= ident.age_on(today) <= MAX_AGE:
            result.setdefault(ident.number, ident)
    return list(result.values())


def home_postal_codes(municipality: str) -> list[tuple[str, str]]:
    """(postal code, locality) pairs for home addresses in the municipality.

    Codes whose third digit is 0 or 1 are mostly box and large-recipient codes
    (e.g. 700 02 and 701 xx in Örebro), where nobody lives.
    """
    return sorted(
        (code, town)
        for code, town, kommun in reference.postal_codes()
        if kommun == municipality and code[2] not in "01"
    )


def choose_background(rng: random.Random, shares: Sequence[float]) -> str:
    return rng.choices(
        (Background.SWEDISH, Background.FOREIGN_BORN_IN_SWEDEN, Background.BORN_ABROAD, Background.UNKNOWN),
        weights=shares,
    )[0]


def choose_name(rng: random.Random, sex: str, background: str) -> tuple[str, str]:
    """A first name matching the legal sex, and a surname; names common among
    people with a foreign background are likelier with a foreign background."""
    international_first, international_last = {
        Background.SWEDISH: (0.02, 0.04),
        Background.FOREIGN_BORN_IN_SWEDEN: (0.7, 0.85),
        Background.BORN_ABROAD: (0.9, 0.95),
    }.get(background, (0.25, 0.25))
    female = sex == "kvinna"
    if rng.random() < international_first:
        first = rng.choice(names.INTERNATIONAL_FEMALE if female else names.INTERNATIONAL_MALE)
    else:
        first = rng.choice(names.SWEDISH_FEMALE if female else names.SWEDISH_MALE)
    surnames = names.INTERNATIONAL_SURNAMES if rng.random() < international_last else names.SWEDISH_SURNAMES
    return first, rng.choice(surnames)


def ascii_fold(text: str) -> str:
    """'Öberg' -> 'oberg', 'Jovanović' -> 'jovanovic', 'Al-Hassan' -> 'alhassan'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def make_person(
    rng: random.Random,
    ident: IdentityNumber,
    municipality: str,
    postal_codes: Sequence[tuple[str, str]],
    background_shares: Sequence[float],
) -> Person:
    """An unsaved Person with every derived field set (bulk_create skips Person.save)."""
    background = choose_background(rng, background_shares)
    first, last = choose_name(rng, ident.sex, background)
    code, town = rng.choice(postal_codes)
    street = f"{rng.choice(names.STREETS)} {rng.randint(1, 60)}"
    if rng.random() < 0.35:
        street += f" lgh {rng.randint(10, 14)}{rng.randint(1, 4):02d}"
    phone = ""
    if rng.random() < 0.85:
        phone = f"070-174 06 {rng.randint(FICTION_PHONE_FIRST, FICTION_PHONE_LAST):02d}"
    email = ""
    if rng.random() < 0.7:
        suffix = ident.number[2:4] if rng.random() < 0.4 else ""
        email = f"{ascii_fold(first)}.{ascii_fold(last)}{suffix}@example.se"
    return Person(
        personnummer=ident.number,
        identity_kind=ident.kind,
        birth_date=ident.birth_date,
        sex=ident.sex,
        first_name=first,
        last_name=last,
        sort_name=make_sort_name(first, last),
        street_address=street,
        postal_code=code,
        postal_town=town,
        phone=phone,
        email=email,
        home_municipality_id=municipality,
        background=background,
    )


def mark_protected(rng: random.Random, persons: Sequence[Person]) -> None:
    """About PROTECTED_SHARE of them, at least one of each kind, alternating kinds.
    The address stays stored; presenters never show it."""
    count = min(len(persons), max(2, round(len(persons) * PROTECTED_SHARE)))
    kinds = (Protection.CONFIDENTIALITY_MARKING, Protection.PROTECTED_REGISTRATION)
    for i, person in enumerate(rng.sample(list(persons), count)):
        person.protection = kinds[i % 2]


def _create_persons(rng: random.Random, today: date, counts: dict[str, int]) -> dict[str, list[Person]]:
    existing = set(Person.objects.values_list("personnummer", flat=True))
    pool = eligible_identity_numbers(reference.test_identity_numbers(), today, existing)
    wanted = sum(counts[spec.municipality] for spec in AGREEMENTS)
    if wanted > len(pool):
        raise DemoDataError(
            _("Det finns bara %(antal)d lediga testpersonnummer i åldern %(min)d–%(max)d år.")
            % {"antal": len(pool), "min": MIN_AGE, "max": MAX_AGE}
        )
    chosen = iter(rng.sample(pool, wanted))  # each number used once across municipalities
    result: dict[str, list[Person]] = {}
    for spec in AGREEMENTS:
        postal_codes = home_postal_codes(spec.municipality)
        persons = [
            make_person(rng, next(chosen), spec.municipality, postal_codes, spec.background_shares)
            for _i in range(counts[spec.municipality])
        ]
        mark_protected(rng, persons)
        result[spec.municipality] = Person.objects.bulk_create(persons, batch_size=BATCH_SIZE)
    return result


# --- Own grounds (the units' caseloads) ------------------------------------------------------------


def plan_caseload(
    rng: random.Random,
    persons: Sequence[Person],
    ages: dict[str, int],
    spec: UnitSpec,
    shared: set[str],
) -> list[Person]:
    """The persons a unit works with: its share of those in its age band, most of
    them from `shared` (young people known to several units), so caseloads overlap."""
    size = round(spec.caseload * len(persons))
    low, high = spec.ages
    in_band = [p for p in persons if low <= ages[p.personnummer] <= high]
    common = [p for p in in_band if p.personnummer in shared]
    others = [p for p in in_band if p.personnummer not in shared]
    from_common = min(len(common), round(size * 0.6))
    return rng.sample(common, from_common) + rng.sample(others, min(len(others), size - from_common))


def involvement_dates(rng: random.Random, today: date) -> tuple[date, date | None]:
    """Started up to two years ago; about one in seven has ended."""
    days_ago = rng.randint(30, 730)
    end = None
    if rng.random() < 0.15:
        end = today - timedelta(days=rng.randint(1, days_ago - 1))
    return today - timedelta(days=days_ago), end


def _create_involvements(
    rng: random.Random, today: date, people: dict[str, list[Person]], units: dict[tuple[str, str], Unit]
) -> int:
    rows: list[OwnGround] = []
    for spec in AGREEMENTS:
        persons = people[spec.municipality]
        ages = {p.personnummer: parse_identity_number(p.personnummer).age_on(today) for p in persons}
        shared = {p.personnummer for p in rng.sample(persons, round(len(persons) * 0.12))}
        for party in spec.parties:
            for unit_spec in party.units:
                if not unit_spec.caseload:
                    continue
                unit = units[(spec.name, unit_spec.name)]
                # AF's caseload comes from its own register of jobseekers; the others' from their work.
                basis = OwnBasis.REGISTER if party.kind == "af" else OwnBasis.WORK
                for person in plan_caseload(rng, persons, ages, unit_spec, shared):
                    start, end = involvement_dates(rng, today)
                    rows.append(OwnGround(person=person, unit=unit, start_date=start, end_date=end, basis=basis))
    OwnGround.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


# --- Text ------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def demo_logins_text() -> str:
    """The demo logins as a plain-text table (also printed by `make run`)."""
    party_of_unit = {(a.name, u.name): p.name for a in AGREEMENTS for p in a.parties for u in p.units}
    rows = [
        (u.username, str(Role(u.role).label), f"{u.unit} ({party_of_unit[(u.agreement, u.unit)]})") for u in DEMO_USERS
    ]
    lines = [_("Demoinloggningar – lösenordet är %(losenord)s för alla:") % {"losenord": DEMO_PASSWORD}, ""]
    lines += _table((_("Användarnamn"), _("Roll"), _("Enhet")), rows)
    return "\n".join(lines)


def summary_text(summary: DemoSummary) -> str:
    lines = [
        _("Demodata har lästs in (frö %(seed)d, datum %(datum)s).")
        % {"seed": summary.seed, "datum": summary.today.isoformat()},
        _("Överenskommelser: %(antal)d") % {"antal": summary.agreements},
        _("Enheter: %(antal)d") % {"antal": summary.units},
        _("Användare: %(antal)d") % {"antal": summary.users},
        _("Personer: %(antal)d (Örebro %(orebro)d, Lekeberg %(lekeberg)d), varav %(skyddade)d med skyddad identitet")
        % {
            "antal": sum(summary.persons.values()),
            "orebro": summary.persons.get(OREBRO, 0),
            "lekeberg": summary.persons.get(LEKEBERG, 0),
            "skyddade": summary.protected,
        },
        _("Enheters arbete med personer: %(antal)d") % {"antal": summary.involvements},
        *summary.lines,
        "",
        demo_logins_text(),
    ]
    return "\n".join(lines)

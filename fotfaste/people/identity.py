"""Swedish identity numbers: personnummer, samordningsnummer, interimsnummer and
organisationsnummer.

Pure Python on purpose (no Django imports): the rules are used by forms, imports,
the API and batch jobs alike, and must be testable without a configured project.

Sources for the rules:

* Folkbokföringslagen (1991:481) 18 § and Skatteverket's guidance: a personnummer
  is a six-digit birth date, a three-digit *födelsenummer* 001-999 (its last digit
  odd for men, even for women) and a Luhn check digit.  The separator is '-' and
  changes to '+' *from the calendar year* in which the person turns 100.
* Samordningsnummer (18 a § FOL): as a personnummer, with 60 added to the day.
* The personnummer project's cross-language test vectors (copied to
  tests/data/personnummer-testdata/) fix the edge cases: interim letters, the
  '+' in 12-digit forms, organisation numbers, inner spaces.

Error messages are shown to users, so they are Swedish sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "COORDINATION_NUMBER",
    "INTERIM_NUMBER",
    "PERSONAL_IDENTITY_NUMBER",
    "IdentityNumber",
    "IdentityNumberError",
    "OrganisationNumber",
    "is_valid_identity_number",
    "normalise",
    "parse_identity_number",
    "parse_organisation_number",
]

# Values of IdentityNumber.kind (Swedish words, as they appear in the data model).
PERSONAL_IDENTITY_NUMBER = "personnummer"
COORDINATION_NUMBER = "samordningsnummer"
INTERIM_NUMBER = "interimsnummer"

FEMALE = "kvinna"
MALE = "man"

# User-facing messages.
MSG_FORMAT = "Ogiltigt format: ange t.ex. ÅÅÅÅMMDD-NNNN."
MSG_CHECK_DIGIT = "Kontrollsiffran stämmer inte."
MSG_DATE = "Datumet finns inte."
MSG_CENTURY = "Födelseåret är inte rimligt: århundradet ska vara 18, 19 eller 20."
MSG_SERIAL_ZERO = "Födelsenumret (de tre siffrorna efter datumet) kan inte vara 000."
MSG_INTERIM_LETTER = "Bokstaven {letter} används inte i interimsnummer."
MSG_INTERIM_NOT_ALLOWED = "Interimsnummer accepteras inte här."
MSG_COORDINATION_NOT_ALLOWED = "Samordningsnummer accepteras inte här."
MSG_ORG_FORMAT = "Ogiltigt format: ange t.ex. NNNNNN-NNNN."
MSG_ORG_LEADING_ZERO = "Ett organisationsnummer kan inte börja med 0."
MSG_ORG_GROUP = "Tredje siffran i ett organisationsnummer måste vara minst 2."
MSG_ORG_PREFIX = "Ett organisationsnummer med tolv siffror ska börja med 16."

# Letters that replace the first serial digit of an interim number.  This is the
# set used by the personnummer project (its interim.json rejects e.g. 'E').
INTERIM_LETTERS = frozenset("TRSUWXJKLMN")

# Skatteverket stores personnummer with the century 18, 19 or 20; anything else
# in a 12-digit input is a typing error, not a person.
_EARLIEST_YEAR = 1800
_LATEST_YEAR = 2099

# Samordningsnummer add this to the day of birth.
_COORDINATION_DAY_OFFSET = 60

# One pattern for all accepted personnummer forms.  [0-9] rather than \d, because
# \d also matches other scripts' digits (e.g. Arabic-Indic), which are not valid
# here.  The serial may start with a letter (interim numbers); which letters are
# allowed is checked afterwards so that the error message can name the letter.
_IDENTITY_PATTERN = re.compile(
    r"(?P<century>[0-9]{2})?"
    r"(?P<year>[0-9]{2})(?P<month>[0-9]{2})(?P<day>[0-9]{2})"
    r"(?P<separator>[-+]?)"
    r"(?P<serial>[0-9A-Za-z][0-9]{2})"
    r"(?P<check>[0-9])"
)

# Organisation numbers: NNNNNN-NNNN or NNNNNNNNNN, optionally prefixed with the
# fictive "century" 16 that registers use for 12-digit organisation numbers.
# (The prefix is matched as any two digits so that a wrong one gets its own message.)
_ORGANISATION_PATTERN = re.compile(r"(?P<prefix>[0-9]{2})?(?P<first>[0-9]{6})-?(?P<last>[0-9]{4})")


class IdentityNumberError(ValueError):
    """An identity or organisation number is not valid.

    str(error) is a Swedish sentence that can be shown to the user as it is.
    """


def _luhn_is_valid(digits: str) -> bool:
    """Luhn (modulus 10, weights 2-1 from the right) over a string of digits,
    the check digit included."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _as_text(value: object) -> str:
    """Accept str, and int because the test vectors (and some spreadsheets) carry
    numbers as integers.  bool is an int subclass but never a number here."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected str or int, got {type(value).__name__}")


def _age(birth: date, on: date) -> int:
    # Tuple comparison means someone born 29 February is a year older on
    # 1 March in non-leap years (28 February sorts before 29 February).
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _needs_plus(birth: date, on: date) -> bool:
    # FOL 18 §: '+' from the *calendar year* a person turns 100, not the birthday.
    return on.year - birth.year >= 100


@dataclass(frozen=True)
class IdentityNumber:
    """A parsed, valid Swedish identity number.

    number: 12 characters YYYYMMDDNNNC, e.g. '19090527' + '1474'; an interim
        number keeps its (uppercase) letter: '20000101T220'.  A samordningsnummer
        keeps its day + 60.
    kind: PERSONAL_IDENTITY_NUMBER, COORDINATION_NUMBER or INTERIM_NUMBER.
    birth_date: the real date of birth (samordningsnummer: day minus 60).
    sex: 'kvinna' or 'man', the legal sex as registered (9th digit of the
        10-digit form: even for women).
    """

    number: str
    kind: str
    birth_date: date
    sex: str

    def age_on(self, day: date) -> int:
        """Age in whole years on `day`."""
        return _age(self.birth_date, day)

    def formatted(self) -> str:
        """'YYYYMMDD-NNNC': the unambiguous form used for display and storage
        outside the database column.  Always '-': with four year digits the
        century is explicit, so the '+' carries no information."""
        return f"{self.number[:8]}-{self.number[8:]}"

    def short(self, on: date | None = None) -> str:
        """'YYMMDD-NNNC', or 'YYMMDD+NNNC' from the calendar year the person
        turns 100 (as of `on`, default today).  Parsing the result with the same
        `on` gives back this number, for any birth date from 199 years before
        `on` up to `on` itself."""
        on = on or date.today()
        separator = "+" if _needs_plus(self.birth_date, on) else "-"
        return f"{self.number[2:8]}{separator}{self.number[8:]}"

    def __str__(self) -> str:
        return self.formatted()


def _resolve_year(two_digits: int, month: int, day: int, separator: str, on: date) -> int:
    """Full birth year for a 10-character number, relative to the reference date.

    '+' (FOL 18 §): the person turns 100 or more in on.year, so the birth year is
    the latest one with those two digits that is at least 100 years before
    on.year.  '-' or no separator: the latest year with those digits that gives
    a birth date not after `on`.  The two rules agree with short(), so
    short(on) -> parse(on) round-trips for every birth date up to `on`.
    """
    if separator == "+":
        latest = on.year - 100
        return latest - (latest - two_digits) % 100
    year = on.year - (on.year - two_digits) % 100
    if year == on.year and (month, day) > (on.month, on.day):
        # Not born yet this year, so it must be the same date a century ago.
        year -= 100
    return year


def parse_identity_number(
    text: str | int,
    *,
    on: date | None = None,
    allow_interim: bool = True,
    allow_coordination: bool = True,
) -> IdentityNumber:
    """Parse a personnummer, samordningsnummer or interimsnummer.

    Accepted forms (surrounding whitespace is ignored, inner whitespace is not):
    YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC, YYYYMMDD-NNNC,
    YYYYMMDD+NNNC; an int is read as its decimal digits.

    `on` (default today) is the reference date that decides the century of the
    10-character forms; pass it explicitly wherever the result must not depend
    on the day the code runs.

    Raises IdentityNumberError (a ValueError) with a Swedish message, or
    TypeError for input that is neither str nor int.
    """
    raw = _as_text(text)
    match = _IDENTITY_PATTERN.fullmatch(raw)
    if match is None:
        raise IdentityNumberError(MSG_FORMAT)

    century = match["century"]
    two_digit_year = int(match["year"])
    month = int(match["month"])
    number_day = int(match["day"])
    serial = match["serial"].upper()
    check = match["check"]

    # Interim numbers carry a letter as first serial digit.
    interim = serial[0].isalpha()
    if interim and serial[0] not in INTERIM_LETTERS:
        raise IdentityNumberError(MSG_INTERIM_LETTER.format(letter=serial[0]))
    if serial == "000":
        # Skatteverket assigns födelsenummer 001-999 only.
        raise IdentityNumberError(MSG_SERIAL_ZERO)

    coordination = number_day > _COORDINATION_DAY_OFFSET
    birth_day = number_day - _COORDINATION_DAY_OFFSET if coordination else number_day

    if century is not None:
        # The century is given.  A '+' or '-' in a 12-digit form is ignored, as
        # in the personnummer project (its vectors write '19090527+1474').
        year = int(century + match["year"])
    else:
        year = _resolve_year(two_digit_year, month, birth_day, match["separator"], on or date.today())

    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        raise IdentityNumberError(MSG_CENTURY)
    try:
        birth_date = date(year, month, birth_day)
    except ValueError:
        # Month 13, 30 February, day 0, coordination day 60 or 92+, ...
        raise IdentityNumberError(MSG_DATE) from None

    if coordination and not allow_coordination:
        raise IdentityNumberError(MSG_COORDINATION_NOT_ALLOWED)
    if interim and not allow_interim:
        raise IdentityNumberError(MSG_INTERIM_NOT_ALLOWED)

    # The check digit covers the 10-digit form; an interim letter counts as 1
    # (the personnummer project's convention, fixed by interim.json).
    checked_serial = "1" + serial[1:] if interim else serial
    if not _luhn_is_valid(match["year"] + match["month"] + match["day"] + checked_serial + check):
        raise IdentityNumberError(MSG_CHECK_DIGIT)

    if interim:
        kind = INTERIM_NUMBER
    elif coordination:
        kind = COORDINATION_NUMBER
    else:
        kind = PERSONAL_IDENTITY_NUMBER

    # The sex digit is the last serial digit; it is a digit in interim numbers too.
    sex = FEMALE if int(serial[2]) % 2 == 0 else MALE
    number = f"{year:04d}{match['month']}{match['day']}{serial}{check}"
    return IdentityNumber(number=number, kind=kind, birth_date=birth_date, sex=sex)


def is_valid_identity_number(text: object, **kwargs: object) -> bool:
    """True if parse_identity_number(text, **kwargs) would succeed.  Input of
    the wrong type (None, say) is simply not valid; a wrong keyword argument
    still raises TypeError, as it is a programming error."""
    if not isinstance(text, (str, int)) or isinstance(text, bool):
        return False
    try:
        parse_identity_number(text, **kwargs)  # type: ignore[arg-type]
    except IdentityNumberError:
        return False
    return True


def normalise(text: str | int, **kwargs: object) -> str:
    """The 12-character form YYYYMMDDNNNC; raises like parse_identity_number."""
    return parse_identity_number(text, **kwargs).number  # type: ignore[arg-type]


@dataclass(frozen=True)
class OrganisationNumber:
    """A valid organisationsnummer, 10 digits without separator.

    is_sole_trader: the number is a personnummer or samordningsnummer, which is
    also the organisationsnummer of a sole trader (enskild firma).
    """

    number: str
    is_sole_trader: bool = False

    def formatted(self) -> str:
        """'NNNNNN-NNNN'."""
        return f"{self.number[:6]}-{self.number[6:]}"

    def __str__(self) -> str:
        return self.formatted()


def parse_organisation_number(text: str | int, *, on: date | None = None) -> OrganisationNumber:
    """Parse an organisationsnummer: NNNNNN-NNNN, NNNNNNNNNN or with the prefix
    16 (16NNNNNNNNNN).  The group digit (third digit) is at least 2, which keeps
    organisation numbers apart from personnummer (whose third digit starts the
    month); the first digit is not 0; the last is a Luhn check digit.

    As in the personnummer project's organisationsnummer library, a valid
    personnummer or samordningsnummer is also accepted (a sole trader's number);
    then `on` decides the century of a 10-digit input as in parse_identity_number
    (it only matters for 29 February of a year ending in 00).
    """
    raw = _as_text(text)
    try:
        person = parse_identity_number(raw, on=on, allow_interim=False)
    except IdentityNumberError as person_error:
        match = _ORGANISATION_PATTERN.fullmatch(raw)
        if match is None:
            raise IdentityNumberError(MSG_ORG_FORMAT) from None
        digits = match["first"] + match["last"]
        if digits[2] < "2":
            # Only a personnummer has a third digit below 2 (it starts the month).
            # A wrong check digit is the likelier typo and true of either reading;
            # anything else is best explained by the organisation number rule.
            if str(person_error) == MSG_CHECK_DIGIT:
                raise person_error from None
            raise IdentityNumberError(MSG_ORG_GROUP) from None
        if match["prefix"] not in (None, "16"):
            raise IdentityNumberError(MSG_ORG_PREFIX) from None
        if digits[0] == "0":
            raise IdentityNumberError(MSG_ORG_LEADING_ZERO) from None
        if not _luhn_is_valid(digits):
            raise IdentityNumberError(MSG_CHECK_DIGIT) from None
        return OrganisationNumber(number=digits)
    return OrganisationNumber(number=person.number[2:], is_sole_trader=True)

"""Tests for fotfaste.people.identity (pure Python, no Django needed).

Vectors: tests/data/personnummer-testdata/ (personnummer project, MIT), read from
the repository copy only.  Hand-written cases use Skatteverket's published test
numbers (they belong to no real person) or numbers from the vectors.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fotfaste.people import identity
from fotfaste.people.identity import (
    IdentityNumber,
    IdentityNumberError,
    OrganisationNumber,
    is_valid_identity_number,
    normalise,
    parse_identity_number,
    parse_organisation_number,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
VECTOR_DIR = REPO_ROOT / "tests" / "data" / "personnummer-testdata"
SKATTEVERKET_FILE = REPO_ROOT / "fotfaste" / "reference" / "data" / "testpersonnummer-skatteverket.txt"

# Fixed reference date.  On it, every '-'/'+' form in the vectors resolves to the
# vector's long_format (asserted by test_separated_forms_resolve_on_reference_day).
TODAY = date(2026, 11, 23)

KIND_BY_TYPE = {
    "ssn": identity.PERSONAL_IDENTITY_NUMBER,
    "con": identity.COORDINATION_NUMBER,
    "interim": identity.INTERIM_NUMBER,
}

ALL_MESSAGES = {
    identity.MSG_FORMAT,
    identity.MSG_CHECK_DIGIT,
    identity.MSG_DATE,
    identity.MSG_CENTURY,
    identity.MSG_SERIAL_ZERO,
    identity.MSG_INTERIM_NOT_ALLOWED,
    identity.MSG_COORDINATION_NOT_ALLOWED,
    identity.MSG_ORG_FORMAT,
    identity.MSG_ORG_LEADING_ZERO,
    identity.MSG_ORG_GROUP,
    identity.MSG_ORG_PREFIX,
} | {identity.MSG_INTERIM_LETTER.format(letter=chr(c)) for c in range(ord("A"), ord("Z") + 1)}


def load(name: str) -> Any:
    with open(VECTOR_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


PERSON_VECTORS: list[dict[str, Any]] = load("list.json") + load("interim.json")
ORG_VECTORS: list[dict[str, Any]] = load("orgnumber.json")
STRUCTURED: dict[str, Any] = load("structured.json")

PERSON_FORMS = (
    "long_format",
    "short_format",
    "separated_format",
    "separated_long",
    "integer",
)


def person_cases() -> list[Any]:
    cases = []
    for item in PERSON_VECTORS:
        for form in PERSON_FORMS:
            value = item[form]
            if form == "integer" and value == 0:
                # Interim numbers and the inner-space case have no integer form;
                # 0 itself is covered by test_integer_zero_is_invalid.
                continue
            cases.append(pytest.param(item, form, value, id=f"{item['type']}-{item['long_format']}-{form}"))
    return cases


def reference_date(item: dict[str, Any], form: str) -> date:
    """The `on` that makes a 10-character form mean the vector's long_format.

    Forms with a separator (and 12-digit forms) are read on TODAY.  A bare
    10-digit form has no '+' and so always means "under 100": for people who
    are 100 or older on TODAY, read it on a day in their first century (the
    personnummer project's own format tests skip short_format for this reason).
    """
    birth_year = int(item["long_format"][:4])
    if form == "short_format" and TODAY.year - birth_year >= 100:
        return date(birth_year + 50, 1, 1)
    return TODAY


def check_digit(nine: str) -> str:
    """Luhn check digit, written independently of the module under test."""
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


# --- the personnummer project's vectors --------------------------------------


@pytest.mark.parametrize(("item", "form", "value"), person_cases())
def test_person_vectors(item: dict[str, Any], form: str, value: str | int) -> None:
    on = reference_date(item, form)
    assert is_valid_identity_number(value, on=on) is item["valid"]
    if not item["valid"]:
        with pytest.raises(IdentityNumberError) as caught:
            parse_identity_number(value, on=on)
        assert str(caught.value) in ALL_MESSAGES
        return

    parsed = parse_identity_number(value, on=on)
    assert parsed.number == item["long_format"]
    assert normalise(value, on=on) == item["long_format"]
    assert parsed.kind == KIND_BY_TYPE[item["type"]]
    assert parsed.sex == ("man" if item["isMale"] else "kvinna")
    assert item["isMale"] is not item["isFemale"]
    # formatted() always uses '-': the four-digit year makes the century explicit.
    assert parsed.formatted() == item["separated_long"].replace("+", "-")
    assert parsed.short(TODAY) == item["separated_format"]
    assert str(parsed) == parsed.formatted()


@pytest.mark.parametrize(
    "item",
    [pytest.param(item, id=item["long_format"]) for item in PERSON_VECTORS if item["valid"]],
)
def test_separated_forms_resolve_on_reference_day(item: dict[str, Any]) -> None:
    assert normalise(item["separated_format"], on=TODAY) == item["long_format"]


@pytest.mark.parametrize(
    "item",
    [
        pytest.param(item, id=item["long_format"])
        for item in PERSON_VECTORS
        if item["valid"] and item["type"] == "interim"
    ],
)
def test_interim_vectors_rejected_when_not_allowed(item: dict[str, Any]) -> None:
    for form in PERSON_FORMS[:4]:
        with pytest.raises(IdentityNumberError, match=identity.MSG_INTERIM_NOT_ALLOWED):
            parse_identity_number(item[form], on=TODAY, allow_interim=False)
        # Coordination numbers being disallowed does not affect interim numbers.
        assert is_valid_identity_number(item[form], on=TODAY, allow_coordination=False)


@pytest.mark.parametrize(
    "item",
    [pytest.param(item, id=item["long_format"]) for item in PERSON_VECTORS if item["valid"] and item["type"] == "con"],
)
def test_coordination_vectors_rejected_when_not_allowed(item: dict[str, Any]) -> None:
    for form in PERSON_FORMS:
        with pytest.raises(IdentityNumberError, match=identity.MSG_COORDINATION_NOT_ALLOWED):
            parse_identity_number(item[form], on=reference_date(item, form), allow_coordination=False)


def structured_cases() -> list[Any]:
    cases = []
    for group, kinds in STRUCTURED.items():
        for representation, by_validity in kinds.items():
            for validity, values in by_validity.items():
                for value in values:
                    cases.append(
                        pytest.param(
                            group,
                            value,
                            validity == "valid",
                            id=f"{group}-{representation}-{validity}-{value}",
                        )
                    )
    return cases


@pytest.mark.parametrize(("group", "value", "valid"), structured_cases())
def test_structured_vectors(group: str, value: str | int, valid: bool) -> None:
    assert is_valid_identity_number(value, on=TODAY) is valid
    if valid:
        assert parse_identity_number(value, on=TODAY).kind == KIND_BY_TYPE[group]


def org_cases() -> list[Any]:
    return [
        pytest.param(item, form, id=f"{item['short_format']}-{form}")
        for item in ORG_VECTORS
        for form in ("short_format", "separated_format", "integer")
    ]


@pytest.mark.parametrize(("item", "form"), org_cases())
def test_org_vectors(item: dict[str, Any], form: str) -> None:
    # `valid` in orgnumber.json is about personnummer: these are valid
    # organisation numbers that are not personnummer.
    assert item["valid"] is False
    assert not is_valid_identity_number(item[form], on=TODAY)
    org = parse_organisation_number(item[form], on=TODAY)
    assert org == OrganisationNumber(number=item["short_format"], is_sole_trader=False)
    assert org.formatted() == item["separated_format"]
    assert str(org) == item["separated_format"]


def test_integer_zero_is_invalid() -> None:
    assert not is_valid_identity_number(0)
    with pytest.raises(IdentityNumberError, match=identity.MSG_FORMAT):
        parse_identity_number(0)


def test_bare_short_form_means_under_100() -> None:
    # Without '+', 0905271474 is read as born 2009 on TODAY (the vectors'
    # long_format 1909 needs the '+' or the four-digit year).
    assert normalise("0905271474", on=TODAY) == "200905271474"
    assert normalise("090527+1474", on=TODAY) == "190905271474"


# --- samordningsnummer -------------------------------------------------------


def test_coordination_number_day_plus_60() -> None:
    parsed = parse_identity_number("730288-9931", on=TODAY)
    assert parsed == IdentityNumber(
        number="197302889931",
        kind="samordningsnummer",
        birth_date=date(1973, 2, 28),
        sex="man",
    )
    assert parsed.formatted() == "19730288-9931"
    assert parsed.short(TODAY) == "730288-9931"
    assert parsed.age_on(date(2026, 2, 27)) == 52
    assert parsed.age_on(date(2026, 2, 28)) == 53

    later = parse_identity_number("20210791-9967")
    assert later.birth_date == date(2021, 7, 31)
    assert later.kind == "samordningsnummer"
    assert later.sex == "kvinna"


@pytest.mark.parametrize(
    "text",
    [
        "730260-9931",  # day 60 -> day 0
        "730289-9931",  # 29 February 1973
        "730292-9931",  # day 92 -> day 32
    ],
)
def test_coordination_number_with_impossible_day(text: str) -> None:
    with pytest.raises(IdentityNumberError, match=identity.MSG_DATE):
        parse_identity_number(text, on=TODAY)


def test_coordination_date_checked_before_permission() -> None:
    with pytest.raises(IdentityNumberError, match=identity.MSG_DATE):
        parse_identity_number("730292-9931", on=TODAY, allow_coordination=False)


# --- age ---------------------------------------------------------------------


def test_age_on_birthday_and_day_before() -> None:
    parsed = parse_identity_number("200001012384")  # Skatteverket test number
    assert parsed.birth_date == date(2000, 1, 1)
    assert parsed.age_on(date(2025, 12, 31)) == 25
    assert parsed.age_on(date(2026, 1, 1)) == 26
    assert parsed.age_on(date(2000, 1, 1)) == 0


def test_age_of_29_february_birth() -> None:
    parsed = parse_identity_number("201202292395")  # Skatteverket test number
    assert parsed.birth_date == date(2012, 2, 29)
    # Non-leap years: one year older on 1 March, not on 28 February.
    assert parsed.age_on(date(2013, 2, 28)) == 0
    assert parsed.age_on(date(2013, 3, 1)) == 1
    assert parsed.age_on(date(2030, 2, 28)) == 17
    assert parsed.age_on(date(2030, 3, 1)) == 18
    # Leap years: on 29 February.
    assert parsed.age_on(date(2016, 2, 28)) == 3
    assert parsed.age_on(date(2016, 2, 29)) == 4


# --- the '+' separator and centuries -----------------------------------------


def test_plus_separator_for_100_or_older() -> None:
    old = parse_identity_number("189001019802")  # Skatteverket test number
    assert old.short(TODAY) == "900101+9802"
    assert normalise("900101+9802", on=TODAY) == "189001019802"
    # The same digits with '-' are someone born 1990 (same check digit).
    assert normalise("900101-9802", on=TODAY) == "199001019802"
    assert normalise("9001019802", on=TODAY) == "199001019802"
    # Reading on an earlier day: '+' still means 100 or older then.
    assert normalise("900101+9802", on=date(1995, 6, 1)) == "189001019802"
    assert normalise("900101-9802", on=date(1995, 6, 1)) == "199001019802"


def test_plus_from_the_calendar_year_of_turning_100() -> None:
    # FOL 18 §: '+' from the calendar year the person turns 100, so someone born
    # 23 December 1926 writes '+' during all of 2026, while still 99.
    parsed = parse_identity_number("192612239232")  # Skatteverket test number
    assert parsed.age_on(TODAY) == 99
    assert parsed.short(TODAY) == "261223+9232"
    assert parsed.short(date(2025, 12, 31)) == "261223-9232"
    assert parsed.short(date(2026, 1, 1)) == "261223+9232"
    assert normalise("261223+9232", on=TODAY) == "192612239232"
    assert normalise("261223-9232", on=date(2025, 12, 31)) == "192612239232"
    # A '-' form whose date has not come yet this year cannot be a newborn:
    # it is read as the same date a century earlier.
    assert normalise("261223-9232", on=TODAY) == "192612239232"
    assert normalise("261223-9232", on=date(2026, 12, 23)) == "202612239232"


def test_plus_on_29_february_1900_does_not_exist() -> None:
    # 000229-2399 is 29 February 2000; with '+' it would be 1900, not a leap year.
    assert normalise("000229-2399", on=TODAY) == "200002292399"
    with pytest.raises(IdentityNumberError, match=identity.MSG_DATE):
        parse_identity_number("000229+2399", on=TODAY)


def test_separator_in_long_form_is_ignored() -> None:
    # The vectors write '19090527+1474'; with four year digits the century is
    # given, so either separator is accepted and the result is the same.
    assert normalise("19090527+1474") == normalise("19090527-1474") == "190905271474"
    assert normalise("20000229+2399") == "200002292399"


@pytest.mark.parametrize("text", ["170001011234", "210001011234", "000001011234"])
def test_century_outside_18_to_20(text: str) -> None:
    with pytest.raises(IdentityNumberError, match=identity.MSG_CENTURY):
        parse_identity_number(text)


def test_default_reference_date_is_today() -> None:
    # 12-digit input does not depend on the day; a bare 10-digit one resolves to
    # a birth date not after today.
    assert parse_identity_number("189001019802").birth_date == date(1890, 1, 1)
    assert parse_identity_number("0004059937").birth_date <= date.today()


# --- whitespace, types and formats -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "  19090527+1474",
        "19090527+1474  ",
        "\t090527+1474\n",
        "\u00a0190905271474\u00a0",
        "\r\n190905271474 ",
    ],
)
def test_surrounding_whitespace_is_ignored(text: str) -> None:
    assert normalise(text, on=TODAY) == "190905271474"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1909 0527-1474",
        "19090527 - 1474",
        "19090527--1474",
        "19090527-+1474",
        "190905271474-",
        "-190905271474",
        "1909-0527-1474",
        "19090527\u22121474",  # Unicode minus sign
        "19090527\u20131474",  # en dash
        # 190905271474 in Arabic-Indic and in fullwidth digits:
        "".join(chr(0x0660 + int(d)) for d in "190905271474"),
        "".join(chr(0xFF10 + int(d)) for d in "190905271474"),
        "1909052714740",
        "19090527147",
        "090527147",
        "0905271474\n0",
        "090527-147A",
        "0905271474ab",
        "190905271474\n190905271474",
    ],
)
def test_malformed_input(text: str) -> None:
    with pytest.raises(IdentityNumberError) as caught:
        parse_identity_number(text, on=TODAY)
    assert str(caught.value) == identity.MSG_FORMAT


@pytest.mark.parametrize("value", [None, 1.5, b"190905271474", True, ["190905271474"]])
def test_wrong_type(value: object) -> None:
    assert not is_valid_identity_number(value)
    with pytest.raises(TypeError):
        parse_identity_number(value)  # type: ignore[arg-type]


def test_unknown_keyword_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        is_valid_identity_number("189001019802", allow_everything=True)


def test_integer_input() -> None:
    assert normalise(189001019802) == "189001019802"
    assert normalise(9001019802, on=TODAY) == "199001019802"
    # A leading zero is lost in an int, so a 10-digit number from 2000-2009 is
    # not recoverable from its integer form.
    assert not is_valid_identity_number(4059937)


def test_interim_letter_lowercase_is_normalised() -> None:
    parsed = parse_identity_number("000101t220", on=TODAY)
    assert parsed.number == "20000101T220"
    assert parsed.kind == "interimsnummer"
    assert parsed.birth_date == date(2000, 1, 1)
    assert parsed.formatted() == "20000101-T220"


def test_interim_letter_must_be_allowed() -> None:
    with pytest.raises(IdentityNumberError) as caught:
        parse_identity_number("20000101E221")
    assert str(caught.value) == "Bokstaven E används inte i interimsnummer."
    assert frozenset("TRSUWXJKLMN") == identity.INTERIM_LETTERS


def test_interim_check_digit_counts_letter_as_one() -> None:
    assert is_valid_identity_number("20000101T220")
    with pytest.raises(IdentityNumberError, match=identity.MSG_CHECK_DIGIT):
        parse_identity_number("20000101T221")


def test_sex_from_ninth_digit() -> None:
    assert parse_identity_number("202002292387").sex == "kvinna"  # serial 238
    assert parse_identity_number("201202292395").sex == "man"  # serial 239


# --- Swedish error messages --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("19090527 1474", {}, "Ogiltigt format: ange t.ex. ÅÅÅÅMMDD-NNNN."),
        (
            "200803152381",
            {},
            "Kontrollsiffran stämmer inte.",
        ),  # neighbour of test number 200803152388
        ("20230229-2399", {}, "Datumet finns inte."),
        ("19091327-1474", {}, "Datumet finns inte."),
        (
            "201509160006",
            {},
            "Födelsenumret (de tre siffrorna efter datumet) kan inte vara 000.",
        ),
        (
            "20000101T220",
            {"allow_interim": False},
            "Interimsnummer accepteras inte här.",
        ),
        (
            "197302889931",
            {"allow_coordination": False},
            "Samordningsnummer accepteras inte här.",
        ),
        (
            "170001011234",
            {},
            "Födelseåret är inte rimligt: århundradet ska vara 18, 19 eller 20.",
        ),
    ],
)
def test_swedish_error_messages(text: str, kwargs: dict[str, bool], message: str) -> None:
    with pytest.raises(IdentityNumberError) as caught:
        parse_identity_number(text, on=TODAY, **kwargs)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


# --- organisation numbers ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    # From the organisationsnummer project's vectors (MIT): 556016-0680 is a
    # registered aktiebolag, 12-digit forms carry the prefix 16.
    [
        "5560160680",
        "556016-0680",
        "165560160680",
        "16556016-0680",
        " 556016-0680 ",
        5560160680,
        165560160680,
    ],
)
def test_organisation_number_forms(text: str | int) -> None:
    org = parse_organisation_number(text)
    assert org == OrganisationNumber(number="5560160680")
    assert org.formatted() == "556016-0680"
    assert not org.is_sole_trader


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5560160681", identity.MSG_CHECK_DIGIT),
        ("165560160681", identity.MSG_CHECK_DIGIT),
        ("556016+0680", identity.MSG_ORG_FORMAT),
        ("55601606", identity.MSG_ORG_FORMAT),
        ("556016 0680", identity.MSG_ORG_FORMAT),
        ("5560-160680", identity.MSG_ORG_FORMAT),
        ("175560160680", identity.MSG_ORG_PREFIX),
        ("0560160680", identity.MSG_ORG_LEADING_ZERO),
        # Third digit below 2: only a personnummer can start like this.
        ("5513160680", identity.MSG_ORG_GROUP),  # month 13
        ("165513160680", identity.MSG_ORG_GROUP),
        ("201509160006", identity.MSG_ORG_GROUP),  # serial 000
        (
            "200803152381",
            identity.MSG_CHECK_DIGIT,
        ),  # a personnummer with a wrong check digit
        ("0803152381", identity.MSG_CHECK_DIGIT),
        ("000101-T220", identity.MSG_ORG_FORMAT),  # interim numbers are not org numbers
    ],
)
def test_invalid_organisation_numbers(text: str, message: str) -> None:
    with pytest.raises(IdentityNumberError) as caught:
        parse_organisation_number(text, on=TODAY)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("189001019802", "9001019802"),  # Skatteverket test number, 12 digits
        ("900101+9802", "9001019802"),
        ("19730288-9931", "7302889931"),  # a samordningsnummer works too
    ],
)
def test_sole_trader_personnummer_is_an_organisation_number(text: str, number: str) -> None:
    org = parse_organisation_number(text, on=TODAY)
    assert org == OrganisationNumber(number=number, is_sole_trader=True)
    assert org.formatted() == f"{number[:6]}-{number[6:]}"


# --- Skatteverket's test numbers ---------------------------------------------


@pytest.mark.skipif(
    not SKATTEVERKET_FILE.exists(),
    reason="Skatteverket test numbers not copied into the project",
)
def test_every_skatteverket_test_number_is_valid() -> None:
    lines = SKATTEVERKET_FILE.read_text(encoding="utf-8").split()
    assert len(lines) > 40_000
    for line in lines:
        parsed = parse_identity_number(line, on=TODAY)
        assert parsed.number == line
        assert parsed.kind == "personnummer"
        assert parse_identity_number(parsed.short(TODAY), on=TODAY) == parsed
        assert parse_identity_number(parsed.formatted()) == parsed


# --- properties --------------------------------------------------------------


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, str, date, str, date]:
    """A valid 12-character number, its kind, birth date and sex, and a
    reference day from the birth date up to 199 calendar years later.

    Generated in memory only, to test the algorithm over the whole number space;
    fixtures and demo data use Skatteverket's test numbers instead.
    """
    birth = draw(st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)))
    kind = draw(st.sampled_from(["personnummer", "samordningsnummer", "interimsnummer"]))
    day = birth.day + 60 if kind == "samordningsnummer" else birth.day
    if kind == "interimsnummer":
        letter = draw(st.sampled_from(sorted(identity.INTERIM_LETTERS)))
        rest = draw(st.integers(min_value=0, max_value=99))
        serial, serial_for_check = f"{letter}{rest:02d}", f"1{rest:02d}"
    else:
        serial = serial_for_check = f"{draw(st.integers(min_value=1, max_value=999)):03d}"
    date_part = f"{birth.year % 100:02d}{birth.month:02d}{day:02d}"
    check = check_digit(date_part + serial_for_check)
    number = f"{birth.year // 100:02d}{date_part}{serial}{check}"
    sex = "kvinna" if int(serial[2]) % 2 == 0 else "man"
    latest = min(date(birth.year + 199, 12, 31), date(2299, 12, 31))
    on = draw(st.dates(min_value=birth, max_value=latest))
    return number, kind, birth, sex, on


@settings(max_examples=500)
@given(valid_numbers())
def test_generated_numbers_round_trip(case: tuple[str, str, date, str, date]) -> None:
    number, kind, birth, sex, on = case
    parsed = parse_identity_number(number)
    assert parsed == IdentityNumber(number=number, kind=kind, birth_date=birth, sex=sex)
    assert parse_identity_number(parsed.formatted()) == parsed
    assert parse_identity_number(parsed.formatted().replace("-", "")) == parsed
    short = parsed.short(on)
    assert short[6] == ("+" if on.year - birth.year >= 100 else "-")
    assert parse_identity_number(short, on=on) == parsed
    if short[6] == "-":
        # Without a separator a 10-digit number is read like the '-' form.
        assert parse_identity_number(short.replace("-", ""), on=on) == parsed
    assert normalise(short, on=on) == number
    assert parsed.age_on(on) >= 0


@given(
    st.one_of(
        st.text(alphabet="0123456789-+ TRSEtx\n", max_size=16),
        st.text(max_size=16),
        st.integers(),
    ),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
)
def test_any_input_parses_or_raises_identity_error(value: str | int, on: date) -> None:
    try:
        parsed = parse_identity_number(value, on=on)
    except IdentityNumberError as error:
        assert str(error) in ALL_MESSAGES
        assert not is_valid_identity_number(value, on=on)
    else:
        assert len(parsed.number) == 12
        assert is_valid_identity_number(value, on=on)
        assert normalise(parsed.number) == parsed.number


@given(st.integers(min_value=1_000_000_000, max_value=9_999_999_999))
def test_org_parse_never_fails_unexpectedly(value: int) -> None:
    try:
        org = parse_organisation_number(value, on=TODAY)
    except IdentityNumberError as error:
        assert str(error) in ALL_MESSAGES
    else:
        assert len(org.number) == 10
        assert parse_organisation_number(org.formatted(), on=TODAY).number == org.number


def test_dataclasses_are_frozen() -> None:
    parsed = parse_identity_number("189001019802")
    with pytest.raises(AttributeError):
        parsed.number = "x"  # type: ignore[misc]
    assert parsed.birth_date + timedelta(days=0) == date(1890, 1, 1)

"""Row validation for register files: the fast identity-number path, dates, codes, fingerprints."""

import re
from datetime import date

import pytest

from fotfaste.people.identity import IdentityNumberError, parse_identity_number
from fotfaste.reference.data import test_identity_numbers as skatteverket_numbers
from fotfaste.registers.validation import (
    FileContext,
    InvalidValue,
    fast_identity,
    parse_date,
    population_parser,
    row_hash,
)


def full(number: str):
    try:
        ident = parse_identity_number(number, on=date(2026, 11, 25))
    except IdentityNumberError:
        return None
    return (ident.number, ident.kind, ident.birth_date, ident.sex)


def test_the_fast_path_agrees_with_the_parser_on_every_skatteverket_number_and_on_corrupted_ones():
    checked = 0
    for number in skatteverket_numbers():
        variants = [number, number[:-1] + str((int(number[-1]) + 1) % 10), number[:8] + "000" + number[-1]]
        for variant in variants:
            fast = fast_identity(variant)
            if fast is not None:
                assert (fast.number, fast.kind, fast.birth_date, fast.sex) == full(variant), variant
                checked += 1
            else:
                # The fast path only declines; what it declines the parser rejects or handles itself.
                assert full(variant) is None or len(variant) != 12 or variant[:2] not in ("19", "20"), variant
    assert checked >= 37_000  # all but the 1800s, which the parser handles


@pytest.mark.parametrize("number", ["18991231-1234", "080315-2388", "0803152388", "20080315-2388", "20081332-2388"])
def test_other_forms_are_left_to_the_parser(number):
    assert fast_identity(number) is None


def test_coordination_numbers_take_the_fast_path():
    # Day 75 = the 15th, plus 60.
    ident = fast_identity(parse_identity_number("200803752385", on=date(2026, 1, 1)).number)
    assert ident.kind == "samordningsnummer" and ident.birth_date == date(2008, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03-15", date(2026, 3, 15)), ("20260315", date(2026, 3, 15))],
)
def test_dates_in_both_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15/3/2026", "Ogiltigt datum ”15/3/2026”: skriv ÅÅÅÅ-MM-DD (eller ÅÅÅÅMMDD)."),
        ("2026-02-30", "Datumet ”2026-02-30” finns inte."),
        ("1850-01-01", "Datumet ”1850-01-01” är inte rimligt."),
        ("2026-aa-01", "Ogiltigt datum ”2026-aa-01”: skriv ÅÅÅÅ-MM-DD (eller ÅÅÅÅMMDD)."),
    ],
)
def test_bad_dates_say_what_is_wrong(text, message):
    with pytest.raises(InvalidValue, match=re.escape(message)):
        parse_date(text)


def test_fingerprints_separate_values_and_types():
    assert row_hash("a", "b") != row_hash("ab", "")
    assert row_hash(None) != row_hash("")
    assert row_hash(date(2026, 1, 1)) != row_hash("2026-01-01")
    assert row_hash("x", 1) == row_hash("x", 1)


HEADER = ("personnummer", "fornamn", "efternamn", "kommunkod", "skyddad", "bakgrund")
COLUMNS = {name: name for name in HEADER}


def parse(values):
    ctx = FileContext(municipality="1880", as_of=date(2026, 3, 1), municipality_codes={"1880", "1814"})
    return population_parser(HEADER, COLUMNS, ctx)(2, list(values))


def test_codes_are_read_without_case_or_accents():
    record, problems = parse(["200803152388", "Åsa", "Öberg", "1880", "Skyddad folkbokföring", "Född utomlands"])
    assert problems == []
    assert record[12:14] == ("skyddad_folkbokforing", "fodd_utomlands")


def test_the_same_values_in_other_forms_give_the_same_record():
    a, _ = parse(["200803152388", "Åsa", "Öberg", "1880", "", "svensk"])
    b, _ = parse(["080315-2388", "Åsa", "Öberg", "1880", "", "Svensk"])
    assert a == b

"""The monthly income-support list's checks (fotfaste.incomesupport.rules): pure, row by row."""

from datetime import date

import pytest

from fotfaste.incomesupport import rules
from fotfaste.people.identity import parse_identity_number
from fotfaste.reference import data as reference

TODAY = date(2026, 6, 15)
WOMAN_2008 = "200803152388"  # in tests/conftest's range of Skatteverket's test numbers


def luhn_digit(nine: str) -> str:
    total = 0
    for i, char in enumerate(nine):
        value = int(char) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def coordination_number(number: str) -> str:
    """The same person as a samordningsnummer: day + 60, check digit made anew."""
    day = int(number[6:8]) + 60
    body = number[2:6] + f"{day:02d}" + number[8:11]
    return number[:2] + body + luhn_digit(body)


def read(text_rows, header=("personnummer", "manad")):
    return rules.read_list(tuple(header), [(i + 2, list(r)) for i, r in enumerate(text_rows)], TODAY)


@pytest.mark.parametrize(
    ("text", "month"),
    [("2026-03", date(2026, 3, 1)), ("202603", date(2026, 3, 1)), (" 2026-06 ", date(2026, 6, 1)),
     ("2026-03-01", date(2026, 3, 1))],
)  # fmt: skip
def test_months_in_the_accepted_forms(text, month):
    assert rules.parse_month(text, TODAY) == month


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "”2026-13” är ingen månad; skriv ÅÅÅÅ-MM."),
        ("mars 2026", "”mars 2026” är ingen månad; skriv ÅÅÅÅ-MM."),
        ("2026-3", "”2026-3” är ingen månad; skriv ÅÅÅÅ-MM."),
        ("2026-03-15", "”2026-03-15” är ingen månad; skriv ÅÅÅÅ-MM."),
        ("1999-12", "”1999-12” är före år 2000; skriv ÅÅÅÅ-MM."),
        ("2026-07", "”2026-07” är en månad som inte har börjat; listan kan bara gälla denna månad och tidigare."),
        ("", "månad saknas; skriv ÅÅÅÅ-MM."),
    ],
)
def test_months_that_are_wrong(text, message):
    with pytest.raises(rules.MonthError) as error:
        rules.parse_month(text, TODAY)
    assert str(error.value) == message


def test_a_valid_list_any_number_form_case_and_accents_in_the_header():
    ten = WOMAN_2008[2:8] + "-" + WOMAN_2008[8:]
    reading = read([(ten, "2026-03"), (WOMAN_2008, "202604")], header=("PersonNummer", "Månad"))
    assert not reading.errors
    assert reading.rows == 2
    assert reading.persons == 1
    assert reading.per_month() == [(date(2026, 3, 1), 1), (date(2026, 4, 1), 1)]
    entry = reading.entries[(WOMAN_2008, date(2026, 3, 1))]
    assert (entry.sex, entry.age) == ("kvinna", 17)


def test_a_samordningsnummer_is_accepted_and_kept_as_12_digits():
    number = coordination_number(WOMAN_2008)
    assert parse_identity_number(number).kind == "samordningsnummer"
    reading = read([(number[2:], "2026-03")])
    assert not reading.errors
    assert [e.personnummer for e in reading.entries.values()] == [number]


def test_every_error_is_named_by_row_and_column_and_a_wrong_number_is_not_echoed():
    reading = read([(WOMAN_2008, "2026-03"), ("200803152389", "2026-13"), ("", "2026-03"), (WOMAN_2008, "2027-01")])
    assert reading.errors == [
        "Rad 3, personnummer: Kontrollsiffran stämmer inte.",
        "Rad 3, manad: ”2026-13” är ingen månad; skriv ÅÅÅÅ-MM.",
        "Rad 4, personnummer: personnummer saknas.",
        "Rad 5, manad: ”2027-01” är en månad som inte har börjat; listan kan bara gälla denna månad och tidigare.",
    ]
    assert not any("200803152389" in e for e in reading.errors)


def test_the_same_person_and_month_twice_is_a_notice_and_counted_once():
    reading = read([(WOMAN_2008, "2026-03"), (WOMAN_2008[2:], "202603")])
    assert not reading.errors
    assert reading.notices == ["Rad 3: samma person och månad som rad 2; räknas en gång."]
    assert reading.per_month() == [(date(2026, 3, 1), 1)]


def test_persons_outside_16_to_29_are_neither_counted_nor_kept():
    born_2012 = next(n for n in reference.test_identity_numbers() if n.startswith("2012"))  # 13 or 14 in March 2026
    reading = read([(born_2012, "2026-03"), (WOMAN_2008, "2026-03")])
    assert not reading.errors
    assert list(reading.entries) == [(WOMAN_2008, date(2026, 3, 1))]
    assert reading.notices == [
        "1 rad gäller en person som inte var 16–29 år den månaden. Den räknas inte och sparas inte."
    ]


def test_a_missing_column_and_an_empty_file():
    assert read([], header=("personnr", "manad")).errors == ["Kolumnen ”personnummer” saknas i rubrikraden (rad 1)."]
    assert read([]).errors == ["Filen har ingen rad efter rubrikraden."]


def test_a_row_longer_than_the_header():
    assert read([(WOMAN_2008, "2026-03", "extra")]).errors == ["Rad 2 har fler värden än rubrikraden har kolumner."]

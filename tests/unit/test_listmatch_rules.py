"""List matching's pure rules: who may match for which municipality, which column holds the numbers,
how rows become numbers and counts."""

from datetime import date

import pytest

from fotfaste.listmatch import rules
from fotfaste.reference import data as reference_data

ON = date(2026, 3, 1)
NUMBERS = [n for n in reference_data.test_identity_numbers() if n[:4] in {"2007", "2008"}][:6]


def dashed(number: str) -> str:
    return f"{number[:8]}-{number[8:]}"


def test_kaa_and_coordinator_municipalities_are_the_ones_that_may_match():
    assert rules.match_municipalities({"1880"}, set()) == {"1880"}
    assert rules.match_municipalities(set(), {"1880", "1814"}) == {"1880", "1814"}
    assert rules.match_municipalities({"1880"}, {"1814"}) == {"1880", "1814"}
    assert rules.match_municipalities(set(), set()) == frozenset()


def test_the_list_comes_from_another_party_of_an_agreement_covering_the_municipality():
    assert rules.is_other_party(None, ["1880"], "1880")  # AF in Örebro's agreement
    assert rules.is_other_party("1814", ["1880", "1814"], "1880")  # a neighbour in a joint agreement
    assert not rules.is_other_party("1880", ["1880"], "1880")  # the municipality itself
    assert not rules.is_other_party(None, ["1814"], "1880")  # a party of another agreement


@pytest.mark.parametrize("name", ["personnummer", "Personnummer", "PNR", "pnr", "Personnr", " PERSONNR "])
def test_the_number_column_is_found_by_its_name_whatever_the_case(name):
    column = rules.find_column(("Namn", name, "Kontor"), "", ON)
    assert column == rules.Column(1)


def test_the_user_names_the_column_by_name_or_position():
    header = ("Namn", "ID-nummer", "Kontor")
    assert rules.find_column(header, "id-nummer", ON).index == 1
    assert rules.find_column(header, "3", ON).index == 2
    assert rules.find_column(header, "1", ON).index == 0


def test_a_column_the_file_does_not_have_is_an_error_naming_the_columns():
    with pytest.raises(rules.ColumnNotFound) as caught:
        rules.find_column(("Namn", "ID-nummer"), "pnummer", ON)
    assert "pnummer" in str(caught.value)
    assert "”Namn”, ”ID-nummer”" in str(caught.value)
    assert caught.value.header == ("Namn", "ID-nummer")
    with pytest.raises(rules.ColumnNotFound):
        rules.find_column(("Namn", "ID-nummer"), "3", ON)


def test_without_a_known_name_the_user_must_choose_unless_there_is_one_column():
    with pytest.raises(rules.ColumnNotFound) as caught:
        rules.find_column(("Namn", "Identitet"), "", ON)
    assert "Välj vilken" in str(caught.value)
    assert rules.find_column(("Identitet",), "", ON) == rules.Column(0)


def test_a_file_without_a_header_row_is_read_from_its_first_row():
    header = ("Namn", NUMBERS[0])
    column = rules.find_column(header, "", ON)
    assert column == rules.Column(1, header_is_data=True)
    reading = rules.read_numbers(header, [(2, ["Nils", NUMBERS[1]])], column, ON)
    assert reading.numbers == {NUMBERS[0], NUMBERS[1]}
    assert reading.rows == 2


def test_rows_become_normalised_numbers_and_unreadable_rows_are_counted_by_row_number():
    rows = [
        (2, [NUMBERS[0]]),
        (3, [dashed(NUMBERS[1])]),
        (4, [NUMBERS[2][2:]]),  # ten digits: the century comes from the date
        (5, ["inte ett nummer"]),
        (7, [""]),  # empty cell: unreadable too (row 6 was an empty row the reader skipped)
        (8, [NUMBERS[0]]),  # a duplicate is one number
        (9, [NUMBERS[3][:-1] + str((int(NUMBERS[3][-1]) + 1) % 10)]),  # wrong check digit
        (10, []),  # a short row
    ]
    reading = rules.read_numbers(("personnummer",), rows, rules.Column(0), ON)
    assert reading.numbers == {NUMBERS[0], NUMBERS[1], NUMBERS[2]}
    assert reading.rows == 8
    assert reading.unreadable == 4
    assert reading.unreadable_rows == [5, 7, 9, 10]


def test_only_the_first_unreadable_row_numbers_are_kept_but_all_are_counted():
    rows = [(i, ["x"]) for i in range(2, 2 + rules.UNREADABLE_ROWS_KEPT + 50)]
    reading = rules.read_numbers(("pnr",), rows, rules.Column(0), ON)
    assert reading.unreadable == rules.UNREADABLE_ROWS_KEPT + 50
    assert len(reading.unreadable_rows) == rules.UNREADABLE_ROWS_KEPT
    assert reading.unreadable_rows[0] == 2


def test_chunks_cover_every_number_once():
    items = [str(i) for i in range(4_500)]
    parts = list(rules.chunks(items, 2_000))
    assert [len(p) for p in parts] == [2_000, 2_000, 500]
    assert [x for p in parts for x in p] == items
    assert list(rules.chunks([], 2_000)) == []

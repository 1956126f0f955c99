"""The population file's short path for plain rows makes exactly what the full checks make, or declines."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from fotfaste.registers.columns import COLUMNS
from fotfaste.registers.validation import (
    FileContext,
    checked_population_row,
    plain_population_row,
    population_parser,
)

CANONICAL = tuple(c.name for c in COLUMNS["folkbokforing"])
CONTEXT = FileContext(municipality="1285", as_of=date(2026, 9, 15), municipality_codes={"1285", "0180", "1280"})

# Skatteverket's test numbers (born 2008 and 1990), a coordination number, and ways to get one wrong.
NUMBERS = ["200803152388", "199001012384", "200803752385", "200803152389", "0803152388", "20080315-2388", "", "abc"]
NAMES = ["Ebba", "Åsa-Li", "", "x" * 100, "x" * 101]
STREETS = ["Testgatan 1", "", "x" * 200, "x" * 201]
POSTAL_CODES = ["12345", "", "123 45", "1234", "12a45"]
TOWNS = ["Eslöv", "", "x" * 101]
CODES = ["1285", "0180", "9999", ""]
PROTECTIONS = ["", "sekretessmarkering", "skyddad_folkbokforing", "Skyddad folkbokföring", "hemlig"]
DATES = ["", "", "2020-01-01", "20200101", "2007-01-01", "2020-02-30", "2020/01/01", "2026-09-16"]
BACKGROUNDS = ["", "svensk", "fodd_utomlands", "Svensk", "annan"]

rows = st.tuples(
    st.sampled_from(NUMBERS),
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
    st.sampled_from(STREETS),
    st.sampled_from(POSTAL_CODES),
    st.sampled_from(TOWNS),
    st.sampled_from(CODES),
    st.sampled_from(PROTECTIONS),
    st.sampled_from(DATES),
    st.sampled_from(DATES),
    st.sampled_from(DATES),
    st.sampled_from(DATES),
    st.sampled_from(BACKGROUNDS),
)


@settings(max_examples=3000, deadline=None)
@given(rows, st.permutations(CANONICAL), st.sets(st.sampled_from(CANONICAL[3:])))
def test_the_short_path_agrees_with_the_full_checks(values, order, left_out):
    header = tuple(name for name in order if name not in left_out)
    columns = {name: name for name in header}
    by_name = dict(zip(CANONICAL, values, strict=True))
    row = [by_name[name] for name in header]
    full = checked_population_row(header, columns, CONTEXT)
    fast = plain_population_row(header, columns, CONTEXT)(7, list(row))
    if fast is not None:
        assert (fast, []) == full(7, list(row))
    assert population_parser(header, columns, CONTEXT)(7, list(row)) == full(7, list(row))


def test_plain_rows_take_the_short_path():
    header = CANONICAL
    columns = {name: name for name in header}
    fast = plain_population_row(header, columns, CONTEXT)
    plain = ["200803152388", "Ebba", "Test", "Testgatan 1", "12345", "Eslöv", "1285", "", "", "", "", "", "svensk"]
    dated = [*plain[:8], "2020-01-01", "", "", "", "svensk"]
    assert fast(2, list(plain)) is not None
    assert fast(3, list(dated)) is not None
    # A row with more values than the header has columns is the full checks' to judge.
    assert fast(4, [*plain, "extra"]) is None

"""Readers for the reference files shipped in reference/data (see its README for sources)."""

import csv
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def counties() -> Iterator[tuple[str, str]]:
    for row in _rows("lan.csv"):
        yield row["lanskod"], row["lan"]


def municipalities() -> Iterator[tuple[str, str, str]]:
    for row in _rows("kommuner.csv"):
        yield row["kommunkod"], row["kommun"], row["lanskod"]


def postal_codes() -> Iterator[tuple[str, str, str]]:
    for row in _rows("postnummer.csv"):
        yield row["postnummer"], row["ort"], row["kommunkod"]


def test_identity_numbers() -> list[str]:
    """Skatteverket's official test numbers: the only numbers demo and test data may use."""
    text = (DATA_DIR / "testpersonnummer-skatteverket.txt").read_text(encoding="ascii")
    return [line.strip() for line in text.splitlines() if line.strip()]


def load_tables(county_model, municipality_model) -> None:
    """Fill the county and municipality tables; models are passed in so migrations can use it too."""
    county_model.objects.bulk_create([county_model(code=c, name=n) for c, n in counties()], ignore_conflicts=True)
    municipality_model.objects.bulk_create(
        [municipality_model(code=c, name=n, county_id=lc) for c, n, lc in municipalities()], ignore_conflicts=True
    )

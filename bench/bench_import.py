#!/usr/bin/env python3
"""Import of a population file: time, peak memory and the ratio to a raw COPY of the same file.

    python bench/bench_import.py [--persons 1000000] [--databases sqlite,postgresql]

The file is a synthetic population extract of one municipality (bench/synth.py);
the import runs into a fresh, migrated database, as `import_register` would run
it, in its own process: check (read, validate, stage) and read in (merge), then
the KAA derivation for everyone and the change list, which the import does in the
same transaction ("övrigt": committing it and emptying the staging table).
The baseline is `\\copy` of the same file into a table of text columns on
PostgreSQL, with no checks at all. Figures go to standard output as a table.
"""

import argparse
import subprocess

from common import AS_OF, PG_DATABASE, data_files, fresh_database, postgresql_available, run_step, table, timed

COLUMNS = [
    "personnummer",
    "fornamn",
    "efternamn",
    "utdelningsadress",
    "postnummer",
    "postort",
    "kommunkod",
    "skyddad",
    "folkbokford_datum",
    "invandrad_datum",
    "utflyttad_datum",
    "avliden_datum",
    "bakgrund",
]


def raw_copy_seconds(path) -> float:
    subprocess.run(["dropdb", "--if-exists", f"{PG_DATABASE}_copy"], check=True)
    subprocess.run(["createdb", f"{PG_DATABASE}_copy"], check=True)
    create = "CREATE TABLE raw_population (" + ", ".join(f"{c} text" for c in COLUMNS) + ")"
    subprocess.run(["psql", "-q", "-d", f"{PG_DATABASE}_copy", "-c", create], check=True)
    copy = f"\\copy raw_population FROM '{path}' WITH (FORMAT csv, HEADER true, DELIMITER ';')"
    seconds = timed(["psql", "-q", "-d", f"{PG_DATABASE}_copy", "-c", copy])
    subprocess.run(["dropdb", f"{PG_DATABASE}_copy"], check=True)
    return seconds


def storage_floor_seconds(database: str) -> tuple[float, float]:
    """The least any import can cost on PostgreSQL: its persons, already checked and in the database,
    copied into a table like the persons table, with its indexes and without (seconds each).

    Run on the import benchmark's database after its import, so the rows are the file's own.
    """
    results = []
    for including in ("INCLUDING ALL", "INCLUDING DEFAULTS"):
        sql = f"DROP TABLE IF EXISTS floor_person; CREATE TABLE floor_person (LIKE people_person {including})"
        subprocess.run(["psql", "-q", "-d", database, "-c", sql], check=True)
        results.append(
            timed(["psql", "-q", "-d", database, "-c", "INSERT INTO floor_person SELECT * FROM people_person"])
        )
    subprocess.run(["psql", "-q", "-d", database, "-c", "DROP TABLE floor_person"], check=True)
    return results[0], results[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--municipality", default="0180")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    folder = data_files(args.persons, args.municipality)
    population = folder / "folkbokforing.csv"
    databases = args.databases.split(",")
    copy = None
    if "postgresql" in databases:
        if not postgresql_available():
            raise SystemExit("PostgreSQL svarar inte (pg_isready); starta den eller kör med --databases sqlite.")
        copy = raw_copy_seconds(population)
    rows = []
    for database in databases:
        url = fresh_database(database, f"{PG_DATABASE}_import")
        r = run_step(url, "import", "folkbokforing", str(population), args.municipality, AS_OF.isoformat())
        load = r["check_s"] + r["merge_s"]
        rows.append(
            [
                database,
                f"{r['rows']:,}".replace(",", " "),
                f"{r['check_s']:.1f}",
                f"{r['merge_s']:.1f}",
                f"{load:.1f}",
                f"{load / copy:.1f}×" if copy else "–",
                f"{r['derive_s']:.1f}",
                f"{r['change_list_s']:.1f}",
                f"{r['total_s'] - load - r['derive_s'] - r['change_list_s']:.1f}",
                f"{r['total_s']:.1f}",
                f"{r['peak_mb']:.0f}",
            ]
        )
    print(f"Folkbokföringsfil: {population} ({population.stat().st_size / 1e6:.0f} MB)")
    if copy:
        print(f"Rå COPY till PostgreSQL: {copy:.1f} s")
        with_indexes, without = storage_floor_seconds(f"{PG_DATABASE}_import")
        print(
            f"Golv: filens personer, redan kontrollerade, in i en kopia av persontabellen: {with_indexes:.1f} s med "
            f"dess index ({with_indexes / copy:.0f}× COPY), {without:.1f} s utan index"
        )
    print(
        table(
            [
                "databas",
                "rader",
                "kontroll s",
                "inläsning s",
                "import s",
                "mot COPY",
                "KAA-härledning s",
                "ändringslista s",
                "övrigt s",
                "totalt s",
                "topp MB",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()

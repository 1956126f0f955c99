#!/usr/bin/env python3
"""The worklist page's server time with 1,000,000 persons in the database.

    python bench/bench_worklist.py [--persons 1000000] [--databases sqlite,postgresql] [--requests 200]

Builds the database through the real import pipeline: the synthetic national
files (bench/synth.py) split per municipality, one import per municipality and
register. Stockholm (0180) gets only its population file, so that everyone past
compulsory school is in KAA there (the worst case, tens of thousands in one
list); Göteborg (1480) gets all three registers (a realistic share in KAA).
Half of those in KAA get outreach data. Then a KAA caseworker of each loads
worklist pages for every category and sort order, every fourth request
following the "next page" link three pages in, and the server time of each
request (middleware, query, template, read log) is measured in-process.
"""

import argparse
import csv
import sys
from pathlib import Path

from common import (
    AS_OF,
    PG_DATABASE,
    data_files,
    existing_database,
    fresh_database,
    postgresql_available,
    run_step,
    table,
)

WORST, REALISTIC = "0180", "1480"


def split(folder: Path) -> Path:
    """folder/split/<kommunkod>/<register>.csv, once."""
    target = folder / "split"
    if (target / ".done").is_file():
        return target
    print(f"Delar upp filerna per kommun i {target} …", file=sys.stderr)
    home: dict[str, str] = {}
    for kind in ("folkbokforing", "elevregister", "betyg"):
        writers, files = {}, []
        with open(folder / f"{kind}.csv", encoding="utf-8", newline="") as f:
            reader = csv.reader(f, delimiter=";")
            header = next(reader)
            municipality_column = header.index("kommunkod") if kind == "folkbokforing" else None
            for row in reader:
                if municipality_column is not None:
                    code = home.setdefault(row[0], row[municipality_column])
                else:
                    code = home.get(row[0])
                    if code is None:
                        continue
                writer = writers.get(code)
                if writer is None:
                    (target / code).mkdir(parents=True, exist_ok=True)
                    out = open(target / code / f"{kind}.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
                    files.append(out)
                    writer = writers[code] = csv.writer(out, delimiter=";", lineterminator="\n")
                    writer.writerow(header)
                writer.writerow(row)
        for out in files:
            out.close()
    (target / ".done").write_text("ok")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the databases an earlier run built (no import)"
    )
    args = parser.parse_args()
    folder = split(data_files(args.persons, None))
    rows = []
    for database in args.databases.split(","):
        if database == "postgresql" and not postgresql_available():
            raise SystemExit("PostgreSQL svarar inte (pg_isready); starta den eller kör med --databases sqlite.")
        if args.reuse:
            url = existing_database(database, f"{PG_DATABASE}_worklist")
        else:
            url = fresh_database(database, f"{PG_DATABASE}_worklist")
            loaded = run_step(url, "import_all", str(folder), AS_OF.isoformat(), WORST)
            print(
                f"{database}: {loaded['persons']:,} personer inlästa med {loaded['imports']} importer "
                f"på {loaded['seconds']:.0f} s (topp {loaded['peak_mb']:.0f} MB)".replace(",", " "),
                file=sys.stderr,
            )
        result = run_step(url, "worklist", f"{WORST},{REALISTIC}", str(args.requests))
        for code, r in result["municipalities"].items():
            rows.append(
                [
                    database,
                    f"{result['persons']:,}".replace(",", " "),
                    code,
                    f"{r['in_kaa']:,}".replace(",", " "),
                    str(r["requests"]),
                    f"{r['p50_ms']:.0f}",
                    f"{r['p95_ms']:.0f}",
                    f"{r['max_ms']:.0f}",
                ]
            )
    print(table(["databas", "personer", "kommun", "i KAA", "anrop", "p50 ms", "p95 ms", "max ms"], rows))


if __name__ == "__main__":
    main()

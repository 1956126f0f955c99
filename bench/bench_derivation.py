#!/usr/bin/env python3
"""KAA derivation for a municipality of 100,000 young people.

    python bench/bench_derivation.py [--persons 100000] [--databases sqlite,postgresql] [--repeat 3]

Imports a synthetic population, enrolment and diploma file for one municipality
into a fresh database (timed too), then derives everyone's KAA periods again
--repeat times, each in its own process, and prints the times.
"""

import argparse
import statistics

from common import AS_OF, PG_DATABASE, data_files, fresh_database, postgresql_available, run_step, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--municipality", default="1880")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = data_files(args.persons, args.municipality)
    databases = args.databases.split(",")
    if "postgresql" in databases and not postgresql_available():
        raise SystemExit("PostgreSQL svarar inte (pg_isready); starta den eller kör med --databases sqlite.")
    rows = []
    for database in databases:
        url = fresh_database(database, f"{PG_DATABASE}_derive")
        imported = []
        for kind in ("folkbokforing", "elevregister", "betyg"):
            r = run_step(url, "import", kind, str(folder / f"{kind}.csv"), args.municipality, AS_OF.isoformat())
            imported.append(f"{kind} {r['total_s']:.1f} s")
        runs = [run_step(url, "derive", args.municipality) for _ in range(args.repeat)]
        seconds = [r["derive_s"] for r in runs]
        best = min(seconds)
        rows.append(
            [
                database,
                f"{runs[0]['persons']:,}".replace(",", " "),
                f"{runs[0]['periods']:,}".replace(",", " "),
                f"{best:.1f}",
                f"{statistics.median(seconds):.1f}",
                f"{runs[0]['persons'] / best:,.0f}".replace(",", " "),
                f"{max(r['peak_mb'] for r in runs):.0f}",
                "; ".join(imported),
            ]
        )
    print(
        table(
            [
                "databas",
                "personer",
                "perioder",
                "bäst s",
                "median s",
                "personer/s",
                "topp MB",
                "import (med härledning)",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()

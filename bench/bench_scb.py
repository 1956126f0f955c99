#!/usr/bin/env python3
"""The half-year SCB report and Skolverket's tables at national scale.

    python bench/bench_scb.py [--databases sqlite,postgresql] [--half 2026H1]

Runs on the databases bench_worklist.py built (1,000,000 persons; run it first): `export_scb`
(the basis, the check and, when clean, the file) and `kaa_statistics` for Stockholm (0180, everyone
past compulsory school in KAA: the worst case) and Göteborg (1480, a realistic share), each in a
fresh process, and prints the wall time of each and the process's peak memory.
"""

import argparse

from common import PG_DATABASE, existing_database, postgresql_available, run_step, table

CODES = "0180,1480"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--half", default="2026H1")
    args = parser.parse_args()
    rows = []
    for database in args.databases.split(","):
        if database == "postgresql" and not postgresql_available():
            raise SystemExit("PostgreSQL svarar inte (pg_isready); starta den eller kör med --databases sqlite.")
        url = existing_database(database, f"{PG_DATABASE}_worklist")
        result = run_step(url, "scb", CODES, args.half)
        for code, r in result["municipalities"].items():
            rows.append(
                [
                    database,
                    code,
                    f"{r['periods']:,}".replace(",", " "),
                    f"{r['contacts']:,}".replace(",", " "),
                    str(r["exit"]),
                    f"{r['export_s']:.1f}",
                    f"{r['statistics_s']:.1f}",
                    f"{result['peak_mb']:.0f}",
                ]
            )
    print(
        table(
            ["databas", "kommun", "perioder", "kontakter", "exit", "export_scb s", "kaa_statistics s", "topp MB"], rows
        )
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Arbetsförmedlingen's register and programme eligibility for one large municipality.

    python bench/bench_eligibility.py [--persons 100000] [--databases sqlite,postgresql]
                                      [--programme traineejobb_valfard] [--search jobbgaranti_ungdomar] [--reuse]

The synthetic files of one municipality (bench/synth.py: population, diplomas and
AF's af_inskrivning, about 40 % of the persons with 1–3 spells) go into a fresh,
migrated database through the real pipeline, each step in its own process:
the population and diploma files (once, timed like bench_derivation); an
agreement for the municipality with an AF unit and an employment officer; then
`import_register af_inskrivning` as at the shell, and the same file again, which
must change nothing; consents for every fourth person AF lists (the
municipality shares occupation and plans with AF, so AF knows their diplomas,
and AF its registration with the municipality); the `eligibility` command for
--programme to a file (rows per second); and the programme page's candidate search
(`programmes.services.candidates`) for the AF officer, for --programme and each
--search programme (jobbgarantin's age window, 16–25, takes in nearly everyone).
Figures go to standard output as a table; peak memory is each step's process's.
With --reuse the imports are skipped and the databases an earlier run built are
measured again (the AF file is read in again, so it must change nothing).
"""

import argparse

from common import (
    AS_OF,
    DATA,
    PG_DATABASE,
    data_files,
    existing_database,
    fresh_database,
    postgresql_available,
    run_step,
    table,
)


def number(n: float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--municipality", default="1880")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--programme", default="traineejobb_valfard")
    parser.add_argument("--search", default="jobbgaranti_ungdomar", help="more programmes for the candidate search")
    parser.add_argument(
        "--consent-every",
        type=int,
        default=4,
        help="a consent (municipality to AF) for every N:th person AF lists, so AF knows their diplomas",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the databases an earlier run built (no import)"
    )
    args = parser.parse_args()
    folder = data_files(args.persons, args.municipality)
    databases = args.databases.split(",")
    if "postgresql" in databases and not postgresql_available():
        raise SystemExit("PostgreSQL svarar inte (pg_isready); starta den eller kör med --databases sqlite.")
    code, day = args.municipality, AS_OF.isoformat()
    af_file = str(folder / "af_inskrivning.csv")
    rows = []
    for database in databases:
        name = f"{PG_DATABASE}_elig"

        def row(step: str, count: str, seconds: float, rate: str, peak: float, note: str = "") -> None:
            rows.append([database, step, count, f"{seconds:.1f}", rate, f"{peak:.0f}", note])  # noqa: B023

        if args.reuse:
            url = existing_database(database, name)
        else:
            url = fresh_database(database, name)
            for kind in ("folkbokforing", "betyg"):
                r = run_step(url, "import", kind, str(folder / f"{kind}.csv"), code, day)
                row(f"import {kind}", number(r["rows"]), r["total_s"], "", r["peak_mb"], "med KAA-härledning")
            run_step(url, "af_setup", code)
            r = run_step(url, "af_import", af_file, code, day)
            consents = run_step(url, "af_consents", code, str(args.consent_every), day)["consents"]
            row(
                "import af_inskrivning",
                number(r["rows"]),
                r["total_s"],
                number(r["rows"] / r["total_s"]),
                r["peak_mb"],
                f"kontroll {r['check_s']:.1f} s, perioder {r['spells_s']:.1f} s, grunder {r['grounds_s']:.1f} s; "
                f"nya {number(r['new'])}, {number(r['grounds'])} egna grunder; "
                f"sedan {number(consents)} samtycken (kommunen delar med AF)",
            )
        again = run_step(url, "af_import", af_file, code, day)
        if again["new"] or again["changed"]:
            raise SystemExit(f"{database}: samma AF-fil igen ändrade något: {again}")
        row(
            "samma AF-fil igen",
            number(again["rows"]),
            again["total_s"],
            number(again["rows"] / again["total_s"]),
            again["peak_mb"],
            f"oförändrade {number(again['unchanged'])}, nya 0, ändrade 0; "
            f"kontroll {again['check_s']:.1f} s, perioder {again['spells_s']:.1f} s, grunder {again['grounds_s']:.1f} s",
        )
        out = DATA / f"eligibility-{database}.csv"
        r = run_step(url, "eligibility", code, args.programme, day, str(out))
        row(
            f"eligibility {args.programme}",
            number(r["rows"]),
            r["seconds"],
            number(r["rows_per_s"]),
            r["peak_mb"],
            f"behöriga {number(r['eligible'])}, blir behöriga {number(r['soon'])}",
        )
        for programme in [args.programme, *filter(None, args.search.split(","))]:
            r = run_step(url, "candidates", code, programme, day)
            row(
                f"kandidater {programme}",
                number(r["checked"]),
                r["seconds"],
                number(r["checked"] / r["seconds"]) if r["seconds"] else "",
                r["peak_mb"],
                f"ser {number(r['visible'])}; behöriga {number(r['eligible'])}, inom tre månader {number(r['soon'])}",
            )
    print(f"{number(args.persons)} personer i {code} per {day}; AF-filen {af_file}")
    print(table(["databas", "steg", "rader/personer", "s", "per s", "topp MB", "anmärkning"], rows))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The employer work at the size of a big municipality: matching, figures, contact warnings, listings.

    python bench/bench_employers.py [--persons 20000] [--databases sqlite,postgresql] [--reps 5] [--reuse]

Builds, in a fresh migrated database and set-based (fotfaste.core.bulk: COPY on PostgreSQL, executemany on
SQLite; no per-row saves): one agreement for Örebro (1880) with four parties and six units; --persons
persons from bench/synth.py's population file (valid but made-up identity numbers), each with an own ground
for the coordination unit, a current mapping there (interests, experience and goals from a word list,
driving licence, need level) and, for half, an open plan; 2,000 employers; 200,000 contacts over two years
from every unit, a few employers far busier than the rest; 2,000 placements over the last year and the
next two months (a fifth anonymous); 20,000 candidacies, ten a placement, at every stage, those ended with
an outcome. Then times, each step in its own process, --reps calls each (the median, and the range), as the
coordinator (a samordnare of the coordination unit, who sees every person through the grounds) under the
guard: `matching.for_placement` (and its `person_facts` alone), `matching.for_person`, `figures.figures_for`
over the last twelve months, `register.warnings_for` the busiest employer, `/api/v1/placements` with a token
(first page of 100), and the pages `/arbetsgivare/`, a search there and `/arbetsgivare/praktik/`.
Peak memory is each step's process's. With --reuse the build is skipped and the databases an earlier run
built are measured again.
"""

import argparse
import subprocess
import sys

from common import PG_DATABASE, data_files, existing_database, fresh_database, postgresql_available, run_step, table

SCRIPT = "step_employers.py"


def step(url: str, *args: str) -> dict:
    try:
        return run_step(url, *args, script=SCRIPT)
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr or "")
        raise SystemExit(f"{SCRIPT} {' '.join(args)} misslyckades") from None


def number(n: float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}".replace(",", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--figures-limit", type=int, default=120, help="seconds the whole figures_for may take before it is stopped"
    )
    parser.add_argument("--reuse", action="store_true", help="measure again on the databases an earlier run built")
    args = parser.parse_args()
    databases = args.databases.split(",")
    if "postgresql" in databases and not postgresql_available():
        raise SystemExit("PostgreSQL svarar inte (pg_isready); starta den eller kör med --databases sqlite.")
    reps = str(args.reps)
    builds, rows = [], []
    for database in databases:
        name = f"{PG_DATABASE}_emp"
        if args.reuse:
            url = existing_database(database, name)
        else:
            folder = data_files(args.persons, "1880")
            url = fresh_database(database, name)
            b = step(url, "build", str(folder / "folkbokforing.csv"), str(args.persons), str(args.seed))
            builds.append(
                [database, f"{b['seconds']:.1f}", f"{b['peak_mb']:.0f}"]
                + [f"{number(b['counts'][k])} / {b['phases'][k]:.1f}" for k in PHASES]
            )

        def row(what: str, r: dict, note: str = "") -> None:
            spread = f"{ms(r['min_s'])}–{ms(r['max_s'])}"
            cells = [ms(r["median_s"]), spread, ms(r["cold_s"]), str(r["reps"]), f"{r['peak_mb']:.0f}"]
            rows.append([database, what, *cells, note])  # noqa: B023

        r = step(url, "for_placement", reps)
        row("matching.for_placement", r, f"{number(r['persons'])} personer; {r['result']} förslag")
        row("– därav person_facts", {**r["facts"], "peak_mb": r["peak_mb"]}, "kartläggning, plan, bostad")
        r = step(url, "for_person", reps)
        row("matching.for_person", r, f"{number(r['open_placements'])} öppna platser; {r['result']} förslag")
        r = step(url, "figures", reps, str(args.figures_limit))
        row("figures.rows, 12 mån", {**r["rows"], "peak_mb": r["peak_mb"]}, f"{number(r['groups'])} grupper")
        whole = (
            f"> {args.figures_limit} s: avbruten"
            if r["timed_out"]
            else f"{r['figures_s']:.1f} s, placerade {r['placed']}"
        )
        rows.append(
            [
                database,
                "figures.figures_for, 12 mån",
                "",
                "",
                "",
                "1",
                f"{r['peak_mb']:.0f}",
                f"{whole}; {number(r['employers'])} arbetsgivare i tabellen",
            ]
        )
        r = step(url, "warnings", str(args.reps * 4))
        row("register.warnings_for", r, f"mest kontaktade arbetsgivaren: {number(r['contacts'])} kontakter")
        r = step(url, "api_placements", reps)
        row("GET /api/v1/placements", r, f"{r['result']} platser på första sidan")
        for path, what in (
            ("/arbetsgivare/", "GET /arbetsgivare/"),
            ("/arbetsgivare/?q=lager", "GET /arbetsgivare/?q=lager"),
            ("/arbetsgivare/praktik/", "GET /arbetsgivare/praktik/"),
        ):
            r = step(url, "page", path, reps)
            row(what, r, f"{number(r['result'])} byte")
    print(f"{number(args.persons)} personer; {args.reps} anrop per steg (varningarna {args.reps * 4})")
    if builds:
        print(table(["databas", "bygge s", "topp MB", *(f"{k}: rader / s" for k in PHASES)], builds))
        print()
    print(table(["databas", "steg", "median ms", "min–max ms", "kall ms", "anrop", "topp MB", "anmärkning"], rows))


PHASES = ("persons", "grounds", "mappings", "plans", "employers", "contacts", "placements", "candidacies")

if __name__ == "__main__":
    main()

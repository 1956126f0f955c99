#!/usr/bin/env python3
"""List matching: 100,000 numbers against one municipality's not-yet-reached KAA youths, in the current database.

    FOTFASTE_DEBUG=1 python bench/bench_listmatch.py [--municipality CODE] [--numbers 100000] [--known 1000]

The list is synthetic (valid Luhn numbers from bench/synth.py) with up to --known numbers of the
municipality's not-yet-reached KAA youths mixed in, so there is something to find. Only the
matching function (fotfaste.listmatch.services.matching_persons) is timed, not reading a file.
Without --municipality, the one with the most persons in KAA today.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fotfaste.settings")
django.setup()

from common import synth  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from fotfaste.kaa.models import KaaPeriod  # noqa: E402
from fotfaste.listmatch import services  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipality")
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--known", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    today = timezone.localdate()
    municipality = args.municipality or (
        KaaPeriod.objects.filter(start_date__lte=today, end_date__gte=today)
        .values("municipality_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("municipality_id", flat=True)
        .first()
    )
    if municipality is None:
        print("Ingen är i KAA i databasen: läs in registerfiler eller demodata först.", file=sys.stderr)
        return 1
    known = list(services.not_reached_in_kaa(municipality, today).values_list("personnummer", flat=True)[: args.known])
    maker = synth().Synthesizer(today, args.seed)
    numbers = set(known)
    while len(numbers) < args.numbers:
        numbers.add(maker.identity_number(maker.rng.random() < 0.5)[0])
    start = time.perf_counter()
    hits = services.matching_persons(municipality, numbers, today)
    seconds = time.perf_counter() - start
    print(f"kommun {municipality}: {len(numbers)} nummer i listan, {len(known)} kända inlagda")
    print(f"matchning: {seconds:.3f} s, {len(hits)} träffar")
    return 0


if __name__ == "__main__":
    sys.exit(main())

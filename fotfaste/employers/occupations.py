"""SSYK 2012, SCB's standard classification of occupations: the codes Fotfäste knows and reading more in.

The ten major groups ship with Fotfäste (data/ssyk2012_huvudgrupper.csv, loaded by a migration); an
administrator reads in SCB's full classification or a JobTech taxonomy export from a file
(docs/employers.md), so nothing depends on a network at run time.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent / "data"
MAJOR_GROUPS_FILE = DATA / "ssyk2012_huvudgrupper.csv"
CODE = re.compile(r"\d{1,4}")
SHIPPED_SOURCE = "SSYK 2012 huvudgrupper (Fotfäste)"


def major_groups() -> list[tuple[str, str]]:
    with MAJOR_GROUPS_FILE.open(encoding="utf-8", newline="") as f:
        return [(row["kod"], row["benamning"]) for row in csv.DictReader(f)]


def code_problem(code: str) -> str | None:
    """Why a text is not an SSYK 2012 code (one to four digits), or None."""
    if not CODE.fullmatch(code or ""):
        return _("Ange en SSYK 2012-kod med en till fyra siffror, till exempel 9 eller 9412.")
    return None


def known_level(code: str, known: set[str]) -> str | None:
    """The code itself when known, else its nearest known level above (9412 → 941 → 94 → 9), else None."""
    for length in range(len(code), 0, -1):
        if code[:length] in known:
            return code[:length]
    return None


def ensure_major_groups() -> None:
    """The ten major groups, as migration 0002 loads them, where they are missing (the demo, tests that
    empty every table); an administrator's names read in later are left as they are."""
    from .models import Occupation

    for code, name in major_groups():
        Occupation.objects.get_or_create(code=code, defaults={"name": name, "source": SHIPPED_SOURCE})

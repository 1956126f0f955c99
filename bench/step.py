"""One measured step in its own process (called by the benchmarks; DATABASE_URL is set by them).

    step.py import KIND FILE MUNICIPALITY AS_OF   check + read in one file, timed by phase
    step.py derive MUNICIPALITY                    derive the KAA periods of everyone registered there again
    step.py import_all DIR AS_OF [CODE,…]          every municipality's files in DIR/<code>/ (population only for CODE,…)
    step.py worklist CODE,… REQUESTS               a KAA caseworker per municipality loads worklist pages; server times
    step.py scb CODE,… HALF                        export_scb and kaa_statistics for each municipality, timed
    step.py af_setup CODE                          an agreement for CODE with an AF unit and an employment officer
    step.py af_consents CODE EVERY DAY             consents for every EVERY:th person AF lists: the municipality shares with AF
    step.py af_import FILE CODE AS_OF              `import_register af_inskrivning`, timed by phase
    step.py eligibility CODE PROGRAMME DAY OUT     the `eligibility` command, its CSV written to OUT
    step.py candidates CODE PROGRAMME DAY          the programme page's search for the AF unit's officer

Prints one JSON object: seconds per phase and the process's peak memory in MB.
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.db import transaction  # noqa: E402

from fotfaste.kaa import derivation  # noqa: E402
from fotfaste.registers import imports  # noqa: E402
from fotfaste.registers.models import ImportChannel, ImportStatus, Registration  # noqa: E402


def timed(times: dict[str, float], module, name: str) -> None:
    """Replace module.name by a wrapper that adds the seconds of each call to times[name]."""
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        result = real(*args, **kwargs)
        times[name] = times.get(name, 0) + time.perf_counter() - began
        return result

    setattr(module, name, wrapper)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def import_file(kind: str, path: str, municipality: str, as_of: str) -> dict:
    times: dict[str, float] = {}
    real_rederive = derivation.rederive

    def timed_rederive(ids, progress=None):
        times["merge_end"] = time.perf_counter()
        result = real_rederive(ids, progress=progress)
        times["derive_end"] = time.perf_counter()
        return result

    derivation.rederive = timed_rederive
    from fotfaste.kaa import changes
    from fotfaste.registers import merge

    timed(times, changes, "record")
    timed(times, merge, "clear_staging")
    start = time.perf_counter()
    imp = imports.create_import(
        kind=kind,
        municipality=municipality,
        path=Path(path),
        file_name=Path(path).name,
        as_of=date.fromisoformat(as_of),
        user_name="bench",
        channel=ImportChannel.COMMAND,
    )
    imports.check(imp)
    imp.refresh_from_db()
    if imp.status != ImportStatus.READY:
        raise SystemExit(f"import {imp.status}: {imp.errors} errors")
    checked = time.perf_counter()
    imports.commit(imp, actor_name="bench", confirmed_disappeared=imp.disappeared)
    done = time.perf_counter()
    imp.refresh_from_db()
    return {
        "rows": imp.rows,
        "check_s": checked - start,
        "merge_s": times["merge_end"] - checked,
        "derive_s": times["derive_end"] - times["merge_end"],
        "change_list_s": times.get("record", 0),
        "clear_staging_s": times.get("clear_staging", 0),
        "commit_s": done - checked,
        "total_s": done - start,
        "in_kaa": imp.entered_kaa - imp.left_kaa,
        "peak_mb": peak_mb(),
    }


def derive(municipality: str) -> dict:
    ids = list(Registration.objects.filter(municipality_id=municipality).values_list("person_id", flat=True))
    start = time.perf_counter()
    with transaction.atomic():
        periods = derivation.rederive(ids)
    seconds = time.perf_counter() - start
    return {"persons": len(set(ids)), "periods": periods, "derive_s": seconds, "peak_mb": peak_mb()}


def import_all(folder: str, as_of: str, population_only: str = "") -> dict:
    """All municipalities' split files, through the real import pipeline, one import per file."""
    skip_school = set(filter(None, population_only.split(",")))
    start = time.perf_counter()
    imports_done = 0
    for directory in sorted(Path(folder).iterdir()):
        kinds = ["folkbokforing"] if directory.name in skip_school else ["folkbokforing", "elevregister", "betyg"]
        for kind in kinds:
            path = directory / f"{kind}.csv"
            if path.is_file():
                import_file(kind, str(path), directory.name, as_of)
                imports_done += 1
    from fotfaste.people.models import Person

    return {
        "imports": imports_done,
        "persons": Person.objects.count(),
        "seconds": time.perf_counter() - start,
        "peak_mb": peak_mb(),
    }


def worklist(codes: str, requests: str) -> dict:
    """Server time of worklist pages for a KAA caseworker of each municipality, with outreach data for half."""
    import html
    import random
    import re
    import statistics
    from urllib.parse import parse_qs, urlparse

    from django.apps import apps
    from django.test import Client
    from django.utils import timezone

    from fotfaste.accounts.models import User
    from fotfaste.core.bulk import analyze
    from fotfaste.kaa.changes import covered_on
    from fotfaste.orgs.models import Agreement, Membership, Party, PartyKind, RoleSetting, Unit
    from fotfaste.orgs.roles import Role
    from fotfaste.outreach.demo import add_demo_outreach
    from fotfaste.outreach.models import OutreachCase
    from fotfaste.people.models import Person

    RoleSetting.objects.update_or_create(role=Role.KAA, defaults={"require_two_factor": False})
    today = timezone.localdate()
    results = {}
    for code in codes.split(","):
        # Idempotent, so that --reuse measures a database built by an earlier run again.
        agreement, _ = Agreement.objects.get_or_create(name=f"Bench {code}")
        party, _ = Party.objects.get_or_create(
            agreement=agreement, name=f"Kommun {code}", kind=PartyKind.MUNICIPALITY, municipality_id=code
        )
        unit, _ = Unit.objects.get_or_create(party=party, name="KAA")
        user = User.objects.filter(username=f"kaa{code}").first() or User.objects.create_user(
            username=f"kaa{code}", password="bench-only-password"
        )
        Membership.objects.get_or_create(user=user, unit=unit, role=Role.KAA)
        in_kaa = covered_on(code, today)
        if not OutreachCase.objects.filter(municipality_id=code).exists():
            persons = list(Person.objects.filter(pk__in=list(in_kaa)[: len(in_kaa) // 2]))
            add_demo_outreach(random.Random(1), today, {code: persons}, {user.username: user})
        # A live database's autovacuum analyses a table soon after a bulk change; measuring the
        # moment after inserting tens of thousands of cases would measure stale statistics instead.
        for model in apps.get_app_config("outreach").get_models():
            analyze(model)
        client = Client()
        client.force_login(user)
        scenarios = []
        for category in ("alla", "ingen_kontakt", "inte_nadda", "att_folja_upp", "fyller_20"):
            for sort in ("namn", "i_kaa_sedan", "nasta_kontakt", "sista_dag"):
                scenarios.append({"kommun": code, "kategori": category, "sortering": sort})
        NEXT_PAGE = re.compile(r'class="pagination"><a href="(\?[^"]+)"')
        times = []
        per_request = int(requests)
        for i in range(per_request):
            params = dict(scenarios[i % len(scenarios)])
            # Every fourth request follows the "next page" link a few pages in.
            depth = 3 if i % 4 == 3 else 0
            for _page in range(depth + 1):
                began = time.perf_counter()
                response = client.get("/kaa/arbetslista/", params)
                times.append(time.perf_counter() - began)
                assert response.status_code == 200, response.status_code
                found = NEXT_PAGE.search(response.content.decode())
                if not found:
                    break
                params = {k: v[0] for k, v in parse_qs(urlparse(html.unescape(found.group(1))).query).items()}
        times.sort()
        results[code] = {
            "in_kaa": len(in_kaa),
            "requests": len(times),
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
            "max_ms": times[-1] * 1000,
        }
    from fotfaste.people.models import Person as P

    return {"persons": P.objects.count(), "municipalities": results, "peak_mb": peak_mb()}


def scb(codes: str, half: str) -> dict:
    """export_scb (basis, check, file) and kaa_statistics for each municipality's half-year, timed."""
    import io
    import tempfile

    from django.core.management import call_command

    from fotfaste.kaa.models import KaaPeriod
    from fotfaste.outreach.models import ContactAttempt

    results = {}
    for code in codes.split(","):
        with tempfile.TemporaryDirectory() as out:
            began = time.perf_counter()
            try:
                call_command(
                    "export_scb", municipality=code, half=half, out=out, stdout=io.StringIO(), stderr=io.StringIO()
                )
                exit_code = 0
            except SystemExit as exc:
                exit_code = exc.code
            export_s = time.perf_counter() - began
            with open(Path(out) / "underlag" / "registrerade.csv", encoding="utf-8") as f:
                rows = sum(1 for _ in f) - 1
        began = time.perf_counter()
        call_command("kaa_statistics", municipality=code, half=half, stdout=io.StringIO())
        statistics_s = time.perf_counter() - began
        results[code] = {
            "periods": rows,
            "contacts": ContactAttempt.objects.filter(municipality_id=code).count(),
            "exit": exit_code,
            "export_s": export_s,
            "statistics_s": statistics_s,
        }
    return {"municipalities": results, "periods_total": KaaPeriod.objects.count(), "peak_mb": peak_mb()}


def af_setup(code: str) -> dict:
    """An agreement for the municipality with Arbetsförmedlingen as a party, its one unit and an
    employment officer there: what `import_register af_inskrivning` and the programme page need."""
    from fotfaste.accounts.models import User
    from fotfaste.orgs.models import Agreement, Membership, Party, PartyKind, Unit
    from fotfaste.orgs.roles import Role

    agreement, _ = Agreement.objects.get_or_create(name=f"Bench AF {code}")
    agreement.municipalities.add(code)
    party, _ = Party.objects.get_or_create(
        agreement=agreement, name=f"Arbetsförmedlingen {code}", kind=PartyKind.EMPLOYMENT_SERVICE
    )
    unit, _ = Unit.objects.get_or_create(party=party, name="Arbetsförmedlingen bench")
    user = User.objects.filter(username=f"af{code}").first() or User.objects.create_user(
        username=f"af{code}", password="bench-only-password"
    )
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.EMPLOYMENT_OFFICER)
    return {"agreement": agreement.pk, "unit": unit.pk, "user": user.username, "peak_mb": peak_mb()}


def af_consents(code: str, every: str, day: str) -> dict:
    """For every EVERY:th person the AF unit's register lists, a consent in force on DAY (given a month
    before) that names the municipality's labour-market unit and the AF unit, covers identity, occupation
    and plans and AF's registration, and is confirmed by both: so the AF officer knows their diplomas,
    as in the issue's "done when". Bulk-created; not timed."""
    from datetime import timedelta

    from fotfaste.consent.models import Consent, ConsentConfirmation, ConsentRecipient, ConsentStatus
    from fotfaste.orgs.models import Agreement, Party, PartyKind, Unit
    from fotfaste.people.models import Person
    from fotfaste.registers.models import EmploymentSpell

    agreement = Agreement.objects.get(name=f"Bench AF {code}")
    af_unit = Unit.objects.get(party__agreement=agreement, party__kind=PartyKind.EMPLOYMENT_SERVICE)
    party, _ = Party.objects.get_or_create(
        agreement=agreement, name=f"Kommun {code}", kind=PartyKind.MUNICIPALITY, municipality_id=code
    )
    unit, _ = Unit.objects.get_or_create(party=party, name="Arbetsmarknadsenheten bench")
    listed = EmploymentSpell.objects.filter(unit=af_unit).values("personnummer")
    ids = list(
        Person.objects.filter(personnummer__in=listed, home_municipality_id=code)
        .order_by("personnummer")
        .values_list("pk", flat=True)
    )[:: int(every)]
    given = date.fromisoformat(day) - timedelta(days=30)
    consents = Consent.objects.bulk_create(
        [
            Consent(
                person_id=pk,
                agreement=agreement,
                covers_identity=True,
                covers_occupation_plan=True,
                covers_employment_service=True,
                purpose="Bench: samverkan kring arbete och studier",
                status=ConsentStatus.GIVEN,
                method="underskrift",
                given_by="personen",
                valid_from=given,
                decided_on=given,
                recorded_by_unit=unit,
                recorded_by_name="bench",
            )
            for pk in ids
        ],
        batch_size=2000,
    )
    ConsentRecipient.objects.bulk_create(
        [ConsentRecipient(consent=c, party=party, unit=unit) for c in consents]
        + [ConsentRecipient(consent=c, party=af_unit.party, unit=af_unit) for c in consents],
        batch_size=2000,
    )
    ConsentConfirmation.objects.bulk_create(
        [ConsentConfirmation(consent=c, unit=unit, holds_identity=True, confirmed_by_name="bench") for c in consents]
        + [ConsentConfirmation(consent=c, unit=af_unit, confirmed_by_name="bench") for c in consents],
        batch_size=2000,
    )
    # A live database's autovacuum analyses tables soon after a bulk change; the steps measured next
    # would otherwise be planned with the statistics of before the AF file and the consents.
    from fotfaste.access.models import OwnGround
    from fotfaste.core.bulk import analyze

    for model in (Consent, ConsentRecipient, ConsentConfirmation, OwnGround, EmploymentSpell, Person):
        analyze(model)
    return {"consents": len(consents), "peak_mb": peak_mb()}


def af_import(path: str, code: str, as_of: str) -> dict:
    """`import_register af_inskrivning FILE --municipality CODE --as-of AS_OF`, as at the shell, timed by phase."""
    import io
    import re

    from django.core.management import call_command

    from fotfaste.registers import employment
    from fotfaste.registers.models import EmploymentSpell

    times: dict[str, float] = {}

    timed(times, imports, "check")
    timed(times, imports, "commit")
    timed(times, employment, "merge")
    timed(times, employment, "keep_grounds")  # looked up at call time, so merge's call is timed too
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    call_command("import_register", "af_inskrivning", path, municipality=code, as_of=as_of, stdout=out, stderr=err)
    total = time.perf_counter() - start
    text = out.getvalue()

    def figure(label: str) -> int:
        found = re.search(rf"^{label}: (\d+)$", text, re.MULTILINE)
        return int(found.group(1)) if found else 0

    from fotfaste.access.models import OwnBasis, OwnGround

    return {
        "rows": figure("Rader"),
        "new": figure("Nya"),
        "changed": figure("Ändrade"),
        "unchanged": figure("Oförändrade"),
        "notices": figure("Meddelanden"),
        "check_s": times.get("check", 0),
        "spells_s": times.get("merge", 0) - times.get("keep_grounds", 0),
        "grounds_s": times.get("keep_grounds", 0),
        "commit_s": times.get("commit", 0),
        "total_s": total,
        "spells": EmploymentSpell.objects.count(),
        "grounds": OwnGround.objects.filter(basis=OwnBasis.REGISTER).count(),
        "peak_mb": peak_mb(),
    }


def eligibility(code: str, programme: str, day: str, out: str) -> dict:
    """The `eligibility` command for the municipality, its CSV to a file; rows per second."""
    import csv

    from django.core.management import call_command

    start = time.perf_counter()
    with open(out, "w", encoding="utf-8", newline="") as f:
        call_command("eligibility", programme=programme, on=day, municipality=code, stdout=f)
    seconds = time.perf_counter() - start
    peak = peak_mb()  # the command's; counting below streams the file, but say it before
    rows = eligible = soon = 0
    with open(out, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            rows += 1
            eligible += r["behorig"] == "ja"
            soon += bool(r["blir_behorig"])
    return {
        "rows": rows,
        "eligible": eligible,
        "soon": soon,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "peak_mb": peak,
    }


def candidates(code: str, programme: str, day: str) -> dict:
    """The programme page's search (services.candidates) for the AF unit's employment officer, under the
    guard a request runs in: the rules over every person the officer may see."""
    from fotfaste.access.grounds import restrict
    from fotfaste.access.guard import guarded
    from fotfaste.access.services import Actor
    from fotfaste.accounts.models import User
    from fotfaste.programmes import services

    user = User.objects.get(username=f"af{code}")
    chosen = next(p for p in services.shipped() if p.code == programme)
    on = date.fromisoformat(day)
    with guarded():
        visible = restrict(user, on=on).count()
        start = time.perf_counter()
        found = services.candidates(Actor(user), chosen, on)
        seconds = time.perf_counter() - start
    return {
        "visible": visible,
        "checked": found.checked,
        "eligible": found.eligible_count,
        "soon": found.soon_count,
        "seconds": seconds,
        "peak_mb": peak_mb(),
    }


STEPS = {
    "import": import_file,
    "derive": derive,
    "import_all": import_all,
    "worklist": worklist,
    "scb": scb,
    "af_setup": af_setup,
    "af_consents": af_consents,
    "af_import": af_import,
    "eligibility": eligibility,
    "candidates": candidates,
}

if __name__ == "__main__":
    step, *args = sys.argv[1:]
    print(json.dumps(STEPS[step](*args)))

"""The half-year report to SCB: the check, the file and its history, the versions. Views and the
command call these; they read persons only through the basis (the KAA duty of the actor)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads, require_person_access
from fotfaste.core.export import csv_writer
from fotfaste.people.models import Person

from . import basis as basis_module
from . import scbfile
from . import spec as spec_module
from .halfyear import HalfYear
from .models import ScbExport, ScbVersion


@dataclass
class Check:
    basis: basis_module.Basis
    version: ScbVersion
    spec: spec_module.Spec
    outcome: scbfile.Outcome

    @property
    def ok(self) -> bool:
        return self.outcome.ok


def report_municipalities(actor: Actor) -> frozenset[str]:
    """The municipalities whose SCB report the actor makes: those whose KAA duty their role carries. 403 else."""
    require_person_access(actor)
    codes = scope_for(actor.user).municipality_codes
    if not codes:
        raise PermissionDenied(_("Rapporteringen till SCB är till för KAA-handläggare."))
    return codes


def authorise(actor: Actor, municipality: str) -> None:
    if municipality not in report_municipalities(actor):
        raise Http404


def version_for(half: HalfYear) -> ScbVersion:
    """The newest version that applies to the half-year."""
    found = ScbVersion.objects.filter(applies_from__lte=str(half)).order_by("-applies_from", "-id").first()
    if found is None:
        raise ValidationError(
            _("Det finns ingen version av SCB:s insamling som gäller %(h)s: en administratör lägger in en.")
            % {"h": half}
        )
    return found


def basis_for(actor: Actor, municipality: str, half: HalfYear, today: date | None = None) -> basis_module.Basis:
    today = today or timezone.localdate()
    if half.start > today:
        raise ValidationError(_("Halvåret %(h)s har inte börjat.") % {"h": half})
    return basis_module.build(actor.user, municipality, half, today)


def check_basis(basis: basis_module.Basis) -> Check:
    version = version_for(basis.half)
    spec = spec_module.parse(version.spec)
    return Check(basis, version, spec, scbfile.make(basis, spec))


def check(actor: Actor, municipality: str, half: HalfYear, today: date | None = None) -> Check:
    return check_basis(basis_for(actor, municipality, half, today))


def read_persons(basis: basis_module.Basis) -> list[list]:
    """[id, personnummer, protection] of everyone in the basis, for the read log now and at each download."""
    return [[pid, pnr, basis.protected.get(pid, "")] for pid, pnr in sorted(basis.personnummer_of().items())]


def log_basis(actor: Actor, basis: basis_module.Basis, what: str) -> None:
    """Everyone in the basis was read (the check and the file show or carry every one of them)."""
    persons = [Person(pk=pid, personnummer=pnr, protection=protection) for pid, pnr, protection in read_persons(basis)]
    log_reads(actor, persons, what)


def export(actor: Actor, municipality: str, half: HalfYear, today: date | None = None) -> ScbExport:
    """Check, and when nothing is found, keep the file in the history: it replaces earlier ones for SCB."""
    return save_export(actor, check(actor, municipality, half, today))


@transaction.atomic
def save_export(actor: Actor, result: Check) -> ScbExport:
    if not result.ok:
        raise ValidationError(
            _("Kontrollen hittade %(n)d fel: rätta dem innan filen skapas.") % {"n": len(result.outcome.problems)}
        )
    municipality, half = result.basis.municipality, result.basis.half
    made = ScbExport.objects.create(
        municipality_id=municipality,
        half=str(half),
        version=result.version,
        version_code=result.version.code,
        spec=result.version.spec,
        filename=result.spec.file_name(municipality, half),
        content=scbfile.encode(result.spec, result.outcome.lines),
        person_ids=read_persons(result.basis),
        registrations=len(result.basis.registrations),
        contacts=len(result.basis.contacts),
        measures=len(result.basis.measures),
        created_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        created_by_name=actor.user.display_name() if hasattr(actor.user, "display_name") else str(actor.user),
    )
    log_basis(actor, result.basis, _("Fil till SCB %(kommun)s %(h)s") % {"kommun": municipality, "h": half})
    return made


def history(actor: Actor, municipality: str, half: HalfYear | None = None):
    authorise(actor, municipality)
    qs = ScbExport.objects.filter(municipality_id=municipality).defer("content", "spec", "person_ids")
    if half is not None:
        qs = qs.filter(half=str(half))
    return qs.select_related("municipality").order_by("-id")


def current_ids(exports) -> set[int]:
    """The exports that are SCB's current file: the newest of each municipality and half-year."""
    seen, current = set(), set()
    for e in sorted(exports, key=lambda e: -e.pk):
        key = (e.municipality_id, e.half)
        if key not in seen:
            seen.add(key)
            current.add(e.pk)
    return current


def get_export(actor: Actor, pk: int) -> ScbExport:
    codes = report_municipalities(actor)
    found = ScbExport.objects.filter(pk=pk, municipality_id__in=codes).first()
    if found is None:
        raise Http404
    return found


def log_download(actor: Actor, made: ScbExport) -> None:
    """The file carries everyone in it: each download is a read of each of them."""
    persons = [Person(pk=pid, personnummer=pnr, protection=protection) for pid, pnr, protection in made.person_ids]
    log_reads(
        actor, persons, _("Fil till SCB %(kommun)s %(h)s (hämtad)") % {"kommun": made.municipality_id, "h": made.half}
    )


# --- The basis as files -------------------------------------------------------------------

BASIS_FILES = {
    "registrerade.csv": (basis_module.REGISTRATIONS_HEADER, "registrations"),
    "kontakter.csv": (basis_module.CONTACTS_HEADER, "contacts"),
    "atgarder.csv": (basis_module.MEASURES_HEADER, "measures"),
}


def write_basis(basis: basis_module.Basis, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, attribute) in BASIS_FILES.items():
        path = directory / name
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv_writer(file, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(line.row() for line in getattr(basis, attribute))
        written.append(path)
    return written


def basis_zip(basis: basis_module.Basis) -> bytes:
    """The three basis files in one ZIP, under underlag/ as the command writes them."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (header, attribute) in BASIS_FILES.items():
            stream = StringIO()
            csv_writer(stream, lineterminator="\n").writerows(
                [header, *(line.row() for line in getattr(basis, attribute))]
            )
            archive.writestr(f"underlag/{name}", stream.getvalue().encode("utf-8"))
    return buffer.getvalue()


def problems_csv(problems) -> list[list[str]]:
    return [["personnummer", "problem"], *(p.row() for p in problems)]


def log_problems(actor: Actor, result: Check) -> None:
    """The check page shows the persons with problems (by personnummer): each of them is read."""
    shown = {p.person_id for p in result.outcome.problems}
    persons = [
        Person(pk=pid, personnummer=pnr, protection=protection)
        for pid, pnr, protection in read_persons(result.basis)
        if pid in shown
    ]
    log_reads(actor, persons, _("Kontroll före export till SCB"))


def reports_allowed(scope) -> bool:
    """The menu's question: does the user make a municipality's SCB report (a KAA role)?"""
    return scope.sees_persons and bool(scope.municipality_codes)

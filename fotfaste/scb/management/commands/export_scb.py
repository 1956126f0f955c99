"""Check a municipality's half-year KAA report and write the file for upload to SCB, with its basis."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fotfaste.core.export import csv_writer

from ... import services
from ...commands import HalfYearCommand
from ...spec import SpecError

PROBLEMS_FOUND = 2


class Command(HalfYearCommand):
    help = _(
        "Kontrollerar en kommuns halvårsrapport om aktivitetsansvaret och skriver filen för uppladdning till SCB "
        "i KATALOG, med underlaget i KATALOG/underlag/. Avslutas med 2 och skriver ingen fil när kontrollen hittar fel "
        "(felen skrivs ut som personnummer;problem)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--out", required=True, metavar="KATALOG", help=_("Katalog att skriva filerna i."))

    def handle(self, *args, municipality, half, out, **options):
        directory = Path(out)
        if directory.exists() and not directory.is_dir():
            raise CommandError(_("--out ”%(v)s” är en fil, inte en katalog.") % {"v": out})
        actor, basis = self.read_basis(municipality, half, _("Underlag till SCB %(kommun)s %(h)s (kommando)"))
        services.write_basis(basis, directory / "underlag")  # always: it is what the file is made from
        try:
            result = services.check_basis(basis)
        except SpecError as exc:
            raise CommandError(_("Versionen av SCB:s insamling är felaktig:\n%(fel)s") % {"fel": exc}) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if not result.spec.checked:
            self.stderr.write(
                _("Obs! Version %(v)s är inte kontrollerad mot SCB:s dokument för halvåret (docs/scb.md).")
                % {"v": result.version.code}
            )
        if not result.ok:
            writer = csv_writer(self.stdout, lineterminator="\n")
            writer.writerows(services.problems_csv(result.outcome.problems))
            self.stderr.write(
                _("Kontrollen hittade %(n)d fel. Ingen fil till SCB skrevs; underlaget finns i %(dir)s.")
                % {"n": len(result.outcome.problems), "dir": directory / "underlag"}
            )
            self.stdout.flush()
            sys.exit(PROBLEMS_FOUND)
        made = services.save_export(actor, result)
        (directory / made.filename).write_bytes(bytes(made.content))
        self.stderr.write(
            _("Skrev %(fil)s: %(r)d registreringar, %(k)d kontakter, %(a)d insatser (version %(v)s).")
            % {
                "fil": directory / made.filename,
                "r": made.registrations,
                "k": made.contacts,
                "a": made.measures,
                "v": made.version_code,
            }
        )

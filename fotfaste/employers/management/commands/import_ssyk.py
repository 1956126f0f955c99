"""manage.py import_ssyk FIL: read SCB's SSYK 2012 (CSV/XLSX) or a JobTech taxonomy export (JSON) into Fotfäste."""

from django.core.management.base import CommandError

from fotfaste.access.commands import GuardedCommand
from fotfaste.employers import ssyk_import


class Command(GuardedCommand):
    help = "Läser in SSYK 2012 från SCB:s klassificering (CSV eller XLSX) eller en JobTech-export (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("fil", help="Filen med SSYK 2012 (docs/employers.md beskriver formaten).")

    def handle(self, *args, fil, **options):
        try:
            report = ssyk_import.import_file(fil)
        except FileNotFoundError:
            raise CommandError(f"Filen {fil} finns inte.") from None
        except ssyk_import.SsykFileError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"Filen lästes inte in ({len(exc.problems)} fel); ingenting ändrades.") from None
        self.stdout.write(
            f"{report.source}: {len(report.added)} nya, {len(report.changed)} ändrade, "
            f"{report.unchanged} oförändrade koder"
            + (f"; {report.skipped} begrepp som inte är SSYK 2012-grupper hoppades över" if report.skipped else "")
            + "."
        )

"""Print the KAA register of a municipality as of a date, as CSV (docs/register-formats.md)."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.services import SystemUser, log_reads, register_keeper
from fotfaste.core.export import csv_writer, logged_batches
from fotfaste.people.models import Person
from fotfaste.reference.models import Municipality

from ...register import HEADER, RegisterLine, register_lines

LOG_BATCH = 5000


class Command(GuardedCommand):
    help = _(
        "Skriver KAA-registret för en kommun per ett datum som CSV (UTF-8, semikolon): de som omfattas den dagen, "
        "eller med --periods alla perioder som börjat senast den dagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, metavar="KOD", help=_("Kommunkod, t.ex. 1880."))
        parser.add_argument("--as-of", required=True, metavar="ÅÅÅÅ-MM-DD", help=_("Datum registret gäller."))
        parser.add_argument("--periods", action="store_true", help=_("Alla perioder som börjat senast datumet."))

    def handle(self, *args, municipality, as_of, periods, **options):
        if not Municipality.objects.filter(code=municipality).exists():
            raise CommandError(_("Kommunkoden ”%(v)s” finns inte.") % {"v": municipality})
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise CommandError(_("Ogiltigt datum i --as-of: ange ÅÅÅÅ-MM-DD, till exempel 2026-03-16.")) from None
        # The command keeps the municipality's register: it sees every period there, and no one else.
        actor = SystemUser.actor(register_keeper(municipality))
        what = _("KAA-registret %(kommun)s per %(datum)s (export)") % {"kommun": municipality, "datum": day}
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        last_logged = None

        def log(batch: list[RegisterLine]) -> None:
            nonlocal last_logged
            # Every person exported is in the read log before their rows are printed, once however many
            # periods they have: rows come by person, so only a batch's first person can repeat the last.
            persons = []
            for line in batch:
                if line.person_id != last_logged:
                    persons.append(
                        Person(pk=line.person_id, personnummer=line.personnummer, protection=line.protection)
                    )
                    last_logged = line.person_id
            log_reads(actor, persons, what)

        for line in logged_batches(register_lines(actor.user, municipality, day, all_periods=periods), log, LOG_BATCH):
            writer.writerow(line.as_csv_row())

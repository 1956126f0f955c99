"""Read in social services' monthly income-support list at the shell, for one social-services unit."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.services import SystemUser
from fotfaste.orgs.models import Unit

from ... import services


class Command(GuardedCommand):
    help = _(
        "Läser in en månadslista över unga med försörjningsstöd (CSV eller XLSX med kolumnerna personnummer "
        "och manad) för en enhet inom en kommuns socialtjänst. Finns det fel lagras ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FIL", help=_("Sökväg till CSV- eller XLSX-filen."))
        parser.add_argument("--unit", required=True, type=int, metavar="ENHETS_ID", help=_("Enhetens id."))

    def handle(self, *args, file, unit, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Filen %(fil)s finns inte.") % {"fil": file})
        found = Unit.objects.select_related("party").filter(pk=unit).first()
        if found is None:
            raise CommandError(_("Enheten %(id)d finns inte.") % {"id": unit})
        if not found.party.municipality_id:
            raise CommandError(_("Enheten %(id)d hör inte till en kommun.") % {"id": unit})
        try:
            result = services.import_list(
                unit=found, path=path.resolve(), file_name=path.name, user_name=SystemUser.current().username
            )
        except services.ListRefused as exc:
            raise CommandError(_("Filen lästes inte in; ingenting sparades.") + "\n" + "\n".join(exc.errors)) from None
        for notice in result.notices:
            self.stderr.write(notice)
        for month, count in result.per_month:
            self.stdout.write(_("%(manad)s: %(antal)d personer") % {"manad": f"{month:%Y-%m}", "antal": count})
        if result.already_read:
            self.stdout.write(_("Samma fil är redan inläst; ingenting ändrades."))
        self.stdout.write(
            _("Rader: %(rader)d. Personer: %(personer)d. Nya personmånader: %(nya)d.")
            % {"rader": result.rows, "personer": result.persons, "nya": result.added}
        )

"""Skolverket's KAA tables for one municipality and half-year, as CSV: tabell;grupp;antal;andel."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.services import SystemUser, register_keeper
from fotfaste.core.export import csv_writer
from fotfaste.reference.models import Municipality

from ... import services, statistics
from ...halfyear import BadHalfYear, HalfYear


class Command(GuardedCommand):
    help = _(
        "Skriver Skolverkets tabeller om aktivitetsansvaret för en kommun och ett halvår som CSV (UTF-8, semikolon): "
        "tabell;grupp;antal;andel. Verkliga antal, för KAA-samordnaren."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, metavar="KOD", help=_("Kommunkod, t.ex. 1880."))
        parser.add_argument("--half", required=True, metavar="ÅÅÅÅHN", help=_("Halvåret, t.ex. 2026H1."))

    def handle(self, *args, municipality, half, **options):
        if not Municipality.objects.filter(code=municipality).exists():
            raise CommandError(_("Kommunkoden ”%(v)s” finns inte.") % {"v": municipality})
        try:
            period = HalfYear.parse(half)
        except BadHalfYear as exc:
            raise CommandError(str(exc)) from None
        actor = SystemUser.actor(register_keeper(municipality))
        try:
            basis = services.basis_for(actor, municipality, period, timezone.localdate())
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        # The counts are made from every person in the register: each is read, though none is printed.
        services.log_basis(
            actor, basis, _("KAA-statistik %(kommun)s %(h)s (kommando)") % {"kommun": municipality, "h": period}
        )
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(statistics.HEADER)
        writer.writerows(row.csv_row() for row in statistics.tables(basis))

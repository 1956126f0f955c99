"""Skolverket's KAA tables for one municipality and half-year, as CSV: tabell;grupp;antal;andel."""

from django.utils.translation import gettext as _

from fotfaste.core.export import csv_writer

from ... import statistics
from ...commands import HalfYearCommand


class Command(HalfYearCommand):
    help = _(
        "Skriver Skolverkets tabeller om aktivitetsansvaret för en kommun och ett halvår som CSV (UTF-8, semikolon): "
        "tabell;grupp;antal;andel. Verkliga antal, för KAA-samordnaren."
    )

    def handle(self, *args, municipality, half, **options):
        # The counts are made from every person in the register: each is read, though none is printed.
        _actor, basis = self.read_basis(municipality, half, _("KAA-statistik %(kommun)s %(h)s (kommando)"))
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(statistics.HEADER)
        writer.writerows(row.csv_row() for row in statistics.tables(basis))

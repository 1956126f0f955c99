"""Who of a municipality is eligible for a programme on a day, and why (docs/programmes.md; the contract is
FORMATS.md "Programme eligibility")."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.guard import unrestricted
from fotfaste.access.services import SystemUser, log_reads
from fotfaste.core.export import csv_writer
from fotfaste.people.models import Person
from fotfaste.reference.models import Municipality

from ... import rules, services
from ...facts import facts_for

HEADER = ("personnummer", "behorig", "blir_behorig", "skal")
BATCH = 2000


class Command(GuardedCommand):
    help = _(
        "Skriver som CSV (UTF-8, semikolon) för varje person i kommunen som Fotfäste känner till om hen är "
        "behörig till programmet den dagen, den första dag inom tolv månader hen blir det, och varför."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--programme", required=True, metavar="KOD", help=_("Programmets kod, t.ex. traineejobb_valfard.")
        )
        parser.add_argument("--on", required=True, metavar="ÅÅÅÅ-MM-DD", help=_("Dagen behörigheten gäller."))
        parser.add_argument("--municipality", required=True, metavar="KOD", help=_("Kommunkod, t.ex. 1880."))

    def handle(self, *args, programme, on, municipality, **options):
        if not Municipality.objects.filter(code=municipality).exists():
            raise CommandError(_("Kommunkoden ”%(v)s” finns inte.") % {"v": municipality})
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise CommandError(_("Ogiltigt datum i --on: ange ÅÅÅÅ-MM-DD, till exempel 2016-06-01.")) from None
        chosen = services.programme_for_municipality(municipality, programme)
        if chosen is None:
            raise CommandError(
                _("Programmet ”%(kod)s” finns inte för kommunen. Möjliga: %(koder)s.")
                % {"kod": programme, "koder": ", ".join(services.known_codes(municipality))}
            )
        actor = SystemUser.actor()
        what = _("behörighet %(program)s per %(datum)s (export)") % {"program": chosen.code, "datum": day.isoformat()}
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        # The operator's run for the municipality's whole population known to Fotfäste, with every fact
        # (docs/programmes.md, "The eligibility command"): no unit's ground, so it says so, and every person
        # written is in the read log before the row is.
        with unrestricted("behörighetskörning för en kommun (eligibility)"):
            persons = Person.objects.filter(home_municipality_id=municipality).order_by("personnummer", "pk")
            batch: list[Person] = []
            for person in persons.only(
                "pk", "personnummer", "birth_date", "home_municipality_id", "protection"
            ).iterator(chunk_size=BATCH):
                batch.append(person)
                if len(batch) >= BATCH:
                    self._write(writer, actor, batch, chosen.rule, day, what)
                    batch = []
            self._write(writer, actor, batch, chosen.rule, day, what)

    def _write(self, writer, actor, batch, rule, day, what) -> None:
        if not batch:
            return
        known = facts_for(actor.user, batch, day, everything=True, needs=rules.needed_facts([rule]))
        log_reads(actor, batch, what)
        for person in batch:
            result = rules.eligibility(rule, known.facts[person.pk], day)
            writer.writerow(
                (
                    person.personnummer,
                    "ja" if result.eligible else "nej",
                    result.becomes_eligible.isoformat() if result.becomes_eligible else "",
                    result.explanation,
                )
            )

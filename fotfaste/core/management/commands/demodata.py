from datetime import date

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.guard import unrestricted
from fotfaste.core import demo


class Command(GuardedCommand):
    help = _(
        "Läser in demodata en gång: Örebros och Lekebergs överenskommelser, en inloggning per roll och fiktiva unga."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help=_("Slumpfrö; samma frö ger samma data.")
        )
        parser.add_argument(
            "--persons",
            type=int,
            default=demo.DEFAULT_PERSONS,
            help=_("Antal unga i Örebro; Lekeberg får en tiondel."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Läs in demodata även utan utvecklingsläge (FOTFASTE_DEBUG=1), t.ex. i en testmiljö."),
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=_("Datum (ÅÅÅÅ-MM-DD) som åldrar och datum räknas från; standard är i dag."),
        )

    def handle(self, *args, seed, persons, today, force=False, **options):
        # Demo users have the password "demo" and no two-factor login: never in production by mistake.
        if not settings.DEBUG and not force:
            raise CommandError(
                _("Demodata läses bara in i utvecklingsläge (FOTFASTE_DEBUG=1). Använd --force i en testmiljö.")
            )
        if persons < 1:
            raise CommandError(_("Antalet personer måste vara minst 1."))
        if demo.is_loaded():
            self.stdout.write(_("Demodata är redan inläst; inget har ändrats."))
            return
        today = today or timezone.localdate()
        try:
            # Demo data is made by the system, not read by a user: it creates and imports persons directly.
            with unrestricted("demodata"):
                summary = demo.load_demo_data(seed=seed, today=today, persons=demo.persons_per_municipality(persons))
        except demo.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(demo.summary_text(summary))

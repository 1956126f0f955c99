"""Dispose of data by the active retention rules, or with --dry-run report what would go. For cron."""

from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.services import SystemUser

from ... import presenters, services


class Command(GuardedCommand):
    help = _(
        "Gallrar enligt de aktiva gallringsreglerna och skriver ut antalen per regel. "
        "Med --dry-run tas inget bort; rapporten sparas i körningshistoriken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Visa vad som skulle gallras, ta inte bort något.")
        )
        parser.add_argument(
            "--date", dest="run_on", metavar="ÅÅÅÅ-MM-DD", help=_("Referensdatum; utan det dagens datum.")
        )

    def handle(self, *args, dry_run, run_on, **options):
        run_on = parse_date(run_on) if run_on else timezone.localdate()
        actor = SystemUser.current().username
        try:
            run = services.report(run_on, actor_name=actor).run if dry_run else services.dispose(run_on, actor)
        except services.DisposalError as exc:
            raise CommandError(str(exc)) from None
        heading = _("Provkörning (inget togs bort)") if dry_run else _("Gallring")
        self.stdout.write(f"{heading} {run.run_on.isoformat()}, {_('körning')} {run.pk}")
        rows = presenters.step_rows(run)
        if not rows:
            self.stdout.write(_("Inga aktiva gallringsregler."))
        for row in rows:
            self.stdout.write(
                f"{row.category_label} – {row.municipality_label} – {row.decision_reference}, "
                f"{row.years} {_('år')}, {_('gränsdatum')} {row.cutoff.isoformat()}"
            )
            for label, n in row.items:
                self.stdout.write(f"  {label}: {n}")
        if run.failure:
            raise CommandError(run.failure)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Ogiltigt datum i --date: ange ÅÅÅÅ-MM-DD, till exempel 2026-03-16.")) from None

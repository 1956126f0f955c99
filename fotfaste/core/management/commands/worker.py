"""Run background jobs (imports) until stopped. Any number of workers may run against one database."""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django.db.utils import DatabaseError
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.core import jobs

logger = logging.getLogger(__name__)


class Command(GuardedCommand):
    help = _("Kör bakgrundsjobb, till exempel registerimporter, tills processen stoppas.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help=_("Kör de jobb som väntar och avsluta sedan."))
        parser.add_argument(
            "--sleep", type=float, default=1.0, help=_("Sekunder mellan kontrollerna när inget väntar.")
        )

    def handle(self, *args, once=False, sleep=1.0, **options):
        stopping = {"now": False}

        def stop(signum, frame):
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker = jobs.worker_identity()
        # Abandoned jobs are looked for now and then, not only at start: another worker may die any time.
        recover_every = max(1.0, settings.JOB_STALE_SECONDS / 2)
        next_recovery = 0.0
        self.stdout.write(_("Arbetsprocessen väntar på jobb."))
        while not stopping["now"]:
            try:
                close_old_connections()
                if time.monotonic() >= next_recovery:
                    recovered = jobs.recover_abandoned()
                    if recovered:
                        self.stderr.write(
                            _("%(antal)d övergivna jobb markerades som misslyckade.") % {"antal": recovered}
                        )
                    jobs.run_chores()
                    next_recovery = time.monotonic() + recover_every
                job = jobs.claim(worker)
            except DatabaseError:
                # The database restarting, or SQLite busy with another writer: wait and try again.
                logger.warning("Arbetsprocessen når inte databasen, försöker igen", exc_info=True)
                connection.close()
                time.sleep(sleep)
                continue
            if job is None:
                if once:
                    return
                time.sleep(sleep)
                continue
            self.stdout.write(_("Kör jobb #%(nr)d (%(typ)s)") % {"nr": job.pk, "typ": job.kind})
            try:
                jobs.run(job)
            except DatabaseError as exc:
                # The outcome cannot be recorded: stop, so that the job is found abandoned and tidied up
                # (by this worker started again, e.g. by systemd's Restart=always, or by another worker).
                raise CommandError(
                    _("Arbetsprocessen kan inte skriva till databasen och avslutas. Starta om den.")
                ) from exc

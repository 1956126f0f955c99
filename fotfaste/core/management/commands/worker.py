"""Run background jobs (imports) until stopped: one worker per installation."""

import signal
import time

from django.db import close_old_connections
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.core import jobs


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
        recovered = jobs.recover_abandoned()
        if recovered:
            self.stderr.write(_("%(antal)d avbrutna jobb markerades som misslyckade.") % {"antal": recovered})
        self.stdout.write(_("Arbetsprocessen väntar på jobb."))
        while not stopping["now"]:
            close_old_connections()
            job = jobs.claim()
            if job is None:
                if once:
                    return
                time.sleep(sleep)
                continue
            self.stdout.write(_("Kör jobb #%(nr)d (%(typ)s)") % {"nr": job.pk, "typ": job.kind})
            jobs.run(job)

"""Print the read log for a person or a user as CSV, newest first (loggkontroll at the shell)."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.logreview import LogQuery, command_rows
from fotfaste.access.models import Channel
from fotfaste.access.services import Actor, SystemUser
from fotfaste.core.export import csv_lines
from fotfaste.people.identity import IdentityNumberError, normalise


class Command(GuardedCommand):
    help = "Skriver ut läsloggen för en person eller en användare som CSV, nyaste först."

    def add_arguments(self, parser):
        parser.add_argument("--person", metavar="PERSONNUMMER", help=_("Vem har läst uppgifter om personen?"))
        parser.add_argument("--user", metavar="ANVÄNDARNAMN", help=_("Vad har användaren läst?"))
        parser.add_argument("--from", dest="date_from", metavar="ÅÅÅÅ-MM-DD", help=_("Från och med datum."))
        parser.add_argument("--to", dest="date_to", metavar="ÅÅÅÅ-MM-DD", help=_("Till och med datum."))

    def handle(self, *args, **options):
        query = self.parse_query(options)
        # The review is a read of every person it reveals, each recorded before the lines revealing them are written.
        actor = Actor(user=SystemUser.current(), channel=Channel.COMMAND)
        for line in csv_lines(command_rows(actor, query), lineterminator="\n"):
            self.stdout.write(line, ending="")

    def parse_query(self, options) -> LogQuery:
        person = (options.get("person") or "").strip()
        user = (options.get("user") or "").strip()
        if person and user:
            raise CommandError(_("Ange antingen --person eller --user, inte båda."))
        if not person and not user:
            raise CommandError(_("Ange --person PERSONNUMMER eller --user ANVÄNDARNAMN."))
        personnummer = ""
        if person:
            try:
                personnummer = normalise(person)
            except IdentityNumberError as exc:
                raise CommandError(_("Personnumret är ogiltigt: %(fel)s") % {"fel": exc}) from exc
        date_from = parse_date(options.get("date_from"), "--from")
        date_to = parse_date(options.get("date_to"), "--to")
        if date_from and date_to and date_to < date_from:
            raise CommandError(_("Datumet i --to kan inte vara före datumet i --from."))
        return LogQuery(personnummer=personnummer, username=user, date_from=date_from, date_to=date_to)


def parse_date(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("Ogiltigt datum i %(option)s: ange ÅÅÅÅ-MM-DD, till exempel 2026-01-31.") % {"option": option}
        ) from None

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.accounts.models import ApiToken


class Command(GuardedCommand):
    help = _("Skapar en ny API-nyckel för en användare och skriver ut den (den visas bara en gång).")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("Användarnamnet som nyckeln ska höra till."))

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Det finns ingen användare med användarnamnet %(namn)s.") % {"namn": username})
        if not user.is_active:
            raise CommandError(
                _("Användaren %(namn)s är inaktiverad och kan inte få en API-nyckel.") % {"namn": username}
            )
        key = ApiToken.issue(user)
        # Only the key on stdout, so scripts can capture it; the reminder goes to stderr.
        self.stdout.write(key)
        self.stderr.write(_("Spara nyckeln nu: den visas inte igen."))

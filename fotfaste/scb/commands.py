"""The base of the commands on one municipality's half-year (`export_scb`, `kaa_statistics`): the same two
arguments, the same Swedish errors, and the basis read as the keeper of the municipality's KAA register."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.services import SystemUser, register_keeper
from fotfaste.reference.models import Municipality

from . import services
from .halfyear import BadHalfYear, HalfYear


class HalfYearCommand(GuardedCommand):
    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, metavar="KOD", help=_("Kommunkod, t.ex. 1880."))
        parser.add_argument("--half", required=True, metavar="ÅÅÅÅHN", help=_("Halvåret, t.ex. 2026H1."))

    def read_basis(self, municipality: str, half: str, what: str):
        """(actor, basis) of the municipality's half-year, with a read of everyone in it logged as `what`."""
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
        services.log_basis(actor, basis, what % {"kommun": municipality, "h": period})
        return actor, basis

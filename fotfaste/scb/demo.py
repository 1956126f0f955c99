"""Demo data: a file already sent to SCB for an earlier half-year, so that the history shows one.

The latest whole half-year is left to check: the demo's contacts include some without an occupation,
which the check lists with a link to fix them.
"""

from django.utils.translation import gettext as _

from fotfaste.access.models import Channel
from fotfaste.access.services import Actor

from . import services
from .halfyear import HalfYear


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO

    half = HalfYear.of(run.today).previous().previous()
    actor = Actor(user=run.users["kaa"], channel=Channel.WEB)
    result = services.check(actor, OREBRO, half, run.today)
    if result.ok:
        made = services.save_export(actor, result)
        run.lines.append(
            _("Fil till SCB för %(h)s: %(r)d registreringar (version %(v)s)")
            % {"h": half, "r": made.registrations, "v": made.version_code}
        )

"""Disposal (gallring) of the collaboration's records once they have ended, by an administrator's rule.

One category, `samverkan`: what has ended before the rule's cutoff goes — consents that were
refused, withdrawn, expired or never answered (with their signed scans), own grounds that ended
(contacts ended), and what each collaboration app registers as a part of it (ended team
memberships and party records, closed plans with their measures and versions, superseded mappings,
past meetings' items, list-matching runs, files made for SCB, monthly income-support lists, ended participations in programmes with their contracts, ended candidacies for placements). What is still in use stays, and so do the fund's grants,
which are accounts. It runs before the person records, so that a person with nothing left can be
disposed afterwards.

The collaboration apps sit above this one (docs/architecture.md), so each registers its part from
its AppConfig.ready() with `register_part(Part(...))`; this module knows only the consents and the
grounds, which lie below it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fotfaste.access.models import OwnGround
from fotfaste.consent.models import Consent, ConsentDocument, ConsentStatus
from fotfaste.people.models import Person

from .categories import Category, delete, in_scope, register, start_of

# Every count the category reports, in display order; parts fill in their own keys.
WHAT = (
    ("consents", _("samtycken")),
    ("own_grounds", _("avslutade kontakter (egna grunder)")),
    ("team_members", _("avslutade medlemskap i team")),
    ("records", _("avslutade uppgifter från parter")),
    ("plans", _("avslutade planer")),
    ("measures", _("insatser i dem")),
    ("mappings", _("ersatta kartläggningar")),
    ("agenda_items", _("punkter från möten")),
    ("invitations", _("inbjudningar")),
    ("mapping_talks", _("bokade kartläggningssamtal")),
    ("match_runs", _("listmatchningar")),
    ("scb_exports", _("filer till SCB")),
    ("income_support_lists", _("månadslistor om försörjningsstöd")),
    ("participations", _("avslutade deltaganden i program")),
    ("contracts", _("trepartsavtal i dem")),
    ("placement_candidacies", _("avslutade kandidaturer till praktikplatser")),
)


@dataclass(frozen=True)
class Scope:
    """What a part disposes of: the persons of the rule's municipality, and the cutoff."""

    persons: QuerySet  # ids of persons with their home municipality in scope
    municipality: str | None
    exclude: frozenset[str]
    cutoff: date
    start: datetime  # the cutoff's first moment, for timestamps


@dataclass(frozen=True)
class Part:
    """One app's ended records: dispose(scope) removes them and returns counts by WHAT key."""

    name: str
    order: int
    dispose: Callable[[Scope], dict[str, int]]


_parts: dict[str, Part] = {}


def register_part(part: Part) -> None:
    _parts[part.name] = part


def ended_consents(persons, cutoff: date):
    start = start_of(cutoff)
    return Consent.objects.filter(person__in=persons).filter(
        Q(status=ConsentStatus.REFUSED, updated_at__lt=start)
        | Q(status=ConsentStatus.REQUESTED, created_at__lt=start)
        | Q(status=ConsentStatus.WITHDRAWN, withdrawn_at__lt=start)
        | Q(status=ConsentStatus.GIVEN, valid_until__lt=cutoff)
    )


def _consents(scope: Scope) -> dict[str, int]:
    consents = ended_consents(scope.persons, scope.cutoff)
    scans = [d.file for d in ConsentDocument.objects.filter(consent__in=consents)]
    removed = delete(
        consents, allowed={"consent.ConsentRecipient", "consent.ConsentConfirmation", "consent.ConsentDocument"}
    ).get("consent.Consent", 0)
    if scans:
        # Only once the rows are really gone: a dry run is rolled back and keeps its files.
        transaction.on_commit(lambda files=scans: [f.storage.delete(f.name) for f in files])
    return {"consents": removed}


def _own_grounds(scope: Scope) -> dict[str, int]:
    ended = OwnGround.objects.filter(person__in=scope.persons, end_date__lt=scope.cutoff)
    return {"own_grounds": delete(ended).get("access.OwnGround", 0)}


register_part(Part("consents", 10, _consents))
register_part(Part("own_grounds", 20, _own_grounds))


def dispose_collaboration(municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
    counts = dict.fromkeys((key for key, _label in WHAT), 0)
    exclude = frozenset(exclude)
    persons = in_scope(Person.objects.all(), "home_municipality_id", municipality, exclude).values("pk")
    scope = Scope(persons, municipality, exclude, cutoff, start_of(cutoff))
    for part in sorted(_parts.values(), key=lambda p: (p.order, p.name)):
        for key, count in part.dispose(scope).items():
            counts[key] = counts.get(key, 0) + count
    return counts


COLLABORATION = register(
    Category(
        code="samverkan",
        label=_("Samverkan runt den unga"),
        description=_(
            "Det som avslutats före gränsdatumet för personer med hemkommun i regelns kommun: samtycken som nekats, "
            "återkallats, gått ut eller aldrig besvarats (med inskannade blanketter), avslutade kontakter, avslutade "
            "medlemskap i team och uppgifter från parter, avslutade planer med insatser och versioner, ersatta "
            "kartläggningar, punkter, inbjudningar och bokade samtal från möten, kommunens listmatchningar, filer till "
            "SCB som skapades, socialtjänstens månadslistor om försörjningsstöd som lästes in före gränsdatumet och "
            "avslutade deltaganden i program med trepartsavtal och uppföljningar. Det "
            "som pågår behålls, och fondens bidrag behålls som räkenskapsinformation."
        ),
        what=WHAT,
        dispose=dispose_collaboration,
        order=500,
        counted_from=_("att det avslutades"),
    )
)

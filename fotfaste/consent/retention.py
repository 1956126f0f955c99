"""Disposal (gallring) of the collaboration's records once they have ended, by an administrator's rule.

What has ended before the rule's cutoff goes: consents that were refused, withdrawn, expired or never
answered (with their signed scans), ended team memberships and party records, closed plans with their
measures and versions, superseded mappings, agenda items, invitations and booked talks of past
meetings, and list-matching runs. What is still in use stays, and so do the fund's grants, which are
accounts. Registered as a category of fotfaste.disposal, before the person records, so that a person
with nothing left can be disposed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.disposal.categories import Category, delete, in_scope, register, start_of
from fotfaste.people.models import Person

from .models import Consent, ConsentDocument, ConsentStatus

WHAT = (
    ("consents", _("samtycken")),
    ("team_members", _("avslutade medlemskap i team")),
    ("records", _("avslutade uppgifter från parter")),
    ("plans", _("avslutade planer")),
    ("measures", _("insatser i dem")),
    ("mappings", _("ersatta kartläggningar")),
    ("agenda_items", _("punkter från möten")),
    ("invitations", _("inbjudningar")),
    ("mapping_talks", _("bokade kartläggningssamtal")),
    ("match_runs", _("listmatchningar")),
)


def ended_consents(persons, cutoff: date):
    start = start_of(cutoff)
    return Consent.objects.filter(person__in=persons).filter(
        Q(status=ConsentStatus.REFUSED, updated_at__lt=start)
        | Q(status=ConsentStatus.REQUESTED, created_at__lt=start)
        | Q(status=ConsentStatus.WITHDRAWN, withdrawn_at__lt=start)
        | Q(status=ConsentStatus.GIVEN, valid_until__lt=cutoff)
    )


def dispose_collaboration(municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
    # Imported here: these apps come after consent, and the category is registered from its ready().
    from fotfaste.listmatch.models import MatchRun
    from fotfaste.mapping.models import Mapping
    from fotfaste.meetings.models import AgendaItem, Invitation, MappingTalk
    from fotfaste.plans.models import Plan
    from fotfaste.records.models import PartyRecord
    from fotfaste.team.models import TeamMember

    counts = dict.fromkeys((key for key, _label in WHAT), 0)
    persons = in_scope(Person.objects.all(), "home_municipality_id", municipality, exclude).values("pk")
    start = start_of(cutoff)

    consents = ended_consents(persons, cutoff)
    scans = [d.file for d in ConsentDocument.objects.filter(consent__in=consents)]
    counts["consents"] = delete(
        consents, allowed={"consent.ConsentRecipient", "consent.ConsentConfirmation", "consent.ConsentDocument"}
    ).get("consent.Consent", 0)
    if scans:
        # Only once the rows are really gone: a dry run is rolled back and keeps its files.
        transaction.on_commit(lambda files=scans: [f.storage.delete(f.name) for f in files])

    counts["team_members"] = delete(TeamMember.objects.filter(person__in=persons, end_date__lt=cutoff)).get(
        "team.TeamMember", 0
    )
    counts["records"] = delete(PartyRecord.objects.filter(person__in=persons, end_date__lt=cutoff)).get(
        "records.PartyRecord", 0
    )
    per_model = delete(
        Plan.objects.filter(person__in=persons, closed_on__lt=cutoff), allowed={"plans.Measure", "plans.PlanRevision"}
    )
    counts["plans"], counts["measures"] = per_model.get("plans.Plan", 0), per_model.get("plans.Measure", 0)
    counts["mappings"] = delete(
        Mapping.objects.filter(person__in=persons, superseded_at__lt=start), allowed={"mapping.SensitiveBarrier"}
    ).get("mapping.Mapping", 0)
    counts["agenda_items"] = delete(
        AgendaItem.objects.filter(person__in=persons, meeting__starts_at__lt=start), allowed={"meetings.Action"}
    ).get("meetings.AgendaItem", 0)
    counts["invitations"] = delete(Invitation.objects.filter(person__in=persons, meeting__starts_at__lt=start)).get(
        "meetings.Invitation", 0
    )
    counts["mapping_talks"] = delete(MappingTalk.objects.filter(person__in=persons, starts_at__lt=start)).get(
        "meetings.MappingTalk", 0
    )
    runs = in_scope(MatchRun.objects.all(), "municipality_id", municipality, exclude).filter(created_at__lt=start)
    counts["match_runs"] = delete(runs, allowed={"listmatch.MatchRunPerson"}).get("listmatch.MatchRun", 0)
    return counts


COLLABORATION = Category(
    code="samverkan",
    label=_("Samverkan runt den unga"),
    description=_(
        "Det som avslutats före gränsdatumet för personer med hemkommun i regelns kommun: samtycken som nekats, "
        "återkallats, gått ut eller aldrig besvarats (med inskannade blanketter), avslutade medlemskap i team och "
        "uppgifter från parter, avslutade planer med insatser och versioner, ersatta kartläggningar, punkter, "
        "inbjudningar och bokade samtal från möten, och kommunens listmatchningar. Det som pågår behålls, och "
        "fondens bidrag behålls som räkenskapsinformation."
    ),
    what=WHAT,
    dispose=dispose_collaboration,
    order=500,
    counted_from=_("att det avslutades"),
)


def register_category() -> None:
    register(COLLABORATION)

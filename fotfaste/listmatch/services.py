"""List matching: the access check, reading the other party's list, the set-based match and the result.

The list is read streaming from the upload's temporary file, and only the numbers go into a
Python set for the length of the request. What is stored is the run and the matched persons;
nothing of the list's other rows survives the request (docs/listmatch.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import restrict
from fotfaste.access.models import ChangeLogEntry
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads, require_person_access, with_basis
from fotfaste.core.keyset import keyset_page
from fotfaste.kaa.models import KaaPeriod
from fotfaste.orgs.models import Membership, Party
from fotfaste.orgs.roles import Role
from fotfaste.outreach.models import OutreachCase
from fotfaste.people.models import Person
from fotfaste.registers import reader

from . import rules
from .models import LegalBasis, MatchRun, MatchRunPerson

READ_LOG_WHAT = "listmatchning"
CHANGE_ACTION = "listmatchning"


# Access


def coordinator_municipalities(user) -> frozenset[str]:
    """The municipalities of the agreements in whose parties the user is an active youth coordinator."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    memberships = Membership.objects.filter(user=user, active=True, role=Role.COORDINATOR)
    return frozenset(
        Party.objects.filter(pk__in=memberships.values("unit__party_id")).values_list(
            "agreement__municipalities__code", flat=True
        )
    ) - {None}


def allowed_municipalities(user) -> frozenset[str]:
    """rules.match_municipalities for this user; empty for everyone else (no exception, for navigation)."""
    scope = scope_for(user)
    if not scope.sees_persons:
        return frozenset()
    coordinator = coordinator_municipalities(user) if Role.COORDINATOR in scope.roles else frozenset()
    return rules.match_municipalities(scope.municipality_codes, coordinator)


def listmatch_allowed(user) -> bool:
    """Whether to offer the page in the navigation."""
    return bool(allowed_municipalities(user))


def listmatch_municipalities(actor: Actor) -> frozenset[str]:
    """The municipalities the actor may match lists for; 403 for everyone else.

    The page names no person, so a plain 403 tells nothing.
    """
    require_person_access(actor)
    codes = allowed_municipalities(actor.user)
    if not codes:
        raise PermissionDenied(_("Listmatchning är till för KAA-handläggare och ungdomssamordnare."))
    return codes


def party_choices(codes: frozenset[str]) -> QuerySet[Party]:
    """Parties of the agreements covering the user's municipalities, other than those municipalities themselves."""
    return (
        Party.objects.filter(agreement__municipalities__code__in=codes)
        .exclude(municipality_id__in=codes)
        .select_related("agreement")
        .distinct()
        .order_by("agreement__name", "name")
    )


def get_run(actor: Actor, pk: int) -> MatchRun:
    """A run of one of the actor's municipalities; 404 otherwise (403 for those who may not match at all)."""
    codes = listmatch_municipalities(actor)
    run = MatchRun.objects.select_related("municipality").filter(pk=pk, municipality_id__in=codes).first()
    if run is None:
        raise Http404
    return run


def runs_page(actor: Actor, cursor: str | None, size: int) -> tuple[list[MatchRun], str | None]:
    """Earlier runs for the actor's municipalities, newest first, each with `shown`: how many of its
    matches the actor may see today (never the matches of the run that others may see)."""
    codes = listmatch_municipalities(actor)
    visible_hits = (
        MatchRunPerson.objects.filter(run=OuterRef("pk"), person__in=restrict(actor.user))
        .order_by()
        .values("run")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        MatchRun.objects.filter(municipality_id__in=codes)
        .select_related("municipality")
        .annotate(shown=Coalesce(Subquery(visible_hits), 0))
    )
    return keyset_page(qs, ("-created_at", "-id"), cursor, size)


# Reading the list


class ColumnNotFound(ValidationError):
    """A ValidationError on the column field that also carries the file's column names to choose from."""

    def __init__(self, message: str, header: tuple[str, ...]):
        super().__init__({"column": [message]})
        self.header = header


def read_list(path: str | Path, column: str, today: date) -> rules.ListReading:
    """The list's numbers and counts, read streaming from `path`; ValidationError naming the field."""
    try:
        source = reader.inspect_file(path)
        found = rules.find_column(source.header, column, today)
        return rules.read_numbers(source.header, reader.iter_rows(source), found, today)
    except rules.ColumnNotFound as exc:
        raise ColumnNotFound(str(exc), exc.header) from None
    except reader.RegisterFileError as exc:
        raise ValidationError({"file": [str(exc)]}) from None


# Matching


def not_reached_in_kaa(user, municipality: str, today: date) -> QuerySet[Person]:
    """The persons `user` may see who are in the municipality's KAA register today, not yet reached.

    Only persons the user may see can match at all: a match the user may not see would still tell
    them, by a count or a hint, that the number is an unreached KAA youth (docs/listmatch.md).
    """
    in_kaa = KaaPeriod.objects.filter(
        person=OuterRef("pk"), municipality_id=municipality, start_date__lte=today, end_date__gte=today
    )
    reached = OutreachCase.objects.filter(person=OuterRef("pk"), municipality_id=municipality, reached_on__isnull=False)
    visible = restrict(user, on=today).filter(Exists(in_kaa)).exclude(Exists(reached))
    return with_basis(visible, user, today).only("id", "personnummer", "protection")


def matching_persons(user, municipality: str, numbers: set[str], today: date) -> list[Person]:
    """The not-yet-reached KAA youths the user may see whose number is in `numbers` (not yet logged).

    One indexed lookup per chunk of numbers, never one per row.
    """
    base = not_reached_in_kaa(user, municipality, today)
    hits: list[Person] = []
    for chunk in rules.chunks(sorted(numbers)):
        hits.extend(base.filter(personnummer__in=chunk))
    return hits


def run_match(
    actor: Actor,
    *,
    municipality: str,
    party: Party | None,
    legal_basis: str,
    legal_reference: str,
    path: str | Path | None,
    column: str = "",
    today: date | None = None,
) -> MatchRun:
    """Match the list at `path` and store the run and its matches; the list itself is not kept."""
    today = today or timezone.localdate()
    codes = listmatch_municipalities(actor)
    if municipality not in codes:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    agreement_codes = list(party.agreement.municipalities.values_list("code", flat=True)) if party is not None else []
    if party is None:
        errors["party"] = [_("Välj vems lista det är.")]
    elif not rules.is_other_party(party.municipality_id, agreement_codes, municipality):
        errors["party"] = [_("Välj en annan part i överenskommelsen för kommunen.")]
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = [_("Välj den rättsliga grunden för matchningen.")]
    legal_reference = legal_reference.strip()
    if not legal_reference:
        errors["legal_reference"] = [_("Ange beslutet eller bestämmelsen som matchningen stöder sig på.")]
    if path is None:
        errors["file"] = [_("Välj filen med listan.")]
    if errors:
        raise ValidationError(errors)

    # Read and match outside the write transaction: a long list must not hold the database's write lock.
    reading = read_list(path, column, today)
    if not reading.numbers:
        rows = ", ".join(str(n) for n in reading.unreadable_rows[:10])
        raise ValidationError(
            {
                "file": [
                    _(
                        "Inget personnummer i filen gick att läsa (till exempel på rad %(rader)s). Kontrollera att "
                        "det är rätt kolumn och att numren är skrivna som ÅÅÅÅMMDD-NNNN."
                    )
                    % {"rader": rows}
                    if rows
                    else _("Filen har ingen rad med personnummer.")
                ]
            }
        )
    hits = matching_persons(actor.user, municipality, reading.numbers, today)
    distinct = len(reading.numbers)
    reading.numbers.clear()  # the list's numbers are not needed any longer
    run = _store(actor, municipality, party, legal_basis, legal_reference, reading, distinct, hits, today)
    # The match is a read of each person found, and each is shown to the user: logged as such.
    log_reads(actor, hits, READ_LOG_WHAT)
    return run


@transaction.atomic
def _store(actor, municipality, party, legal_basis, legal_reference, reading, distinct, hits, today) -> MatchRun:
    user = actor.user
    run = MatchRun.objects.create(
        municipality_id=municipality,
        party=party,
        party_name=party.name,
        legal_basis=legal_basis,
        legal_reference=legal_reference,
        created_by=user,
        created_by_name=user.display_name(),
        matched_on=today,
        rows_read=reading.rows,
        numbers_read=distinct,
        unreadable_rows=reading.unreadable,
        unreadable_row_numbers=reading.unreadable_rows,
        matched=len(hits),
    )
    MatchRunPerson.objects.bulk_create([MatchRunPerson(run=run, person_id=p.pk) for p in hits], batch_size=1000)
    # That a person appears in another party's list is new information about them: logged as a change.
    after = {"listmatchning": run.pk, "part": party.name, "rättslig grund": str(LegalBasis(legal_basis).label)}
    now = timezone.now()
    ChangeLogEntry.objects.bulk_create(
        [
            ChangeLogEntry(
                at=now,
                user=user,
                username=user.username,
                person_id=p.pk,
                personnummer=p.personnummer,
                action=CHANGE_ACTION,
                before={},
                after=after,
            )
            for p in hits
        ],
        batch_size=1000,
    )
    return run


# The result


@dataclass(frozen=True)
class ResultPage:
    persons: list[Person]
    next_cursor: str | None
    shown: int  # the run's matches the actor may see; of others, not even how many


def result_page(actor: Actor, run: MatchRun, cursor: str | None, size: int) -> ResultPage:
    """The run's matched persons the actor may see today, one keyset page; every person shown is logged.

    Another user's run (a KAA caseworker opening a coordinator's) shows what that viewer may see.
    """
    today = timezone.localdate()
    user = actor.user
    kaa_since = Subquery(
        KaaPeriod.objects.filter(
            person=OuterRef("pk"),
            municipality_id=run.municipality_id,
            start_date__lte=run.matched_on,
            end_date__gte=run.matched_on,
        )
        .order_by("-start_date")
        .values("start_date")[:1]
    )
    visible = restrict(user, on=today).filter(listmatch_hits__run=run)
    qs = with_basis(visible, user, today).annotate(kaa_since=kaa_since)
    persons, next_cursor = keyset_page(qs, ("sort_name", "id"), cursor, size)
    log_reads(actor, persons, READ_LOG_WHAT)
    return ResultPage(persons, next_cursor, visible.count())

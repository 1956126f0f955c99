"""Reading personal data: access check and read log in one step.

Views, the API and commands call these functions; they never query Person directly, so a read
cannot happen without a ground and without being logged.

The read log records only what was really shown: inside a request the reads wait in a batch that
`ReadLogMiddleware` writes when the response is a success and drops when it is an error (a 404 on
another person's plan has shown nothing). Outside a request (commands, jobs, a streamed export's
generator) they are written at once, before anything is sent.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Subquery
from django.db.models import OuterRef as _OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.core.bulk import insert_rows
from fotfaste.core.keyset import keyset_page
from fotfaste.core.net import client_ip
from fotfaste.orgs.roles import Role
from fotfaste.people.identity import IdentityNumberError, normalise
from fotfaste.people.models import Person
from fotfaste.people.search import parse_query, query_filter

from .grounds import duty_condition, identity_consents, own_condition, restrict
from .models import ChangeLogEntry, Channel, ReadLogEntry
from .scope import Scope, scope_for
from .sharing import Sharing, sharing_for


@dataclass(frozen=True)
class Actor:
    """Who reads, and from where."""

    user: object
    channel: str = Channel.WEB
    ip: str | None = None

    @classmethod
    def from_request(cls, request, channel: str = Channel.WEB) -> Actor:
        return cls(user=request.user, channel=channel, ip=client_ip(request))


@dataclass(frozen=True)
class SystemUser:
    """The operating-system account running a command: no one logs in, so the read log names it.

    `fixed_scope`, when given, is what the command may see: e.g. the keeper of one municipality's
    KAA register for `kaa_register`. Without it the command sees no person.
    """

    username: str
    fixed_scope: Scope | None = None
    is_authenticated: bool = False
    is_active: bool = True

    @classmethod
    def current(cls, scope: Scope | None = None) -> SystemUser:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = "okänd"
        return cls(username=f"{name} (kommando)", fixed_scope=scope)

    @classmethod
    def actor(cls, scope: Scope | None = None) -> Actor:
        return Actor(user=cls.current(scope), channel=Channel.COMMAND)

    def display_name(self) -> str:
        return self.username


def register_keeper(municipality: str) -> Scope:
    """The scope of a command that keeps (and reports) one municipality's KAA register."""
    return Scope(
        roles=frozenset({Role.KAA}),
        unit_ids=frozenset(),
        municipality_codes=frozenset({municipality}),
        register_keeper=True,
    )


def require_person_access(actor: Actor) -> None:
    """Aggregate-only users (the steering group) may not read any person: 403."""
    if not scope_for(actor.user).sees_persons:
        raise PermissionDenied("Din roll ger inte åtkomst till uppgifter om enskilda personer.")


# --- The read log ------------------------------------------------------------------------

_pending: ContextVar[list[ReadLogEntry] | None] = ContextVar("fotfaste_pending_reads", default=None)


@contextmanager
def deferred_reads() -> Iterator[list[ReadLogEntry]]:
    """Collect the reads of a request; the caller writes them (`write_reads`) only if it succeeded."""
    batch: list[ReadLogEntry] = []
    token = _pending.set(batch)
    try:
        yield batch
    finally:
        _pending.reset(token)


BULK_READS = 50
READ_FIELDS = (
    "at",
    "user_id",
    "username",
    "person_id_ref",
    "personnummer",
    "what",
    "channel",
    "ip",
    "protected",
    "consent_id_ref",
)


def write_reads(entries: list[ReadLogEntry]) -> None:
    """Append the entries in one statement (COPY on PostgreSQL): an export of 100,000 persons spent half its
    time on the ORM's inserts of a hundred rows each (docs/performance.md)."""
    if len(entries) > BULK_READS:
        insert_rows(ReadLogEntry, READ_FIELDS, ([getattr(e, f) for f in READ_FIELDS] for e in entries))
    elif entries:
        ReadLogEntry.objects.bulk_create(entries)  # a page's handful: one INSERT
    entries.clear()


def log_reads(actor: Actor, persons: Iterable[Person], what: str, *, consent_id: int | None = None) -> None:
    """One read-log row per person. A read that rests on the person's consent names the consent:
    `consent_id`, or each person's `identity_consent` when it was fetched through `with_basis`."""
    now = timezone.now()
    entries = []
    for p in persons:
        used = consent_id
        if used is None and not getattr(p, "own_basis", True):
            used = getattr(p, "identity_consent", None)
        entries.append(
            ReadLogEntry(
                at=now,
                user=actor.user if actor.user and getattr(actor.user, "is_authenticated", False) else None,
                username=getattr(actor.user, "username", ""),
                person_id_ref=p.pk,
                personnummer=p.personnummer,
                what=f"{what} (samtycke #{used})"[:200] if used else what[:200],
                channel=actor.channel,
                ip=actor.ip,
                protected=p.is_protected,
                consent_id_ref=used,
            )
        )
    pending = _pending.get()
    if pending is not None:
        pending.extend(entries)
    else:
        write_reads(entries)


def with_basis(qs, user, on):
    """Annotate each person with the basis of the user's access (own or duty, or which consent) for the read log."""
    scope = scope_for(user)
    basis = own_condition(scope, on)
    duty = duty_condition(scope, on)
    if duty is not None:
        basis |= duty
    return qs.annotate(
        own_basis=ExpressionWrapper(basis, output_field=BooleanField()),
        identity_consent=Subquery(
            identity_consents(scope, on).filter(person=_OuterRef("pk")).order_by("pk").values("pk")[:1]
        ),
    )


def open_person(actor: Actor, what: str, *, personnummer: str | None = None, pk: int | None = None) -> Person:
    """The person, if the actor may see it; the read is logged. Otherwise 404, never a hint.

    Web pages address a person by internal id (so identity numbers stay out of
    URLs and server logs); the API and commands by personnummer.
    """
    require_person_access(actor)
    today = timezone.localdate()
    qs = with_basis(restrict(actor.user, on=today).select_related("home_municipality"), actor.user, today)
    if pk is not None:
        qs = qs.filter(pk=pk)
    else:
        try:
            qs = qs.filter(personnummer=normalise(personnummer or ""))
        except (IdentityNumberError, ValueError):
            raise Http404 from None
    person = qs.first()
    if person is None:
        raise Http404
    log_reads(actor, [person], what)
    return person


def may_change(user, person: Person) -> bool:
    """Contact details are changed only on an own ground or a duty: a consent shares them, it does
    not let the other party change the holder's records."""
    scope = scope_for(user)
    today = timezone.localdate()
    basis = own_condition(scope, today)
    duty = duty_condition(scope, today)
    if duty is not None:
        basis |= duty
    return restrict(user, on=today).filter(basis, pk=person.pk).exists()


@transaction.atomic
def change_person(actor: Actor, person: Person, changes: dict[str, object]) -> Person:
    """Apply changes to a person the actor may see, keeping before/after in the change log."""
    require_person_access(actor)
    if not restrict(actor.user).filter(pk=person.pk).exists():
        raise Http404
    if not may_change(actor.user, person):
        raise PermissionDenied(
            _("Uppgifterna delas med dig genom ett samtycke; de kan ändras av den enhet som har dem.")
        )
    before, after = {}, {}
    for field, value in changes.items():
        old = getattr(person, field)
        if old != value:
            before[field], after[field] = str(old), str(value)
            setattr(person, field, value)
    if after:
        person.save()
        log_change(actor, person, "ändrad", after, before)
    return person


def search_persons(actor: Actor, text: str, cursor: str | None = None, size: int | None = None):
    """A page of persons matching `text` that the actor may see; every hit shown is logged.

    Returns (persons, next_cursor). An empty or unreadable query gives no hits.
    """
    require_person_access(actor)
    query = parse_query(text)
    if query.is_empty:
        return [], None
    today = timezone.localdate()
    qs = with_basis(
        restrict(actor.user, on=today).filter(query_filter(query)).select_related("home_municipality"),
        actor.user,
        today,
    )
    persons, next_cursor = keyset_page(qs, ("sort_name", "id"), cursor, size or settings.PAGE_SIZE)
    log_reads(actor, persons, "sökträff")
    return persons, next_cursor


def log_change(actor: Actor, person: Person, action: str, after: dict, before: dict | None = None) -> None:
    """A change to a person's data in the change log (who, when, what, before and after)."""
    ChangeLogEntry.objects.create(
        user=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        username=actor.user.username,
        person=person,
        personnummer=person.personnummer,
        action=action[:20],
        before=before or {},
        after=after,
    )


def shown_to(actor: Actor, person: Person, sharing: Sharing, rows, *, kind, unit=None, what) -> list:
    """The rows (each held by a unit) the viewer may see: their own units', and others' under consent.

    `kind` is the kind of information, or a function of the row; `unit` gives a row's unit (default
    its `unit`); `what` names the read, or is a function of the kind. Each consent used is logged
    once per kind: a read that rests on a consent always names it.
    """
    shown, used = [], set()
    for row in rows:
        owner = unit(row) if unit else row.unit
        if owner.pk in sharing.own_unit_ids:
            shown.append(row)
            continue
        row_kind = kind(row) if callable(kind) else kind
        consent_id = sharing.consent_for(row_kind, owner.pk, owner.party_id)
        if consent_id is not None:
            shown.append(row)
            used.add((consent_id, row_kind))
    for consent_id, row_kind in sorted(used):
        log_reads(actor, [person], what(row_kind) if callable(what) else what, consent_id=consent_id)
    return shown


def open_person_sharing(actor: Actor, what: str, *, pk: int | None = None, personnummer: str | None = None):
    """open_person, and what the actor may see of other units' information about the person today.

    Returns (person, sharing, today): the pages and API reads of the collaboration start here.
    """
    person = open_person(actor, what, pk=pk, personnummer=personnummer)
    today = timezone.localdate()
    return person, sharing_for(scope_for(actor.user), person.pk, today), today

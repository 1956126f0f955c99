"""Log review (loggkontroll): who has read a person's data, and what a user has read.

Used by administrators in the web and by the `readlog` command. The log is
large, so lists are keyset-paginated newest first and exports are streamed.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone

from fotfaste.core.keyset import decode_cursor, encode_cursor
from fotfaste.people.models import ADDRESS_FIELDS, Person

from .guard import unrestricted
from .models import ChangeLogEntry, Channel, ReadLogEntry
from .services import Actor, log_reads

# What a review is recorded as in the read log.
WHAT_PAGE = "loggkontroll"
WHAT_EXPORT = "loggexport"

EXPORT_HEADER = ("tidpunkt", "anvandare", "personnummer", "vad", "kanal", "ip")

# Change histories are short; the cap only guards the page against a runaway import.
CHANGE_HISTORY_LIMIT = 200


@dataclass(frozen=True)
class LogQuery:
    """What to review. `personnummer` is the normalised 12-character form."""

    personnummer: str = ""
    username: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_params(self) -> dict[str, str]:
        """The query as URL parameters, for the next page and the export link."""
        params = {
            "personnummer": self.personnummer,
            "anvandare": self.username,
            "fran": self.date_from.isoformat() if self.date_from else "",
            "till": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in params.items() if value}


def read_log(query: LogQuery) -> QuerySet[ReadLogEntry]:
    """The read-log entries matching `query`, newest first."""
    return _matching(ReadLogEntry.objects.all(), query).order_by("-at", "-id")


def _matching(qs: QuerySet, query: LogQuery) -> QuerySet:
    # Both logs copy personnummer and username, so reviews work after a person or user is removed.
    if query.personnummer:
        qs = qs.filter(personnummer=query.personnummer)
    if query.username:
        qs = qs.filter(username=query.username)
    if query.date_from:
        qs = qs.filter(at__gte=start_of_day(query.date_from))
    if query.date_to:
        # Up to and including the whole `date_to` day.
        qs = qs.filter(at__lt=start_of_day(query.date_to + timedelta(days=1)))
    return qs


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in local (Swedish) time: users think in local days."""
    return timezone.make_aware(datetime.combine(day, time.min))


def newest_first_page(qs: QuerySet[ReadLogEntry], cursor: str | None, size: int):
    """Entries older than `cursor`, newest first, as (rows, next_cursor or None).

    fotfaste.core.keyset pages in ascending order only; the log is read newest
    first, so this walks ("-at", "-id") downwards with the same opaque, signed
    cursor (the last row's id). The id breaks ties between entries written in
    the same instant (log_reads stamps a whole batch alike). An unreadable
    cursor starts from the newest entry.
    """
    qs = qs.order_by("-at", "-id")
    pk = decode_cursor(ReadLogEntry, cursor) if cursor else None
    if pk is not None:
        position = qs.filter(pk=pk).values_list("at", "id").first()
        if position is not None:
            at, last_id = position
            qs = qs.filter(Q(at__lt=at) | Q(at=at, id__lt=last_id))
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = encode_cursor(ReadLogEntry, rows[-1].pk)
    return rows, next_cursor


def local_timestamp(at: datetime) -> str:
    """ISO 8601 in local time with offset and whole seconds, e.g. 2026-11-23T14:05:09+01:00."""
    return timezone.localtime(at).isoformat(timespec="seconds")


def formatted_personnummer(number: str) -> str:
    """YYYYMMDD-NNNN; the log keeps numbers as stored, so this never re-validates."""
    return f"{number[:8]}-{number[8:]}" if len(number) == 12 else number


# Entries per read of the log during an export, and so per write to the read log.
EXPORT_BATCH = 1000


def logged_entries(actor: Actor, query: LogQuery, what: str, fields: tuple[str, ...]) -> Iterator[tuple]:
    """The entries matching `query`, newest first, as (at, personnummer, *fields) tuples, for an export.

    The review is a read of every person it reveals, written to the read log before the person
    is sent: a review of one person's log logs that person before anything else; a review of a
    user's log logs each batch's persons (those not yet logged by this export) before the batch
    is yielded, so a client that disconnects was sent nothing unlogged and is not recorded as
    having read what it never received. The log is read in keyset batches rather than through
    one open cursor, since the export writes to the table it reads; its own entries are newer
    than the first batch and so never appear in a user's export, while a person's export, logged
    before the first read, lists itself first.
    """
    if query.personnummer:
        record_review(actor, query, what)
    logged: set[str] = set()
    qs = read_log(query).values_list("at", "id", "personnummer", *fields)
    after = None
    while True:
        page = qs if after is None else qs.filter(Q(at__lt=after[0]) | Q(at=after[0], id__lt=after[1]))
        rows = list(page[:EXPORT_BATCH])
        if not query.personnummer:
            new = sorted({personnummer for _at, _id, personnummer, *_rest in rows} - logged)
            if new:
                log_reads(actor, persons_to_log(new), what)
                logged.update(new)
        for at, _id, *rest in rows:
            yield (at, *rest)
        if len(rows) < EXPORT_BATCH:
            return
        after = rows[-1][:2]


def export_rows(actor: Actor, query: LogQuery) -> Iterator[tuple[str, ...]]:
    """The CSV rows (header first) for an export opened in a spreadsheet.

    The personnummer keeps its hyphen so Excel reads it as text, not as a
    12-digit number; fotfaste.core.export keeps every cell from being read as a formula.
    """
    channels = dict(Channel.choices)
    yield EXPORT_HEADER
    fields = ("username", "what", "channel", "ip")
    for at, personnummer, username, what, channel, ip in logged_entries(actor, query, WHAT_EXPORT, fields):
        yield (
            local_timestamp(at),
            username,
            formatted_personnummer(personnummer),
            what,
            str(channels.get(channel, channel)),
            ip or "",
        )


COMMAND_HEADER = ("tidpunkt", "anvandare", "personnummer", "vad")


def command_rows(actor: Actor, query: LogQuery) -> Iterator[tuple[str, ...]]:
    """The CSV rows (header first) the `readlog` command prints, for scripts and archives."""
    yield COMMAND_HEADER
    for at, personnummer, username, what in logged_entries(actor, query, WHAT_EXPORT, ("username", "what")):
        yield local_timestamp(at), username, personnummer, what


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    hidden: bool  # the value is a protected person's address and is never shown


@dataclass(frozen=True)
class ChangeRow:
    at: datetime
    username: str
    action: str
    fields: list[FieldChange]


def change_history(query: LogQuery) -> tuple[list[ChangeRow], bool]:
    """Changes to the queried person, newest first, as (rows, more_than_shown).

    The user and date filters apply as to the read log. Address values are
    hidden for a protected person, and also when the person is no longer in the
    register, since then protection cannot be ruled out.
    """
    if not query.personnummer:
        return [], False
    # Only the protection flag is read, to decide what to hide; like persons_to_log this
    # bypasses restrict() because reviewing the logs is the administrator's task (the ground is
    # that duty, and the review itself is logged against the person by record_review).
    with unrestricted("loggkontroll"):
        protection = Person.objects.filter(personnummer=query.personnummer).values_list("protection", flat=True).first()
    hide_address = protection is None or bool(protection)
    qs = _matching(ChangeLogEntry.objects.all(), query)
    entries = list(qs.order_by("-at", "-id")[: CHANGE_HISTORY_LIMIT + 1])
    rows = [
        ChangeRow(
            at=entry.at,
            username=entry.username,
            action=entry.action,
            fields=[
                FieldChange(
                    label=field_label(name),
                    before=str(entry.before.get(name, "")),
                    after=str(entry.after.get(name, "")),
                    hidden=hide_address and name in ADDRESS_FIELDS,
                )
                for name in sorted({*entry.before, *entry.after}, key=_field_order)
            ],
        )
        for entry in entries[:CHANGE_HISTORY_LIMIT]
    ]
    return rows, len(entries) > CHANGE_HISTORY_LIMIT


def field_label(name: str) -> str:
    try:
        label = str(Person._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        # A field removed since the change was made: its name is all we have.
        return name
    return label[:1].upper() + label[1:]


def _field_order(name: str) -> tuple[int, str]:
    # The model's field order reads naturally (address before postal code).
    names = [f.name for f in Person._meta.concrete_fields]
    return (names.index(name), name) if name in names else (len(names), name)


def batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    # itertools.batched arrives only in Python 3.12.
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def persons_to_log(personnummers: Iterable[str]) -> list[Person]:
    """The person a review is about, only so the review can be recorded in the read log.

    This deliberately bypasses restrict(): administrators have no person
    scope, yet the law makes reviewing the log their task, and reviewing a
    person's log is itself a read of that person's data that must be logged
    against the person. The result is passed to log_reads and nowhere else;
    callers show nothing of it beyond the personnummer they already entered.
    """
    with unrestricted("loggkontroll"):
        return list(
            Person.objects.filter(personnummer__in=list(personnummers)).only("id", "personnummer", "protection")
        )


def record_review(actor: Actor, query: LogQuery, what: str, shown: Iterable[str] = ()) -> None:
    """Record a log review as a read of every person whose identity number it reveals.

    A review of one person's log is a read of that person. A review of a user's
    log lists the persons that user read: those shown on the page (`shown`); an
    export logs its persons batch by batch as it sends them (`logged_entries`).
    """
    numbers = [query.personnummer] if query.personnummer else sorted(set(shown))
    for chunk in batched(numbers, 1000):
        log_reads(actor, persons_to_log(chunk), what)

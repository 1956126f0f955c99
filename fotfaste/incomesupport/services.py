"""Who may read in income-support lists, reading one in (all or nothing, set-based), and its history.

The lists belong to the social-services unit that reads them in: a socialsekreterare in a unit of a
municipality party. Nobody else sees them, and nobody sees them person by person — not even that
unit: the page shows counts per month only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role
from fotfaste.registers import reader

from . import rules
from .models import IncomeSupportList, IncomeSupportMonth

BATCH_SIZE = 2000


# Access


def social_units(user) -> QuerySet[Unit]:
    """The units of a municipality in which the user is an active socialsekreterare."""
    if not user or not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    held = Membership.objects.filter(user=user, active=True, role=Role.SOCIAL_WORKER).values("unit_id")
    return (
        Unit.objects.filter(pk__in=held, party__municipality__isnull=False)
        .select_related("party", "party__municipality")
        .order_by("party__name", "name")
    )


def lists_allowed(user) -> bool:
    """Whether to offer the page in the navigation."""
    return social_units(user).exists()


def require_units(user) -> list[Unit]:
    """The user's social-services units; 403 for everyone else (the page names no person)."""
    units = list(social_units(user))
    if not units:
        raise PermissionDenied(_("Månadslistorna är till för socialsekreterare i en kommuns försörjningsstöd."))
    return units


# Reading a list in


class ListRefused(ValueError):
    """The list cannot be stored; `errors` are Swedish sentences naming row and column."""

    def __init__(self, errors: list[str]):
        super().__init__(errors[0] if errors else "")
        self.errors = errors


@dataclass(frozen=True)
class Result:
    stored: IncomeSupportList | None  # None when nothing was new (the same list or rows read before)
    rows: int
    persons: int
    per_month: list[tuple[date, int]]
    added: int
    notices: list[str]
    already_read: IncomeSupportList | None = None  # the earlier list with the very same file


def read(path: str | Path, today: date) -> tuple[reader.SourceFile, rules.Reading]:
    """The file checked row by row (streaming); ListRefused if it cannot be read at all."""
    try:
        source = reader.inspect_file(path)
        return source, rules.read_list(source.header, reader.iter_rows(source), today)
    except reader.RegisterFileError as exc:
        raise ListRefused([str(exc)]) from None


def import_list(
    *, unit: Unit, path: str | Path, file_name: str, user=None, user_name: str, today: date | None = None
) -> Result:
    """Store a list's person-months for `unit`, or nothing at all if any row is wrong (ListRefused).

    Insert-or-ignore against the unique (unit, personnummer, month): a list or rows read before add
    nothing, and then no list is recorded either, so reading the same file twice changes nothing.
    """
    municipality_id = unit.party.municipality_id
    if not municipality_id:
        raise ListRefused([_("Enheten hör inte till en kommun.")])
    today = today or timezone.localdate()
    source, reading = read(path, today)
    if reading.errors:
        raise ListRefused(reading.errors)
    per_month = reading.per_month()
    summary = dict(rows=reading.rows, persons=reading.persons, per_month=per_month, notices=reading.notices)
    earlier = IncomeSupportList.objects.filter(unit=unit, sha256=source.sha256, removed_at__isnull=True).first()
    if earlier is not None:
        return Result(stored=None, added=0, already_read=earlier, **summary)
    if not reading.entries:
        return Result(stored=None, added=0, **summary)
    with transaction.atomic():
        _lock(unit)
        stored = IncomeSupportList.objects.create(
            unit=unit,
            municipality_id=municipality_id,
            file_name=file_name[:255],
            sha256=source.sha256,
            first_month=per_month[0][0],
            last_month=per_month[-1][0],
            month_counts={f"{m:%Y-%m}": n for m, n in per_month},
            rows=reading.rows,
            persons=reading.persons,
            added=0,
            created_by=user if user is not None and user.is_authenticated else None,
            created_by_name=user_name[:150],
        )
        IncomeSupportMonth.objects.bulk_create(
            (
                IncomeSupportMonth(
                    unit=unit,
                    municipality_id=municipality_id,
                    personnummer=e.personnummer,
                    month=e.month,
                    sex=e.sex,
                    age=e.age,
                    list=stored,
                )
                for e in reading.entries.values()
            ),
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        # Rows that conflicted were ignored, so what carries this list's id is exactly what it added.
        added = IncomeSupportMonth.objects.filter(list=stored).count()
        if not added:
            stored.delete()
            return Result(stored=None, added=0, **summary)
        stored.added = added
        stored.save(update_fields=["added"])
    return Result(stored=stored, added=added, **summary)


def history(units: list[Unit], limit: int = 50) -> list[IncomeSupportList]:
    """The units' latest lists, newest first: counts only. `removable` marks each unit's latest list in force."""
    lists = list(IncomeSupportList.objects.filter(unit__in=units).select_related("unit")[:limit])
    seen: set[int] = set()
    for item in lists:
        item.removable = item.removed_at is None and item.unit_id not in seen
        if item.removed_at is None:
            seen.add(item.unit_id)
    return lists


# Taking a list back


def _lock(unit: Unit) -> None:
    """Reading in and taking back serialise per unit: which list is the latest must not change under either."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()


def list_for(units: list[Unit], list_id: int) -> IncomeSupportList:
    """One of the units' lists; another unit's is as missing as one that does not exist."""
    found = IncomeSupportList.objects.filter(pk=list_id, unit__in=units).select_related("unit").first()
    if found is None:
        raise Http404
    return found


def remove_latest(units: list[Unit], list_id: int, *, user_name: str, now=None) -> tuple[IncomeSupportList, int]:
    """Take back the unit's latest list: the person-months it added go, and the list is marked removed.

    Only the latest still in force: rows a later list also held were stored once, under the earlier list,
    so taking back an earlier one would take the later one's rows too. Taken back newest first, each step
    leaves exactly what was there before that list was read in. ListRefused otherwise; nothing changes.
    """
    with transaction.atomic():
        found = list_for(units, list_id)
        _lock(found.unit)
        found = IncomeSupportList.objects.select_related("unit").get(pk=found.pk)
        if found.removed_at is not None:
            raise ListRefused([_("Listan är redan borttagen.")])
        newer = (
            IncomeSupportList.objects.filter(unit=found.unit_id, removed_at__isnull=True)
            .filter(Q(created_at__gt=found.created_at) | Q(created_at=found.created_at, pk__gt=found.pk))
            .exists()
        )
        if newer:
            raise ListRefused(
                [
                    _(
                        "Bara enhetens senast inlästa lista kan tas bort: en senare lista kan ha samma personer "
                        "och månader. Ta bort den senare listan först."
                    )
                ]
            )
        removed, _per_model = IncomeSupportMonth.objects.filter(list=found).delete()
        found.removed_at = now or timezone.now()
        found.removed_by_name = user_name[:150]
        found.save(update_fields=["removed_at", "removed_by_name"])
    return found, removed

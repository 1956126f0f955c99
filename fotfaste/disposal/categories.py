"""What a retention rule can dispose: a small registry of categories.

A category is a Swedish label, a description of exactly what it removes, the counts it
reports, and one function `dispose(municipality, cutoff, *, exclude) -> counts` that
removes everything in its scope whose retention ended before `cutoff`:

- municipality: a municipality code, or None for every municipality
- exclude: with None, the municipalities left out (they have a rule of their own)

Categories run in `order`; persons (900) and register imports (1000) come last, because they
can only go once nothing refers to them any more. Another app registers its own category
from its AppConfig.ready() with `register(Category(...))`, with an order below 900 if its rows
refer to persons, and `register_personnummer_reference` for rows that name a person by
identity number instead of a foreign key.

What a category would remove is found by running `dispose` in a transaction that is rolled
back (Category.count, services.report): the dry run and the run share one code path, so
their counts cannot drift apart.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.kaa.models import KaaChange, KaaPeriod
from fotfaste.people.identity import IdentityNumberError, parse_identity_number
from fotfaste.people.models import Person
from fotfaste.registers.models import (
    ACTIVE_STATUSES,
    Certificate,
    EmploymentSpell,
    Enrolment,
    ImportChannel,
    RegisterImport,
    Registration,
)

from . import rules

logger = logging.getLogger(__name__)

# Rows per statement: small enough for SQLite's parameter limit and short locks, large enough to be quick.
CHUNK = 2000

DisposeFunction = Callable[..., dict[str, int]]


class DisposalError(Exception):
    """A disposal that must not go ahead; the message is a Swedish sentence for the administrator."""


class UnexpectedCascade(DisposalError):
    """Deleting would have removed rows of a model the category does not own; the transaction is rolled back."""


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    description: str
    # (key, Swedish label) of every count the category reports, in display order.
    what: tuple[tuple[str, str], ...]
    dispose: DisposeFunction
    order: int
    # What the rule's years are counted from, for the rule form ("år efter …").
    counted_from: str = _("att KAA upphörde")

    def empty_counts(self) -> dict[str, int]:
        return {key: 0 for key, _label in self.what}

    def count(self, municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
        """What dispose would remove now, on its own (a run's later categories also see earlier ones' work)."""
        with transaction.atomic():
            counts = self.dispose(municipality, cutoff, exclude=frozenset(exclude))
            transaction.set_rollback(True)
        return counts


_registry: dict[str, Category] = {}

# Models naming a person by identity number rather than by foreign key: (app_label.Model, field).
_personnummer_references: list[tuple[str, str]] = []

# Rows referring to a person that are disposed together with the person (docs/disposal.md).
# The change log holds the person's contact details before and after each change: keeping it
# would keep the very data the decision disposes. The read log has no foreign key to persons
# and its own retention; nothing here touches it.
DISPOSED_WITH_PERSON = frozenset({"access.ChangeLogEntry"})

# Rows that are part of an import itself and go with it: its error report and its staging rows.
OWNED_BY_IMPORT = frozenset(
    {
        "registers.ImportProblem",
        "registers.StagedPerson",
        "registers.StagedEnrolment",
        "registers.StagedCertificate",
        "registers.StagedSpell",
    }
)


def register(category: Category) -> Category:
    existing = _registry.get(category.code)
    if existing is not None and existing != category:
        raise ValueError(f"Disposal category {category.code!r} is already registered")
    _registry[category.code] = category
    return category


def register_personnummer_reference(model_label: str, field: str = "personnummer") -> None:
    """A person is kept while any row of this model names their identity number."""
    if (model_label, field) not in _personnummer_references:
        _personnummer_references.append((model_label, field))


def find(code: str) -> Category | None:
    return _registry.get(code)


def all_categories() -> list[Category]:
    return sorted(_registry.values(), key=lambda c: (c.order, c.code))


def choices() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in all_categories()]


# --- Helpers ------------------------------------------------------------------------------


def in_scope(qs: QuerySet, field: str, municipality: str | None, exclude: Iterable[str]) -> QuerySet:
    if municipality:
        return qs.filter(**{field: municipality})
    exclude = list(exclude)
    return qs.exclude(**{f"{field}__in": exclude}) if exclude else qs


def key_windows(sources: list[tuple[QuerySet, str]], size: int = CHUNK) -> Iterator[list]:
    """Ascending windows of distinct keys found in any of the sources (queryset, key field).

    Each window holds the `size` smallest keys after the previous window, taken from the first
    `size` of every source, so it never misses a key. Rows removed while iterating sit at or
    below the last window and do not disturb the rest.
    """
    last = None
    while True:
        keys: set = set()
        for qs, field in sources:
            page = qs if last is None else qs.filter(**{f"{field}__gt": last})
            keys.update(page.order_by(field).values_list(field, flat=True).distinct()[:size])
        window = sorted(keys)[:size]
        if not window:
            return
        yield window
        last = window[-1]


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def reverse_relations(model: type[Model]) -> list[ForeignObjectRel]:
    """Every relation from another model to this one, hidden ones (related_name="+") included."""
    return [f for f in model._meta.get_fields(include_hidden=True) if isinstance(f, ForeignObjectRel)]


def referenced_by(rel: ForeignObjectRel) -> Exists:
    return Exists(rel.related_model._base_manager.filter(**{rel.field.name: OuterRef("pk")}))


def delete(qs: QuerySet, allowed: Iterable[str] = ()) -> dict[str, int]:
    """qs.delete(), refusing any cascade into a model not in `allowed` (the queryset's own model always is)."""
    allowed = {qs.model._meta.label, *allowed}
    _total, per_model = qs.delete()
    unexpected = {label: n for label, n in per_model.items() if n and label not in allowed}
    if unexpected:
        # The model labels only: the rows themselves may hold personal data.
        raise UnexpectedCascade(
            _("Gallringen avbröts: den skulle också ha tagit bort %(modeller)s. Inget i steget gallrades.")
            % {"modeller": ", ".join(sorted(unexpected))}
        )
    return per_model


# --- 1. The KAA register ---------------------------------------------------------------------


def dispose_kaa_register(municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
    """For each person and municipality where all the KAA register holds ended before the cutoff: all of it.

    A (person, municipality) pair qualifies (rules.kaa_register_disposable) when the person has a
    KAA period, a change-list row or a population registration there, every period there ended
    before the cutoff, every import whose change list names them there is dated before it, and
    every registration there ended before it. Removed: the pair's KaaPeriod rows, KaaChange rows
    (the municipality's change lists, whichever import made them) and Registration rows in the municipality.
    """
    counts = dict.fromkeys(("kaa_periods", "kaa_changes", "registrations"), 0)
    periods = in_scope(KaaPeriod.objects.all(), "municipality_id", municipality, exclude)
    changes = in_scope(KaaChange.objects.all(), "municipality_id", municipality, exclude)
    registrations = in_scope(Registration.objects.all(), "municipality_id", municipality, exclude)
    # Only persons with something old enough can qualify; the rest are never read.
    sources = [
        (periods.filter(end_date__lt=cutoff), "person_id"),
        (changes.filter(register_import__as_of__lt=cutoff), "person_id"),
        (registrations.filter(end_date__lte=cutoff), "person_id"),
    ]
    for person_ids in key_windows(sources):
        ends: dict[tuple[int, str], list[date]] = defaultdict(list)
        for pid, muni, end in periods.filter(person_id__in=person_ids).values_list(
            "person_id", "municipality_id", "end_date"
        ):
            ends[(pid, muni)].append(end)
        listed: dict[tuple[int, str], list[date]] = defaultdict(list)
        for pid, muni, as_of in changes.filter(person_id__in=person_ids).values_list(
            "person_id", "municipality_id", "register_import__as_of"
        ):
            listed[(pid, muni)].append(as_of)
        registered: dict[tuple[int, str], list[date | None]] = defaultdict(list)
        for pid, muni, end in registrations.filter(person_id__in=person_ids).values_list(
            "person_id", "municipality_id", "end_date"
        ):
            registered[(pid, muni)].append(end)
        by_municipality: dict[str, list[int]] = defaultdict(list)
        for pid, muni in ends.keys() | listed.keys() | registered.keys():
            if rules.kaa_register_disposable(
                period_ends=ends.get((pid, muni), ()),
                change_dates=listed.get((pid, muni), ()),
                registration_ends=registered.get((pid, muni), ()),
                cutoff=cutoff,
            ):
                by_municipality[muni].append(pid)
        for muni, pids in sorted(by_municipality.items()):
            counts["kaa_periods"] += delete(KaaPeriod.objects.filter(municipality_id=muni, person_id__in=pids)).get(
                "kaa.KaaPeriod", 0
            )
            counts["kaa_changes"] += delete(KaaChange.objects.filter(municipality_id=muni, person_id__in=pids)).get(
                "kaa.KaaChange", 0
            )
            counts["registrations"] += delete(
                Registration.objects.filter(municipality_id=muni, person_id__in=pids)
            ).get("registers.Registration", 0)
    return counts


# --- 2. School records --------------------------------------------------------------------------


def birth_date_of(personnummer: str, known: dict[str, date]) -> date | None:
    if personnummer in known:
        return known[personnummer]
    try:
        return parse_identity_number(personnummer).birth_date
    except (IdentityNumberError, TypeError):
        return None  # never disposable: we cannot tell the person's age


def dispose_school_records(municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
    """Enrolments and certificates of persons whose school records can no longer matter for KAA.

    Judged per identity number, over every municipality (rules.school_records_disposable): the
    person turned 20 on or before the cutoff, has no KAA period left anywhere (the KAA register
    category, earlier in the run, removes those that ended before the cutoff), no ongoing
    population registration anywhere, every enrolment ended before it and every certificate was
    issued before it. Removed: the person's Enrolment and Certificate rows
    last set by an import of the rule's municipality (or of any, for a rule for all).
    """
    counts = dict.fromkeys(("enrolments", "certificates"), 0)
    enrolments = in_scope(Enrolment.objects.all(), "source_import__municipality_id", municipality, exclude)
    certificates = in_scope(Certificate.objects.all(), "source_import__municipality_id", municipality, exclude)
    sources = [
        (enrolments.filter(end_date__lt=cutoff), "personnummer"),
        (certificates.filter(issued__lt=cutoff), "personnummer"),
    ]
    for numbers in key_windows(sources):
        persons = {
            pnr: (pid, birth)
            for pnr, pid, birth in Person.objects.filter(personnummer__in=numbers).values_list(
                "personnummer", "id", "birth_date"
            )
        }
        ids = [pid for pid, _birth in persons.values()]
        in_kaa = set(KaaPeriod.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
        ongoing = set(
            Registration.objects.filter(person_id__in=ids, end_date__isnull=True).values_list("person_id", flat=True)
        )
        # All of the person's school rows, wherever imported: a person's record goes whole or not at all.
        enrolment_ends: dict[str, list[date | None]] = defaultdict(list)
        for pnr, end in Enrolment.objects.filter(personnummer__in=numbers).values_list("personnummer", "end_date"):
            enrolment_ends[pnr].append(end)
        issued: dict[str, list[date]] = defaultdict(list)
        for pnr, day in Certificate.objects.filter(personnummer__in=numbers).values_list("personnummer", "issued"):
            issued[pnr].append(day)
        births = {pnr: birth for pnr, (_pid, birth) in persons.items()}
        eligible = []
        for pnr in numbers:
            pid = persons[pnr][0] if pnr in persons else None
            if rules.school_records_disposable(
                birth_date=birth_date_of(pnr, births),
                has_kaa_period=pid in in_kaa,
                registration_ongoing=pid in ongoing,
                enrolment_ends=enrolment_ends.get(pnr, ()),
                certificate_dates=issued.get(pnr, ()),
                cutoff=cutoff,
            ):
                eligible.append(pnr)
        if eligible:
            counts["enrolments"] += delete(enrolments.filter(personnummer__in=eligible)).get("registers.Enrolment", 0)
            counts["certificates"] += delete(certificates.filter(personnummer__in=eligible)).get(
                "registers.Certificate", 0
            )
    return counts


def dispose_employment_spells(municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
    """Arbetsförmedlingen's spells that ended before the cutoff, read in for the rule's municipality."""
    spells = in_scope(EmploymentSpell.objects.all(), "source_import__municipality_id", municipality, exclude)
    removed = delete(spells.filter(end_date__lt=cutoff))
    return {"spells": removed.get("registers.EmploymentSpell", 0)}


# --- 3. Persons ---------------------------------------------------------------------------------


def persons_with_nothing_left(municipality: str | None, cutoff: date, exclude: Iterable[str] = ()) -> QuerySet:
    """Persons (by home municipality) unchanged since before the cutoff that nothing refers to any more.

    Every relation to Person is checked, whatever app it belongs to, except the change log that
    goes with the person; so is every model registered as naming persons by identity number.
    """
    qs = in_scope(Person.objects.all(), "home_municipality_id", municipality, exclude).filter(
        updated_at__lt=start_of(cutoff)
    )
    for rel in reverse_relations(Person):
        if rel.related_model._meta.label not in DISPOSED_WITH_PERSON:
            qs = qs.filter(~referenced_by(rel))
    for model_label, field in _personnummer_references:
        model = apps.get_model(model_label)
        qs = qs.filter(~Exists(model._base_manager.filter(**{field: OuterRef("personnummer")})))
    return qs


def dispose_persons(municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
    """Person rows with nothing left (persons_with_nothing_left), and their change-log rows."""
    counts = dict.fromkeys(("persons", "change_log_entries"), 0)
    candidates = persons_with_nothing_left(municipality, cutoff, exclude)
    for ids in key_windows([(candidates, "id")]):
        # The conditions are applied again in the DELETE itself, not trusted from the read.
        per_model = delete(candidates.filter(id__in=ids), allowed=DISPOSED_WITH_PERSON)
        counts["persons"] += per_model.get("people.Person", 0)
        counts["change_log_entries"] += per_model.get("access.ChangeLogEntry", 0)
    return counts


# --- 4. Register imports ------------------------------------------------------------------------


def unreferenced_imports(municipality: str | None, cutoff: date, exclude: Iterable[str] = ()) -> QuerySet:
    """Finished imports created before the cutoff that no fact, person or change list refers to any more."""
    qs = (
        in_scope(RegisterImport.objects.all(), "municipality_id", municipality, exclude)
        .filter(created_at__lt=start_of(cutoff))
        .exclude(status__in=ACTIVE_STATUSES)
    )
    for rel in reverse_relations(RegisterImport):
        # The import's own problems and staging go with it; a later import's link to it is set to NULL.
        if rel.related_model._meta.label in OWNED_BY_IMPORT or rel.related_model is RegisterImport:
            continue
        qs = qs.filter(~referenced_by(rel))
    return qs


def _forget_files(paths: list[str]) -> None:
    for path in paths:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            logger.warning("Kunde inte ta bort en uppladdad registerfil vid gallring (import-id i databasloggen)")


def dispose_register_imports(municipality: str | None, cutoff: date, *, exclude: Iterable[str] = ()) -> dict[str, int]:
    """RegisterImport rows (unreferenced_imports) with their problem reports and staging rows."""
    counts = dict.fromkeys(("imports", "import_problems", "staged_rows"), 0)
    candidates = unreferenced_imports(municipality, cutoff, exclude)
    for ids in key_windows([(candidates, "id")]):
        chunk = candidates.filter(id__in=ids)
        # An upload kept on the server holds personal data too; a command's own file is the operator's.
        uploads = [
            path
            for channel, path in chunk.values_list("channel", "stored_file")
            if channel == ImportChannel.WEB and path
        ]
        per_model = delete(chunk, allowed=OWNED_BY_IMPORT)
        counts["imports"] += per_model.get("registers.RegisterImport", 0)
        counts["import_problems"] += per_model.get("registers.ImportProblem", 0)
        counts["staged_rows"] += sum(n for label, n in per_model.items() if label.startswith("registers.Staged"))
        if uploads:
            # Only once the rows are really gone: a dry run is rolled back and keeps its files.
            transaction.on_commit(lambda paths=uploads: _forget_files(paths))
    return counts


# --- The built-in categories --------------------------------------------------------------------

register_personnummer_reference("registers.Enrolment")
register_personnummer_reference("registers.Certificate")
register_personnummer_reference("registers.EmploymentSpell")

KAA_REGISTER = register(
    Category(
        code="kaa_register",
        label=_("KAA-registret"),
        description=_(
            "För varje person och kommun där allt KAA-registret har om personen i kommunen slutade före "
            "gränsdatumet – alla KAA-perioder, alla folkbokföringsperioder och alla förändringslistor som nämner "
            "personen: personens KAA-perioder i kommunen, raderna om personen i kommunens förändringslistor och "
            "personens folkbokföringsperioder i kommunen. Den som fortfarande är folkbokförd i kommunen behålls. "
            "Gäller också folkbokföringen för den som aldrig omfattats av KAA."
        ),
        what=(
            ("kaa_periods", _("KAA-perioder")),
            ("kaa_changes", _("rader i förändringslistor")),
            ("registrations", _("folkbokföringsperioder")),
        ),
        dispose=dispose_kaa_register,
        order=100,
        counted_from=_("att KAA upphörde och personen slutade vara folkbokförd i kommunen"),
    )
)

SCHOOL_RECORDS = register(
    Category(
        code="school_records",
        label=_("Skoluppgifter"),
        description=_(
            "Inskrivningar och betyg eller intyg för personer som fyllt 20 år senast på gränsdatumet, som inte "
            "längre har någon KAA-period i någon kommun, som inte är folkbokförda i någon kommun och vars alla "
            "inskrivningar slutade och alla betyg och intyg utfärdades före gränsdatumet. Gäller också den som aldrig omfattats av KAA, till exempel den som tagit examen. "
            "En regel för en kommun gallrar de rader som kommunens importer lämnade."
        ),
        what=(("enrolments", _("inskrivningar")), ("certificates", _("betyg och intyg"))),
        dispose=dispose_school_records,
        order=200,
        counted_from=_("att den sista inskrivningen slutade eller det sista betyget utfärdades och KAA upphörde"),
    )
)

EMPLOYMENT_SPELLS = register(
    Category(
        code="af_inskrivning",
        label=_("Inskrivningar på Arbetsförmedlingen"),
        description=_(
            "Inskrivningsperioder från Arbetsförmedlingens register (af_inskrivning) vars sista dag låg före "
            "gränsdatumet och som lästes in för kommunen. Pågående inskrivningar behålls."
        ),
        what=(("spells", _("inskrivningsperioder")),),
        dispose=dispose_employment_spells,
        order=300,
        counted_from=_("att inskrivningen på Arbetsförmedlingen slutade"),
    )
)

PERSONS = register(
    Category(
        code="persons",
        label=_("Personposter"),
        description=_(
            "Personer med hemkommun i regelns kommun vars uppgifter inte ändrats sedan före gränsdatumet och som "
            "inget längre hänvisar till: inga KAA-perioder, ingen folkbokföring, inga enheter som arbetat med "
            "personen, inga inskrivningar eller betyg och inga uppgifter i andra delar av Fotfäste. Med "
            "personen gallras ändringsloggen över personens kontaktuppgifter. Läsloggen gallras inte."
        ),
        what=(("persons", _("personposter")), ("change_log_entries", _("rader i ändringsloggen"))),
        dispose=dispose_persons,
        order=900,
        counted_from=_("att personens uppgifter senast ändrades"),
    )
)

REGISTER_IMPORTS = register(
    Category(
        code="register_imports",
        label=_("Importposter och felrapporter"),
        description=_(
            "Avslutade registerimporter för regelns kommun som gjordes före gränsdatumet och som inga "
            "uppgifter, personer eller förändringslistor längre hänvisar till, med importens fel och "
            "meddelanden (som kan innehålla personnummer) och en kvarglömd uppladdad fil."
        ),
        what=(
            ("imports", _("registerimporter")),
            ("import_problems", _("fel och meddelanden")),
            ("staged_rows", _("rader i importernas mellanlager")),
        ),
        dispose=dispose_register_imports,
        order=1000,
        counted_from=_("att importen gjordes"),
    )
)

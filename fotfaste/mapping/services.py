"""Mappings: recording one (superseding the unit's previous), and what a viewer may see of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fotfaste.access.grounds import note_work
from fotfaste.access.models import ChangeLogEntry
from fotfaste.access.scope import casework_units_with_roles
from fotfaste.access.services import Actor, log_reads
from fotfaste.access.sharing import Sharing
from fotfaste.orgs.models import Agreement, Unit

from . import rules
from .models import BARRIERS, Mapping, NeedLevel, SensitiveBarrier, SensitiveBarrierKind

SENSITIVE_FIELDS = {
    SensitiveBarrierKind.HEALTH: "sensitive_health",
    SensitiveBarrierKind.DISABILITY: "sensitive_disability",
    SensitiveBarrierKind.SUBSTANCE_USE: "sensitive_substance_use",
}


# Who may map for which unit


@dataclass(frozen=True)
class MappingUnit:
    unit: Unit
    may_record_sensitive: bool


def mapping_units(user) -> list[MappingUnit]:
    """The user's casework units, each with whether the user may record sensitive barriers there."""
    return [
        MappingUnit(cu.unit, rules.may_record_sensitive(set(cu.user_roles), set(cu.unit_roles)))
        for cu in casework_units_with_roles(user)
    ]


# Need levels


def ensure_levels(agreement: Agreement) -> list[NeedLevel]:
    """The agreement's stored levels; the defaults are stored first when it has none, so mappings can point at them."""
    levels = list(NeedLevel.objects.filter(agreement=agreement).order_by("order", "pk"))
    if levels:
        return levels
    try:
        with transaction.atomic():
            NeedLevel.objects.bulk_create(
                NeedLevel(agreement=agreement, code=d.code, name=d.name, description=d.description, order=d.order)
                for d in rules.DEFAULT_LEVELS
            )
    except IntegrityError:
        pass  # another request stored them at the same moment
    return list(NeedLevel.objects.filter(agreement=agreement).order_by("order", "pk"))


@dataclass
class LevelChange:
    code: str  # an existing level's code, or "" for a new level
    name: str
    description: str
    order: int
    active: bool = True


@transaction.atomic
def save_levels(agreement: Agreement, changes: list[LevelChange]) -> list[NeedLevel]:
    """Rename, reorder, (de)activate and add an agreement's levels; an agreement on the defaults gets its own copy."""
    stored = {level.code: level for level in ensure_levels(agreement)}
    changed = {c.code: c for c in changes if c.code in stored}
    still_active = [code for code, level in stored.items() if changed.get(code, level).active]
    if not still_active and not any(c.active for c in changes if not c.code):
        raise ValidationError(_("Minst en behovsnivå måste vara aktiv."))
    for c in changes:
        if c.code and c.code in stored:
            level = stored[c.code]
            level.name, level.description, level.order, level.active = c.name, c.description, c.order, c.active
            level.save(update_fields=["name", "description", "order", "active"])
        elif not c.code:
            NeedLevel.objects.create(
                agreement=agreement,
                code=_free_code(c.name, set(stored)),
                name=c.name,
                description=c.description,
                order=c.order,
                active=c.active,
            )
    return list(NeedLevel.objects.filter(agreement=agreement).order_by("order", "pk"))


def _free_code(name: str, taken: set[str]) -> str:
    base = (slugify(name).replace("-", "_") or "niva")[:36]
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


# Recording


@transaction.atomic
def record_mapping(
    actor: Actor,
    person,
    *,
    unit: Unit,
    talk_date: date,
    education_level: str,
    driving_licence: str,
    cv: str,
    grades_note: str = "",
    work_experience: str = "",
    interests: str = "",
    goals: str = "",
    strengths: str = "",
    barriers: dict[str, str | None] | None = None,
    sensitive: dict[str, str | None] | None = None,
    need_level_code: str = "",
    own_words: str = "",
    today: date | None = None,
) -> Mapping:
    """A new mapping of the person by the unit; the unit's previous mapping is kept, marked superseded.

    `barriers` and `sensitive` map a barrier (economy, …; halsa, …) to its note: present means it applies.
    """
    today = today or timezone.localdate()
    allowed = {mu.unit.pk: mu for mu in mapping_units(actor.user)}
    if unit.pk not in allowed:
        raise PermissionDenied
    sensitive = {k: v for k, v in (sensitive or {}).items() if v is not None}
    if sensitive and not allowed[unit.pk].may_record_sensitive:
        first = next(k for k in SENSITIVE_FIELDS if k in sensitive)
        raise ValidationError(
            {
                SENSITIVE_FIELDS[first]: _(
                    "%(enhet)s får inte registrera hälsa, funktionsnedsättning eller missbruk: dokumentation i "
                    "det kommunala aktivitetsansvaret får inte innehålla känsliga personuppgifter. Ta bort "
                    "markeringen eller välj en annan enhet."
                )
                % {"enhet": unit.name}
            }
        )
    if talk_date > today:
        raise ValidationError({"talk_date": _("Datum för samtalet kan inte vara senare än i dag.")})
    need_level = None
    if need_level_code:
        need_level = next(
            (lv for lv in ensure_levels(unit.party.agreement) if lv.code == need_level_code and lv.active), None
        )
        if need_level is None:
            raise ValidationError(
                {"need_level": _("Behovsnivån finns inte i överenskommelsen för %(enhet)s.") % {"enhet": unit.name}}
            )
    barriers = {k: v for k, v in (barriers or {}).items() if v is not None}
    previous = (
        # Only the mapping row is locked: PostgreSQL cannot lock the nullable side of the level's outer join.
        Mapping.objects.select_for_update(of=("self",))
        .filter(person=person, unit=unit, superseded_at__isnull=True)
        .select_related("need_level")
        .first()
    )
    if previous is not None:
        previous.superseded_at = timezone.now()
        previous.save(update_fields=["superseded_at"])
    mapping = Mapping.objects.create(
        person=person,
        unit=unit,
        talk_date=talk_date,
        education_level=education_level,
        grades_note=grades_note,
        work_experience=work_experience,
        interests=interests,
        goals=goals,
        strengths=strengths,
        driving_licence=driving_licence,
        cv=cv,
        need_level=need_level,
        own_words=own_words,
        created_by=actor.user,
        created_by_name=actor.user.display_name()[:150],
        **{f"barrier_{key}": key in barriers for key, _label in BARRIERS},
        **{f"barrier_{key}_note": (barriers.get(key) or "")[:200] for key, _label in BARRIERS},
    )
    SensitiveBarrier.objects.bulk_create(
        SensitiveBarrier(mapping=mapping, barrier=kind, note=(note or "")[:200]) for kind, note in sensitive.items()
    )
    # A mapping talk is work with the young person: it keeps (or, on a duty, opens) the unit's own
    # ground — never under a consent alone.
    note_work(actor, person, unit, day=talk_date)
    _log(actor, person, previous, mapping)
    return mapping


def _summary(m: Mapping) -> dict:
    # Ids, dates and the level only: the change log is read in log review, and sensitive barriers stay out of it.
    return {
        "kartläggning": m.pk,
        "enhet": m.unit.name,
        "samtalsdatum": m.talk_date.isoformat(),
        "behovsnivå": m.need_level.name if m.need_level_id else "",
    }


def _log(actor: Actor, person, previous: Mapping | None, mapping: Mapping) -> None:
    ChangeLogEntry.objects.create(
        user=actor.user,
        username=actor.user.username,
        person=person,
        personnummer=person.personnummer,
        action="kartläggning: ny",
        before=_summary(previous) if previous else {},
        after=_summary(mapping),
    )


CARRIED_OVER = (
    "education_level",
    "grades_note",
    "work_experience",
    "interests",
    "goals",
    "strengths",
    "driving_licence",
    "cv",
    "own_words",
)


def initial_from_current(person, unit: Unit) -> dict:
    """The form's starting values from the unit's current mapping of the person, so a new one revises it."""
    m = (
        Mapping.objects.filter(person=person, unit=unit, superseded_at__isnull=True)
        .select_related("need_level")
        .first()
    )
    if m is None:
        return {}
    initial = {name: getattr(m, name) for name in CARRIED_OVER}
    for key, _label in BARRIERS:
        initial[f"barrier_{key}"] = getattr(m, f"barrier_{key}")
        initial[f"barrier_{key}_note"] = getattr(m, f"barrier_{key}_note")
    for b in m.sensitive_barriers.all():
        initial[SENSITIVE_FIELDS[b.barrier]] = True
        initial[f"{SENSITIVE_FIELDS[b.barrier]}_note"] = b.note
    initial["need_level"] = m.need_level_code or ""
    return initial


# Reading


@dataclass
class ShownMapping:
    """A mapping as one viewer may see it: `sensitive` is None when the viewer may not see that part."""

    mapping: Mapping
    own: bool
    sensitive: list[SensitiveBarrier] | None = None
    history: list[Mapping] = field(default_factory=list)


def current_mappings(actor: Actor, person, sharing: Sharing) -> list[ShownMapping]:
    """The latest mapping of each unit the viewer may see; a mapping seen by consent is logged with it."""
    rows = (
        Mapping.objects.filter(person=person, superseded_at__isnull=True)
        .select_related("unit__party", "need_level")
        .order_by("-talk_date", "-created_at")
    )
    shown, used = [], set()
    for m in rows:
        if m.unit_id in sharing.own_unit_ids:
            shown.append(ShownMapping(m, own=True))
            continue
        consent_id = sharing.consent_for(Mapping.KIND, m.unit_id, m.unit.party_id)
        if consent_id is not None:
            shown.append(ShownMapping(m, own=False))
            used.add(consent_id)
    for consent_id in sorted(used):
        log_reads(actor, [person], f"kartläggning: {Mapping.KIND.value}", consent_id=consent_id)
    return shown


def get_mapping(actor: Actor, person, sharing: Sharing, mapping_id: int) -> ShownMapping:
    """One mapping in full with the unit's earlier ones; 404 when the viewer may not see it.

    Another unit's mapping needs a consent covering occupation and plans; its sensitive barriers
    also one covering health. Each consent used is logged.
    """
    m = (
        Mapping.objects.filter(person=person, pk=mapping_id)
        .select_related("unit__party", "need_level", "created_by")
        .first()
    )
    if m is None:
        raise Http404
    own = m.unit_id in sharing.own_unit_ids
    plan_consent = None if own else sharing.consent_for(Mapping.KIND, m.unit_id, m.unit.party_id)
    if not own and plan_consent is None:
        raise Http404
    health_consent = None if own else sharing.consent_for(SensitiveBarrier.KIND, m.unit_id, m.unit.party_id)
    history = list(
        Mapping.objects.filter(person=person, unit_id=m.unit_id)
        .exclude(pk=m.pk)
        .select_related("need_level")
        .order_by("-talk_date", "-created_at")
    )
    sensitive = list(m.sensitive_barriers.all()) if own or health_consent is not None else None
    if plan_consent is not None:
        log_reads(actor, [person], f"kartläggning: {Mapping.KIND.value}", consent_id=plan_consent)
    if health_consent is not None:
        log_reads(actor, [person], f"kartläggning: {SensitiveBarrier.KIND.value}", consent_id=health_consent)
    return ShownMapping(m, own=own, sensitive=sensitive, history=history)

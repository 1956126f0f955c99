"""Recording, answering, confirming and withdrawing consents. Views and the API call these.

The holder decides what it discloses. A consent names parties (or units of them) that may share;
the information a unit holds is shared under it only once that unit has confirmed the consent
(`confirm`). The recording unit confirms by recording a consent as given, for what it holds
itself; every other named unit that holds something confirms for itself and finds the consents
waiting for it in Mina uppgifter (`waiting_for_user`). Identity is disclosed only by a unit that
held the person on its own ground or a duty when it confirmed.

Who may do what:
- record: any casework user who may open the person, for their own unit;
- answer a requested consent (given/refused): the recording unit, which asked for it;
- confirm: each named unit, for itself;
- withdraw: the recording unit or any named unit (the young person may tell any of them; a
  withdrawal only narrows);
- attach the signed form: the recording unit, which holds the form. Scans are kept as versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import consents_in_force, has_work, holding_units, names_viewer, restrict
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change
from fotfaste.orgs.models import Membership, Party, Unit
from fotfaste.orgs.roles import CASEWORK_ROLES

from . import rules
from .models import (
    KIND_FIELDS,
    Consent,
    ConsentConfirmation,
    ConsentDocument,
    ConsentRecipient,
    ConsentSettings,
    ConsentStatus,
)


def shareable_parties(user) -> QuerySet[Party]:
    """Parties of the agreements the user's units belong to: those a consent can name."""
    scope = scope_for(user)
    return (
        Party.objects.filter(agreement__parties__units__in=scope.unit_ids)
        .distinct()
        .select_related("agreement")
        .order_by("agreement__name", "name")
    )


def shareable_units(user) -> QuerySet[Unit]:
    """Units of those parties that work with young people (someone holds a casework role there): a
    consent never names the IT department or the steering group, which see no person."""
    casework = Membership.objects.filter(unit=OuterRef("pk"), active=True, role__in=CASEWORK_ROLES)
    return (
        Unit.objects.filter(party__in=shareable_parties(user))
        .filter(Exists(casework))
        .select_related("party")
        .order_by("party__name", "name")
    )


def visible_consents(user, person_id: int) -> QuerySet[Consent]:
    """The person's consents the user may see: recorded by one of their units, or naming one of them."""
    scope = scope_for(user)
    named = ConsentRecipient.objects.filter(names_viewer(scope), consent=OuterRef("pk"))
    return (
        Consent.objects.filter(person_id=person_id)
        .filter(Q(recorded_by_unit_id__in=scope.unit_ids) | Q(Exists(named)))
        .select_related("recorded_by_unit__party", "agreement")
        .prefetch_related(
            Prefetch("recipients", queryset=ConsentRecipient.objects.select_related("party", "unit")),
            Prefetch("confirmations", queryset=ConsentConfirmation.objects.select_related("unit")),
            "documents",
        )
    )


def get_consent(actor: Actor, person, consent_id: int) -> Consent:
    consent = visible_consents(actor.user, person.pk).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    consent.person = person  # the person as opened (and logged); never read again behind restrict()
    return consent


def guardian_required(agreement) -> bool:
    settings = ConsentSettings.objects.filter(agreement=agreement).first() if agreement else None
    return settings.guardian_required_under_18 if settings else True


def _check_values(
    status: str,
    kinds: list[str],
    valid_from,
    valid_until,
    method: str,
    given_by: str,
    *,
    person=None,
    agreement=None,
    guardian_name: str = "",
) -> None:
    errors = {}
    if not kinds:
        errors["kinds"] = _("Välj minst en typ av information som får delas.")
    elif any(k not in KIND_FIELDS for k in kinds):
        errors["kinds"] = _("Okänd typ av information.")
    if status == ConsentStatus.GIVEN:
        if not valid_from:
            errors["valid_from"] = _("Ange från vilket datum samtycket gäller.")
        if not method:
            errors["method"] = _("Ange hur samtycket lämnades.")
        if not given_by:
            errors["given_by"] = _("Ange vem som lämnade samtycket.")
        elif person is not None:
            errors |= rules.guardian_problem(
                required=guardian_required(agreement),
                age=person.age_on(valid_from or timezone.localdate()),
                given_by=given_by,
                guardian_name=guardian_name,
            )
    problem = rules.period_problem(valid_from, valid_until)
    if problem:
        errors["valid_until"] = problem
    if errors:
        raise ValidationError(errors)


def _named_units(units: list[Unit], parties: list[Party], unit: Unit) -> list[tuple[int, int | None]]:
    """(party, unit or None) rows the consent names: whole parties, single units, and always the recorder."""
    rows: list[tuple[int, int | None]] = [(p.pk, None) for p in parties]
    whole = {p.pk for p in parties}
    rows += [(u.party_id, u.pk) for u in units if u.party_id not in whole]
    if unit.party_id not in whole and unit.pk not in {u.pk for u in units}:
        rows.append((unit.party_id, unit.pk))
    return sorted(set(rows), key=lambda r: (r[0], r[1] or 0))


def _duplicate(person, rows, kinds: list[str], status: str, valid_from, valid_until) -> Consent | None:
    """A consent for the same person that names the same parties and units, for the same kinds, still
    requested or given and in force over any of the same days: recording it again adds nothing."""
    if status not in (ConsentStatus.REQUESTED, ConsentStatus.GIVEN):
        return None
    candidates = Consent.objects.filter(
        person=person, status__in=(ConsentStatus.REQUESTED, ConsentStatus.GIVEN), withdrawn_at__isnull=True
    ).filter(**{field: kind in kinds for kind, field in KIND_FIELDS.items()})
    today = timezone.localdate()
    candidates = candidates.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    start, end = valid_from or date.min, valid_until or date.max
    for c in candidates.prefetch_related("recipients"):
        if sorted((r.party_id, r.unit_id) for r in c.recipients.all()) != [(p, u) for p, u in rows]:
            continue
        if c.status == ConsentStatus.GIVEN and (
            (c.valid_from or date.min) > end or (c.valid_until or date.max) < start
        ):
            continue
        return c
    return None


@transaction.atomic
def record_consent(
    actor: Actor,
    person,
    *,
    unit: Unit,
    parties: list[Party],
    units: list[Unit],
    kinds: list[str],
    purpose: str,
    status: str,
    method: str = "",
    given_by: str = "",
    guardian_name: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
    note: str = "",
) -> Consent:
    """Record a consent asked for, given or refused, for the user's own unit. The recording unit is
    always named; recorded as given, it confirms it for what it holds itself."""
    scope = scope_for(actor.user)
    if unit.pk not in scope.unit_ids:
        raise PermissionDenied(_("Du kan bara registrera samtycken för din egen enhet."))
    if status not in (ConsentStatus.REQUESTED, ConsentStatus.GIVEN, ConsentStatus.REFUSED):
        raise ValidationError({"status": _("Välj begärt, lämnat eller nekat.")})
    if not purpose.strip():
        raise ValidationError({"purpose": _("Ange ändamålet.")})
    _check_values(
        status,
        kinds,
        valid_from,
        valid_until,
        method,
        given_by,
        person=person,
        agreement=unit.party.agreement,
        guardian_name=guardian_name,
    )
    allowed_parties = set(shareable_parties(actor.user).values_list("pk", flat=True))
    allowed_units = set(shareable_units(actor.user).values_list("pk", flat=True))
    if any(p.pk not in allowed_parties for p in parties):
        raise ValidationError({"parties": _("Välj bara parter i er överenskommelse.")})
    if any(u.pk not in allowed_units for u in units):
        raise ValidationError({"units": _("Välj bara enheter som arbetar med unga i er överenskommelse.")})
    rows = _named_units(units, parties, unit)
    if len(rows) < 2:
        raise ValidationError({"parties": _("Välj minst en annan part eller enhet som uppgifterna delas med.")})
    twin = _duplicate(person, rows, kinds, status, valid_from, valid_until)
    if twin is not None:
        raise ValidationError(
            {
                "parties": _(
                    "Ett likadant samtycke finns redan (nr %(nr)d, %(status)s): samma parter, samma uppgifter och "
                    "samma tid. Öppna det i stället för att registrera det igen."
                )
                % {"nr": twin.pk, "status": ConsentStatus(twin.status).label.lower()}
            }
        )
    consent = Consent.objects.create(
        person=person,
        agreement=unit.party.agreement,
        purpose=purpose.strip()[:500],
        status=status,
        method=method,
        given_by=given_by,
        guardian_name=guardian_name,
        valid_from=valid_from,
        valid_until=valid_until,
        decided_on=timezone.localdate() if status != ConsentStatus.REQUESTED else None,
        note=note,
        recorded_by_unit=unit,
        recorded_by=actor.user,
        recorded_by_name=_name(actor.user),
        **{field: kind in kinds for kind, field in KIND_FIELDS.items()},
    )
    ConsentRecipient.objects.bulk_create(
        ConsentRecipient(consent=consent, party_id=party_id, unit_id=unit_id) for party_id, unit_id in rows
    )
    if status == ConsentStatus.GIVEN:
        _confirm(actor, person, consent, unit)
    _log(actor, person, consent, "samtycke registrerat", {}, {"status": status, "informationstyper": ",".join(kinds)})
    return consent


def _confirm(actor: Actor, person, consent: Consent, unit: Unit) -> ConsentConfirmation:
    holds = bool(holding_units(person.pk, [unit.pk], timezone.localdate()))
    try:
        with transaction.atomic():
            return ConsentConfirmation.objects.create(
                consent=consent,
                unit=unit,
                holds_identity=holds,
                confirmed_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
                confirmed_by_name=_name(actor.user),
            )
    except IntegrityError:
        raise ValidationError(_("%(enhet)s har redan bekräftat samtycket.") % {"enhet": unit.name}) from None


def _users_units(actor: Actor, consent: Consent) -> list[Unit]:
    """The user's casework units that the consent names (as units, or through their whole party)."""
    scope = scope_for(actor.user)
    named = [(r.party_id, r.unit_id) for r in consent.recipients.all()]
    units = Unit.objects.filter(pk__in=scope.unit_ids).select_related("party").order_by("name")
    return [u for u in units if any(p == u.party_id and (n is None or n == u.pk) for p, n in named)]


@transaction.atomic
def decide(
    actor: Actor,
    person,
    consent: Consent,
    *,
    status: str,
    method: str,
    given_by: str,
    guardian_name: str,
    valid_from: date | None,
    valid_until: date | None,
) -> Consent:
    """A requested consent is given or refused: answered by the unit that asked for it."""
    if consent.recorded_by_unit_id not in scope_for(actor.user).unit_ids:
        raise PermissionDenied(_("Bara den enhet som begärde samtycket registrerar svaret."))
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if not rules.can_move(locked.status, status):
        raise ValidationError(
            _("Samtycket kan inte ändras från ”%(fran)s” till ”%(till)s”.")
            % {"fran": ConsentStatus(locked.status).label, "till": ConsentStatus(status).label}
        )
    _check_values(
        status,
        locked.kinds,
        valid_from,
        valid_until,
        method,
        given_by,
        person=person,
        agreement=locked.agreement,
        guardian_name=guardian_name,
    )
    before = {"status": locked.status}
    locked.status, locked.method, locked.given_by = status, method, given_by
    locked.guardian_name, locked.valid_from, locked.valid_until = guardian_name, valid_from, valid_until
    locked.decided_on = timezone.localdate()
    locked.save()
    if status == ConsentStatus.GIVEN and not locked.confirmations.filter(unit=locked.recorded_by_unit).exists():
        _confirm(actor, person, locked, locked.recorded_by_unit)
    _log(actor, person, locked, "samtycke besvarat", before, {"status": status})
    return locked


def confirmable_units(actor: Actor, consent: Consent) -> list[Unit]:
    """The user's named units that have not yet confirmed a given consent still in force."""
    if status_today(consent) != ConsentStatus.GIVEN:
        return []
    confirmed = {c.unit_id for c in consent.confirmations.all()}
    return [u for u in _users_units(actor, consent) if u.pk not in confirmed]


@transaction.atomic
def confirm(actor: Actor, person, consent: Consent, *, unit: Unit | None = None) -> ConsentConfirmation:
    """The user's unit, named in the consent, lets it cover what the unit holds."""
    candidates = _users_units(actor, consent)
    if not candidates:
        raise PermissionDenied(_("Samtycket gäller inte din enhet."))
    if unit is None:
        open_units = [u for u in candidates if u.pk not in {c.unit_id for c in consent.confirmations.all()}]
        if len(open_units) != 1:
            raise ValidationError(
                {"unit": _("Välj vilken av dina enheter som bekräftar samtycket.")}
                if open_units
                else _("Din enhet har redan bekräftat samtycket.")
            )
        unit = open_units[0]
    elif unit.pk not in {u.pk for u in candidates}:
        raise PermissionDenied(_("Samtycket gäller inte den enheten."))
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if status_today(locked) != ConsentStatus.GIVEN:
        raise ValidationError(_("Bara ett lämnat samtycke som gäller kan bekräftas."))
    confirmation = _confirm(actor, person, locked, unit)
    _log(actor, person, locked, "samtycke bekräftat", {}, {"enhet": unit.name})
    return confirmation


@transaction.atomic
def withdraw(actor: Actor, person, consent: Consent, *, note: str) -> Consent:
    """The young person withdraws the consent: nothing is shared under it from this moment."""
    scope = scope_for(actor.user)
    if consent.recorded_by_unit_id not in scope.unit_ids and not _users_units(actor, consent):
        raise PermissionDenied(_("Samtycket gäller inte din enhet."))
    if not note.strip():
        raise ValidationError({"note": _("Skriv hur återkallelsen kom in.")})
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.status != ConsentStatus.GIVEN or locked.withdrawn_at:
        raise ValidationError(_("Bara ett lämnat samtycke kan återkallas."))
    locked.status = ConsentStatus.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_note = note.strip()[:500]
    locked.save()
    _log(actor, person, locked, "samtycke återkallat", {"status": ConsentStatus.GIVEN}, {"status": locked.status})
    return locked


def may_attach(actor: Actor, consent: Consent) -> bool:
    return consent.recorded_by_unit_id in scope_for(actor.user).unit_ids


@transaction.atomic
def attach_document(actor: Actor, person, consent: Consent, upload) -> ConsentDocument:
    """A new scan of the signed form; earlier versions are kept (removed only by a disposal decision)."""
    if not may_attach(actor, consent):
        raise PermissionDenied(_("Den enhet som registrerade samtycket har blanketten och bifogar den."))
    version = consent.documents.count() + 1
    document = ConsentDocument(
        consent=consent,
        name=upload.name[:255],
        uploaded_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        uploaded_by_name=_name(actor.user),
    )
    document.file.save(f"samtycke-{consent.pk}-v{version}{_suffix(upload.name)}", upload, save=False)
    document.save()
    _log(actor, person, consent, "blankett bifogad", {}, {"blankett": upload.name[:100], "version": version})
    return document


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _log(actor: Actor, person, consent: Consent, action: str, before: dict, after: dict) -> None:
    log_change(actor, person, action, {"samtycke": consent.pk, **after}, before)


def _name(user) -> str:
    display = getattr(user, "display_name", None)
    return (display() if callable(display) else getattr(user, "username", ""))[:150]


def status_today(consent: Consent, today: date | None = None) -> str:
    return rules.status_on(
        consent.status, consent.valid_from, consent.valid_until, consent.withdrawn_at, today or timezone.localdate()
    )


def may_record(user) -> bool:
    """Anyone in a casework role records consents for their own unit (KAA included)."""
    return bool(scope_for(user).unit_ids)


@dataclass(frozen=True)
class Waiting:
    """A named party or unit that has not confirmed the consent: what it holds is not yet shared."""

    party: str
    unit: str | None

    def __str__(self) -> str:
        return f"{self.unit}, {self.party}" if self.unit else self.party


def waiting_for(consent: Consent) -> list[Waiting]:
    """Whose confirmation the consent waits for: each named unit that has not confirmed, and each
    named whole party none of whose units has."""
    confirmed_units = {c.unit_id for c in consent.confirmations.all()}
    confirmed_parties = {c.unit.party_id for c in consent.confirmations.all()}
    waiting = []
    for r in consent.recipients.all():
        if r.unit_id is not None and r.unit_id not in confirmed_units:
            waiting.append(Waiting(r.party.name, r.unit.name))
        elif r.unit_id is None and r.party_id not in confirmed_parties:
            waiting.append(Waiting(r.party.name, None))
    return waiting


def waiting_for_user(user, today: date | None = None) -> list[Consent]:
    """Consents in force that wait for the confirmation of one of the user's units, for persons the
    user may see: named as the unit, or through the whole party when the unit holds something of the
    person — an own ground, a duty or recorded work (a party-wide consent does not ask every unit of
    a municipality)."""
    scope = scope_for(user)
    if not scope.unit_ids:
        return []
    today = today or timezone.localdate()
    named = ConsentRecipient.objects.filter(names_viewer(scope), consent=OuterRef("pk"))
    consents = (
        consents_in_force(today)
        .filter(Exists(named), person__in=restrict(user, on=today).values("pk"))
        .select_related("person", "recorded_by_unit")
        .prefetch_related(
            Prefetch("recipients", queryset=ConsentRecipient.objects.select_related("party", "unit")),
            Prefetch("confirmations", queryset=ConsentConfirmation.objects.select_related("unit")),
        )
        .order_by("valid_from", "pk")
    )
    units = {u.pk: u for u in Unit.objects.filter(pk__in=scope.unit_ids)}
    waiting = []
    for c in consents:
        confirmed = {k.unit_id for k in c.confirmations.all()}
        for r in c.recipients.all():
            if r.unit_id in units and r.unit_id not in confirmed:
                waiting.append(c)
                break
            if r.unit_id is None:
                mine = [u.pk for u in units.values() if u.party_id == r.party_id and u.pk not in confirmed]
                if mine and (holding_units(c.person_id, mine, today) or any(has_work(c.person_id, u) for u in mine)):
                    waiting.append(c)
                    break
    return waiting

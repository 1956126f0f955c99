"""Recording, deciding and withdrawing consents. Views and the API call these; they check access."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_change
from fotfaste.orgs.models import Party, Unit

from . import rules
from .models import KIND_FIELDS, Consent, ConsentRecipient, ConsentSettings, ConsentStatus


def shareable_parties(user) -> QuerySet[Party]:
    """Parties of the agreements the user's units belong to: those a consent can name."""
    scope = scope_for(user)
    return (
        Party.objects.filter(agreement__parties__units__in=scope.unit_ids)
        .distinct()
        .select_related("agreement")
        .order_by("agreement__name", "name")
    )


def visible_consents(user, person_id: int) -> QuerySet[Consent]:
    """The person's consents the user may see: recorded by one of their units, or naming one of them."""
    scope = scope_for(user)
    names_viewer = ConsentRecipient.objects.filter(
        Q(unit_id__in=scope.unit_ids) | Q(unit__isnull=True, party_id__in=scope.party_ids), consent=OuterRef("pk")
    )
    return (
        Consent.objects.filter(person_id=person_id)
        .filter(Q(recorded_by_unit_id__in=scope.unit_ids) | Q(Exists(names_viewer)))
        .select_related("recorded_by_unit__party", "agreement")
        .prefetch_related(Prefetch("recipients", queryset=ConsentRecipient.objects.select_related("party", "unit")))
    )


def get_consent(actor: Actor, person, consent_id: int) -> Consent:
    consent = visible_consents(actor.user, person.pk).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
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
    """Record a consent asked for, given or refused. The recording unit is always among those who share."""
    scope = scope_for(actor.user)
    if unit.pk not in scope.unit_ids:
        raise PermissionDenied
    if status not in (ConsentStatus.REQUESTED, ConsentStatus.GIVEN, ConsentStatus.REFUSED):
        raise ValidationError({"status": _("Välj begärt, lämnat eller nekat.")})
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
    allowed = set(shareable_parties(actor.user).values_list("pk", flat=True))
    if any(p.pk not in allowed for p in parties) or any(u.party_id not in allowed for u in units):
        raise ValidationError({"parties": _("Välj bara parter i er överenskommelse.")})
    named_parties = {p.pk for p in parties} | {u.party_id for u in units}
    if len(named_parties | {unit.party_id}) < 2 and not units:
        raise ValidationError({"parties": _("Välj minst en annan part eller enhet som uppgifterna delas med.")})
    consent = Consent.objects.create(
        person=person,
        agreement=unit.party.agreement,
        purpose=purpose,
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
        recorded_by_name=actor.user.username,
        **{field: kind in kinds for kind, field in KIND_FIELDS.items()},
    )
    recipients = [ConsentRecipient(consent=consent, party=p) for p in parties]
    recipients += [
        ConsentRecipient(consent=consent, party_id=u.party_id, unit=u)
        for u in units
        if u.party_id not in {p.pk for p in parties}
    ]
    if unit.party_id not in {p.pk for p in parties} and unit.pk not in {u.pk for u in units}:
        recipients.append(ConsentRecipient(consent=consent, party_id=unit.party_id, unit=unit))
    ConsentRecipient.objects.bulk_create(recipients)
    _log(actor, person, consent, "samtycke registrerat", {}, {"status": status, "informationstyper": ",".join(kinds)})
    return consent


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
    """A requested consent is given or refused."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if not rules.can_move(consent.status, status):
        raise ValidationError(
            _("Samtycket kan inte ändras från ”%(fran)s” till ”%(till)s”.")
            % {"fran": ConsentStatus(consent.status).label, "till": ConsentStatus(status).label}
        )
    _check_values(
        status,
        consent.kinds,
        valid_from,
        valid_until,
        method,
        given_by,
        person=person,
        agreement=consent.agreement,
        guardian_name=guardian_name,
    )
    before = {"status": consent.status}
    consent.status, consent.method, consent.given_by = status, method, given_by
    consent.guardian_name, consent.valid_from, consent.valid_until = guardian_name, valid_from, valid_until
    consent.decided_on = timezone.localdate()
    consent.save()
    _log(actor, person, consent, "samtycke besvarat", before, {"status": status})
    return consent


@transaction.atomic
def withdraw(actor: Actor, person, consent: Consent, *, note: str) -> Consent:
    """The young person withdraws the consent: nothing is shared under it from this moment."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.status != ConsentStatus.GIVEN or consent.withdrawn_at:
        raise ValidationError(_("Bara ett lämnat samtycke kan återkallas."))
    consent.status = ConsentStatus.WITHDRAWN
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_note = note
    consent.save()
    _log(actor, person, consent, "samtycke återkallat", {"status": ConsentStatus.GIVEN}, {"status": consent.status})
    return consent


@transaction.atomic
def attach_document(actor: Actor, person, consent: Consent, upload) -> Consent:
    if consent.document:
        # A new scan replaces the old one: the old file (personal data) goes too.
        consent.document.delete(save=False)
    consent.document.save(
        f"samtycke-{consent.pk}.pdf"
        if upload.name.lower().endswith(".pdf")
        else f"samtycke-{consent.pk}{_suffix(upload.name)}",
        upload,
        save=False,
    )
    consent.document_name = upload.name[:255]
    consent.save(update_fields=["document", "document_name", "updated_at"])
    _log(actor, person, consent, "blankett bifogad", {}, {"blankett": upload.name[:100]})
    return consent


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _log(actor: Actor, person, consent: Consent, action: str, before: dict, after: dict) -> None:
    log_change(actor, person, action, {"samtycke": consent.pk, **after}, before)


def status_today(consent: Consent, today: date | None = None) -> str:
    return rules.status_on(
        consent.status, consent.valid_from, consent.valid_until, consent.withdrawn_at, today or timezone.localdate()
    )


def may_record(user) -> bool:
    """Anyone in a casework role records consents for their own unit (KAA included)."""
    return bool(scope_for(user).unit_ids)

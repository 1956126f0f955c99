"""The KAA section of the person page: each period, why it started and ended, and the register rows behind it.

Only a KAA role of the municipality sees its register (the KAA documentation is
the school administration's; other parties get it through consent, later).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from fotfaste.registers.models import Certificate, Enrolment, RegisterImport, Registration

from .derivation import (
    REGISTRATION_ELSEWHERE,
    effective_registrations,
    latest_snapshot_of,
    school_fact,
    school_fact_visible,
    stored_registration,
)
from .models import EndReason, KaaPeriod, StartReason
from .rules import BY_AGE, twentieth_birthday

RULES_HELD = {
    1: _("folkbokförd i kommunen"),
    2: _("inte fyllt 20 år"),
    3: _("har gått ut grundskolan"),
    4: _("går inte i gymnasieskolan eller motsvarande"),
    5: _("saknar gymnasieexamen eller motsvarande"),
    6: _("har ingen gymnasieplats som börjar senast 15 september"),
}
RULES_FAILED = {
    1: _("inte längre folkbokförd i kommunen"),
    2: _("fyllde 20 år"),
    3: _("har inte gått ut grundskolan"),
    4: _("går i gymnasieskolan eller motsvarande"),
    5: _("har gymnasieexamen eller motsvarande"),
    6: _("har en gymnasieplats som börjar senast 15 september (sommarregeln)"),
}
REGISTRATION_END = {
    "utflyttad": _("utflyttad"),
    "avliden": _("avliden"),
    "saknas": _("saknades i ett senare folkbokföringsuttag"),
    "ny_folkbokforing": _("ny folkbokföring"),
}
CERTIFICATE_KINDS = {
    "grundskola": _("Grundskolan avslutad"),
    "gymnasieexamen": _("Gymnasieexamen"),
    "studiebevis": _("Studiebevis"),
    "anpassad_gymnasieskolebevis": _("Gymnasiebevis från anpassad gymnasieskola"),
    "motsvarande": _("Fullföljd motsvarande utbildning"),
}


@dataclass
class Fact:
    """One register row, described in words, with where it came from."""

    kind: str  # registration, enrolment, certificate
    text: str
    source_import: RegisterImport | None
    source_row: int | None


@dataclass
class PeriodView:
    period: KaaPeriod
    running: bool
    start_reason: str
    end_reason: str
    start_because: list[str] = field(default_factory=list)
    start_fact: Fact | None = None
    end_because: list[str] = field(default_factory=list)
    end_fact: Fact | None = None


def kaa_section(person, municipality_codes: frozenset[str], today: date) -> dict | None:
    """Context for kaa/person_section.html, or None when the viewer has no KAA role for any of it."""
    if not municipality_codes:
        return None
    periods = list(
        KaaPeriod.objects.filter(person=person, municipality_id__in=municipality_codes).select_related("municipality")
    )
    # Every registration of the person, for which municipality they count in (one at a time) and so which
    # school facts the viewer's municipalities may see; only the viewer's own are shown.
    every_registration = list(
        Registration.objects.filter(person=person)
        .select_related("source_import")
        .annotate(latest_snapshot=latest_snapshot_of("municipality_id"))
    )
    registrations = [r for r in every_registration if r.municipality_id in municipality_codes]
    counted = effective_registrations(stored_registration(r) for r in every_registration)
    # School facts only as the law lets the viewer's municipalities have them (derivation.school_fact_visible):
    # what their own files stated, and what concerns days the person was registered there.
    enrolments = [
        e
        for e in Enrolment.objects.filter(personnummer=person.personnummer).select_related("source_import")
        if any(school_fact_visible(school_fact(e), code, counted.get(code, ())) for code in municipality_codes)
    ]
    certificates = [
        c
        for c in Certificate.objects.filter(personnummer=person.personnummer).select_related("source_import")
        if any(school_fact_visible(school_fact(c), code, counted.get(code, ())) for code in municipality_codes)
    ]
    counted_by_ref = {c.ref: c for found in counted.values() for c in found}
    facts: dict[str, Fact] = {}
    for r in registrations:
        text = describe_registration(r) + counted_as(r, counted_by_ref.get(f"registration:{r.pk}"))
        facts[f"registration:{r.pk}"] = Fact("registration", text, r.source_import, r.source_row)
    for e in enrolments:
        facts[f"enrolment:{e.pk}"] = Fact("enrolment", describe_enrolment(e), e.source_import, e.source_row)
    for c in certificates:
        facts[f"certificate:{c.pk}"] = Fact("certificate", describe_certificate(c), c.source_import, c.source_row)
    views = [explain(p, facts, person.birth_date, today) for p in periods]
    return {
        "periods": views,
        "current": next((v for v in views if v.period.covers(today)), None),
        "registrations": [facts[f"registration:{r.pk}"] for r in registrations],
        "enrolments": [facts[f"enrolment:{e.pk}"] for e in enrolments],
        "certificates": [facts[f"certificate:{c.pk}"] for c in certificates],
    }


def explain(period: KaaPeriod, facts: dict[str, Fact], birth: date, today: date) -> PeriodView:
    basis = period.basis or {}
    view = PeriodView(
        period=period,
        running=period.covers(today),
        start_reason=StartReason(period.start_reason).label,
        end_reason=EndReason(period.end_reason).label,
        start_fact=facts.get(period.start_fact),
        end_fact=facts.get(period.end_fact),
    )
    registration = facts.get(basis.get("registration", ""))
    view.start_because.append(
        _("Folkbokförd i %(kommun)s: %(text)s") % {"kommun": period.municipality.name, "text": registration.text}
        if registration
        else RULES_HELD[1].capitalize()
    )
    view.start_because.append(
        _("Under 20 år (fyller 20 den %(datum)s)") % {"datum": twentieth_birthday(birth).isoformat()}
    )
    compulsory = basis.get("compulsory", "")
    if compulsory == BY_AGE:
        view.start_because.append(
            _("Skolplikten är fullgjord: efter 30 juni det år personen fyllde 16 (%(ar)d)") % {"ar": birth.year + 16}
        )
    elif compulsory in facts:
        view.start_because.append(_("Skolplikten är fullgjord: %(text)s") % {"text": facts[compulsory].text})
    view.start_because += [RULES_HELD[4].capitalize(), RULES_HELD[5].capitalize()]
    for rule in basis.get("end_rules", []):
        view.end_because.append(RULES_FAILED[rule].capitalize())
    return view


def _span(start: date | None, end: date | None, open_text: str) -> str:
    first = start.isoformat() if start else _("födseln")
    return f"{first} – {end.isoformat() if end else open_text}"


def describe_registration(r: Registration) -> str:
    if r.end_date:
        last_day = r.end_date.toordinal() - 1
        text = _span(r.start_date, date.fromordinal(last_day), "")
        return f"{text} ({REGISTRATION_END.get(r.end_kind, r.end_kind)})"
    if r.start_date is None:
        return _("sedan födseln eller invandringen")
    return _("sedan %(datum)s") % {"datum": r.start_date.isoformat()}


def counted_as(r: Registration, counted) -> str:
    """Where a newer file of another municipality has the person registered there, what still counts here."""
    if counted is None:
        return " " + _("(räknas inte: ett nyare uttag har personen folkbokförd i en annan kommun)")
    if counted.end != r.end_date and counted.end_kind == REGISTRATION_ELSEWHERE:
        last_day = date.fromordinal(counted.end.toordinal() - 1)
        return " " + _(
            "(räknas till %(datum)s: ett nyare uttag har personen folkbokförd i en annan kommun sedan dess)"
        ) % {"datum": last_day.isoformat()}
    return ""


def describe_enrolment(e: Enrolment) -> str:
    parts = [e.school_form]
    if e.programme:
        parts.append(e.programme)
    if e.school_unit:
        parts.append(e.school_unit)
    text = " ".join(parts) + ", " + _span(e.start_date, e.end_date, _("pågår"))
    if e.end_cause:
        text += ", " + _("slutorsak %(orsak)s") % {"orsak": e.end_cause}
    return text


def describe_certificate(c: Certificate) -> str:
    return f"{CERTIFICATE_KINDS.get(c.kind, c.kind)} {c.issued.isoformat()}"


def person_section(actor, person, sharing, today: date) -> dict | None:
    """The person page's KAA section: for the KAA role of the municipalities whose duty it carries."""
    from fotfaste.access.scope import scope_for

    return kaa_section(person, scope_for(actor.user).municipality_codes, today)

"""Three-party contracts (the young person, Arbetsförmedlingen, and the municipality or a folk high school)
of a participation, each party's signature date, the contract's follow-ups, and the contract printed.

The contract is part of the participation and held by the same unit: only that unit changes it, and saving
it is compare-and-set on the participation's `version` (participation.py). Its outcome is the
participation's outcome, recorded when the participation ends.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from fotfaste.access.services import Actor, log_change
from fotfaste.core.pdf import render_pdf, swedish_date
from fotfaste.orgs.models import Party, PartyKind
from fotfaste.people.presenters import address_lines

from .models import Contract, ContractCounterpart, ContractFollowUp, Participation, ParticipationStatus
from .participation import Opened, bump, lock, require_holder, user_name

CONTRACT_FIELDS = (
    "counterpart",
    "counterpart_name",
    "studies",
    "work",
    "start_date",
    "end_date",
    "signed_by_person_on",
    "signed_by_af_on",
    "signed_by_counterpart_on",
)
SIGNATURES = ("signed_by_person_on", "signed_by_af_on", "signed_by_counterpart_on")
# A participation that never became one has no contract.
NO_CONTRACT = frozenset({ParticipationStatus.NOT_SELECTED, ParticipationStatus.DECLINED})
TEMPLATE = "programmes/pdf/contract.html"


def contract_of(participation: Participation) -> Contract | None:
    return Contract.objects.filter(participation=participation).first()


def contract_problems(participation: Participation, data: dict, today: date) -> dict[str, str]:
    """Field → Swedish message for each problem; empty when the contract may be saved."""
    problems: dict[str, str] = {}
    if participation.status in NO_CONTRACT:
        problems["counterpart"] = _("Deltagandet har status %(status)s och kan inte ha något avtal.") % {
            "status": participation.get_status_display().lower()
        }
    if data.get("counterpart") not in ContractCounterpart.values:
        problems["counterpart"] = _("Välj om tredje part är kommunen eller en folkhögskola.")
    if not (data.get("counterpart_name") or "").strip():
        problems["counterpart_name"] = _(
            "Skriv tredje partens namn, till exempel kommunens förvaltning eller folkhögskolan."
        )
    if not (data.get("studies") or "").strip() and not (data.get("work") or "").strip():
        problems["studies"] = _("Skriv vad avtalet gäller: studier, arbete eller praktik, eller båda.")
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        problems["start_date"] = _("Ange när avtalet börjar gälla.")
    elif end is not None and end < start:
        problems["end_date"] = _("Avtalet kan inte sluta före det börjar.")
    for field in SIGNATURES:
        signed = data.get(field)
        if signed is not None and signed > today:
            problems[field] = _("Ett datum för underskrift kan inte ligga efter i dag.")
    return problems


@transaction.atomic
def save_contract(actor: Actor, opened: Opened, *, version: int, **data) -> Contract:
    """Draw up or change the participation's contract; EditConflict when someone saved in between."""
    require_holder(actor, opened.participation)
    current = lock(opened.participation, version)
    data = {f: data.get(f) for f in CONTRACT_FIELDS}
    for text in ("counterpart_name", "studies", "work"):
        data[text] = (data[text] or "").strip()
    problems = contract_problems(current, data, opened.today)
    if problems:
        raise ValidationError(problems)
    contract = contract_of(current)
    if contract is None:
        contract = Contract.objects.create(participation=current, created_by_name=user_name(actor.user), **data)
        what = "nytt"
    else:
        for field, value in data.items():
            setattr(contract, field, value)
        contract.save()
        what = "ändrat"
    bump(current, version)
    log_change(
        actor,
        opened.person,
        "trepartsavtal",
        {"deltagande": current.pk, "avtal": contract.pk, "ändring": what}
        | {f: str(data[f]) for f in SIGNATURES if data[f]},
    )
    return contract


def follow_up_problems(contract: Contract | None, data: dict, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if contract is None:
        problems["on"] = _("Deltagandet har inget trepartsavtal att följa upp. Skriv avtalet först.")
        return problems
    on = data.get("on")
    if on is None:
        problems["on"] = _("Ange vilken dag uppföljningen gjordes.")
    elif on > today:
        problems["on"] = _("Uppföljningen kan inte ligga efter i dag.")
    elif on < contract.start_date:
        problems["on"] = _("Uppföljningen kan inte vara före avtalets första dag %(start)s.") % {
            "start": contract.start_date.isoformat()
        }
    if not any((data.get(f) or "").strip() for f in ("studies", "work", "note")):
        problems["studies"] = _("Skriv hur studierna eller arbetet går, eller en anteckning.")
    return problems


@transaction.atomic
def add_follow_up(actor: Actor, opened: Opened, *, on: date, studies: str = "", work: str = "", note: str = ""):
    """A follow-up of the contract: how the studies and the work go. Appended, so it needs no version; the
    participation's row is locked so that it cannot slip in while the contract is being replaced."""
    require_holder(actor, opened.participation)
    current = Participation.objects.select_for_update().get(pk=opened.participation.pk)
    contract = contract_of(current)
    data = {"on": on, "studies": (studies or "").strip(), "work": (work or "").strip(), "note": (note or "").strip()}
    problems = follow_up_problems(contract, data, opened.today)
    if problems:
        raise ValidationError(problems)
    follow_up = ContractFollowUp.objects.create(contract=contract, by_name=user_name(actor.user), **data)
    log_change(actor, opened.person, "avtalsuppföljning", {"avtal": contract.pk, "datum": str(on)})
    return follow_up


# --- The contract printed --------------------------------------------------------------------------


def _af_name(participation: Participation) -> str:
    """Arbetsförmedlingen as the agreement names it (the holder itself when it is AF's unit)."""
    if participation.unit.party.kind == PartyKind.EMPLOYMENT_SERVICE:
        return participation.unit.party.name
    found = (
        Party.objects.filter(agreement_id=participation.programme.agreement_id, kind=PartyKind.EMPLOYMENT_SERVICE)
        .order_by("name")
        .values_list("name", flat=True)
        .first()
    )
    return found or "Arbetsförmedlingen"


def _signed(day: date | None) -> str:
    return swedish_date(day) if day else ""


def render_contract_pdf(contract: Contract, participation: Participation, person, *, today: date) -> bytes:
    """The contract as a tagged PDF/UA-1: the parties, what it covers, and each party's signature with its
    date (left blank to sign by hand where none is recorded). A protected identity's address is never printed."""
    name = f"{person.first_name} {person.last_name}"
    programme = participation.programme
    title = f"Trepartsavtal, {programme.name}, {name}"
    counterpart = f"{contract.counterpart_name} ({contract.get_counterpart_display().lower()})"
    af = _af_name(participation)
    period = (
        f"{swedish_date(contract.start_date)} – {swedish_date(contract.end_date)}"
        if contract.end_date
        else f"från {swedish_date(contract.start_date)}, tills vidare"
    )
    html = render_to_string(
        TEMPLATE,
        {
            "title": title,
            "programme": programme.name,
            "agreement": programme.agreement.name,
            "name": name,
            "personnummer": person.formatted_personnummer(),
            "address": address_lines(person),
            "af": af,
            "counterpart": counterpart,
            "studies": contract.studies,
            "work": contract.work,
            "period": period,
            "printed": swedish_date(today),
            "unit": f"{participation.unit.name}, {participation.unit.party.name}",
            "outcome": participation.get_outcome_display() if participation.outcome else "",
            "signatures": [
                ("Den unga", name, _signed(contract.signed_by_person_on)),
                ("Arbetsförmedlingen", af, _signed(contract.signed_by_af_on)),
                (
                    contract.get_counterpart_display(),
                    contract.counterpart_name,
                    _signed(contract.signed_by_counterpart_on),
                ),
            ],
        },
    )
    return render_pdf(html, title=title)

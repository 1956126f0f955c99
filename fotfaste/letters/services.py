"""Letters to young people: templates with placeholders, one letter or a batch, as tagged PDF.

Every person a letter is printed for is read through the access mechanism and
logged as an export. A person with protected identity gets a letter without any
address, and is listed so that the caseworker sends it the protected way
(through Skatteverket).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.grounds import restrict
from fotfaste.access.models import Channel
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads
from fotfaste.kaa.pdf import Letter, render_letters_pdf, swedish_date
from fotfaste.kaa.rules import twentieth_birthday
from fotfaste.orgs.models import Party, PartyKind
from fotfaste.outreach.services import municipality_of
from fotfaste.people.models import Person
from fotfaste.people.presenters import address_lines
from fotfaste.reference.models import Municipality

from .models import LetterBatch, LetterKind, LetterTemplate

PLACEHOLDERS = {
    "fornamn": _("mottagarens förnamn"),
    "efternamn": _("mottagarens efternamn"),
    "kommun": _("kommunens namn"),
    "handlaggare": _("ditt namn"),
    "telefon": _("telefonnumret i brevet"),
    "epost": _("e-postadressen i brevet"),
    "datum": _("dagens datum"),
    "fyller_20_datum": _("dagen mottagaren fyller 20"),
}
PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")

DEFAULTS = {
    LetterKind.INVITATION: (
        _("Välkommen till ett samtal om dina planer"),
        _(
            "Hej {fornamn}!\n\n"
            "Vi på {kommun} har i uppdrag att hålla kontakt med unga under 20 år som inte går i gymnasieskolan. "
            "Vi vill gärna träffa dig och prata om vad du vill göra framöver – studier, arbete eller något annat. "
            "Samtalet är frivilligt och kostar ingenting.\n\n"
            "Ring mig på {telefon} eller mejla {epost}, så bokar vi en tid som passar dig. "
            "Du får gärna ta med en vän eller förälder.\n\n"
            "Med vänlig hälsning"
        ),
    ),
    LetterKind.BEFORE_20: (
        _("Innan du fyller 20 år"),
        _(
            "Hej {fornamn}!\n\n"
            "Den {fyller_20_datum} fyller du 20 år. Fram till dess kan vi på {kommun} hjälpa dig att planera studier "
            "eller arbete, till exempel att läsa in gymnasiet på komvux eller folkhögskola. "
            "Efter 20-årsdagen finns det också stöd, men då på andra sätt.\n\n"
            "Vill du prata om dina möjligheter? Ring mig på {telefon} eller mejla {epost}.\n\n"
            "Med vänlig hälsning"
        ),
    ),
}

# A batch's PDF is kept this long, then deleted: it is full of names and addresses.
BATCH_FILE_HOURS = 24


class LetterError(ValueError):
    """The letters cannot be made; the message is Swedish."""


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def sender_name(municipality: Municipality) -> str:
    """The municipality as a sender: its party's name in an agreement ("Örebro kommun"), else "<name> kommun"."""
    party = Party.objects.filter(municipality=municipality, kind=PartyKind.MUNICIPALITY).order_by("id").first()
    return party.name if party else _("%(namn)s kommun") % {"namn": municipality.name}


def template_for(municipality: Municipality, kind: str) -> LetterTemplate:
    """The municipality's template of this kind, made from the default text the first time."""
    heading, body = DEFAULTS[LetterKind(kind)]
    template, _created = LetterTemplate.objects.get_or_create(
        municipality=municipality, kind=kind, defaults={"heading": str(heading), "body": str(body)}
    )
    return template


# Placeholders filled from the template's own contact fields, and what the field is called.
CONTACT_FIELDS = {
    "telefon": ("contact_phone", _("telefonnummer")),
    "epost": ("contact_email", _("e-postadress")),
}


@dataclass(frozen=True)
class TemplateGap:
    """What a template lacks before letters go out: contact details, and whether the text needs them."""

    template: LetterTemplate
    missing: tuple[str, ...]  # "telefon", "epost"
    unfilled: tuple[str, ...]  # of those, the placeholders the text uses: such a letter cannot be printed

    @property
    def missing_text(self) -> str:
        return _(" och ").join(str(CONTACT_FIELDS[name][1]) for name in self.missing)

    @property
    def placeholders_text(self) -> str:
        return ", ".join("{" + name + "}" for name in self.unfilled)


def template_gap(template: LetterTemplate) -> TemplateGap | None:
    """The template's missing contact details, or None when it has them all.

    A letter to a young person exists to make them get in touch: one without a way to do so is
    worth a warning, and one whose text asks them to call a number it does not give must not go out.
    """
    missing = tuple(name for name, (field, _label) in CONTACT_FIELDS.items() if not getattr(template, field).strip())
    if not missing:
        return None
    used = set(PLACEHOLDER.findall(template.heading + "\n" + template.body))
    return TemplateGap(template, missing, tuple(name for name in missing if name in used))


def check_printable(template: LetterTemplate) -> None:
    """LetterError (Swedish, naming what to fix) if the text uses a contact placeholder the template lacks."""
    gap = template_gap(template)
    if gap and gap.unfilled:
        raise LetterError(
            _(
                "Brevmallen ”%(brev)s” saknar %(saknas)s, men texten använder %(platshallare)s. Fyll i det i "
                "brevmallen eller ta bort %(platshallare)s ur texten innan breven skrivs ut."
            )
            % {
                "brev": template.get_kind_display(),
                "saknas": _(" och ").join(str(CONTACT_FIELDS[name][1]) for name in gap.unfilled),
                "platshallare": gap.placeholders_text,
            }
        )


def author_name(author) -> str:
    """The caseworker's name as the letter is signed: the name, the username only if there is none."""
    display = getattr(author, "display_name", None)
    return display() if callable(display) else getattr(author, "username", "")


def letter_for(template: LetterTemplate, person: Person, author, today: date, *, example: bool = False) -> Letter:
    """One letter. A contact detail the text needs but the template lacks is an error (check_printable);
    only the example, which nobody receives, shows where it would go, in brackets."""
    if not example:
        check_printable(template)
    municipality = template.municipality
    sender = sender_name(municipality)
    values = {
        "fornamn": person.first_name,
        "efternamn": person.last_name,
        "kommun": sender,
        "handlaggare": author_name(author),
        "telefon": template.contact_phone or _("[telefonnummer saknas i brevmallen]"),
        "epost": template.contact_email or _("[e-postadress saknas i brevmallen]"),
        "datum": swedish_date(today),
        "fyller_20_datum": swedish_date(twentieth_birthday(person.birth_date)),
    }
    paragraphs = tuple(p.strip() for p in fill(template.body, values).split("\n\n") if p.strip())
    signature = [values["handlaggare"], _("KAA-handläggare")]
    if template.contact_phone:
        signature.append(_("Telefon %(nr)s") % {"nr": template.contact_phone})
    if template.contact_email:
        signature.append(template.contact_email)
    return Letter(
        recipient_name=f"{person.first_name} {person.last_name}",
        address_lines=tuple(address_lines(person)),  # empty for a protected identity
        date=today,
        heading=fill(template.heading, values),
        paragraphs=paragraphs,
        sender_lines=tuple(line for line in (sender, template.sender_unit) if line),
        signature_lines=tuple(signature),
    )


def kaa_municipality(user, person: Person, today: date | None = None) -> Municipality:
    """The municipality on whose behalf the user writes to the person: the one whose outreach the person
    belongs to (outreach.services.municipality_of, the one rule for "the person's KAA municipality")."""
    code = municipality_of(person, scope_for(user).municipality_codes, today or timezone.localdate())
    if code is None:
        raise LetterError(_("Brev skrivs av KAA-handläggare i personens kommun."))
    return Municipality.objects.get(code=code)


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    protected: list[Person]  # no address printed: to be sent the protected way


def print_letters(
    actor: Actor, template: LetterTemplate, persons: list[Person], today: date, *, record_contact: bool
) -> Printed:
    """One PDF with a letter to each person; every person is logged as an export."""
    if not persons:
        raise LetterError(_("Det finns ingen att skriva brev till."))
    check_printable(template)
    letters = [letter_for(template, p, actor.user, today) for p in persons]
    title = _("%(brev)s – %(antal)d brev, %(datum)s") % {
        "brev": template.get_kind_display(),
        "antal": len(letters),
        "datum": today.isoformat(),
    }
    pdf = render_letters_pdf(letters, title=title)
    log_reads(actor, persons, _("brev: %(brev)s (export)") % {"brev": template.get_kind_display()})
    if record_contact:
        _record_contacts(actor, persons, template, today)
    return Printed(pdf, [p for p in persons if p.is_protected])


def _record_contacts(actor: Actor, persons: Iterable[Person], template: LetterTemplate, today: date) -> None:
    """A letter sent is a contact attempt; the young person counts as not reached until they answer."""
    from fotfaste.outreach.models import Channel, Outcome
    from fotfaste.outreach.services import record_contact

    note = _("Brev: %(brev)s") % {"brev": template.get_kind_display()}
    for person in persons:
        record_contact(
            actor,
            person.pk,
            contacted_on=today,
            channel=Channel.LETTER,
            outcome=Outcome.NOT_REACHED,
            note=note,
            today=today,
        )


def persons_for_batch(user, municipality: Municipality | None, person_ids: Iterable[int]) -> QuerySet[Person]:
    """The chosen persons the user may see, in name order (access-checked, not yet logged).

    The one way letters read persons: what a batch holds is always re-read through the user's access.
    """
    return (
        restrict(user).filter(pk__in=list(person_ids)).select_related("home_municipality").order_by("sort_name", "id")
    )


def batch_path(batch: LetterBatch) -> Path:
    directory = Path(settings.LETTER_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"brev-{batch.pk}-{batch.requested_at:%Y%m%d%H%M%S}.pdf"


def run_batch(batch: LetterBatch) -> None:
    """The background part of a batch: render, store the file, list the protected.

    The persons are read as the requesting user would read them now: whoever that user can no
    longer see (access ended since the batch was asked for, or the user was removed) is left out
    and only counted. Afterwards `person_ids` holds exactly those printed.
    """
    user = batch.requested_by
    actor = Actor(user=user, channel=Channel.WEB)
    persons = list(persons_for_batch(user, batch.municipality, batch.person_ids)) if user else []
    batch.left_out += len(batch.person_ids) - len(persons)
    batch.person_ids = [p.pk for p in persons]
    if not persons:
        raise LetterError(_("Ingen av de valda kunde skrivas ut: du har inte tillgång till dem."))
    template = template_for(batch.municipality, batch.kind)
    printed = print_letters(actor, template, persons, timezone.localdate(), record_contact=batch.record_contacts)
    path = batch_path(batch)
    path.write_bytes(printed.pdf)
    batch.file, batch.letters = str(path), len(persons)
    batch.protected_ids = [p.pk for p in printed.protected]


def remove_old_batch_files(now=None) -> int:
    """Delete batch PDFs older than BATCH_FILE_HOURS; the batch rows stay as a record."""
    now = now or timezone.now()
    removed = 0
    for batch in LetterBatch.objects.exclude(file="").filter(requested_at__lt=now - timedelta(hours=BATCH_FILE_HOURS)):
        Path(batch.file).unlink(missing_ok=True)
        batch.file = ""
        batch.save(update_fields=["file"])
        removed += 1
    return removed

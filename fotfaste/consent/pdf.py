"""A consent form (samtyckesblankett) to print and sign, as one tagged, accessible PDF (PDF/UA-1).

Written to the young person ("du") in plain Swedish: who may share, what, why and for how long,
that it is voluntary and can be withdrawn at any time, and where to sign. A person under 18 on
the day the form is printed gets a second block for the guardians' signatures.

The form never prints an address, not even for a person without protected identity: it is
handed over or sent in a letter of its own, and one rule for everybody cannot leak a protected
address. Laid out by WeasyPrint like the letters (fotfaste.core.pdf); no page numbers, for the
reason given there.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from fotfaste.core.pdf import render_pdf, swedish_date

from .models import Consent, InformationKind

TEMPLATE = "consent/pdf/form.html"
HEADING = "Samtycke till att dela uppgifter"
ADULT_AGE = 18

# One plain sentence per kind of information, to the young person; the kind's label is the heading.
KIND_EXPLANATIONS = {
    InformationKind.IDENTITY: "Vem du är och hur de når dig: namn, personnummer, adress, telefonnummer och e-post.",
    InformationKind.OCCUPATION_PLAN: (
        "Vad du gör just nu, till exempel studier, arbete eller praktik, vilka som arbetar med dig "
        "och vad ni har planerat tillsammans."
    ),
    InformationKind.EMPLOYMENT_SERVICE: (
        "Om du är inskriven hos Arbetsförmedlingen och vilka program eller insatser du har där."
    ),
    InformationKind.INCOME_SUPPORT: "Om du får försörjningsstöd (ekonomiskt bistånd) från socialtjänsten.",
    InformationKind.HEALTH: (
        "Uppgifter om din hälsa eller en funktionsnedsättning som har betydelse för vilket stöd du behöver."
    ),
}


def period_text(valid_from: date | None, valid_until: date | None) -> str:
    """The validity period as one sentence to the young person."""
    start = f"från {swedish_date(valid_from)}" if valid_from else "från det datum du skriver under"
    end = f"till och med {swedish_date(valid_until)}" if valid_until else "och tills vidare"
    return f"Samtycket gäller {start} {end}."


def document_title(consent: Consent) -> str:
    return f"{HEADING}, {consent.person}"


def render_consent_form(consent: Consent, *, today: date) -> bytes:
    """The consent as a form to sign: a tagged PDF/UA-1 in Swedish, titled with the heading and the person's name."""
    person = consent.person
    recording_unit = consent.recorded_by_unit
    recipients = consent.recipients.select_related("party", "unit").order_by("party__name", "unit__name")
    title = document_title(consent)
    html = render_to_string(
        TEMPLATE,
        {
            "title": title,
            "heading": HEADING,
            "collaboration": consent.agreement.name if consent.agreement_id else recording_unit.party.name,
            # Name and personnummer only: no address field reaches the template.
            "person_name": str(person),
            "personnummer": person.formatted_personnummer(),
            "purpose": consent.purpose,
            "recipients": [str(recipient) for recipient in recipients],
            "kinds": [(InformationKind(kind).label, KIND_EXPLANATIONS[kind]) for kind in consent.kinds],
            "period": period_text(consent.valid_from, consent.valid_until),
            "contact": f"{recording_unit.name}, {recording_unit.party.name}",
            "minor": person.age_on(today) < ADULT_AGE,
        },
    )
    return render_pdf(html, title=title)

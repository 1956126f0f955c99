"""Demo letter templates: the municipalities' default texts with a phone number and an e-mail address
filled in, so that the demo's KAA caseworkers can print letters at once."""

from django.utils.translation import gettext as _

from fotfaste.letters.models import LetterKind
from fotfaste.reference.models import Municipality

from .services import template_for

# PTS's range for fiction (070-174 06 05 – 99) and example.se, as everywhere in the demo.
CONTACTS = {
    "1880": ("070-174 06 10", "kaa@orebro.example.se"),
    "1814": ("070-174 06 11", "kaa@lekeberg.example.se"),
}


def demo_step(run) -> None:
    made = 0
    for code, (phone, email) in CONTACTS.items():
        municipality = Municipality.objects.get(code=code)
        for kind in LetterKind.values:
            template = template_for(municipality, kind)
            template.contact_phone, template.contact_email = phone, email
            template.save(update_fields=["contact_phone", "contact_email"])
            made += 1
    run.lines.append(_("Brevmallar med telefon och e-post: %(antal)d") % {"antal": made})

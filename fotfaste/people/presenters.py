"""What of a person may be shown: the single place that hides a protected person's address."""

from django.utils.translation import gettext as _

from .models import Person


def address_lines(person: Person) -> list[str]:
    if person.is_protected:
        return []
    lines = [person.street_address, f"{person.postal_code[:3]} {person.postal_code[3:]} {person.postal_town}".strip()]
    return [line for line in lines if line.strip()]


def protection_notice(person: Person) -> str:
    if not person.is_protected:
        return ""
    return _("%(skydd)s – adressen visas inte.") % {"skydd": person.get_protection_display()}


def public_fields(person: Person) -> dict[str, object]:
    """Person fields safe to output anywhere (API, exports): no address for a protected person."""
    data = {
        "personnummer": person.personnummer,
        "fornamn": person.first_name,
        "efternamn": person.last_name,
        "fodelsedatum": person.birth_date.isoformat(),
        "kon": person.sex,
        "kommunkod": person.home_municipality_id,
        "telefon": person.phone,
        "epost": person.email,
        "bakgrund": person.background,
        "skyddad": person.is_protected,
        "skyddstyp": person.protection or None,
    }
    if person.is_protected:
        data.update({"utdelningsadress": None, "postnummer": None, "postort": None})
    else:
        data.update(
            {
                "utdelningsadress": person.street_address,
                "postnummer": person.postal_code,
                "postort": person.postal_town,
            }
        )
    return data

"""The register as plain data, for comparing two databases that read the same files (fault and order tests).

Without ids or provenance, which depend on the order things were stored in: the facts a person has,
where they are registered, their school facts and their KAA periods.
"""

from fotfaste.kaa.models import KaaPeriod
from fotfaste.people.models import Person
from fotfaste.registers.models import Certificate, Enrolment, Registration

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "postal_town",
    "home_municipality_id",
    "protection",
    "background",
    "immigrated_on",
    "died_on",
)


def _text(value) -> str:
    return "" if value is None else str(value)


def register_state() -> dict:
    persons = {
        row["personnummer"]: {f: _text(row[f]) for f in PERSON_FIELDS}
        for row in Person.objects.values("personnummer", *PERSON_FIELDS)
    }
    return {
        "persons": dict(sorted(persons.items())),
        "registrations": sorted(
            [_text(v) for v in row]
            for row in Registration.objects.values_list(
                "person__personnummer", "municipality_id", "start_date", "end_date", "end_kind"
            )
        ),
        "enrolments": sorted(
            [_text(v) for v in row]
            for row in Enrolment.objects.values_list(
                "personnummer", "school_form", "programme", "start_date", "end_date", "end_cause", "school_unit"
            )
        ),
        "certificates": sorted(
            [_text(v) for v in row] for row in Certificate.objects.values_list("personnummer", "kind", "issued")
        ),
        "periods": sorted(
            [_text(v) for v in row]
            for row in KaaPeriod.objects.values_list(
                "person__personnummer", "municipality_id", "start_date", "end_date", "start_reason", "end_reason"
            )
        ),
    }

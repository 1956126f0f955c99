"""Disposal (gallring) of outreach documentation, as a category of fotfaste.disposal.

For a person and a municipality whose KAA in that municipality ended before the
cutoff (or who was never in its register), and whose outreach there was last
touched before it: their contact attempts, occupations and outreach case there.
Guardians are the person's contact data for outreach: they go once the person
has no outreach case left anywhere and were recorded before the cutoff.
Runs before the KAA register's own category, which removes the periods this
rule looks at.
"""

from datetime import date

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from fotfaste.disposal.categories import CHUNK, Category, delete, in_scope, register, start_of
from fotfaste.kaa.models import KaaPeriod

from .models import ContactAttempt, Guardian, Occupation, OutreachCase


def disposable_cases(municipality: str | None, cutoff: date, exclude):
    def same_pair(model, **condition):
        return Exists(
            model.objects.filter(person=OuterRef("person"), municipality=OuterRef("municipality"), **condition)
        )

    return (
        in_scope(OutreachCase.objects.all(), "municipality_id", municipality, exclude)
        .filter(updated_at__lt=start_of(cutoff))
        .exclude(same_pair(KaaPeriod, end_date__gte=cutoff))
        .exclude(same_pair(ContactAttempt, contacted_on__gte=cutoff))
        .exclude(same_pair(Occupation, verified_on__gte=cutoff))
    )


def dispose_outreach(municipality: str | None, cutoff: date, *, exclude=frozenset()) -> dict[str, int]:
    counts = {"contact_attempts": 0, "occupations": 0, "cases": 0, "guardians": 0}
    while True:
        chunk = list(
            disposable_cases(municipality, cutoff, exclude).values_list("id", "person_id", "municipality_id")[:CHUNK]
        )
        if not chunk:
            break
        by_municipality: dict[str, list[int]] = {}
        for _pk, person_id, code in chunk:
            by_municipality.setdefault(code, []).append(person_id)
        for code, person_ids in by_municipality.items():
            pair = {"municipality_id": code, "person_id__in": person_ids}
            counts["contact_attempts"] += delete(ContactAttempt.objects.filter(**pair)).get(
                "outreach.ContactAttempt", 0
            )
            counts["occupations"] += delete(Occupation.objects.filter(**pair)).get("outreach.Occupation", 0)
        counts["cases"] += delete(OutreachCase.objects.filter(pk__in=[pk for pk, _p, _m in chunk])).get(
            "outreach.OutreachCase", 0
        )
    guardians = in_scope(Guardian.objects.all(), "person__home_municipality_id", municipality, exclude).filter(
        created_at__lt=start_of(cutoff)
    )
    guardians = guardians.exclude(Exists(OutreachCase.objects.filter(person=OuterRef("person"))))
    counts["guardians"] = delete(guardians).get("outreach.Guardian", 0)
    return counts


OUTREACH = register(
    Category(
        code="outreach",
        label=_("Uppsökande verksamhet"),
        description=_(
            "Kontaktförsök, sysselsättningar och ärendet (tilldelning, nästa kontakt) för personer vars KAA i "
            "kommunen slutade före gränsdatumet, eller som aldrig fanns i registret, och vars uppsökande i kommunen "
            "senast ändrades före gränsdatumet. Vårdnadshavare gallras när personen inte har något ärende kvar och "
            "de registrerades före gränsdatumet."
        ),
        what=(
            ("contact_attempts", _("kontaktförsök")),
            ("occupations", _("sysselsättningar")),
            ("cases", _("ärenden")),
            ("guardians", _("vårdnadshavare")),
        ),
        dispose=dispose_outreach,
        order=50,
        counted_from=_("att KAA upphörde och det senaste kontaktförsöket"),
    )
)

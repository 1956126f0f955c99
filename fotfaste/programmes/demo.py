"""Demo programmes: Örebro's agreement picks its programmes from the catalogue; a few young people whom
the labour-market unit works with have consented to share their occupation, plans and AF registration
with AF, so AF's employment officer sees from which day they are eligible for a traineejobb and why.
Lekeberg configures nothing and so uses the four programmes shipped."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.consent.models import (
    Consent,
    ConsentConfirmation,
    ConsentMethod,
    ConsentRecipient,
    ConsentStatus,
    GivenBy,
)
from fotfaste.core.demo import full_name

from . import services

OREBRO_PROGRAMMES = (
    "utbildningskontrakt",
    "traineejobb_valfard",
    "traineejobb_bristyrke",
    "jobbgaranti_ungdomar",
    "ungkomp",
    "feriepraktik",
    "extratjanster",
)
PURPOSE = "Att kommunen och Arbetsförmedlingen tillsammans ska kunna erbjuda traineejobb eller utbildningskontrakt."


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO

    work_unit = run.unit("Arbetsmarknadsenheten")
    af_unit = run.unit("Arbetsförmedlingen Örebro, ungdomsteam")
    coordination = run.unit("Ungdomssamordning")
    agreement = work_unit.party.agreement
    for code in OREBRO_PROGRAMMES:
        services.add_from_catalogue(agreement, code)
    people = getattr(run, "programme_people", {}).get(OREBRO, {})
    shared = [*people.get("eligible", ()), *people.get("soon", ()), *people.get("birthday", ())]
    for person in shared:
        given_on = run.today - timedelta(days=run.rng.randint(5, 40))
        OwnGround.objects.create(person=person, unit=work_unit, start_date=given_on, basis=OwnBasis.WORK)
        consent = Consent.objects.create(
            person=person,
            agreement=agreement,
            purpose=PURPOSE,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.SIGNED_FORM,
            given_by=GivenBy.PERSON,
            valid_from=given_on,
            valid_until=given_on + timedelta(days=365),
            decided_on=given_on,
            recorded_by_unit=work_unit,
            recorded_by_name=full_name("samordnare"),
            covers_identity=True,
            covers_occupation_plan=True,
            covers_employment_service=True,
        )
        # The units that work on it, not the whole municipality: KAA has no part in it.
        ConsentRecipient.objects.bulk_create(
            [
                ConsentRecipient(consent=consent, party=work_unit.party, unit=work_unit),
                ConsentRecipient(consent=consent, party=coordination.party, unit=coordination),
                ConsentRecipient(consent=consent, party=af_unit.party),
            ]
        )
        ConsentConfirmation.objects.create(
            consent=consent, unit=work_unit, holds_identity=True, confirmed_by_name=full_name("samordnare")
        )
        ConsentConfirmation.objects.create(
            consent=consent, unit=af_unit, holds_identity=True, confirmed_by_name=full_name("arbetsformedlare")
        )
    run.lines.append(
        _(
            "Program: Örebro har %(program)d program ur katalogen; %(delar)d unga har samtyckt till att dela "
            "med Arbetsförmedlingen (traineejobb nu, snart och vid 20-årsdagen), %(kontrakt)d kan få utbildningskontrakt"
        )
        % {
            "program": len(OREBRO_PROGRAMMES),
            "delar": len(shared),
            "kontrakt": len(people.get("contract", ())),
        }
    )

"""Programmes' part of the disposal category `samverkan` (fotfaste.programmes.disposal): participations that
ended before the cutoff go with their contracts, follow-ups, step history and selection decisions; what runs
or ended later stays, and so does the selection's own record."""

from datetime import date

import pytest

from fotfaste.disposal.collaboration import COLLABORATION, dispose_collaboration
from fotfaste.programmes import services as programmes
from fotfaste.programmes.models import (
    Contract,
    ContractFollowUp,
    Participation,
    PlacePeriod,
    Selection,
    SelectionDecision,
    StepMove,
)

pytestmark = pytest.mark.django_db

CUTOFF = date(2024, 1, 1)
OLD, NEW = date(2022, 5, 1), date(2025, 5, 1)


def test_ended_participations_go_with_their_contracts_and_the_rest_stays(world):
    persons, units = world["persons"], world["units"]
    contract_programme = programmes.add_from_catalogue(world["agreements"]["orebro"], "utbildningskontrakt")
    trainee = programmes.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    lekeberg = programmes.add_from_catalogue(world["agreements"]["lekeberg"], "utbildningskontrakt")

    def take_part(person, programme, status, start=None, end=None, unit="kaa"):
        return Participation.objects.create(
            programme=programme, person=persons[person], unit=units[unit], step_since=OLD, status=status,
            started_on=start, ended_on=end,
        )  # fmt: skip

    old = take_part("asa", contract_programme, "fullfoljd", OLD, OLD)
    contract = Contract.objects.create(participation=old, counterpart="kommun", counterpart_name="AME", start_date=OLD)
    ContractFollowUp.objects.create(contract=contract, on=OLD, studies="Bra")
    StepMove.objects.create(participation=old, step=6, on=OLD)
    period = PlacePeriod.objects.create(
        programme=contract_programme, name="HT22", start_date=OLD, end_date=OLD, places=1
    )
    selection = Selection.objects.create(place_period=period, decided_on=OLD, decided_by_name="S", rationale="Ordning")
    SelectionDecision.objects.create(selection=selection, participation=old, result="vald")
    declined = take_part("ali", contract_programme, "avstar")
    Participation.objects.filter(pk=declined.pk).update(updated_at=OLD.isoformat() + "T12:00:00+00:00")
    running = take_part("asa", trainee, "deltar", OLD)
    later = take_part("ali", trainee, "avbruten", OLD, NEW)
    elsewhere = take_part("lekeberg", lekeberg, "fullfoljd", OLD, OLD, unit="lekeberg_kaa")

    dry = COLLABORATION.count("1880", CUTOFF)
    assert (dry["participations"], dry["contracts"]) == (2, 1)
    assert Participation.objects.count() == 5  # the dry run changed nothing
    counts = dispose_collaboration("1880", CUTOFF)
    assert (counts["participations"], counts["contracts"]) == (2, 1)
    assert set(Participation.objects.values_list("pk", flat=True)) == {running.pk, later.pk, elsewhere.pk}
    assert not Contract.objects.exists() and not ContractFollowUp.objects.exists() and not StepMove.objects.exists()
    assert not SelectionDecision.objects.exists() and Selection.objects.get() == selection

"""Demo outreach (fotfaste.outreach.demo): deterministic, plausible and consistent with the rules."""

import random
from datetime import date

import pytest

from fotfaste.outreach import rules
from fotfaste.outreach.demo import add_demo_outreach
from fotfaste.outreach.models import ContactAttempt, Guardian, Occupation, OutreachCase
from fotfaste.people.models import Person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 15)


@pytest.fixture
def people(world, test_numbers):
    orebro, lekeberg = world["persons"]["asa"].home_municipality, world["persons"]["lekeberg"].home_municipality
    made = {"1880": [], "1814": []}
    for i, number in enumerate(test_numbers[10::30][:80]):
        municipality = orebro if i % 4 else lekeberg
        made[municipality.code].append(
            Person.objects.create(
                personnummer=number, first_name=f"D{i}", last_name="Demo", home_municipality=municipality
            )
        )
    return made


def snapshot():
    return (
        sorted(
            ContactAttempt.objects.values_list("person__personnummer", "contacted_on", "channel", "outcome", "note")
        ),
        sorted(Occupation.objects.values_list("person__personnummer", "status", "valid_from", "verified_on")),
        sorted(Guardian.objects.values_list("person__personnummer", "name", "phone", "relation")),
        sorted(OutreachCase.objects.values_list("person__personnummer", "assigned_to__username", "next_contact_due")),
    )


def test_same_seed_same_outreach(world, people):
    first = add_demo_outreach(random.Random(7), TODAY, people, world["users"])
    before = snapshot()
    for model in (ContactAttempt, Occupation, Guardian, OutreachCase):
        model.objects.all().delete()
    assert add_demo_outreach(random.Random(7), TODAY, people, world["users"]) == first
    assert snapshot() == before
    for model in (ContactAttempt, Occupation, Guardian, OutreachCase):
        model.objects.all().delete()
    add_demo_outreach(random.Random(8), TODAY, people, world["users"])
    assert snapshot() != before


def test_demo_outreach_is_plausible_and_consistent(world, people):
    summary = add_demo_outreach(random.Random(1), TODAY, people, world["users"])
    assert summary["kontaktforsok"] > 40 and summary["arenden"] > 40
    assert summary["sysselsattningar"] > 0 and summary["vardnadshavare"] > 0 and summary["tilldelade"] > 0
    outcomes = set(ContactAttempt.objects.values_list("outcome", flat=True))
    assert {"nadd", "ej_nadd"} <= outcomes
    assert not ContactAttempt.objects.filter(contacted_on__gt=TODAY).exists()
    # Each case says what the rules say about its own attempts and occupations.
    for case in OutreachCase.objects.all():
        attempts = ContactAttempt.objects.filter(person=case.person, municipality=case.municipality)
        state = rules.contact_state(
            (rules.AttemptFact(a.contacted_on, a.outcome, a.pk) for a in attempts), rules.OutreachRules()
        )
        assert (case.last_contact_on, case.last_outcome, case.reached_on, case.next_contact_due) == (
            state.last_contact_on,
            state.last_outcome,
            state.reached_on,
            state.next_contact_due,
        )
        if case.occupation_status:
            assert Occupation.objects.filter(person=case.person, status=case.occupation_status).exists()
    # Work is assigned only to KAA caseworkers of the person's own municipality.
    assert set(
        OutreachCase.objects.filter(municipality="1880")
        .exclude(assigned_to=None)
        .values_list("assigned_to__username", flat=True)
    ) == {"kaa"}
    assert set(
        OutreachCase.objects.filter(municipality="1814")
        .exclude(assigned_to=None)
        .values_list("assigned_to__username", flat=True)
    ) == {"kaa.lekeberg"}
    # Guardians only for those under 18, with phone numbers from the range reserved for fiction.
    for g in Guardian.objects.select_related("person"):
        assert g.person.age_on(TODAY) < 18
        assert g.phone.startswith("070-174 06 ")

"""Disposal of outreach documentation: only where KAA and the outreach itself ended before the cutoff."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from fotfaste.disposal import services
from fotfaste.disposal.models import RetentionRule
from fotfaste.kaa.models import KaaPeriod
from fotfaste.outreach.models import ContactAttempt, Guardian, Occupation, OutreachCase

pytestmark = pytest.mark.django_db

RUN_ON = date(2026, 11, 1)  # a three-year rule cuts at 2023-11-01


def long_ago(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def outreach(person, *, kaa_ended: date, contacted: date):
    KaaPeriod.objects.create(
        person=person,
        municipality_id="1880",
        start_date=kaa_ended - timedelta(days=200),
        end_date=kaa_ended,
        start_reason="avbrott",
        end_reason="fyllt_20",
        derived_at=timezone.now(),
    )
    ContactAttempt.objects.create(
        person=person, municipality_id="1880", contacted_on=contacted, channel="telefon", outcome="nadd"
    )
    Occupation.objects.create(
        person=person, municipality_id="1880", status="arbete", valid_from=contacted, verified_on=contacted
    )
    Guardian.objects.create(person=person, name="Vårdnadshavare", phone="070-174 06 10")
    OutreachCase.objects.create(person=person, municipality_id="1880", last_contact_on=contacted)
    ContactAttempt.objects.filter(person=person).update(created_at=long_ago(contacted))
    Guardian.objects.filter(person=person).update(created_at=long_ago(contacted))
    OutreachCase.objects.filter(person=person).update(updated_at=long_ago(contacted))


@pytest.fixture
def scenario(world):
    # Each person's KAA history is the scenario's own, not the world's current periods.
    KaaPeriod.objects.all().delete()
    p = world["persons"]
    outreach(p["asa"], kaa_ended=date(2022, 5, 1), contacted=date(2022, 3, 1))  # all of it old: disposed
    outreach(p["ali"], kaa_ended=date(2025, 5, 1), contacted=date(2022, 3, 1))  # KAA ended recently: kept
    outreach(p["protected"], kaa_ended=date(2022, 5, 1), contacted=date(2024, 6, 1))  # recent contact: kept
    RetentionRule.objects.create(
        category="outreach", years_after_kaa_end=3, decision_reference="BUN 2026/12", decided_on=date(2026, 1, 20)
    )
    return world


def test_report_and_run_remove_only_what_ended_before_the_cutoff(scenario):
    report = services.report(RUN_ON)
    expected = {"contact_attempts": 1, "occupations": 1, "cases": 1, "guardians": 1}
    assert report.counts["outreach"] == expected
    assert ContactAttempt.objects.count() == 3  # a report changes nothing

    run = services.dispose(RUN_ON, "admin")
    assert run.counts["outreach"] == expected and not run.failure
    asa = scenario["persons"]["asa"]
    for model in (ContactAttempt, Occupation, OutreachCase, Guardian):
        assert not model.objects.filter(person=asa).exists()
        assert model.objects.count() == 2
    assert services.dispose(RUN_ON, "admin").counts["outreach"] == dict.fromkeys(expected, 0)

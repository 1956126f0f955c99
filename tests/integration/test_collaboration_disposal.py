"""Disposal of the collaboration's records: what ended before the cutoff goes, what is in use stays."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from fotfaste.consent.models import Consent, ConsentDocument
from fotfaste.disposal import categories
from fotfaste.disposal.collaboration import COLLABORATION, dispose_collaboration
from fotfaste.meetings.models import AgendaItem, Meeting
from fotfaste.plans.models import Measure, MeasureType, Plan
from fotfaste.records.models import PartyRecord
from fotfaste.team.models import TeamMember
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db

CUTOFF = date(2024, 1, 1)
OLD, NEW = date(2022, 5, 1), date(2025, 5, 1)


def populate(world):
    asa, units = world["persons"]["asa"], world["units"]
    parties = (units["kaa"].party, units["af"].party)
    old = give_consent(asa, units["kaa"], {"identitet"}, parties=parties)
    scan = ConsentDocument(consent=old, name="samtycke.pdf")
    scan.file.save("samtycke.pdf", ContentFile(b"%PDF-1.4 skannad"), save=True)
    Consent.objects.filter(pk=old.pk).update(valid_from=OLD, valid_until=OLD + timedelta(days=30))
    current = give_consent(asa, units["kaa"], {"identitet"}, parties=parties)
    for end in (OLD, None):
        TeamMember.objects.create(person=asa, unit=units["kaa"], name="K", role="kaa", start_date=OLD, end_date=end)
        PartyRecord.objects.create(
            person=asa, unit=units["af"], kind="af", title="Inskriven", start_date=OLD, end_date=end
        )
    closed = Plan.objects.create(person=asa, unit=units["kaa"], goal_kind="arbete", goal="Gammal", closed_on=OLD)
    Measure.objects.create(
        plan=closed, measure_type=MeasureType.objects.get(name="Praktik"), responsible="personen", planned_start=OLD
    )
    Plan.objects.create(person=asa, unit=units["kaa"], goal_kind="arbete", goal="Pågår")
    for day in (OLD, NEW):
        m = Meeting.objects.create(
            kind="trepartssamtal",
            unit=units["kaa"],
            title="Samtal",
            starts_at=timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10)),
        )
        AgendaItem.objects.create(meeting=m, person=asa)
    return old, current


def test_what_ended_before_the_cutoff_goes_and_what_is_in_use_stays(world, django_capture_on_commit_callbacks):
    old, current = populate(world)
    path = old.documents.get().file.path
    assert categories.find("samverkan") is COLLABORATION
    dry = COLLABORATION.count("1880", CUTOFF)
    assert dry["consents"] == 1 and dry["team_members"] == 1 and dry["records"] == 1
    assert dry["plans"] == 1 and dry["measures"] == 1 and dry["agenda_items"] == 1
    assert Consent.objects.count() == 2  # the dry run changed nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        counts = dispose_collaboration("1880", CUTOFF)
    assert len(callbacks) == 1
    assert counts == dry
    assert list(Consent.objects.values_list("pk", flat=True)) == [current.pk]
    assert TeamMember.objects.get().end_date is None and PartyRecord.objects.get().end_date is None
    assert list(Plan.objects.values_list("goal", flat=True)) == ["Pågår"]
    assert AgendaItem.objects.count() == 1
    import os

    assert not os.path.exists(path)  # the signed scan went with its consent


def test_another_municipality_keeps_its_records(world):
    populate(world)
    assert sum(COLLABORATION.count("1814", CUTOFF).values()) == 0

"""Disposal of the collaboration's records: what ended before the cutoff goes, what is in use stays."""

from datetime import date, datetime, time, timedelta

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


def test_files_for_scb_and_income_support_lists_made_before_the_cutoff_go(world, test_numbers):
    from fotfaste.incomesupport.models import IncomeSupportList, IncomeSupportMonth
    from fotfaste.scb.models import ScbExport, ScbVersion
    from fotfaste.scb.versions import load_shipped

    load_shipped()
    version = ScbVersion.objects.get()
    social = world["units"]["social"]

    def made(when, municipality="1880", number=40):
        export = ScbExport.objects.create(
            municipality_id=municipality, half="2025H1", version=version, version_code=version.code,
            spec=version.spec, filename="f.csv", content=b"1", created_by_name="Kaa",
        )  # fmt: skip
        listed = IncomeSupportList.objects.create(
            unit=social, municipality_id=municipality, file_name="l.csv", sha256="0" * 64,
            first_month=date(2025, 1, 1), last_month=date(2025, 1, 1), rows=1, persons=1, added=1,
            created_by_name="Sanna",
        )  # fmt: skip
        IncomeSupportMonth.objects.create(
            unit=social, municipality_id=municipality, personnummer=test_numbers[number], month=date(2025, 1, 1),
            sex="kvinna", age=20, list=listed,
        )  # fmt: skip
        ScbExport.objects.filter(pk=export.pk).update(created_at=when)
        IncomeSupportList.objects.filter(pk=listed.pk).update(created_at=when)
        return export, listed

    before = timezone.make_aware(datetime.combine(CUTOFF - timedelta(days=1), time(12)))
    after = timezone.make_aware(datetime.combine(CUTOFF + timedelta(days=1), time(12)))
    old_export, old_list = made(before)
    new_export, new_list = made(after, number=41)
    made(before, municipality="1814", number=42)
    counts = dispose_collaboration("1880", CUTOFF)
    assert (counts["scb_exports"], counts["income_support_lists"]) == (1, 1)
    assert set(ScbExport.objects.filter(municipality_id="1880").values_list("pk", flat=True)) == {new_export.pk}
    assert set(IncomeSupportList.objects.filter(municipality_id="1880").values_list("pk", flat=True)) == {new_list.pk}
    assert IncomeSupportMonth.objects.filter(list=old_list).count() == 0
    assert ScbExport.objects.filter(municipality_id="1814").count() == 1  # another municipality's rule

"""The annual follow-up of the agreement (issue 11): the coordinator writes the four sections beside the
goals' figures for the year; the steering group reads it and downloads it as PDF and XLSX; saving is
compare-and-set, so two editors never overwrite each other unseen."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from fotfaste.followup import annual
from fotfaste.followup.models import AnnualReview, Goal, Indicator
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(world, django_user_model):
    unit = Unit.objects.create(party=world["units"]["kaa"].party, name="Ungdomssamordning")
    user = django_user_model.objects.create_user(username="samordnare", password="x", first_name="Sara")
    Membership.objects.create(user=user, unit=unit, role=Role.COORDINATOR)
    goal = Goal.objects.create(agreement=world["agreements"]["orebro"], title="Fler unga i arbete eller studier")
    Indicator.objects.create(goal=goal, name="Unga i KAA", kind="kaa_antal", unit="antal")
    return user


def test_the_coordinator_writes_and_the_steering_group_reads_and_downloads(world, coordinator, login):
    orebro = world["agreements"]["orebro"]
    year = timezone.localdate().year
    url = f"/uppfoljning/arsuppfoljning/?avtal={orebro.pk}&ar={year}"
    web = login(coordinator)
    assert "Spara uppföljningen" in web.get(url).content.decode()
    texts = {
        "deviations": '=HYPERLINK("x")',
        "progress": "Fler i studier",
        "analysis": "Kvinnor nås mindre",
        "proposals": "Hembesök",
    }
    response = web.post("/uppfoljning/arsuppfoljning/", {"avtal": orebro.pk, "ar": year, "version": 0, **texts})
    assert response.status_code == 302
    review = AnnualReview.objects.get()
    assert (review.progress, review.version, review.updated_by_name) == ("Fler i studier", 1, "Sara")
    steering = login(world["users"]["styrgrupp"])
    page = steering.get(url).content.decode()
    assert "Kvinnor nås mindre" in page and "Spara uppföljningen" not in page and "Unga i KAA" in page
    assert (
        steering.post("/uppfoljning/arsuppfoljning/", {"avtal": orebro.pk, "ar": year, "version": 1}).status_code == 403
    )
    pdf = steering.get(f"/uppfoljning/arsuppfoljning.pdf?avtal={orebro.pk}&ar={year}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = load_workbook(
        io.BytesIO(steering.get(f"/uppfoljning/arsuppfoljning.xlsx?avtal={orebro.pk}&ar={year}").content)
    )
    cells = [c for row in book["Uppföljningens text"].iter_rows(values_only=True) for c in row]
    assert '\'=HYPERLINK("x")' in cells  # a formula never reaches the spreadsheet as one
    # Another agreement's users: nothing (Lekeberg's KAA caseworker reads no follow-up at all).
    assert login(world["users"]["kaa.lekeberg"]).get(url).status_code == 403
    assert (
        login(world["users"]["admin"])
        .get(f"/uppfoljning/arsuppfoljning/?avtal={world['agreements']['lekeberg'].pk}")
        .status_code
        == 404
    )


def test_a_second_editor_working_from_an_old_version_is_told_and_changes_nothing(world, coordinator):
    orebro, year = world["agreements"]["orebro"], 2025
    annual.save(orebro, year, 0, {"analysis": "Första"}, coordinator)
    annual.save(orebro, year, 1, {"analysis": "Andra"}, coordinator)
    with pytest.raises(annual.EditConflict):
        annual.save(orebro, year, 1, {"analysis": "Gammal"}, coordinator)
    with pytest.raises(annual.EditConflict):
        annual.save(orebro, year, 0, {"analysis": "Också ny"}, coordinator)
    assert AnnualReview.objects.get().analysis == "Andra"

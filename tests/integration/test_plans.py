"""The joint plan: one per young person among those who share, consent decides who sees it, edits never overwrite."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor
from fotfaste.access.sharing import sharing_for
from fotfaste.plans import services
from fotfaste.plans.models import Measure, MeasureType, Plan, PlanRevision
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db


def new_plan(world, user="kaa", person="asa", unit="kaa"):
    u = world["users"][user]
    p = world["persons"][person]
    sharing = sharing_for(scope_for(u), p.pk, timezone.localdate())
    return services.create_plan(
        Actor(u), p, sharing, unit=world["units"][unit], goal_kind="studier", goal="Komvux i januari"
    )


def plan_data(**kw):
    return {"goal_kind": "studier", "goal": "Komvux i januari", "own_words": "", "revise_by": "", **kw}


def test_the_catalogue_starts_with_the_seeds_measures():
    names = set(MeasureType.objects.values_list("name", flat=True))
    assert {"Utbildningskontrakt", "Traineejobb", "UngKOMP", "Matchning.nu", "Feriepraktik", "Bron"} <= names


def test_create_edit_and_revisions(world, login):
    asa, kaa = world["persons"]["asa"], login(world["users"]["kaa"])
    response = kaa.post(reverse("plans:create", args=[asa.pk]), plan_data(unit=world["units"]["kaa"].pk))
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.version == 1
    response = kaa.post(reverse("plans:edit", args=[asa.pk, plan.pk]), plan_data(goal="Gymnasiet", version=1))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.goal == "Gymnasiet" and plan.version == 2
    assert list(PlanRevision.objects.values_list("number", flat=True)) == [2, 1]
    assert PlanRevision.objects.get(number=1).snapshot["plan"]["goal"] == "Komvux i januari"
    # A second plan where one can be seen is refused: the team works in one plan.
    response = kaa.post(reverse("plans:create", args=[asa.pk]), plan_data(unit=world["units"]["kaa"].pk))
    assert response.status_code == 200 and Plan.objects.count() == 1
    assert "Det finns redan en gemensam plan" in response.content.decode()


def test_two_editors_never_overwrite_each_other(world, login):
    plan = new_plan(world)
    asa, kaa = world["persons"]["asa"], login(world["users"]["kaa"])
    first = kaa.post(reverse("plans:edit", args=[asa.pk, plan.pk]), plan_data(goal="Först sparat", version=1))
    assert first.status_code == 302
    second = kaa.post(reverse("plans:edit", args=[asa.pk, plan.pk]), plan_data(goal="Andra", version=1))
    page = second.content.decode()
    assert second.status_code == 200 and "Dina ändringar är inte sparade" in page and "Först sparat" in page
    plan.refresh_from_db()
    assert plan.goal == "Först sparat"
    assert 'name="version" value="2"' in page  # saving again now overwrites, knowingly
    third = kaa.post(reverse("plans:edit", args=[asa.pk, plan.pk]), plan_data(goal="Andra", version=2))
    assert third.status_code == 302
    plan.refresh_from_db()
    assert plan.goal == "Andra"


def measure_data(world, **kw):
    today = timezone.localdate()
    return {
        "measure_type": MeasureType.objects.get(name="Praktik").pk,
        "responsible": "kommunen",
        "responsible_unit": world["units"]["kaa"].pk,
        "planned_start": today.isoformat(),
        "status": "planerad",
        "follow_up_on": (today + timedelta(days=30)).isoformat(),
        **kw,
    }


def test_measures_with_their_documentation_and_conflicts(world, login):
    plan = new_plan(world)
    asa, kaa = world["persons"]["asa"], login(world["users"]["kaa"])
    bad = kaa.post(reverse("plans:measure_create", args=[asa.pk, plan.pk]), measure_data(world, responsible_unit=""))
    assert bad.status_code == 200 and "Välj vilken av kommunens enheter som ansvarar." in bad.content.decode()
    assert not Measure.objects.exists()
    ok = kaa.post(reverse("plans:measure_create", args=[asa.pk, plan.pk]), measure_data(world))
    assert ok.status_code == 302
    m = Measure.objects.get()
    url = reverse("plans:measure_edit", args=[asa.pk, plan.pk, m.pk])
    today = timezone.localdate().isoformat()
    ended = measure_data(world, status="avslutad", actual_start=today, actual_end=today, end_reason="borjat_arbeta")
    assert kaa.post(url, {**ended, "version": 1}).status_code == 302
    stale = kaa.post(url, {**measure_data(world, description="Gammal vy"), "version": 1})
    assert "Dina ändringar är inte sparade" in stale.content.decode()
    m.refresh_from_db()
    assert m.status == "avslutad" and m.end_reason == "borjat_arbeta" and m.description == ""
    page = kaa.get(reverse("plans:detail", args=[asa.pk, plan.pk])).content.decode()
    assert "KAA-dokumentationens sju punkter" in page


def test_other_units_see_the_plan_only_under_consent(world, login):
    plan = new_plan(world)
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    af = login(users["arbetsformedlare"])
    give_consent(asa, units["kaa"], {"identitet"}, parties=(units["kaa"].party, units["af"].party))
    assert af.get(reverse("plans:detail", args=[asa.pk, plan.pk])).status_code == 404
    assert "Komvux i januari" not in af.get(reverse("people:detail", args=[asa.pk])).content.decode()
    consent = give_consent(
        asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party)
    )
    assert af.get(reverse("plans:detail", args=[asa.pk, plan.pk])).status_code == 200
    assert ReadLogEntry.objects.filter(
        username="arbetsformedlare", what=f"individuell plan (samtycke #{consent.pk})"
    ).exists()
    # AF works in the same plan: it may add a measure AF is responsible for.
    response = af.post(
        reverse("plans:measure_create", args=[asa.pk, plan.pk]),
        measure_data(world, responsible="annan", responsible_actor="Arbetsförmedlingen", responsible_unit=""),
    )
    assert response.status_code == 302


def test_a_unit_that_cannot_see_anothers_plan_keeps_its_own(world):
    new_plan(world)  # KAA's
    social_plan = new_plan(world, user="socialsekreterare", person="asa", unit="social")
    assert Plan.objects.filter(closed_on__isnull=True).count() == 2
    assert social_plan.unit == world["units"]["social"]


def test_plan_pdf_for_the_young_person(world, login):
    pytest.importorskip("weasyprint")
    plan = new_plan(world)
    asa = world["persons"]["asa"]
    response = login(world["users"]["kaa"]).get(reverse("plans:pdf", args=[asa.pk, plan.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert ReadLogEntry.objects.filter(what="export: individuell plan (PDF)").exists()


def test_close_requires_measures_to_be_settled(world, login):
    plan = new_plan(world)
    asa, kaa = world["persons"]["asa"], login(world["users"]["kaa"])
    kaa.post(reverse("plans:measure_create", args=[asa.pk, plan.pk]), measure_data(world))
    today = timezone.localdate().isoformat()
    refused = kaa.post(
        reverse("plans:close", args=[asa.pk, plan.pk]), {"closed_on": today, "close_reason": "Klar", "version": 1}
    )
    assert "Avsluta eller ta ställning" in refused.content.decode()
    Measure.objects.update(status="avbojd")
    done = kaa.post(
        reverse("plans:close", args=[asa.pk, plan.pk]), {"closed_on": today, "close_reason": "Klar", "version": 1}
    )
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.closed_on is not None

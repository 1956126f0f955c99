"""Disposal pages: administrators only, forms with Swedish errors, report → confirm → run."""

from datetime import date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fotfaste.disposal.models import DisposalRun, RetentionRule
from fotfaste.kaa.models import KaaPeriod
from fotfaste.registers.models import RegisterImport, Registration

pytestmark = pytest.mark.django_db


def old_registration(person) -> Registration:
    """A registration that ended long ago, from an import made long ago (and no KAA period since)."""
    KaaPeriod.objects.filter(person=person).delete()
    imp = RegisterImport.objects.create(
        kind="folkbokforing", municipality_id="1880", as_of=date(2018, 1, 15), file_name="folkbokforing.csv",
        sha256="0" * 64, status="inlast",
    )  # fmt: skip
    RegisterImport.objects.filter(pk=imp.pk).update(created_at=timezone.make_aware(datetime(2018, 1, 15, 12)))
    return Registration.objects.create(
        person=person, municipality_id="1880", start_date=None, end_date=date(2019, 1, 1), source_import=imp
    )


@pytest.fixture
def rule(world):
    return RetentionRule.objects.create(
        category="kaa_register", years_after_kaa_end=3, decision_reference="BUN 2025/101", decided_on=date(2025, 3, 1)
    )


@pytest.fixture
def report_run(world, rule):
    return DisposalRun.objects.create(
        started_at=timezone.now(), finished_at=timezone.now(), run_by_name="admin", dry_run=True,
        run_on=timezone.localdate(), counts={"kaa_register": {"registrations": 0}},
        rules=[{"id": rule.pk, "category": "kaa_register", "municipality": None, "except": [], "years": 3,
                "decision_reference": "BUN 2025/101", "cutoff": "2020-01-01", "counts": {"registrations": 0}}],
    )  # fmt: skip


def page_urls(rule, run):
    return {
        "rule_list": reverse("disposal:rule_list"),
        "rule_create": reverse("disposal:rule_create"),
        "rule_edit": reverse("disposal:rule_edit", args=[rule.pk]),
        "report": reverse("disposal:report"),
        "run_list": reverse("disposal:run_list"),
        "run_detail": reverse("disposal:run_detail", args=[run.pk]),
        "confirm": reverse("disposal:confirm", args=[run.pk]),
    }


def test_every_page_renders_for_admin(world, login, rule, report_run):
    client = login(world["users"]["root"])
    for name, url in page_urls(rule, report_run).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert html.count("<h1") == 1, name
        assert 'aria-current="page">Administration' in html, name


def test_administration_links_to_disposal(world, login):
    html = login(world["users"]["root"]).get(reverse("orgs:agreement_list")).content.decode()
    assert f'href="{reverse("disposal:rule_list")}"' in html


@pytest.mark.parametrize("who", ["kaa", "styrgrupp", "outsider"])
def test_every_page_is_403_for_non_admins(world, login, rule, report_run, who):
    old_registration(world["persons"]["asa"])
    client = login(world["users"][who])
    for name, url in page_urls(rule, report_run).items():
        data = {"category": "persons", "years_after_kaa_end": "1", "decision_reference": "Intrång", "confirm": "on"}
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 403, name
            html = response.content.decode()
            assert "BUN 2025/101" not in html and "KAA-registret" not in html, name
    assert RetentionRule.objects.count() == 1 and RetentionRule.objects.get().decision_reference == "BUN 2025/101"
    assert DisposalRun.objects.count() == 1
    assert Registration.objects.count() == 1


def test_anonymous_is_redirected_to_login(world, rule, report_run):
    for name, url in page_urls(rule, report_run).items():
        response = Client().get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], name


def test_admin_creates_and_edits_a_rule(world, login):
    admin = world["users"]["root"]
    client = login(admin)
    response = client.post(
        reverse("disposal:rule_create"),
        {
            "category": "school_records",
            "municipality": "1880",
            "years_after_kaa_end": "5",
            "decision_reference": "BUN 2025/55",
            "decided_on": "2025-02-01",
            "description": "Skoluppgifter sparas fem år.",
            "active": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("disposal:rule_list")
    rule = RetentionRule.objects.get()
    assert (rule.category, rule.municipality_id, rule.years_after_kaa_end, rule.created_by) == (
        "school_records",
        "1880",
        5,
        admin,
    )
    html = client.get(reverse("disposal:rule_list")).content.decode()
    assert "Skoluppgifter" in html and "Örebro (1880)" in html and "BUN 2025/55" in html and "5 år efter" in html

    response = client.post(
        reverse("disposal:rule_edit", args=[rule.pk]),
        {"category": "school_records", "years_after_kaa_end": "7", "decision_reference": "BUN 2025/56",
         "decided_on": "2025-03-01"},
    )  # fmt: skip
    assert response.status_code == 302
    rule.refresh_from_db()
    # Not ticked: the rule is now inactive, and for every municipality.
    assert (rule.years_after_kaa_end, rule.active, rule.municipality_id, rule.created_by) == (7, False, None, admin)
    assert "Inaktiv" in client.get(reverse("disposal:rule_list")).content.decode()


def test_rule_form_errors_are_in_swedish(world, login):
    client = login(world["users"]["root"])
    response = client.post(
        reverse("disposal:rule_create"), {"years_after_kaa_end": "0", "decision_reference": "  ", "decided_on": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fel:" in html and 'class="error-summary"' in html
    assert "Ange beslutets diarienummer." in html
    assert "Antalet år måste vara minst 1." in html
    assert "Välj vad regeln gallrar." in html
    assert "Ange datumet som ÅÅÅÅ-MM-DD" in html
    # The summary's link for the radios lands on the first radio button.
    assert 'href="#id_category_0"' in html and 'id="id_category_0"' in html
    assert not RetentionRule.objects.exists()

    html = client.post(reverse("disposal:rule_create"), {"category": "persons"}).content.decode()
    assert "Ange hur många år uppgifterna ska sparas." in html and "Ange datumet då beslutet fattades." in html
    html = client.post(
        reverse("disposal:rule_create"), {"category": "nonsense", "years_after_kaa_end": "101"}
    ).content.decode()
    assert "Välj ett av alternativen." in html and "Antalet år kan vara högst 100." in html


def test_only_one_active_rule_per_category_and_municipality(world, login, rule):
    client = login(world["users"]["root"])
    data = {
        "category": "kaa_register",
        "years_after_kaa_end": "4",
        "decision_reference": "BUN 2026/1",
        "decided_on": "2026-01-01",
        "active": "on",
    }
    html = client.post(reverse("disposal:rule_create"), data).content.decode()
    assert "Det finns redan en aktiv regel för samma uppgifter och kommun." in html
    # Inactive, or for one municipality, it may be saved.
    assert client.post(reverse("disposal:rule_create"), {**data, "active": ""}).status_code == 302
    assert client.post(reverse("disposal:rule_create"), {**data, "municipality": "1814"}).status_code == 302
    assert RetentionRule.objects.count() == 3


def test_report_confirm_and_run(world, login, rule):
    asa = world["persons"]["asa"]
    registration = old_registration(asa)
    client = login(world["users"]["root"])
    html = client.get(reverse("disposal:report")).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html  # the reference date defaults to today

    response = client.post(reverse("disposal:report"), {"run_on": ""})
    report = DisposalRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("disposal:run_detail", args=[report.pk])
    assert (
        report.dry_run and report.run_on == timezone.localdate() and report.run_by_name == "Rut Root"
    )  # the name, not the username
    assert report.counts == {"kaa_register": {"kaa_periods": 0, "kaa_changes": 0, "registrations": 1}}
    assert Registration.objects.filter(pk=registration.pk).exists()

    html = client.get(response["Location"]).content.decode()
    assert "Folkbokföringsperioder: 1" in html and "BUN 2025/101" in html and "Provkörning – inget togs bort" in html
    assert asa.personnummer not in html and asa.last_name not in html
    confirm_url = reverse("disposal:confirm", args=[report.pk])
    assert f'href="{confirm_url}"' in html

    html = client.get(confirm_url).content.decode()
    assert "Folkbokföringsperioder: 1" in html and 'type="checkbox"' in html
    response = client.post(confirm_url, {})
    html = response.content.decode()
    assert response.status_code == 200 and "Kryssa i rutan för att bekräfta att du vill gallra." in html
    assert Registration.objects.filter(pk=registration.pk).exists() and DisposalRun.objects.count() == 1

    response = client.post(confirm_url, {"confirm": "on"})
    run = DisposalRun.objects.get(dry_run=False)
    assert response.status_code == 302 and response["Location"] == reverse("disposal:run_detail", args=[run.pk])
    assert run.counts == report.counts and run.run_by_name == "Rut Root"
    assert not Registration.objects.filter(pk=registration.pk).exists()
    html = client.get(response["Location"]).content.decode()
    assert "Gallringen är klar." in html and "Togs bort" in html

    html = client.get(reverse("disposal:run_list")).content.decode()
    assert html.count(reverse("disposal:run_detail", args=[run.pk])) == 1
    assert html.count(reverse("disposal:run_detail", args=[report.pk])) == 1
    assert "Rapport (provkörning)" in html and "KAA-registret: folkbokföringsperioder: 1" in html
    assert asa.personnummer not in html


def test_confirm_refuses_a_report_the_rules_no_longer_match(world, login, rule):
    registration = old_registration(world["persons"]["asa"])
    client = login(world["users"]["root"])
    client.post(reverse("disposal:report"), {"run_on": ""})
    report = DisposalRun.objects.get()
    rule.years_after_kaa_end = 10
    rule.save()
    confirm_url = reverse("disposal:confirm", args=[report.pk])
    html = client.get(confirm_url).content.decode()
    assert "Reglerna har ändrats sedan rapporten gjordes" in html and 'type="checkbox"' not in html
    assert f'href="{confirm_url}"' not in client.get(reverse("disposal:run_detail", args=[report.pk])).content.decode()
    client.post(confirm_url, {"confirm": "on"})
    assert not DisposalRun.objects.filter(dry_run=False).exists()
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_confirm_refuses_an_old_report(world, login, report_run):
    DisposalRun.objects.filter(pk=report_run.pk).update(
        started_at=timezone.make_aware(datetime.combine(date(2020, 1, 1), time(12)))
    )
    client = login(world["users"]["root"])
    client.post(reverse("disposal:confirm", args=[report_run.pk]), {"confirm": "on"})
    assert not DisposalRun.objects.filter(dry_run=False).exists()


def test_confirm_is_only_for_reports(world, login, report_run):
    DisposalRun.objects.filter(pk=report_run.pk).update(dry_run=False)
    client = login(world["users"]["root"])
    assert client.get(reverse("disposal:confirm", args=[report_run.pk])).status_code == 404
    assert client.post(reverse("disposal:confirm", args=[report_run.pk]), {"confirm": "on"}).status_code == 404


def test_report_date_errors_are_in_swedish(world, login):
    html = login(world["users"]["root"]).post(reverse("disposal:report"), {"run_on": "2026-13-01"}).content.decode()
    assert "Ange datumet som ÅÅÅÅ-MM-DD" in html and not DisposalRun.objects.exists()


def test_a_reference_date_after_today_is_refused_everywhere(world, login, rule, capsys):
    """From a later date, a KAA period that ends on the young person's 20th birthday to come (and the contact
    attempts made in it) would count as ended long ago: a wrong year would destroy current records."""
    from django.core.management import CommandError, call_command

    from fotfaste.disposal import services

    later = timezone.localdate().replace(year=timezone.localdate().year + 5)
    html = (
        login(world["users"]["root"]).post(reverse("disposal:report"), {"run_on": later.isoformat()}).content.decode()
    )
    assert "Ange dagens datum eller ett tidigare." in html and not DisposalRun.objects.exists()
    for run in (services.report, lambda day: services.dispose(day, "test")):
        with pytest.raises(services.DisposalRefused, match="ligger efter i dag"):
            run(later)
    with pytest.raises(CommandError, match="ligger efter i dag"):
        call_command("dispose", "--date", later.isoformat())
    assert not DisposalRun.objects.exists()

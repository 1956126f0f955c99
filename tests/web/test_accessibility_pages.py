import pytest
from django.urls import reverse

from fotfaste.core.models import AccessibilityReport

pytestmark = pytest.mark.django_db


def test_anyone_can_report_and_administrator_sees_and_handles_it(world, client, login):
    assert client.get(reverse("core:accessibility")).status_code == 200
    response = client.post(reverse("core:accessibility_report"), {"page": "", "description": "", "contact": ""})
    assert "Beskriv problemet du stötte på." in response.content.decode()
    assert not AccessibilityReport.objects.exists()
    client.post(reverse("core:accessibility_report"), {"page": "Sök person", "description": "Knappen syns inte"})
    report = AccessibilityReport.objects.get()
    admin = login(world["users"]["root"])
    assert "Knappen syns inte" in admin.get(reverse("core:accessibility_reports")).content.decode()
    admin.post(reverse("core:accessibility_reports"), {"rapport": report.pk})
    report.refresh_from_db()
    assert report.handled


@pytest.mark.parametrize("who", ["kaa", "styrgrupp", "outsider"])
def test_reports_list_is_for_administrators_only(world, login, who):
    AccessibilityReport.objects.create(description="Hemlig text")
    response = login(world["users"][who]).get(reverse("core:accessibility_reports"))
    assert response.status_code == 403 and "Hemlig text" not in response.content.decode()


def test_bad_report_id_is_ignored_not_an_error(world, login):
    response = login(world["users"]["root"]).post(reverse("core:accessibility_reports"), {"rapport": "abc"})
    assert response.status_code == 302

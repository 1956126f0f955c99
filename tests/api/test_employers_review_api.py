"""Adversarial review of the employer API (issue 13): each test shows a defect found in review."""

import pytest
from django.utils import timezone

from fotfaste.orgs.models import Membership
from fotfaste.orgs.roles import Role
from tests.api.test_employers_api import (
    contact,
    new_employer,
    parties,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.django_db


def test_a_caller_with_units_in_two_parties_is_not_warned_of_its_own_other_party(parties, world, api_client):  # noqa: F811
    """docs/employers.md: a viewer with units in several parties is warned only of parties that are none of
    theirs (contact_log.warnings_for_viewer), as the contact form does; the API warned of the caller's own
    other party."""
    user = world["users"]["kaa"]
    Membership.objects.create(user=user, unit=world["units"]["af"], role=Role.EMPLOYMENT_OFFICER)
    client = api_client(user)
    employer = new_employer(client).json()["id"]
    today = timezone.localdate()
    first = contact(client, employer, today, enhet=world["units"]["kaa"].pk)
    assert first.status_code == 201, first.content
    second = contact(client, employer, today, enhet=world["units"]["af"].pk)
    assert second.status_code == 201, second.content
    assert second.json()["varningar"] == []
    # Another party's contact still warns.
    third = contact(parties["af"], employer, today)
    assert third.json()["varningar"] == [{"part": "Örebro kommun", "datum": str(today)}]

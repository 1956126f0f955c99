"""Adversarial review of the employer module (issue 13): each test shows a defect found in review."""

from datetime import date

import pytest

from fotfaste.access.models import ReadLogEntry
from fotfaste.employers.models import Candidate
from tests.conftest import own_ground
from tests.integration.test_consent_access import give_consent
from tests.integration.test_placements import (
    EMPLOYER,
    ladder,  # noqa: F401  (the fixture)
    page,
    propose,
    url,
)

pytestmark = pytest.mark.django_db


def test_stored_reasons_keep_an_anonymous_employers_postal_area_from_another_party(world, login, ladder):  # noqa: F811
    """The publishing party proposes Åsa, who lives in the employer's postal area: the stored reasons say
    "samma postnummerområde". AF reads the candidacy under a consent; the listing is anonymous to AF, so the
    reason must not be shown to AF (with Åsa's address it gives the employer's postal area)."""
    asa, units = world["persons"]["asa"], world["units"]
    kaa = login(world["users"]["kaa"])  # the KAA unit publishes the listing and proposes Åsa from its page
    assert kaa.post(url("placement_propose", ladder["placement"].pk), {"person": asa.pk}).status_code == 302
    candidate = Candidate.objects.get()
    assert "samma postnummerområde" in candidate.reasons
    give_consent(
        asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party)
    )
    shown = page(login(world["users"]["arbetsformedlare"]), url("candidate", candidate.pk))
    assert EMPLOYER not in shown and "Arbetsgivaren visas när en kandidat från er har gått vidare" in shown
    assert "samma postnummerområde" not in shown
    # The publishing party still sees every reason.
    assert "samma postnummerområde" in page(kaa, url("candidate", candidate.pk))


def test_another_units_candidacy_shown_on_the_placement_page_is_logged_with_its_consent(world, login, ladder):  # noqa: F811
    """A read that rests on a consent names it (access.services.shown_to; the programme board's log_shown):
    the KAA caseworker sees Ali by the KAA duty, but AF's candidacy of Ali only under AF's consent."""
    ali, af_unit = world["persons"]["ali"], world["units"]["af"]
    own_ground(ali, af_unit, date(2025, 1, 1))
    propose(world, ladder, "ali", "arbetsformedlare")
    consent = give_consent(
        ali, af_unit, {"identitet", "sysselsattning_plan"}, parties=(af_unit.party, world["units"]["kaa"].party)
    )
    ReadLogEntry.objects.all().delete()
    shown = page(login(world["users"]["kaa"]), url("placement", ladder["placement"].pk))
    assert "Ali Hassan" in shown.split("Förslag på kandidater")[0]
    logged = ReadLogEntry.objects.filter(username="kaa", person_id_ref=ali.pk)
    assert logged.filter(consent_id_ref=consent.pk).exists(), list(logged.values_list("what", "consent_id_ref"))


def test_an_administrator_only_gets_403_on_the_placement_pages(world, login, ladder):  # noqa: F811
    """docs/employers.md: a user whose roles are all styrgrupp or admin gets 403 on the register's pages
    (docs/roles.md: admin – "no register"); the placement pages answer an administrator 200 with an empty list
    and an empty publish form."""
    candidate = propose(world, ladder)
    admin = login(world["users"]["admin"])
    for path in (url("placements"), url("placement_new")):
        assert admin.get(path).status_code == 403, path
    for path in (url("placement", ladder["placement"].pk), url("candidate", candidate.pk)):
        assert admin.get(path).status_code in (403, 404), path


def test_proposing_does_not_reveal_another_units_candidacy_without_consent(world, login, ladder):  # noqa: F811
    """AF holds Ali as a candidate on the listing and shares nothing with the municipality. The KAA caseworker
    sees Ali by the KAA duty and must not learn of AF's candidacy (docs/employers.md: others see a candidacy
    only under a consent), neither by the suggestions nor by proposing Ali."""
    ali, af_unit = world["persons"]["ali"], world["units"]["af"]
    own_ground(ali, af_unit, date(2025, 1, 1))
    propose(world, ladder, "ali", "arbetsformedlare")
    kaa = login(world["users"]["kaa"])
    # Nor do the suggestions leave out a person for a candidacy the caseworker cannot see: Åsa, mapped by the
    # KAA unit, whom AF holds as a candidate too.
    own_ground(world["persons"]["asa"], af_unit, date(2025, 1, 1))
    propose(world, ladder, "asa", "arbetsformedlare")
    suggestions = page(kaa, url("placement", ladder["placement"].pk)).split('id="forslag"')[1]
    assert "Åsa" in suggestions
    response = kaa.post(url("placement_propose", ladder["placement"].pk), {"person": ali.pk}, follow=True)
    assert "finns redan" not in response.content.decode()
    assert Candidate.objects.filter(person=ali, unit=world["units"]["kaa"]).exists()
    # Its own candidacy twice is still refused, and says so.
    response = kaa.post(url("placement_propose", ladder["placement"].pk), {"person": ali.pk}, follow=True)
    assert "Personen finns redan som er kandidat till platsen." in response.content.decode()
    assert Candidate.objects.filter(person=ali).count() == 2

"""The demo's participations (fotfaste.programmes.demo): started as measures in joint plans, two signed
contracts with follow-ups, one completed with work; the coordinator opens them, AF sees the shared ones."""

import pytest
from django.urls import reverse

from fotfaste.accounts.models import User
from fotfaste.programmes.models import Contract, ContractFollowUp, Participation
from tests.integration.test_demodata import run

pytestmark = pytest.mark.django_db


def test_the_demo_has_participations_contracts_and_an_outcome(login):
    output = run(seed=1, persons=400)
    started = Participation.objects.filter(started_on__isnull=False)
    assert started.count() >= 3
    for p in started:
        assert p.measure is not None and p.measure.plan.person_id == p.person_id
        assert p.measure.measure_type.name == p.programme.name
    contracts = Contract.objects.all()
    assert contracts.count() == 2 and all(c.signed for c in contracts)
    assert {f.contract_id for f in ContractFollowUp.objects.all()} == {c.pk for c in contracts}
    done = Participation.objects.get(status="fullfoljd")
    assert done.outcome == "arbete" and done.measure.status == "avslutad"
    assert "med undertecknade trepartsavtal" in output

    coordinator = login(User.objects.get(username="samordnare"))
    for p in started:
        assert coordinator.get(reverse("programmes:participation", args=[p.pk])).status_code == 200
    page = coordinator.get(reverse("programmes:participation", args=[done.pk])).content.decode()
    assert "Undertecknat av alla tre parter" in page and "Arbete" in page
    # AF sees the traineejobb participants' participations under their consent, and none of the others.
    af = login(User.objects.get(username="arbetsformedlare"))
    seen = {
        p.programme.code for p in started if af.get(reverse("programmes:participation", args=[p.pk])).status_code == 200
    }
    assert seen == {"traineejobb_valfard"}

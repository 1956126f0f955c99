"""The person page with every section filled, as each kind of caseworker sees it (no browser)."""

import pytest

from tests.person_page import fill_person_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["kaa", "socialsekreterare", "arbetsformedlare"])
def test_every_section_renders(world, login, who):
    fill_person_page(world)
    asa = world["persons"]["asa"]
    response = login(world["users"][who]).get(f"/personer/{asa.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("Samtycken", "Teamet", "Uppgifter från parterna", "Kartläggning", "Individuell plan"):
        assert f">{heading}</h2>" in page, (who, heading)
    if who == "kaa":
        assert "Kommunala aktivitetsansvaret (KAA)" in page and "Kontaktförsök" in page

"""The person page with every section filled passes axe-core, as each kind of caseworker sees it.

`tests.person_page.fill_person_page` gives Åsa something in every section, with tables that repeat
(two units' plans and mappings): the KAA caseworker sees all of it, social services through their
own ground, the employment officer through a consent. Screenshots in
test-artifacts/screenshots/person-full-*.png.
"""

import pytest

from tests.person_page import fill_person_page

pytestmark = pytest.mark.browser

SECTIONS = ("Samtycken", "Teamet", "Uppgifter från parterna", "Kartläggning", "Individuell plan")


@pytest.mark.parametrize("who", ["kaa", "socialsekreterare", "arbetsformedlare"])
def test_full_person_page(browser_world, page, log_in, url, axe_check, who):
    fill_person_page(browser_world)
    asa = browser_world["persons"]["asa"]
    log_in(who)
    page.goto(url(f"/personer/{asa.pk}/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Åsa Öberg"
    for heading in SECTIONS:
        assert page.get_by_role("heading", name=heading, exact=True).is_visible(), heading
    if who == "kaa":
        assert page.get_by_role("heading", name="Kommunala aktivitetsansvaret (KAA)").is_visible()
        assert page.get_by_role("heading", name="Uppsökande verksamhet").is_visible()
    # Every landmark and region can be told apart by its name (axe: landmark-unique).
    names = page.evaluate(
        """() => [...document.querySelectorAll('main section[aria-labelledby], main [role=region]')]
            .map(e => (e.getAttribute('role') || 'region') + ':' +
                 e.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent.trim()).join(' '))"""
    )
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    axe_check(f"person-full-{who}")

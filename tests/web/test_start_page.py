"""The start page offers exactly the pages of the menu that the user may use, and each of them opens."""

import re

import pytest

pytestmark = pytest.mark.django_db


def cards(client) -> list[str]:
    html = client.get("/").content.decode()
    return re.findall(r'<li class="card">\s*<h2><a href="([^"]+)"', html)


def menu(client) -> list[str]:
    html = client.get("/").content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    return re.findall(r'href="([^"]+)"', nav)


@pytest.mark.parametrize("name", ["kaa", "socialsekreterare", "arbetsformedlare", "styrgrupp", "admin", "root"])
def test_every_card_is_in_the_menu_and_opens(world, login, name):
    client = login(world["users"][name])
    offered = cards(client)
    assert offered, "the start page offers at least the account page"
    assert set(offered) <= set(menu(client))
    for href in offered:
        assert client.get(href, follow=True).status_code == 200, href


def test_an_agreement_administrator_is_not_offered_the_installations_log_review(world, login):
    """Log review is the installation's; the start page used to offer it to every administrator."""
    assert "/logg/" not in cards(login(world["users"]["admin"]))
    assert "/logg/" in cards(login(world["users"]["root"]))


def test_a_caseworker_is_offered_her_tasks_and_the_worklist(world, login):
    offered = cards(login(world["users"]["kaa"]))
    assert "/mina-uppgifter/" in offered
    assert any("arbetslista" in href for href in offered)

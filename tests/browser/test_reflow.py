"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide, pages work without scrolling sideways."""

import pytest

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def known_problem(reason: str):
    # strict: the test starts failing once the page is fixed, so the mark is removed then.
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/personer/",
        "/personer/?q=20080315-2382",
        "/personer/?q=%C3%96berg",
        "/personer/{asa}/",
        "/personer/{asa}/kontaktuppgifter/",
        "/konto/sakerhet/",
        "/konto/tvafaktor/aktivera/",
        "/tillganglighet/",
        "/tillganglighet/rapportera/",
        "/finns-inte/",
    ],
)
def test_page_reflows_at_320_px(browser_world, page, log_in, url, path):
    log_in("kaa")
    page.set_viewport_size(NARROW)
    page.goto(url(path.format(asa=browser_world["persons"]["asa"].pk)))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{path} är {width} px bred vid 320 px fönsterbredd"


def test_login_page_reflows_at_320_px(browser_world, page, url):
    page.set_viewport_size(NARROW)
    page.goto(url("/konto/logga-in/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


@pytest.mark.parametrize("who", ["kaa", "socialsekreterare", "arbetsformedlare"])
def test_full_person_page_reflows_at_320_px(browser_world, page, log_in, url, who):
    """Every section filled: wide tables scroll inside their own container, never the page."""
    from tests.person_page import fill_person_page

    fill_person_page(browser_world)
    log_in(who)
    page.set_viewport_size(NARROW)
    page.goto(url(f"/personer/{browser_world['persons']['asa'].pk}/"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"personsidan är {width} px bred vid 320 px fönsterbredd ({who})"


@pytest.mark.parametrize("query", ["", "?sortering=i_kaa_sedan", "?kategori=ingen_kontakt"])
def test_worklist_reflows_at_320_px(browser_world, page, log_in, url, query):
    from tests.conftest import put_in_kaa

    for person in browser_world["persons"].values():
        put_in_kaa(person, person.home_municipality_id)
    log_in("kaa")
    page.set_viewport_size(NARROW)
    page.goto(url(f"/kaa/arbetslista/{query}"))
    assert page.get_by_role("link", name="Öberg, Åsa").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"arbetslistan är {width} px bred vid 320 px fönsterbredd"

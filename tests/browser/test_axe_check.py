"""The accessibility check itself: it must find real problems, or every green page test is worthless."""

import pytest

pytestmark = pytest.mark.browser


def test_axe_check_reports_rule_impact_and_target(page, url, axe_check):
    page.goto(url("/konto/logga-in/"))
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\" id=\"utan-alt\">')"
    )
    with pytest.raises(AssertionError) as failure:
        axe_check("axe-self-test")
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "#utan-alt" in message

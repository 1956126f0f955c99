"""Browser tests: real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live test server.

Every page is checked with axe-core (WCAG 2.1 A and AA) from node_modules, installed by `make test`.
Without Chromium or axe-core the tests fail under CI (CI=true) and are skipped on a developer's machine.
"""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's best-practice rules checked on every page as well: landmarks a screen reader user can tell apart
# (the person page once had two regions called "Insatser i planen").
BEST_PRACTICE_RULES = ["landmark-unique"]
# Chromium flags for a machine without network, display or sandbox privileges (CI runs as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} saknas (installera med scripts/install-browser.sh eller `make test`)")
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS.relative_to(ROOT)} saknas (installera med `npm ci` eller `make test`)")
    return missing


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed again before any other test runs.

    Package scope matters: while Playwright runs, its event loop counts as running in the test
    thread, which changes how Django behaves (see below). Closing it after the last browser test
    keeps every other test free of that.
    """
    missing = _missing_tools()
    if missing:
        message = "Webbläsartesterna kan inte köras: " + "; ".join(missing)
        # CI must never pass by skipping the accessibility checks.
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in the test thread, so Django would refuse
    # ORM calls from the tests and fixtures (SynchronousOnlyOperation) although they are synchronous.
    # Only for the browser tests: a subprocess started by another test must not inherit it.
    previous_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With the loop running, asgiref also hands Django a second set of database connections in
    # this thread, apart from the ones the test database was set up with (and, for SQLite in
    # memory, a second connection to the same database). Keep using the same connections.
    django_connections = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as p:
            for alias, connection in django_connections.items():
                setattr(connections._connections, alias, connection)
            # Debian's Chromium, never a downloaded browser build.
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous_async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous_async_unsafe


def _settling(action):
    """Wraps a Locator action so that it returns only once any page it opened has loaded.

    Playwright's click waits until a navigation it started has its answer (the URL changes),
    not until the new document has been parsed: a test reading the page straight after a click
    could see an empty document and fail now and then (it did in CI).
    """

    def settled(self, *args, **kwargs):
        result = action(self, *args, **kwargs)
        self.page.wait_for_load_state("load")
        return result

    settled.__wrapped__ = action
    return settled


@pytest.fixture(scope="package", autouse=True)
def _actions_wait_for_the_page(browser):
    from playwright.sync_api import Locator

    originals = {name: getattr(Locator, name) for name in ("click", "press", "check")}
    for name, action in originals.items():
        setattr(Locator, name, _settling(action))
    yield
    for name, action in originals.items():
        setattr(Locator, name, action)


@pytest.fixture
def page(browser):
    # bypass_csp only so that axe-core can be injected: the app's Content-Security-Policy
    # (rightly) forbids inline and third-party scripts. Nothing else relies on it.
    context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_world(live_server, transactional_db, request):
    """The shared `world`, in a database the live server's thread can see.

    live_server makes every test transactional: the live server runs in another thread, so
    the data must be committed. `world` reloads the reference tables such tests empty.
    """
    return request.getfixturevalue("world")


@pytest.fixture
def url(live_server):
    def _url(path: str) -> str:
        return live_server.url + path

    return _url


@pytest.fixture
def log_in(page, url):
    """Logs in through the real login form, as a person would."""

    def _log_in(username: str, password: str = PASSWORD) -> None:
        page.goto(url("/konto/logga-in/"))
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(password)
        # Wait for the answer page itself; the load state of the page clicked on is already "load".
        with page.expect_navigation():
            page.get_by_role("button", name="Logga in").click()

    return _log_in


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} – {v.get('helpUrl', '')}")
        for node in v["nodes"]:
            target = " ".join(
                json.dumps(t, ensure_ascii=False) if not isinstance(t, str) else t for t in node["target"]
            )
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe_check(page):
    """Runs axe-core on the current page and fails on any WCAG 2.1 A/AA violation (and BEST_PRACTICE_RULES).

    Also saves a full-page screenshot to test-artifacts/screenshots/<name>.png for review.
    """

    def _check(name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS,
        )
        best_practice = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})",
            BEST_PRACTICE_RULES,
        )
        violations = result["violations"] + best_practice["violations"]
        assert not violations, f"axe-core hittade brister på {name} ({page.url}):\n{format_violations(violations)}"

    return _check

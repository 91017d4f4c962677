"""Browser tests: a live server on a fresh database, driven by Debian's headless Chromium.

Playwright never downloads a browser here (`playwright install` is not used): it
launches /usr/bin/chromium. Without it every e2e test is skipped with a loud reason.
"""

import logging
import re
import threading
from pathlib import Path

import pytest
from flask import got_request_exception
from werkzeug.serving import make_server

from jobportal.core.extensions import db
from tests.conftest import DEFAULT_PASSWORD, make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
E2E_DIR = Path(__file__).parent
SKIP_REASON = (
    f"E2E-TESTS SKIPPED: {CHROMIUM} is missing (install Debian's 'chromium' package; "
    "`make test` does so when run as root)"
)


# Every request that does not go to the live server (map tiles above all) is aborted.
OUTSIDE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])[a-z]+://")


class LocalOnlyBrowser:
    """The browser, whose contexts abort every request leaving 127.0.0.1.

    Each context records the URLs it blocked in ``context.blocked`` (a list).
    """

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.blocked = []

        def abort(route):
            context.blocked.append(route.request.url)
            route.abort()

        context.route(OUTSIDE, abort)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


def chromium_available() -> bool:
    """Whether Debian's Chromium is installed."""
    return Path(CHROMIUM).is_file()


def pytest_report_header(config):
    """Say loudly at the top of the run when the browser tests cannot run."""
    return None if chromium_available() else f"!!! {SKIP_REASON}"


def pytest_collection_modifyitems(config, items):
    """Mark the tests of this folder as e2e; skip them without Chromium."""
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if not chromium_available():
                item.add_marker(skip)


class LiveServer:
    """The testing app served over HTTP on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        self.app = app
        self.errors: list[BaseException] = []
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        got_request_exception.connect(self._record, app)

    def _record(self, sender, exception, **extra):
        self.errors.append(exception)

    def start(self) -> None:
        """Serve requests until stop()."""
        self._thread.start()

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __call__(self, path: str = "/") -> str:
        """The absolute URL of ``path``."""
        return self.url + path


@pytest.fixture
def live_server(tmp_path, db_template):
    """A live server on a fresh database, CSRF on, mails kept in memory.

    A test fails if a request raised an exception on the server (the browser only
    sees the German 500 page).
    """
    app = make_app(
        tmp_path,
        db_template,
        WTF_CSRF_ENABLED=True,
        MAIL_BACKEND="memory",
        MAIL_SEND_AFTER_COMMIT=False,
        PROPAGATE_EXCEPTIONS=False,
    )
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if server.errors:
        pytest.fail(f"the server raised: {server.errors!r}", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright (one per test session)."""
    if not chromium_available():
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    logging.getLogger("asyncio").setLevel(logging.WARNING)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield LocalOnlyBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def format_violations(url: str, violations: list[dict]) -> str:
    """A readable report: rule, impact, help link and the offending elements."""
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.0/2.1 A/AA) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    * {', '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:300]}")
            summary = node.get("failureSummary", "").replace("\n", "\n        ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the page (WCAG 2.0/2.1 A and AA rules) and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    if violations:
        pytest.fail(format_violations(page.url, violations), pytrace=False)


def new_tab(browser, live_server):
    """A browser tab with its own cookies (one per person)."""
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def login(page, email: str) -> None:
    """Log in through the real form."""
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

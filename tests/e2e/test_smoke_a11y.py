"""Smoke test in a real browser: the public pages load and axe-core finds no WCAG A/AA violation."""

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.e2e.conftest import assert_no_axe_violations

PAGES = [
    "/",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/anmelden",
    "/registrieren/arbeitgeber",
]


def route_exists(app, path: str) -> bool:
    """Whether the app has a GET route for ``path``."""
    try:
        app.url_map.bind("localhost").match(path, method="GET")
    except (NotFound, MethodNotAllowed):
        return False
    return True


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_and_has_no_axe_violations(page, live_server, path):
    if not route_exists(live_server.app, path):
        pytest.skip(f"{path} does not exist yet")
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.title().strip()
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    assert_no_axe_violations(page)


def test_error_page_has_no_axe_violations(page):
    response = page.goto("/gibt-es-nicht")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    assert_no_axe_violations(page)


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip_link.evaluate("el => el === document.activeElement")
    skip_link.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"

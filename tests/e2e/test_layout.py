"""Mobile first: the main pages at 390x844 (phone) and 1280x900 (desktop).

On each page: no sideways scrolling (document width equals viewport width), no word of
the brand name broken across lines, axe-core
finds no WCAG A/AA violation, and a viewport-only screenshot goes to docs/screenshots/.
On the phone the first search result starts within the first 900 px and the job
page's apply action is inside the viewport without scrolling.
"""

from pathlib import Path

import pytest

from jobportal.core.extensions import db
from jobportal.models import Company
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations, login
from tests.support.events import make_event
from tests.support.returnees import index_jobs, make_profile

SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
EMPLOYER = "chefin@lessing.example"
PROMOTER = "foerderer@kamenz.example"
SEEKER = "lena@example.org"
TITLES = [
    "Elektriker (m/w/d) für Gebäudetechnik",
    "Pflegefachkraft (m/w/d) in der ambulanten Pflege",
    "Industriemechanikerin / Industriemechaniker",
    "Bürokauffrau (m/w/d) in Teilzeit",
    "Erzieherin oder Erzieher für unsere Kita",
    "Berufskraftfahrer CE im Nahverkehr",
]

WIDE_ELEMENTS = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.checkVisibility() && el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(el => [Math.round(el.getBoundingClientRect().right), el.tagName + '.' + el.className])
  .sort((a, b) => b[0] - a[0]).slice(0, 5)"""
# The words of the brand name shown on more than one line ("Wachstumsre|gion")
BROKEN_BRAND_WORDS = """() => { const node = document.querySelector('.brand-name').firstChild;
  const broken = []; let start = 0;
  for (const word of node.textContent.split(' ')) {
    const range = document.createRange();
    range.setStart(node, start); range.setEnd(node, start + word.length);
    const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
    if (lines.size > 1) broken.push(word);
    start += word.length + 1;
  }
  return broken; }"""


def seed(app) -> dict:
    """A company with listings in Kamenz, its employer, a promoter, a returnee."""
    factory = Factory(app)
    company = factory.company(name="Elektro Lessing GmbH", member="kamenz")
    extra = {
        "salary_min": 320000,
        "salary_max": 390000,
        "salary_unit": "month",
        "apply_url": "https://karriere.example/bewerben",
    }
    jobs = [factory.job(company, title=title, **extra) for title in TITLES]
    jobs += [factory.job(company, title=f"Elektroniker (m/w/d) Team {n}") for n in range(6)]
    factory.job(company, title="Lagerhelfer (m/w/d)", state="pending")
    index_jobs(app, *jobs)
    factory.user(role="employer", company_id=company, email=EMPLOYER, name="Ina Lessing")
    factory.user(role="promoter", members=["kamenz"], email=PROMOTER, name="Paula Förder")
    seeker = factory.user(email=SEEKER, name="Lena Rück")
    make_profile(app, seeker, homes=("Kamenz",), commute=30, work="Elektriker")
    with app.app_context():
        slug = db.session.get(Company, company).slug
    event = make_event(app, capacity=80, exhibitors=(company,), title="Rückkehrertag Kamenz")
    return {"job": jobs[0], "company": slug, "event": event}


def pages(ids: dict) -> list[tuple[str, str | None, str]]:
    """(name, who is logged in, path) of every page of the list."""
    return [
        ("home", None, "/"),
        ("search", None, "/jobs?where=Kamenz&radius_km=25"),
        ("job", None, f"/stellen/{ids['job']}?from=%2Fjobs%3Fq%3DElektriker"),
        ("company", None, f"/unternehmen/{ids['company']}"),
        ("region", None, "/region"),
        ("municipality", None, "/region/kamenz"),
        ("matches", SEEKER, "/rueckkehr/passende-stellen"),
        ("employer-dashboard", EMPLOYER, "/arbeitgeber/"),
        ("listing-editor", EMPLOYER, "/arbeitgeber/stellen/neu"),
        ("moderation-queue", PROMOTER, "/moderation/"),
        ("events", None, "/veranstaltungen"),
        ("event", None, f"/veranstaltungen/{ids['event']}"),
        ("event-registrations", PROMOTER, f"/veranstaltungen/verwalten/{ids['event']}"),
    ]


def check_page(page, size: str, name: str) -> list[str]:
    """Problems of the loaded page at this size (empty when fine); writes the screenshot."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    if width != viewport:
        problems.append(
            f"{name}@{size}: document {width} px wide, viewport {viewport} px; "
            f"too wide: {page.evaluate(WIDE_ELEMENTS)}"
        )
    broken = page.evaluate(BROKEN_BRAND_WORDS)
    if broken:
        problems.append(f"{name}@{size}: the brand name breaks inside {broken}")
    if size == "phone" and name == "search":
        assert page.locator(".search-hits > li").count() >= 10
        top = page.locator(".search-hits > li").first.bounding_box()["y"]
        if top >= 900:
            problems.append(f"search@phone: first result at {top:.0f} px")
    if size == "phone" and name == "job":
        action = page.locator(".apply-action button")
        box = action.first.bounding_box() if action.count() else None
        if box is None or box["y"] < 0 or box["y"] + box["height"] > page.viewport_size["height"]:
            problems.append(f"job@phone: apply action outside the viewport: {box}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
    return problems


@pytest.mark.parametrize("size", SIZES)
def test_pages_fit_the_screen(browser, live_server, size):
    ids = seed(live_server.app)
    width, height = SIZES[size]
    problems = []
    contexts = {}
    for name, who, path in pages(ids):
        if who not in contexts:
            context = browser.new_context(
                base_url=live_server.url,
                locale="de-DE",
                timezone_id="Europe/Berlin",
                viewport={"width": width, "height": height},
            )
            context.set_default_timeout(15_000)
            contexts[who] = context.new_page()
            if who:
                login(contexts[who], who)
        page = contexts[who]
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        problems += check_page(page, size, name)
        assert_no_axe_violations(page)
    for page in contexts.values():
        page.context.close()
    assert not problems, "\n".join(problems)


def test_search_filters_work_without_javascript_on_a_phone(browser, live_server):
    seed(live_server.app)
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto("/jobs?where=Kamenz&radius_km=25")
    apply = page.get_by_role("button", name="Filter anwenden")
    assert not apply.is_visible()  # the filters start closed, the results first
    page.locator("#filter-panel > summary").click()
    page.get_by_label("Vollzeit").first.check()
    apply.click()
    assert "employment_type=vollzeit" in page.url
    assert page.get_by_role("button", name="Sortieren").is_visible()
    page.get_by_label("Sortierung").select_option("date")
    page.get_by_role("button", name="Sortieren").click()
    assert "sort=date" in page.url and "employment_type=vollzeit" in page.url
    context.close()

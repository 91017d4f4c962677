"""Partials kept for the same values (web/fragments.py): the search page's filters and hit
cards are rendered once per key, and whatever the page shows still follows the data,
the language, the visitor and the URL."""

import re

import pytest
from flask_babel import force_locale

from jobportal.core.extensions import db
from jobportal.models import Company
from jobportal.web import fragments
from jobportal.web.fragments import cached_fragment
from tests.conftest import login_as
from tests.support.returnees import index_jobs
from tests.support.search import index


def test_a_fragment_is_kept_per_language_and_unhashable_keys_render_each_time(app, monkeypatch):
    renders = []
    original = fragments.render_fragment
    monkeypatch.setattr(
        fragments, "render_fragment", lambda *a, **k: renders.append(a) or original(*a, **k)
    )
    fragments.FRAGMENTS.clear()
    args = ("search/_filters.html", ("k",))
    with app.test_request_context():
        with force_locale("de"):
            german = cached_fragment(*args, facets=[], remove_links=[])
            cached_fragment(*args, facets=[], remove_links=[])
        with force_locale("en"):
            english = cached_fragment(*args, facets=[], remove_links=[])
        cached_fragment("search/_filters.html", ["unhashable"], facets=[], remove_links=[])
        cached_fragment("search/_filters.html", ["unhashable"], facets=[], remove_links=[])
    assert "Filter anwenden" in german and "Apply filters" in english
    assert len(renders) == 4


@pytest.fixture
def nurses(app, factory):
    """Two indexed nursing listings of one company."""
    company = factory.company(name="Klinikum Kamenz gGmbH")
    made = [factory.job(company, title=f"Pflegefachkraft {n}") for n in range(2)]
    index(app)
    return company, made


def test_the_hits_follow_the_database_between_two_requests(app, client, nurses):
    company, _made = nurses
    assert "Klinikum Kamenz gGmbH" in client.get("/jobs?q=Pflegefachkraft").get_data(as_text=True)
    with app.app_context():
        db.session.get(Company, company).name = "Klinikum Westlausitz gGmbH"
        db.session.commit()
    html = client.get("/jobs?q=Pflegefachkraft").get_data(as_text=True)
    assert "Klinikum Westlausitz gGmbH" in html and "Klinikum Kamenz" not in html


def test_each_search_links_its_hits_back_to_itself(client, nurses):
    for url in ("/jobs?q=Pflegefachkraft", "/jobs?q=Pflegefachkraft&sort=relevance"):
        html = client.get(url).get_data(as_text=True)
        links = re.findall(r'href="/stellen/\d+\?from=([^"]+)"', html)
        assert len(links) == 2 and len(set(links)) == 1
        assert ("sort" in links[0]) == ("sort" in url)


def test_the_language_and_the_visitor_decide_what_the_cards_show(app, client, factory, nurses):
    _company, made = nurses
    german = client.get("/jobs?q=Pflegefachkraft").get_data(as_text=True)
    english = client.get("/jobs?q=Pflegefachkraft&lang=en").get_data(as_text=True)
    assert "<span>seit " in german and '<h3 lang="de">' not in german
    assert "<span>since " in english and '<h3 lang="de">' in english
    client.get("/jobs?q=Pflegefachkraft&lang=de")
    login_as(client, app, factory.user())
    html = client.get("/jobs?q=Pflegefachkraft").get_data(as_text=True)
    assert all(f'action="/rueckkehr/merkliste/{job}"' in html for job in made)
    client.post("/abmelden")
    html = client.get("/jobs?q=Pflegefachkraft").get_data(as_text=True)
    assert "/rueckkehr/merkliste/" not in html and "Klinikum Kamenz gGmbH" in html


def test_the_filter_counts_follow_the_index(app, client, factory, nurses):
    company, _made = nurses
    count = re.compile(
        r"<label for=\"f-employment_type-vollzeit\">Vollzeit <span class=\"count\">\((\d+)\)"
    )
    assert count.search(client.get("/jobs?q=Pflegefachkraft").get_data(as_text=True))[1] == "2"
    index_jobs(app, factory.job(company, title="Pflegefachkraft Nacht"))
    assert count.search(client.get("/jobs?q=Pflegefachkraft").get_data(as_text=True))[1] == "3"

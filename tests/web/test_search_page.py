"""The search page /jobs: hits, radius, facets, filters, sorting, paging, help, bad input."""

import html
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Job
from tests.support.search import index, job_at, place_id, public_jobs, spread_corpus, within

HOSTILE = [
    "q=" + "Pflege%20" * 300,
    "q=AND",
    "q=OR%20OR%20NOT",
    "q=-",
    'q="',
    "q=*",
    "q=((((",
    "q=%E2%80%AE%F0%9F%98%80%C3%A4%CC%88%00%07",
    "q=%FF%FE",
    "where=%00%00",
    "where=" + "K" * 500,
    "radius_km=7&where=Kamenz",
    "radius_km=abc&where=Kamenz",
    "page=-3",
    "page=99999999999999999999",
    "sort=price",
    "sort=distance",
    "employment_type=festanstellung&working_model=mond&sector=%3Cscript%3E",
    "member=../../etc",
    "published_within=365",
    "salary_given=vielleicht",
    "q[]=x&where[]=y",
]


@pytest.fixture
def corpus(app, factory):
    """60 listings spread over the network, indexed."""
    made = spread_corpus(app, factory)
    index(app)
    return made


def hit_ids(response) -> list[int]:
    """Job ids of the hits on a result page, in order."""
    text = response.get_data(as_text=True)
    hits = text.split('class="job-list search-hits"', 1)
    if len(hits) == 1:
        return []
    return [int(i) for i in re.findall(r'href="/stellen/(\d+)[?"]', hits[1].split("</ol>")[0])]


def all_hit_ids(client, url: str) -> list[int]:
    """Ids of the hits on every page of a search."""
    found, page = [], 1
    while True:
        response = client.get(f"{url}&page={page}")
        assert response.status_code == 200
        ids = hit_ids(response)
        found += ids
        if 'rel="next"' not in response.get_data(as_text=True):
            return found
        page += 1


def test_keyword_search_shows_highlighted_hits_with_details(app, client, factory):
    company = factory.company(name="Klinikum Kamenz gGmbH")
    wanted = factory.job(
        company, title="Pflegefachkraft (m/w/d)", employment_types=["teilzeit", "vollzeit"]
    )
    factory.job(company, title="Elektriker (m/w/d)")
    index(app)
    response = client.get("/jobs?q=Pflegefachkraft")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert hit_ids(response) == [wanted]
    assert "1 Stelle" in text
    assert "<mark>Pflegefachkraft</mark>" in text
    assert "Klinikum Kamenz gGmbH" in text and "01917 Kamenz" in text
    assert "Teilzeit, Vollzeit" in text
    assert berlin_today().strftime("%d.%m.") in text
    assert "km entfernt" not in text  # no place given


@pytest.mark.parametrize("town", ["Pulsnitz", "Kamenz", "Hoyerswerda"])
def test_radius_search_equals_brute_force_haversine(app, client, corpus, town):
    jobs = public_jobs(app)
    for radius in (10, 25, 50):
        expected = within(app, jobs, town, radius)
        found = all_hit_ids(client, f"/jobs?where={town}&radius_km={radius}&sort=distance")
        assert len(found) == len(set(found))
        assert set(found) == expected, (town, radius)


def test_distances_are_shown_in_german_format_and_sorted(app, client, corpus):
    response = client.get("/jobs?where=Kamenz&radius_km=50&sort=distance")
    text = response.get_data(as_text=True)
    distances = [
        float(km.replace(".", "").replace(",", "."))
        for km in re.findall(r'class="distance">([\d.,]+) km entfernt', text)
    ]
    assert len(distances) == len(hit_ids(response)) > 5
    assert distances == sorted(distances)
    assert re.search(r'class="distance">\d+,\d km entfernt', text)
    assert "im Umkreis von 50 km um Kamenz (01917, Sachsen)" in text


def test_facet_counts_respect_the_other_filters(app, client, corpus):
    jobs = [j for j in public_jobs(app) if j.model == "remote"]
    text = client.get("/jobs?working_model=remote&employment_type=teilzeit").get_data(as_text=True)
    for value, label in [("vollzeit", "Vollzeit"), ("teilzeit", "Teilzeit")]:
        count = sum(1 for j in jobs if value in j.types)
        assert f'{label} <span class="count">({count})</span>' in text
    chosen = [j for j in public_jobs(app) if "teilzeit" in j.types]
    for value, label in [("remote", "remote"), ("hybrid", "hybrid")]:
        count = sum(1 for j in chosen if j.model == value)
        assert f'{label} <span class="count">({count})</span>' in text
    total = sum(1 for j in jobs if "teilzeit" in j.types)
    assert f"{total} Stellen" in text or (total == 1 and "1 Stelle" in text)


def test_filters_narrow_the_hits(app, client, corpus):
    jobs = public_jobs(app)
    found = all_hit_ids(client, "/jobs?employment_type=teilzeit&sector=it&salary_given=1")
    expected = {j.id for j in jobs if "teilzeit" in j.types and j.sector == "it" and j.salary}
    assert set(found) == expected


def test_date_sort_lists_the_newest_first(app, client, factory):
    company = factory.company()
    ids = [factory.job(company, title=f"Koch {i}") for i in range(3)]
    with app.app_context():
        for age, job_id in enumerate(ids):
            db.session.get(Job, job_id).published_at = datetime.now(UTC) - timedelta(days=age)
        db.session.commit()
    index(app)
    assert hit_ids(client.get("/jobs?q=Koch&sort=date")) == ids


def test_pagination_is_accessible_and_keeps_the_search(app, client, factory):
    company = factory.company()
    for i in range(45):
        factory.job(company, title=f"Lagerist {i}", employment_types=["vollzeit"])
    index(app)
    url = "/jobs?q=Lagerist&where=Kamenz&radius_km=10&employment_type=vollzeit"
    first = client.get(url)
    text = first.get_data(as_text=True)
    assert len(hit_ids(first)) == 20
    assert 'aria-label="Seiten der Trefferliste"' in text
    current = re.search(r'<a href="([^"]+)" aria-current="page">', text)
    assert current and "page" not in parse_qs(urlsplit(html.unescape(current.group(1))).query)
    next_url = html.unescape(re.search(r'<a href="([^"]+)" rel="next">', text).group(1))
    params = parse_qs(urlsplit(next_url).query)
    assert params == {
        "q": ["Lagerist"],
        "where": ["Kamenz"],
        "radius_km": ["10"],
        "employment_type": ["vollzeit"],
        "page": ["2"],
    }
    second = client.get(next_url)
    assert len(hit_ids(second)) == 20
    assert not set(hit_ids(second)) & set(hit_ids(first))
    assert 'aria-current="page"><span class="visually-hidden">Seite </span>2</a>' in (
        second.get_data(as_text=True)
    )
    assert len(hit_ids(client.get(url + "&page=3"))) == 5


def test_listings_no_longer_public_are_skipped(app, client, factory):
    company = factory.company()
    keep = factory.job(company, title="Tischler")
    gone = factory.job(company, title="Tischler Meister")
    index(app)
    with app.app_context():
        db.session.get(Job, gone).state = "withdrawn"  # index not told yet
        db.session.commit()
    assert hit_ids(client.get("/jobs?q=Tischler")) == [keep]


def test_one_query_for_the_rows_whatever_the_number_of_hits(app, client, factory):
    company = factory.company()
    for i in range(20):
        factory.job(company, title=f"Maurer {i}")
    factory.job(company, title="Dachdecker")
    index(app)

    def statements(url):
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return seen

    statements("/jobs?q=Maurer")  # the first search loads members and places once
    many, one = statements("/jobs?q=Maurer"), statements("/jobs?q=Dachdecker")
    assert len(many) == len(one) == 1  # members, places: kept in the process
    assert sum("FROM jobs" in s for s in many) == 1


def test_no_results_offers_ways_out(app, client, factory):
    factory.job(title="Elektriker (m/w/d)", employment_types=["vollzeit"])
    index(app)
    text = client.get(
        "/jobs?q=Elektriker&where=Hoyerswerda&radius_km=10&employment_type=minijob"
    ).get_data(as_text=True)
    assert "Leider keine passenden Stellen gefunden." in text
    assert "Umkreis auf 25 km erweitern" in text
    assert "/jobs?q=Elektriker&amp;where=Hoyerswerda&amp;radius_km=25" in text
    assert "Ohne Filter „Minijob“ suchen" in text
    text = client.get("/jobs?q=Elektrikr").get_data(as_text=True)
    assert "Zu „Elektrikr“ haben wir nichts gefunden. Meinten Sie „Elektriker“?" in text
    assert "1 Stelle" in text


def test_ambiguous_and_unknown_places_are_explained(app, client, factory):
    factory.job(title="Elektriker")
    index(app)
    text = client.get("/jobs?where=Mühlhausen").get_data(as_text=True)
    assert "gibt es mehrmals. Meinten Sie" in text
    assert "Mühlhausen (92360, Bayern)" in text
    assert "where=92360+M%C3%BChlhausen" in text
    assert "1 Stelle" in text  # until a place is chosen: the whole region
    text = client.get("/jobs?where=Xyzqwort").get_data(as_text=True)
    assert "Den Ort „Xyzqwort“ kennen wir leider nicht" in text


def test_a_postal_code_works_as_place(app, client, factory):
    pulsnitz = place_id(app, "01896", "Pulsnitz")
    near = job_at(app, factory, pulsnitz, title="Bäcker")
    index(app)
    assert hit_ids(client.get("/jobs?where=01896&radius_km=5")) == [near]


@pytest.mark.parametrize("query_string", HOSTILE)
def test_hostile_input_never_breaks_the_page(app, client, factory, query_string):
    factory.job(title="Pflegefachkraft")
    index(app)
    response = client.get("/jobs?" + query_string)
    if "%00" in query_string:  # NUL is refused for every request (security.py)
        assert response.status_code == 400
        assert "Traceback" not in response.get_data(as_text=True)
        return
    assert response.status_code == 200
    assert "<h1>Stellen suchen</h1>" in response.get_data(as_text=True)


def test_invalid_values_are_reported(app, client):
    text = client.get("/jobs?radius_km=7&where=Kamenz&sort=price&page=0").get_data(as_text=True)
    assert "Ungültiger Umkreis" in text
    assert "Unbekannte Sortierung" in text
    assert "Ungültige Seitenzahl" in text


def test_empty_index_and_blank_search(client):
    response = client.get("/jobs")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "0 Stellen" in text
    assert 'rel="alternate" type="application/atom+xml"' in text
    assert 'name="robots"' not in text


def test_navigation_and_home_lead_to_the_search(client):
    text = client.get("/").get_data(as_text=True)
    assert '<a href="/jobs">Stellen suchen</a>' in text
    assert 'action="/jobs"' in text and 'name="where"' in text


def test_occupation_expansion_is_explained(app, client, factory):
    factory.job(title="Pflegefachkraft (m/w/d)")
    factory.job(title="Berufskraftfahrer CE (m/w/d)")
    index(app)
    text = client.get("/jobs?q=Krankenschwester").get_data(as_text=True)
    assert "„Krankenschwester“: Zeige Stellen für Pflegefachkraft, Pflegefachfrau" in text
    assert "1 Stelle" in text and "<mark>Pflegefachkraft</mark> (m/w/d)" in text
    text = client.get("/jobs?q=truck+driver").get_data(as_text=True)
    assert "„truck driver“: Zeige Stellen für Berufskraftfahrer, Berufskraftfahrerin" in text
    assert "<mark>Berufskraftfahrer</mark>" in text
    text = client.get("/jobs?q=Krankenschwster").get_data(as_text=True)
    assert "Meinten Sie „Krankenschwester“?" in text and "Pflegefachkraft</mark>" in text


def test_listings_in_a_place_the_text_names_come_first(app, client, factory):
    text = "Küche im Raum Kamenz."
    radeberg = factory.job(title="Koch (m/w/d)", description=text, postal_code="01454")
    kamenz = factory.job(title="Koch (m/w/d) – Frühstück", description=text, postal_code="01917")
    index(app)
    assert hit_ids(client.get("/jobs?q=Koch+Kamenz")) == [kamenz, radeberg]
    assert hit_ids(client.get("/jobs?q=K%C3%B6chin+Kamenz")) == [kamenz, radeberg]
    assert hit_ids(client.get("/jobs?q=Koch")) == [radeberg, kamenz]  # the shorter title first

"""In-memory alert matching (search.match_new through match_alerts) equals the plain
approach: each saved search run through search_jobs (the Whoosh index) and restricted to
the new listings."""

import random
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from jobportal.alerts import match_alerts, new_public_jobs
from jobportal.core.extensions import db
from jobportal.listings import parse_search, resolve_place, search_params
from jobportal.models import Job, SavedSearch
from jobportal.models.base import utcnow
from jobportal.places import active_members
from jobportal.search import search_jobs
from tests.support.search import index, spread_corpus

DESCRIPTIONS = [
    "Wir suchen Verstärkung für unser Team in der ambulanten Pflege.",
    "Sie entwickeln Software für die Logistik; Kenntnisse in C++ und Python.",
    "Als Elektriker installieren Sie Anlagen. Bäckerin oder Baecker willkommen.",
    "Unser Lager in der Lausitz sucht Staplerfahrer mit Führerschein.",
    "Pflegefachkräfte für Intensivpflege und Altenpflege gesucht!",
]
QUERIES = [
    "",
    "Pflege",
    "pfleg*",
    "Entwickler",
    "Pflegefachkraft",
    "Elektriker OR Lagerist",
    '"ambulanten Pflege"',
    '"Team in der"',
    "Pflege -Pfleger",
    "NOT Lagerist",
    "Software Python",
    "C++",
    "Bäcker",
    "Pflegedienst",
    "Lausitz Pflege",
    "Intensivpflege OR Staplerfahrer -Elektriker",
    "soft* Logistik",
    "xyzzy",
    "AND OR",
    "Krankenschwester",  # occupations: expanded to their forms the same way
    "nurse OR Lagerarbeiter",
    "Altenpflegerin -Intensivpflege",
]
PLACES = [
    ("", None),
    ("Kamenz", 10),
    ("Kamenz", 50),
    ("Hoyerswerda", 25),
    ("01067", 25),
    ("Bautzen", 5),
    ("Radeberg", 100),
]
FILTERS = [
    {},
    {"employment_type": ["teilzeit"]},
    {"working_model": ["remote", "hybrid"]},
    {"sector": ["gesundheit"], "salary_given": "1"},
    {"member": ["kamenz", "hoyerswerda"]},
    {"published_within": "1", "employment_type": ["vollzeit", "minijob"]},
]


@pytest.fixture
def corpus(app, factory):
    """60 varied listings, a third of them "old" (published 3 days ago), indexed."""
    made = spread_corpus(app, factory, n=60, seed=11)
    rng = random.Random(5)
    with app.app_context():
        for number, job_id in enumerate(made):
            job = db.session.get(Job, job_id)
            job.description = rng.choice(DESCRIPTIONS)
            if number % 3 == 0:
                job.published_at = utcnow() - timedelta(days=3)
        db.session.commit()
    index(app)
    return made


def saved_searches(rng: random.Random, count: int) -> list[dict]:
    """Every query once (with random place and filter) plus random combinations."""
    found = []
    for number in range(count):
        q = QUERIES[number] if number < len(QUERIES) else rng.choice(QUERIES)
        where, radius = rng.choice(PLACES)
        params = {"q": q, **rng.choice(FILTERS)}
        if where:
            params.update(where=where, radius_km=str(radius))
        found.append(params)
    return found


def plain_matches(query, new_ids: set[int], member_ids: dict) -> set[int]:
    """The plain approach: the search core over the whole index, cut to the new listings."""
    place = resolve_place(query)
    params = search_params(query, place, member_ids, with_facets=False)
    found, page = set(), 1
    while True:
        result = search_jobs(replace(params, page=page, per_page=100, sort="date"))
        found |= {hit.job_id for hit in result.hits}
        if page >= result.pages:
            return found & new_ids
        page += 1


def test_in_memory_matching_equals_search_core(app, corpus):
    rng = random.Random(42)
    with app.app_context():
        members = active_members()
        slugs = [m.slug for m in members]
        member_ids = {m.slug: m.id for m in members}
        since = utcnow() - timedelta(days=1)
        new = new_public_jobs(since, utcnow())
        assert 30 <= len(new) < len(corpus)
        new_ids = {job.id for job in new}
        searches = saved_searches(rng, 150)
        alerts = [
            SimpleNamespace(id=n, params=raw, last_run_at=None, confirmed_at=since)
            for n, raw in enumerate(searches, start=1)
        ]
        found = match_alerts(alerts, new)
        compared = nonempty = 0
        for alert in alerts:
            query = parse_search(alert.params, member_slugs=slugs)[0]
            expected = plain_matches(query, new_ids, member_ids)
            got = set(found.get(alert.id, ()))
            assert got == expected, (alert.params, sorted(got ^ expected))
            compared += 1
            nonempty += bool(expected) and expected != new_ids
        assert compared == 150 and nonempty >= 40  # the comparisons were not trivial


def test_matching_runs_the_same_few_queries_however_many_listings_are_new(app, corpus):
    since = utcnow() - timedelta(days=1)
    alerts = [
        SimpleNamespace(id=n, params={"q": q}, last_run_at=None, confirmed_at=since)
        for n, q in enumerate(("Pflege", "Entwickler", ""), start=1)
    ]
    seen = []
    with app.app_context():
        match_alerts(alerts, new_public_jobs(since, utcnow()))  # members and places kept
        db.session.expire_all()
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            new = new_public_jobs(since, utcnow())
            found = match_alerts(alerts, new)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert len(new) >= 30 and found[3] == [job.id for job in new]
    assert len(seen) <= 3, seen  # listings with company and place, their other work places


def test_match_alerts_respects_each_alerts_last_run(app, corpus):
    with app.app_context():
        now = utcnow()
        fresh = SavedSearch(
            email="a@example.org",
            name="neu",
            params={"q": "Pflege"},
            status="active",
            secret="x",
            created_at=now - timedelta(days=10),
            confirmed_at=now - timedelta(days=10),
            last_run_at=now - timedelta(days=5),
        )
        recent = SavedSearch(
            email="b@example.org",
            name="kurz",
            params={"q": "Pflege"},
            status="active",
            secret="y",
            created_at=now - timedelta(days=10),
            confirmed_at=now - timedelta(days=10),
            last_run_at=now - timedelta(days=2),
        )
        db.session.add_all([fresh, recent])
        db.session.flush()
        jobs = new_public_jobs(now - timedelta(days=5), now)
        found = match_alerts([fresh, recent], jobs)
        old = {j.id for j in jobs if j.published_at < now - timedelta(days=2)}
        assert old & set(found[fresh.id])
        assert set(found[recent.id]) and not old & set(found[recent.id])
        db.session.rollback()

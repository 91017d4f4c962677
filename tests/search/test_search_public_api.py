"""SEARCH_PRIVATE_FAST_PATH off: the engine reads the index through Whoosh 2.7's public
API only, and every kind of search (keyword, prefix, phrase, compound, filters and
facets, radius, date and distance sort, paging, suggestion) gives exactly the same
result as the fast path."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from jobportal.core.extensions import db
from jobportal.listings import parse_search, resolve_place, search_params
from jobportal.models import Job
from jobportal.places import active_members
from jobportal.search import (
    SearchParams,
    drain,
    note_job_changed,
    search_jobs,
)
from jobportal.search.engine import phrases
from tests.support.search import index, spread_corpus

DESCRIPTIONS = [
    "Wir suchen Verstärkung für unser Team in der ambulanten Pflege.",
    "Sie entwickeln Software für die Logistik; Kenntnisse in C++ und Python.",
    "Als Elektriker installieren Sie Anlagen. Bäckerin oder Baecker willkommen.",
    "Unser Lager in der Lausitz sucht Staplerfahrer mit Führerschein.",
    "Pflegefachkräfte für Intensivpflege und Altenpflege gesucht! Team Pflege.",
]
SEARCHES = {
    "keyword": {"q": "Pflege"},
    "two_keywords": {"q": "Software Python"},
    "frequent_and_rare": {"q": "Team Intensivpflege"},
    "prefix": {"q": "pfleg*"},
    "phrase": {"q": '"ambulanten Pflege"'},
    "title_phrase": {"q": '"Pflegefachkraft 1"'},
    "compound": {"q": "Entwickler"},
    "or_and_exclusion": {"q": "Elektriker OR Lagerist -Staplerfahrer"},
    "browse_facets": {"q": "", "employment_type": ["teilzeit"], "salary_given": "1"},
    "filters": {"q": "Team", "working_model": ["remote", "hybrid"], "sector": ["it"]},
    "radius_distance": {"q": "Pflege", "where": "Kamenz", "radius_km": "50", "sort": "distance"},
    "radius_browse": {"where": "Hoyerswerda", "radius_km": "25"},
    "date": {"q": "Team", "sort": "date", "per_page": "7", "page": "2"},
    "suggestion": {"q": "Pflegefachkraf"},
}


@pytest.fixture
def corpus(app, factory):
    """Listings in two segments, one deleted, with varied texts and dates."""
    made = spread_corpus(app, factory, n=70, seed=23)
    rng = random.Random(9)
    with app.app_context():
        for job_id in made:
            job = db.session.get(Job, job_id)
            job.description = rng.choice(DESCRIPTIONS)
            job.published_at = datetime.now(UTC) - timedelta(minutes=rng.randint(0, 9000))
        db.session.commit()
    index(app)
    extra = [factory.job(title=f"Pfleger {n}", description=DESCRIPTIONS[0]) for n in range(5)]
    with app.app_context():
        db.session.get(Job, made[0]).state = "withdrawn"
        for job_id in (made[0], *extra):
            note_job_changed(job_id)
        db.session.commit()
        drain()


def params_of(raw: dict) -> SearchParams:
    """SearchParams the way the search page makes them."""
    members = active_members()
    query = parse_search(raw, member_slugs=[m.slug for m in members])[0]
    return search_params(query, resolve_place(query), {m.slug: m.id for m in members})


def test_public_api_gives_the_same_results(app, corpus, monkeypatch):
    chunk_sizes = {True: [], False: []}  # posting chunks read, per mode
    original = phrases.blocks

    def recorded(matcher, values=False, private=True):
        for ids, encoded in original(matcher, values, private):
            chunk_sizes[private].append(len(ids))
            yield ids, encoded

    monkeypatch.setattr(phrases, "blocks", recorded)
    public_config = {**app.config, "SEARCH_PRIVATE_FAST_PATH": False}
    with app.app_context():
        for kind, raw in SEARCHES.items():
            params = params_of(raw)
            fast = search_jobs(params, app)
            public = search_jobs(params, public_config)
            assert public == fast, kind
            assert fast.total or fast.suggestion, kind  # something to compare
    assert chunk_sizes[False] and all(size == 1 for size in chunk_sizes[False])
    assert max(chunk_sizes[True]) > 1  # the fast path read whole blocks

"""warm_search: a new web worker computes its search caches before its first user
(deploy/gunicorn.conf.py), so that user's search reads nothing more from the index."""

import pytest

from jobportal.search import SearchParams, reset_pools, search_jobs, warm_search
from jobportal.search.adapter import stored
from jobportal.search.engine.caches import SEGMENT_CACHE
from tests.support.search import index

TEXT_MASKS = {"any", "query", "phrase", "vocabulary"}  # what a query's words compute


@pytest.fixture
def segment_work(monkeypatch):
    """The segment-level structures computed from now on (key kinds: "values",
    "column", "order", "query", ...) and the stored columns read into memory."""
    computed, original = [], SEGMENT_CACHE.get

    def counting(key, compute):
        return original(key, lambda: computed.append(key[3]) or compute())

    monkeypatch.setattr(SEGMENT_CACHE, "get", counting)
    reads, read = [], stored._stored_column
    monkeypatch.setattr(stored, "_stored_column", lambda r: reads.append(r) or read(r))
    return computed, reads


@pytest.fixture
def nurses(app, factory):
    """Listings in the demo network, indexed; no searcher open yet."""
    made = [factory.job(title=f"Pflegefachkraft {n}") for n in range(3)]
    made += [factory.job(title="Elektriker (m/w/d)")]
    index(app)
    reset_pools()
    return made


FILTERS = SearchParams(
    origin=(51.27, 14.09),  # Kamenz
    sort="distance",
    with_facets=True,
    published_within_days=7,
    local_only=True,
    employment_type=["vollzeit"],
)


def test_a_search_after_the_warm_up_reads_nothing_more(app, nurses, segment_work):
    computed, reads = segment_work
    assert warm_search(app) is True
    assert {"values", "column", "order", "title_lengths"} <= set(computed) and reads
    computed.clear(), reads.clear()
    with app.app_context():
        by_distance = search_jobs(FILTERS)
        newest = search_jobs(SearchParams(with_facets=True, sort="date"))
        ranked = search_jobs(SearchParams(q="Pflegefachkraft", with_facets=True))
    assert by_distance.total == newest.total == 4 and ranked.total == 3
    assert by_distance.hits[0].distance_km is not None
    assert set(computed) <= TEXT_MASKS and not reads  # only the typed word's masks


def test_without_the_warm_up_the_first_search_reads_the_columns(app, nurses, segment_work):
    computed, reads = segment_work
    with app.app_context():
        assert search_jobs(FILTERS).total == 4
    assert {"values", "column", "array", "with_points"} <= set(computed) and reads


def test_no_index_yet_is_nothing_to_warm(app, tmp_path):
    assert warm_search({"INDEX_DIR": str(tmp_path / "none")}) is False

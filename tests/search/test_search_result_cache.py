"""SEARCH_RESULT_CACHE: an answer is kept per index generation and day, for the same
parameters; an index change, another day or other parameters are never answered from it."""

from datetime import timedelta

import pytest

from jobportal.core.extensions import db
from jobportal.models import Job
from jobportal.search import SearchParams, drain, note_job_changed, search_jobs, service
from jobportal.search.engine import execute
from tests.support.search import index


@pytest.fixture
def counted_runs(monkeypatch):
    """The number of searches actually computed (not answered from the cache)."""
    calls = []
    original = execute.run

    def counting(*args):
        calls.append(args[1])
        return original(*args)

    monkeypatch.setattr(execute, "run", counting)
    return calls


@pytest.fixture
def nurses(app, factory):
    """Three nursing listings, indexed."""
    made = [factory.job(title=f"Pflegefachkraft {n}") for n in range(3)]
    index(app)
    return made


def test_the_same_search_is_computed_once_per_generation(app, nurses, counted_runs):
    with app.app_context():
        first = search_jobs(SearchParams(q="Pflegefachkraft", sector=[]))
        again = search_jobs(SearchParams(q="Pflegefachkraft", sector=()))
    assert first.total == 3 and again == first
    assert len(counted_runs) == 1  # a list and a tuple of the same values are one key


def test_an_index_change_is_never_answered_from_the_cache(app, factory, nurses, counted_runs):
    params = SearchParams(q="Pflegefachkraft")
    with app.app_context():
        assert search_jobs(params).total == 3
        newcomer = factory.job(title="Pflegefachkraft Nachtdienst")
        db.session.get(Job, nurses[0]).state = "withdrawn"
        for job_id in (newcomer, nurses[0]):
            note_job_changed(job_id)
        db.session.commit()
        drain()
        ids = {hit.job_id for hit in search_jobs(params).hits}
    assert ids == {newcomer, *nurses[1:]}
    assert len(counted_runs) == 2


def test_other_parameters_and_another_day_are_computed(app, nurses, counted_runs, monkeypatch):
    with app.app_context():
        search_jobs(SearchParams(q="Pflegefachkraft"))
        search_jobs(SearchParams(q="Pflegefachkraft", per_page=2))
        search_jobs(SearchParams(q="Pflegefachkraft", per_page=2, page=2))
        assert len(counted_runs) == 3
        tomorrow = service.berlin_today() + timedelta(days=1)  # not a fixed date: that may be today
        monkeypatch.setattr(service, "berlin_today", lambda: tomorrow)
        search_jobs(SearchParams(q="Pflegefachkraft"))
    assert len(counted_runs) == 4


def test_a_caller_changing_its_answer_does_not_change_the_next(app, nurses):
    with app.app_context():
        first = search_jobs(SearchParams(q="Pflegefachkraft"))
        first.total, first.hits = 0, []
        again = search_jobs(SearchParams(q="Pflegefachkraft"))
    assert again.total == 3 and len(again.hits) == 3


def test_switched_off_every_search_is_computed(app, nurses, counted_runs):
    config = {**app.config, "SEARCH_RESULT_CACHE": 0}
    with app.app_context():
        for _ in range(3):
            assert search_jobs(SearchParams(q="Pflegefachkraft"), config).total == 3
    assert len(counted_runs) == 3

"""The index feed, drain, rebuild, searcher refresh and search_jobs on small corpora."""

import os
import random
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from whoosh import index

from jobportal.core.extensions import db
from jobportal.core.geometry import haversine_km
from jobportal.models import Company, Job, Place, SearchChange
from jobportal.search import (
    IndexBusy,
    SearchParams,
    drain,
    note_company_changed,
    note_job_changed,
    rebuild,
    search_jobs,
    status,
)
from jobportal.search.adapter.indexer import GAP_TIMEOUT, read_cursor, safe_cursor
from jobportal.search.adapter.schema import FACET_FIELDS
from jobportal.search.adapter.storage import index_root, live_dir, writer_lock
from jobportal.search.service import searcher_pool

from .test_search_analysis import HOSTILE


def feed(app, *job_ids):
    """Write feed entries for listings and commit (what the lifecycle does)."""
    with app.app_context():
        for job_id in job_ids:
            note_job_changed(job_id)
        db.session.commit()


def search(app, **params):
    """search_jobs inside an app context."""
    with app.app_context():
        return search_jobs(SearchParams(**params))


def ids(result):
    return [h.job_id for h in result.hits]


def index_snapshot(app):
    """{job id: stored fields} of every job document in the live index."""
    ix = index.open_dir(str(live_dir(index_root(app))))
    with ix.searcher() as s:
        return {d["id"]: d for d in s.documents(kind="job")} or {
            d["id"]: d for d in s.all_stored_fields() if d["id"] != "__cursor__"
        }


@pytest.fixture
def jobs(app, factory):
    """A handful of listings, fed and drained."""
    company = factory.company(name="Backhaus Müller GmbH")
    made = SimpleNamespace(
        baecker=factory.job(company, title="Bäcker (m/w/d)", description="Frühschicht."),
        baeckerin=factory.job(company, title="Bäckerin für die Filiale", description="Brot."),
        dev=factory.job(title="Softwareentwickler Java", description="Backend mit Java."),
        pflege=factory.job(title="Pflegefachkräfte gesucht", description="Station 3."),
        desc_only=factory.job(title="Verkäufer", description="Auch Bäcker willkommen."),
        draft=factory.job(title="Bäcker Entwurf", state="draft"),
    )
    feed(app, *vars(made).values())
    with app.app_context():
        drain()
    return made


def test_drain_indexes_public_listings_only(app, jobs):
    assert set(index_snapshot(app)) == {
        str(j) for j in (jobs.baecker, jobs.baeckerin, jobs.dev, jobs.pflege, jobs.desc_only)
    }


def test_cursor_is_recorded_inside_the_index(app, jobs):
    with app.app_context():
        last = db.session.execute(select(func.max(SearchChange.id))).scalar_one()
        info = status()
    ix = index.open_dir(str(live_dir(index_root(app))))
    assert read_cursor(ix) == last == info["last_applied_id"]
    assert info["lag"] == 0
    assert info["documents"] == 5


def test_drain_twice_gives_the_same_index(app, jobs):
    before = index_snapshot(app)
    feed(app, jobs.baecker, jobs.dev, jobs.draft, 999_999)
    with app.app_context():
        result = drain()
        assert drain()["applied"] == 0
    assert result["applied"] == 4
    assert index_snapshot(app) == before


def test_withdrawn_listing_and_banned_company_leave_the_index(app, jobs):
    with app.app_context():
        db.session.get(Job, jobs.dev).state = "withdrawn"
        note_job_changed(jobs.dev)
        company = db.session.get(Job, jobs.baecker).company
        company.banned_at = datetime.now(UTC)
        note_company_changed(company.id)
        db.session.commit()
        drain(batch_size=1)
    assert set(index_snapshot(app)) == {str(jobs.pflege), str(jobs.desc_only)}


def test_a_second_writer_waits_or_skips(app, jobs):
    root = index_root(app)
    with writer_lock(root), app.app_context(), pytest.raises(IndexBusy):
        drain(wait=False)


def test_cursor_waits_at_a_fresh_gap_only():
    now = datetime.now(UTC)
    row = lambda i, age: SimpleNamespace(id=i, created_at=now - age)  # noqa: E731
    fresh, old = timedelta(seconds=1), GAP_TIMEOUT + timedelta(seconds=1)
    assert safe_cursor(3, [row(4, fresh), row(5, fresh)], now) == 5
    assert safe_cursor(3, [row(4, fresh), row(6, fresh)], now) == 4
    assert safe_cursor(3, [row(4, old), row(6, old), row(7, fresh)], now) == 7


def test_german_analysis_finds_the_same_listings(app, jobs):
    found = {q: set(ids(search(app, q=q))) for q in ("Bäcker", "Baecker", "Bäckerin")}
    assert found["Bäcker"] == found["Baecker"] == found["Bäckerin"]
    assert {jobs.baecker, jobs.baeckerin, jobs.desc_only} <= found["Bäcker"]
    assert jobs.pflege in ids(search(app, q="Pflegefachkraft"))
    assert ids(search(app, q="Entwickler")) == [jobs.dev]
    assert ids(search(app, q="Entwicklerin")) == [jobs.dev]


def test_title_matches_rank_above_description_matches(app, jobs):
    ranked = ids(search(app, q="Bäcker"))
    assert ranked.index(jobs.desc_only) == len(ranked) - 1


def test_exact_title_comes_first(app, factory):
    titles = [
        "Elektriker (m/w/d)",
        "Elektriker Service",
        "Servicetechniker Elektrik",
        "Elektriker Service und Wartung Gebäudetechnik",
    ]
    made = [factory.job(title=t, description="Elektriker Service " * 5) for t in titles]
    feed(app, *made)
    with app.app_context():
        drain()
    for job_id, title in zip(made, titles, strict=True):
        assert ids(search(app, q=title))[0] == job_id


def test_hits_carry_snippets_and_escape_html(app, factory):
    job = factory.job(title="Koch <b>", description="Wir suchen einen Koch. <script>x</script>")
    feed(app, job)
    with app.app_context():
        drain()
    hit = search(app, q="Koch").hits[0]
    assert hit.title_html == "<mark>Koch</mark> &lt;b&gt;"
    assert "<script" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html


def test_hostile_queries_never_raise(app, jobs):
    for text in HOSTILE:
        result = search(app, q=text, origin=(51.3, 14.1), sort="distance")
        assert result.total >= 0, text
    assert search(app, q="AND ( OR").hint == "no_terms"
    assert search(app, q="AND ( OR").total == 5


def test_suggestion_when_nothing_is_found(app, jobs):
    result = search(app, q="Filliale")
    assert result.total == 0
    assert result.suggestion == "Filiale"
    assert result.corrected is None
    assert search(app, q="Bäcker").suggestion is None


def test_misspelt_occupation_is_corrected(app, jobs):
    result = search(app, q="Softwareentwikler")
    assert result.corrected == "Softwareentwickler"
    assert ids(result) == [jobs.dev]
    assert result.suggestion is None


def test_searcher_refreshes_only_when_the_index_changed(app, jobs, factory):
    search(app, q="Bäcker")
    pool = searcher_pool(app)
    opens, refreshes = pool.stats["opens"], pool.stats["refreshes"]
    search(app, q="Koch")
    assert (pool.stats["opens"], pool.stats["refreshes"]) == (opens, refreshes)
    with pool.view() as view:
        old_readers = {id(r) for _s, r, _o in view.leaves}
    job = factory.job(title="Konditor")
    feed(app, job)
    with app.app_context():
        drain()
    assert ids(search(app, q="Konditor")) == [job]
    assert pool.stats["refreshes"] == refreshes + 1
    with pool.view() as view:
        assert old_readers & {id(r) for _s, r, _o in view.leaves}  # unchanged segment reused
    with app.app_context():
        db.session.get(Job, jobs.baecker).state = "filled"
        note_job_changed(jobs.baecker)
        db.session.commit()
        drain()
    assert jobs.baecker not in ids(search(app, q="Bäcker"))  # deletion seen after refresh
    assert pool.stats["refreshes"] == refreshes + 2


def _age_index_files(app, seconds: int = 60) -> None:
    """Set CURRENT's and the live directory's modification times ``seconds`` back, as if
    the index had not changed for a while."""
    root = index_root(app)
    past = time.time() - seconds
    for path in (root / "CURRENT", live_dir(root)):
        os.utime(path, (past, past))


def test_a_quiet_index_is_not_listed_again_and_a_change_is_seen(app, jobs, factory):
    pool = searcher_pool(app)
    search(app, q="Bäcker")
    _age_index_files(app)
    search(app, q="Bäcker")  # a full check that sees the old file times
    checks = pool.stats["checks"]
    for _ in range(3):
        assert search(app, q="Bäcker").total == 3
    assert pool.stats["checks"] == checks  # neither CURRENT read nor directory listed

    job = factory.job(title="Konditor")
    feed(app, job)
    with app.app_context():
        drain()
    assert ids(search(app, q="Konditor")) == [job]  # the new generation's file is seen
    checks = pool.stats["checks"]
    search(app, q="Konditor")
    search(app, q="Konditor")
    assert pool.stats["checks"] == checks + 2  # just changed: times too recent to trust

    _age_index_files(app)
    search(app, q="Konditor")
    old_dir, opens = live_dir(index_root(app)), pool.stats["opens"]
    with app.app_context():
        rebuild()
    assert live_dir(index_root(app)) != old_dir
    assert ids(search(app, q="Konditor")) == [job]
    assert pool.stats["opens"] == opens + 1  # the swap of CURRENT is seen


def test_rebuild_swaps_atomically_and_old_searchers_keep_working(app, jobs):
    root = index_root(app)
    old_dir = live_dir(root)
    old = index.open_dir(str(old_dir)).searcher()
    errors, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                assert search(app, q="Bäcker").total == 3
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with app.app_context():
            progress = []
            stats = rebuild(progress=lambda done, total: progress.append((done, total)))
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert live_dir(root) != old_dir and stats["documents"] == 5 and progress[-1] == (5, 5)
    assert old.document(id=str(jobs.baecker))["title"] == "Bäcker (m/w/d)"
    old.close()
    assert set(index_snapshot(app)) == {
        str(j) for j in (jobs.baecker, jobs.baeckerin, jobs.dev, jobs.pflege, jobs.desc_only)
    }
    with app.app_context():
        assert status()["lag"] == 0


def _places_near(app, postal_code, km):
    with app.app_context():
        places = list(db.session.execute(select(Place).where(Place.state == "SN")).scalars())
        center = next(p for p in places if p.postal_code == postal_code)
        inside = [p.id for p in places if haversine_km(center.lat, center.lon, p.lat, p.lon) <= km]
        return center, inside


def test_radius_filter_and_distance_sort(app, factory):
    center, inside = _places_near(app, "01917", 25)  # Kamenz
    codes = ["01917", "01896", "01900", "01067", "02977"]  # Kamenz ... Dresden (36 km)
    made = {code: factory.job(title="Lagerist", postal_code=code) for code in codes}
    feed(app, *made.values())
    with app.app_context():
        drain()
        places = {code: db.session.get(Job, j).place for code, j in made.items()}
    expected = {made[c] for c, p in places.items() if p.id in inside}
    origin = (center.lat, center.lon)
    result = search(app, q="Lagerist", place_ids=inside, origin=origin, sort="distance")
    assert set(ids(result)) == expected and result.total == len(expected)
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances) and distances[0] == 0.0
    everywhere = search(app, q="Lagerist", origin=origin, sort="distance")
    assert ids(everywhere)[-1] == made["01067"] and len(everywhere.hits) == len(codes)
    assert search(app, q="Lagerist", place_ids=[]).total == 0


def test_facets_equal_brute_force_counts(app, factory):
    rng = random.Random(7)
    kinds = ["vollzeit", "teilzeit", "minijob"]
    for _n in range(30):
        factory.job(
            title=rng.choice(["Koch", "Koch Service", "Pfleger"]),
            employment_types=sorted(set(rng.sample(kinds, rng.choice([1, 2])))),
            working_model=rng.choice(["vor_ort", "hybrid", "remote"]),
            sector=rng.choice(["gastronomie", "gesundheit"]),
            salary_min=rng.choice([None, 300000]),
            state=rng.choice(["published"] * 4 + ["draft"]),
        )
    with app.app_context():
        for job_id in db.session.execute(select(Job.id)).scalars():
            note_job_changed(job_id)
        db.session.commit()
        drain()
        rows = list(db.session.execute(select(Job).where(Job.state == "published")).scalars())
    params = {"q": "Koch", "working_model": ["hybrid", "remote"], "employment_type": ["teilzeit"]}
    result = search(app, **params)

    def values(job, name):
        return {
            "employment_type": job.employment_types,
            "working_model": [job.working_model],
            "sector": [job.sector],
            "member": [str(job.member_id)],
            "salary_given": ["1" if job.salary_min else "0"],
            "english": ["1" if job.english_ok else "0"],
        }[name]

    def matches(job, skip):
        return "Koch" in job.title and all(
            set(values(job, n)) & set(params[n])
            for n in ("working_model", "employment_type")
            if n != skip
        )

    assert result.total == sum(matches(j, None) for j in rows)
    for name in FACET_FIELDS:
        expected = Counter(v for j in rows if matches(j, name) for v in values(j, name))
        assert result.facets[name] == dict(expected), name
    assert result.facets["published_within_days"][1] == sum(matches(j, None) for j in rows)


def test_browse_without_text_sorts_newest_first_and_pages(app, factory):
    made = [factory.job(title=f"Stelle {n}") for n in range(5)]
    with app.app_context():
        for n, job_id in enumerate(made):
            db.session.get(Job, job_id).published_at = datetime.now(UTC) - timedelta(hours=n)
            note_job_changed(job_id)
        db.session.commit()
        drain()
    first = search(app, per_page=2)
    assert first.sort == "date" and ids(first) == made[:2] and first.pages == 3
    assert ids(search(app, per_page=2, page=3)) == made[4:]
    assert search(app, per_page=2, page=99).hits == []


def test_search_before_any_index_exists(app):
    result = search(app, q="Koch")
    assert result.total == 0 and result.hits == []


def test_company_rename_reaches_the_index(app, jobs):
    with app.app_context():
        company = db.session.get(Job, jobs.baecker).company
        company.name = "Brotmanufaktur Sachsen"
        note_company_changed(company.id)
        db.session.commit()
        drain()
        count = db.session.execute(select(func.count(Company.id))).scalar_one()
    assert count >= 1
    assert set(ids(search(app, q="Brotmanufaktur"))) == {jobs.baecker, jobs.baeckerin}


def test_a_frequent_word_is_looked_up_among_the_rare_words_hits(app, factory):
    company = factory.company()
    made = [
        factory.job(company, title="Koch" if n < 2 else f"Kellner {n}", description="Im Team.")
        for n in range(45)
    ]
    feed(app, *made)
    with app.app_context():
        drain()
    for q in ("Koch Team", "Team Koch"):
        result = search(app, q=q, per_page=50)
        assert result.total == 2 and set(ids(result)) == set(made[:2]), q
    assert search(app, q="Team Kellner", per_page=50).total == 43
    assert search(app, q="Team -Koch", per_page=50).total == 43


def test_walking_newest_first_gives_the_sorted_order(app, factory, monkeypatch):
    from jobportal.search.engine import rank

    rng = random.Random(3)
    company = factory.company()
    made = [factory.job(company, title=f"Maurer {n}", description="Bau.") for n in range(12)]
    with app.app_context():
        for job_id in made:
            job = db.session.get(Job, job_id)
            job.published_at = datetime.now(UTC) - timedelta(minutes=rng.randint(0, 5000))
            note_job_changed(job_id)
        db.session.commit()
        drain()
    for q in ("", "Bau"):  # date order; relevance: one description-only tier
        sorted_pages = [ids(search(app, q=q, per_page=5, page=p)) for p in (1, 2, 3)]
        monkeypatch.setattr(rank, "SORT_LIMIT", 0)
        walked_pages = [ids(search(app, q=q, per_page=5, page=p)) for p in (1, 2, 3)]
        monkeypatch.undo()
        assert walked_pages == sorted_pages and sum(sorted_pages, []) != made
        assert sorted(sum(walked_pages, [])) == sorted(made)


def test_rebuild_rows_make_the_same_documents_as_orm_listings(app, factory):
    from jobportal.search.adapter.builder import public_batches
    from jobportal.search.adapter.schema import job_document

    company = factory.company(name="Gärtnerei Schäfer")
    factory.job(company, title="Gärtner", salary_min=250000, employment_types=["teilzeit"])
    factory.job(title="Florist (m/w/d)", description="**Blumen** und [Kränze](http://x)")
    with app.app_context():
        job = db.session.get(Job, factory.job(title="Import"))
        job.company, job.employer_name = None, "Importierte Firma"
        db.session.commit()
        rows = [r for batch in public_batches(db.session, 2) for r in batch]
        orm = {j.id: j for j in db.session.execute(select(Job)).scalars()}
        assert len(rows) == 3
        for row in rows:
            assert job_document(row) == job_document(orm[row.id])

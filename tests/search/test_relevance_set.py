"""The judged queries of bench/relevance.py still name listings of the demo data (the set
cannot rot); the scores themselves are measured only by the bench."""

from collections import Counter

from bench.relevance import key_matches, listing_key, load_set
from jobportal.core.extensions import db
from jobportal.demo import seed_demo
from jobportal.listings import public_jobs_query
from jobportal.models import Job, Place

KINDS = {"female", "male", "neutral", "synonym", "old", "english", "abbreviation", "compound"}
KINDS |= {"typo", "place"}


def test_judged_set_covers_every_kind():
    queries = load_set()
    assert len(queries) >= 80
    assert len({q["q"] for q in queries}) == len(queries)
    kinds = Counter(q["kind"] for q in queries)
    assert set(kinds) == KINDS
    assert all(kinds[k] >= 5 for k in KINDS)
    assert all(2 in q["relevant"].values() for q in queries)


def test_every_judged_listing_exists_in_the_demo_data(app):
    with app.app_context():
        for _line in seed_demo():
            pass
        query = public_jobs_query().join(Place, Place.id == Job.place_id)
        rows = db.session.execute(query.with_only_columns(Job.title, Place.name)).all()
    listings = {(listing_key(title), town) for title, town in rows}
    missing = [
        (entry["q"], key)
        for entry in load_set()
        for key in entry["relevant"]
        if not any(key_matches(key, title, town) for title, town in listings)
    ]
    assert missing == []

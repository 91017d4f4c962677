"""/healthz: the balancer's view of a node (database, index, feed lag)."""

from datetime import timedelta

from sqlalchemy.exc import OperationalError

from jobportal.core.extensions import db
from jobportal.models import SearchChange
from jobportal.models.base import utcnow
from jobportal.search import drain
from tests.support.search import index


def test_a_node_with_a_current_index_is_healthy(app, client, factory):
    factory.job(factory.company())
    index(app)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["index"] == "ok"
    assert body["documents"] == 1 and body["feed_lag"] == 0 and body["feed_lag_seconds"] == 0


def test_a_node_far_behind_the_feed_is_drained(app, client, factory):
    job_id = factory.job(factory.company())
    index(app)
    with app.app_context():
        limit = app.config["SEARCH_HEALTH_MAX_LAG"]
        old = utcnow() - timedelta(seconds=limit + 5)
        db.session.add(SearchChange(kind=SearchChange.KIND_JOB, entity_id=job_id, created_at=old))
        db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unhealthy" and body["feed_lag"] == 1
    assert body["feed_lag_seconds"] > limit
    with app.app_context():
        drain()
    assert client.get("/healthz").status_code == 200  # caught up: traffic again


def test_a_fresh_pending_change_keeps_the_node_healthy(app, client, factory):
    job_id = factory.job(factory.company())
    index(app)
    with app.app_context():
        db.session.add(SearchChange(kind=SearchChange.KIND_JOB, entity_id=job_id))
        db.session.commit()
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["feed_lag"] == 1


def test_without_an_index_or_a_database_the_node_is_unhealthy(app, client, monkeypatch):
    assert client.get("/healthz").get_json()["index"] in {"ok", "missing"}
    with app.app_context():

        def down(*args, **kwargs):
            raise OperationalError("SELECT 1", {}, ConnectionError("database down"))

        monkeypatch.setattr(db.session, "execute", down)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "unreachable", "status": "unhealthy"}

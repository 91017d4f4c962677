"""Reference data kept per process: fresh at once after this process's commits, after
the TTL for changes made by other processes."""

from sqlalchemy import event, select, text

from jobportal.core.extensions import db
from jobportal.listings import SearchQuery, resolve_place
from jobportal.models import Member
from jobportal.places import active_member_refs, forget_reference_data
from jobportal.places import reference as ref


def _names() -> set[str]:
    return {m.name for m in active_member_refs()}


def test_a_commit_in_this_process_refreshes_the_members(app):
    with app.app_context():
        before = _names()
        member = db.session.execute(select(Member).order_by(Member.id)).scalars().first()
        assert member.name in before
        member.name = "Neustadt am Test"
        db.session.commit()
        assert "Neustadt am Test" in _names()


def test_another_process_s_change_shows_after_the_ttl(app, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(ref.time, "monotonic", lambda: clock[0])
    with app.app_context():
        forget_reference_data()
        before = _names()
        first = db.session.execute(select(Member.id).order_by(Member.id)).scalar()
        with db.engine.begin() as other:  # a write the session events do not see
            other.execute(text("UPDATE members SET name = 'Anderswo' WHERE id = :i"), {"i": first})
        assert _names() == before  # still within the TTL
        clock[0] += app.config["REFERENCE_CACHE_SECONDS"] + 1
        assert "Anderswo" in _names()


def test_a_resolved_place_costs_no_query_the_second_time(app):
    seen = []
    with app.app_context():
        query = SearchQuery(where="Kamenz", radius_km=10)
        first = resolve_place(query)
        assert first.status == "found"
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            again = resolve_place(query)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert again == first
    assert seen == []

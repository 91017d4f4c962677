"""`flask index rebuild`: a fresh index directory from the database, swapped in atomically.

The new generation is filled next to the live one (drains keep serving the old one),
catches up on the feed under the writer lock and then becomes live by replacing the
CURRENT pointer (storage.py). Large rebuilds analyse documents in several processes
(Whoosh's MpWriter, one segment per process).
"""

import time
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh import index

from ...core.extensions import db
from ...models import Company, Job, JobPlace, Place, SearchChange
from ...models.base import utcnow
from .binding import current_visibility, index_context
from .indexer import GAP_TIMEOUT, drain_index, read_cursor, write_cursor
from .nodes import REBUILD_SUFFIX, RebuildRequired, heartbeat, node_name, pruned_through, unregister
from .packed import writer_options
from .schema import job_document
from .storage import (
    create_generation,
    file_lock,
    index_root,
    make_live,
    remove_old_generations,
    writer_lock,
)

MP_MIN_DOCUMENTS = 5000  # below this, starting writer processes costs more than it saves


def _rebuild_cursor(session: Session) -> int:
    """A cursor below every feed entry that might not be visible to the rebuild's reads."""
    horizon = utcnow() - GAP_TIMEOUT
    value = session.execute(
        select(func.max(SearchChange.id)).where(SearchChange.created_at <= horizon)
    ).scalar_one_or_none()
    return value or 0


PLACE_COLUMNS = (Place.postal_code, Place.lat, Place.lon)
ROW_COLUMNS = (
    Job.id, Job.title, Job.description, Job.employer_name, Job.place_id, Job.member_id,
    Job.employment_types, Job.working_model, Job.sector, Job.salary_min, Job.salary_max,
    Job.published_at, Job.created_at, Job.ends_on, Job.source, Job.english_ok,
    Company.id.label("company_pk"), Company.name.label("company_name"),
    Place.id.label("place_pk"), Place.postal_code, Place.lat, Place.lon,
)  # fmt: skip


def listing_of(row) -> SimpleNamespace:
    """What ``job_document`` reads of a Job, from one row of ROW_COLUMNS (loading ORM
    objects with their company and place took longer than indexing them)."""
    values = row._asdict()
    company, place = values.pop("company_pk"), values.pop("place_pk")
    values["display_employer"] = values.pop("company_name") if company else values["employer_name"]
    spot = {k: values.pop(k) for k in ("postal_code", "lat", "lon")}
    values["place"] = SimpleNamespace(**spot) if place is not None else None
    values["other_places"] = []
    return SimpleNamespace(**values)


def _attach_other_places(session: Session, listings: list) -> None:
    """Fill ``other_places`` of a batch's ``listing_of`` rows (one query per batch)."""
    by_id = {listing.id: listing for listing in listings}
    query = (
        select(JobPlace.job_id, JobPlace.place_id, JobPlace.member_id, *PLACE_COLUMNS)
        .join(Place, Place.id == JobPlace.place_id)
        .where(JobPlace.job_id.in_(by_id))
        .order_by(JobPlace.job_id, JobPlace.position)
    )
    for job_id, place_id, member_id, postal_code, lat, lon in session.execute(query):
        spot = SimpleNamespace(postal_code=postal_code, lat=lat, lon=lon)
        link = SimpleNamespace(place_id=place_id, member_id=member_id, place=spot)
        by_id[job_id].other_places.append(link)


def public_batches(session: Session, batch_size: int):
    """Public listings in id order as ``listing_of`` rows, a batch at a time (keyset
    pagination)."""
    public = current_visibility().public_filter()
    last = 0
    while True:
        query = (
            select(*ROW_COLUMNS)
            .select_from(Job)
            .outerjoin(Company, Company.id == Job.company_id)
            .outerjoin(Place, Place.id == Job.place_id)
            .where(*public, Job.id > last)
            .order_by(Job.id)
            .limit(batch_size)
        )
        rows = session.execute(query).all()
        if not rows:
            return
        batch = [listing_of(row) for row in rows]
        _attach_other_places(session, batch)
        yield batch
        last = rows[-1].id


def _count_public(session: Session) -> int:
    """How many listings are public now (for the progress display)."""
    public = current_visibility().public_filter()
    return session.execute(select(func.count(Job.id)).where(*public)).scalar_one()


def rebuild(
    app_or_config=None,
    progress=None,
    batch_size: int = 1000,
    procs: int | None = None,
    limitmb: int | None = None,
) -> dict:
    """Build a fresh index from the database next to the live one and swap it in.

    ``progress(done, total)`` is called after each batch. Drains keep serving the old
    index meanwhile; the new one catches up on the feed under the writer lock, then
    CURRENT is switched atomically. ``procs``/``limitmb`` default to the settings
    SEARCH_REBUILD_PROCS/SEARCH_REBUILD_LIMITMB. Returns counts, timing and docs/s.
    """
    started = time.perf_counter()
    with (
        index_context(app_or_config) as root,
        file_lock(root, "rebuild.lock", wait=False),
        Session(db.engine) as session,
    ):
        cursor = max(_rebuild_cursor(session), pruned_through(session))
        hold = Hold(session, node_name(), cursor)
        total = _count_public(session)
        procs, limitmb = _build_resources(total, procs, limitmb)
        path = create_generation(root, cursor)
        ix = index.open_dir(str(path))

        def beat(done, total):
            hold.beat()
            if progress:
                progress(done, total)

        count = _fill(ix, session, total, beat, batch_size, procs, limitmb)
        built = time.perf_counter() - started
        hold.beat()
        with writer_lock(root):
            session.rollback()
            hold.catch_up(ix)
            drain_index(ix, session)
            make_live(root, path)
            hold.release(read_cursor(ix))
        removed = remove_old_generations(root)
    return {
        "documents": count,
        "seconds": round(built, 2),
        "docs_per_s": round(count / built, 1) if built else 0.0,
        "directory": path.name,
        "removed": removed,
    }


class Hold:
    """A rebuild's registry row ("<node>#rebuild"): keeps the feed after the new index's
    cursor from being pruned while the index is filled (nodes.py)."""

    def __init__(self, session: Session, node: str, cursor: int):
        self.session, self.node, self.cursor = session, node, cursor
        self.stale_after = float(current_app.config["SEARCH_NODE_STALE_AFTER"])
        self.last = time.monotonic()
        self.intact = True
        self.beat()

    def beat(self) -> None:
        """Refresh the hold (commits the rebuild's session between two batches)."""
        now = time.monotonic()
        self.intact = self.intact and now - self.last < self.stale_after
        self.last = now
        heartbeat(self.session, self.node + REBUILD_SUFFIX, self.cursor)
        self.session.commit()

    def catch_up(self, ix) -> None:
        """Move the new index's cursor up to the horizon if a prune passed it.

        While the hold was live, a prune could only pass its cursor if it read the
        registry before the hold was registered: the entries it deleted were committed
        before the fill began, so the fill saw them. A hold that went stale proves
        nothing: RebuildRequired.
        """
        horizon = pruned_through(self.session)
        if horizon > read_cursor(ix):
            if not self.intact:
                raise RebuildRequired(read_cursor(ix), horizon)
            write_cursor(ix, horizon)

    def release(self, cursor: int) -> None:
        """The new index is live: the node's own row takes its cursor, the hold goes."""
        heartbeat(self.session, self.node, cursor)
        unregister(self.session, self.node + REBUILD_SUFFIX)
        self.session.commit()


def _build_resources(total: int, procs, limitmb) -> tuple[int, int]:
    """Writer processes and pool memory for a rebuild of ``total`` listings (the
    settings' process count only for rebuilds large enough to gain from it)."""
    config = current_app.config
    if procs is None:
        procs = config["SEARCH_REBUILD_PROCS"] if total >= MP_MIN_DOCUMENTS else 1
    return max(int(procs), 1), limitmb or config["SEARCH_REBUILD_LIMITMB"]


def _fill(ix, session, total, progress, batch_size, procs, limitmb) -> int:
    """Add every public listing to a fresh index; returns the number of documents."""
    counted = {"n": 0}

    def docs():
        for jobs in public_batches(session, batch_size):
            for job in jobs:
                yield job_document(job)
            counted["n"] += len(jobs)
            if progress:
                progress(counted["n"], total)

    return add_documents(ix, docs(), procs=procs, limitmb=limitmb)


def add_documents(ix, documents, procs: int = 1, limitmb: int = 256) -> int:
    """Add ``documents`` (dicts) to ``ix`` in one commit; ``procs`` > 1 analyses them
    in that many processes, each writing its own segment (Whoosh's MpWriter)."""
    options = writer_options(limitmb=limitmb)
    if procs > 1:
        options.update(procs=procs, multisegment=True, batchsize=250)
    writer = ix.writer(**options)
    count = 0
    try:
        for document in documents:
            writer.add_document(**document)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count


def build_index(app_or_config, listings, procs: int = 1, limitmb: int = 256) -> int:
    """A fresh live index of ``listings`` (objects with what ``job_document`` reads),
    without the database or the feed (benchmarks); returns the number of documents."""
    root = index_root(app_or_config)
    path = create_generation(root)
    documents = (job_document(listing) for listing in listings)
    count = add_documents(index.open_dir(str(path)), documents, procs=procs, limitmb=limitmb)
    make_live(root, path)
    return count

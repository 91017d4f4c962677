"""The index feed and the only writer of the index (DESIGN.md decision 1).

Changes write ``SearchChange`` rows in their own transaction (``record_change``). The
indexer applies them in id order, idempotently, one Whoosh commit per batch. The cursor
(last applied feed id) is a stored document (``__cursor__``) updated in the *same*
commit as the batch: Whoosh makes a commit visible by renaming its TOC file into place,
so after a SIGKILL the index is either at the old generation with the old cursor (the
batch is re-applied) or at the new one with the new cursor. A side file could disagree
with the segments; the cursor document cannot.

Feed ids are assigned at insert, not at commit (PostgreSQL sequences), so a lower id can
become visible after a higher one. The cursor therefore only moves past a gap in the ids
once the entry after the gap is older than GAP_TIMEOUT (then the missing id belonged to a
rolled-back transaction). Entries after a gap are applied anyway and simply re-applied
later: applying is idempotent.
"""

import logging
import time
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload
from whoosh import index

from ...core.extensions import db
from ...models import Job, JobPlace, SearchChange
from ...models.base import utcnow
from ...platform import hooks
from .binding import current_visibility, index_context
from .nodes import RebuildRequired, check_horizon, pruned_through
from .packed import writer_options
from .schema import CURSOR_DOC_ID, cursor_document, job_document, known_fields
from .storage import IndexBusy, live_dir, open_live, writer_lock

log = logging.getLogger(__name__)

GAP_TIMEOUT = timedelta(seconds=60)
AFTER_COMMIT_WAIT = 2.0  # seconds a request's drain waits for another drain
FEED_FLAG = "search_feed_written"  # session mark: this transaction wrote feed entries
# What job_document reads of a listing beyond its own columns, loaded with it (whoever
# turns listings into documents: the indexer here, alerts' in-memory view).
DOCUMENT_LOADS = (
    joinedload(Job.company),
    joinedload(Job.place),
    selectinload(Job.other_places).selectinload(JobPlace.place),
)
JOB_LOADS = (*DOCUMENT_LOADS, selectinload(Job.member))  # member: the visibility rules


def record_change(kind: str, entity_id: int) -> None:
    """Add a feed entry in the caller's transaction (the caller commits); marks the
    session so that a request's commit is followed by ``drain_after_commit``."""
    db.session.add(SearchChange(kind=kind, entity_id=int(entity_id)))
    hooks.mark_session(db.session, FEED_FLAG)


def drain_after_commit(app) -> None:
    """Single-process default (SEARCH_DRAIN_AFTER_COMMIT): apply the feed entries a
    request just committed, so the change is searchable when the response is sent.
    Gives up quietly when another drain holds the index for more than a moment.
    Registered by ``search.init_app`` for commits that carried FEED_FLAG."""
    if not app.config["SEARCH_DRAIN_AFTER_COMMIT"]:
        return
    try:
        drain(app, timeout=AFTER_COMMIT_WAIT)
    except IndexBusy:
        log.info("index busy; the next drain applies this request's changes")
    except RebuildRequired:
        log.exception("search index behind the pruned feed; run `flask index rebuild`")


def note_job_changed(job_id: int) -> None:
    """Feed entry: this listing may look different to search now."""
    record_change(SearchChange.KIND_JOB, job_id)


def note_company_changed(company_id: int) -> None:
    """Feed entry: all listings of this company (renamed, banned, unbanned)."""
    record_change(SearchChange.KIND_COMPANY, company_id)


def note_member_changed(member_id: int) -> None:
    """Feed entry: all listings of this member municipality (joined or left the network)."""
    record_change(SearchChange.KIND_MEMBER, member_id)


def read_cursor(ix) -> int:
    """The last feed id applied to an index (0 for a fresh one)."""
    with ix.searcher() as searcher:
        doc = searcher.document(id=CURSOR_DOC_ID)
    return int(doc["meta"]["last_applied_id"]) if doc else 0


def safe_cursor(cursor: int, rows, now) -> int:
    """How far the cursor may move over ``rows`` (id order) without skipping a live gap."""
    for row in rows:
        if row.id != cursor + 1 and row.created_at > now - GAP_TIMEOUT:
            break
        cursor = row.id
    return cursor


def _job_ids(session: Session, rows) -> set[int]:
    """The listings the feed rows refer to (company and member entries expand)."""
    ids = {r.entity_id for r in rows if r.kind == SearchChange.KIND_JOB}
    for kind, column in (
        (SearchChange.KIND_COMPANY, Job.company_id),
        (SearchChange.KIND_MEMBER, Job.member_id),
    ):
        owners = {r.entity_id for r in rows if r.kind == kind}
        if owners:
            ids.update(session.execute(select(Job.id).where(column.in_(owners))).scalars())
    return ids


def _apply(ix, session: Session, job_ids: set[int], cursor: int) -> None:
    """Write the current state of the listings and the cursor in one commit."""
    is_public = current_visibility().is_public
    jobs = {}
    if job_ids:
        query = select(Job).where(Job.id.in_(job_ids)).options(*JOB_LOADS)
        jobs = {job.id: job for job in session.execute(query).scalars()}
    writer = ix.writer(**writer_options(timeout=30.0))
    try:
        for job_id in sorted(job_ids):
            job = jobs.get(job_id)
            if job is not None and is_public(job):
                writer.update_document(**known_fields(writer.schema, job_document(job)))
            else:
                writer.delete_by_term("id", str(job_id))
        writer.update_document(**cursor_document(cursor))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def write_cursor(ix, cursor: int) -> None:
    """Set the cursor of ``ix`` without applying anything."""
    _apply(ix, None, set(), cursor)


def drain_index(ix, session: Session, batch_size: int = 500, max_batches: int | None = None):
    """Apply pending feed entries to ``ix``; returns (entries applied, batches, cursor).

    Reads on past a fresh gap in the ids (``seen``), so every committed entry is applied
    now, while the recorded cursor waits before the gap (see the module docstring).
    Raises RebuildRequired when the feed was pruned beyond the cursor (nodes.py).
    """
    cursor, applied, batches = read_cursor(ix), 0, 0
    seen = cursor
    while max_batches is None or batches < max_batches:
        rows = session.execute(
            select(
                SearchChange.id, SearchChange.kind, SearchChange.entity_id, SearchChange.created_at
            )
            .where(SearchChange.id > seen)
            .order_by(SearchChange.id)
            .limit(batch_size)
        ).all()
        check_horizon(session, cursor)  # after the read: a prune before it shows here
        if not rows:
            break
        if cursor == seen:
            cursor = safe_cursor(cursor, rows, utcnow())
        _apply(ix, session, _job_ids(session, rows), cursor)
        session.rollback()  # end the read transaction: the next batch sees new commits
        applied, batches, seen = applied + len(rows), batches + 1, rows[-1].id
    return applied, batches, cursor


def drain(
    app_or_config=None,
    batch_size: int = 500,
    wait: bool = True,
    timeout: float | None = None,
    max_batches: int | None = None,
) -> dict:
    """Apply pending feed entries to the live index (raises IndexBusy if locked and
    ``wait`` is false)."""
    started = time.perf_counter()
    with (
        index_context(app_or_config) as root,
        writer_lock(root, wait=wait, timeout=timeout),
        Session(db.engine) as session,
    ):
        ix, _path = open_live(root)
        applied, batches, cursor = drain_index(ix, session, batch_size, max_batches)
    return {
        "applied": applied,
        "batches": batches,
        "cursor": cursor,
        "seconds": round(time.perf_counter() - started, 3),
    }


def status(app_or_config=None) -> dict:
    """Documents in the live index, last applied feed id, pending entries (lag), the age
    of the oldest pending entry in seconds (lag_seconds) and whether the feed was pruned
    beyond the cursor (rebuild_required)."""
    with index_context(app_or_config) as root, Session(db.engine) as session:
        path = live_dir(root)
        if path is None:
            documents, cursor, generation = 0, 0, None
        else:
            ix = index.open_dir(str(path))
            with ix.reader() as reader:
                documents = max(reader.doc_count() - 1, 0)  # minus the cursor document
                generation = reader.generation()
            cursor = read_cursor(ix)
        horizon = pruned_through(session)
        lag, oldest = session.execute(
            select(func.count(SearchChange.id), func.min(SearchChange.created_at)).where(
                SearchChange.id > cursor
            )
        ).one()
    return {
        "documents": documents,
        "last_applied_id": cursor,
        "lag": lag,
        "lag_seconds": round((utcnow() - oldest).total_seconds(), 1) if oldest else 0.0,
        "directory": path.name if path else None,
        "generation": generation,
        "rebuild_required": cursor < horizon,
    }

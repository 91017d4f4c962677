"""The node registry: which index replicas follow the feed, and how far the feed is pruned.

Every node's index worker registers under its node name (SEARCH_NODE_NAME, default
"<hostname>:<DATA_DIR>") and writes a heartbeat with its cursor every
SEARCH_NODE_HEARTBEAT seconds; a rebuild in progress registers as "<name>#rebuild" with
the cursor its new index starts from. After each heartbeat the worker prunes the feed:
entries up to the lowest cursor of the *live* rows (heartbeat within
SEARCH_NODE_STALE_AFTER seconds) are deleted and that id is recorded as the horizon.

A node silent for longer no longer holds pruning back. When it returns, its cursor may be
below the horizon: the changes in between are gone, so draining would leave the index
silently stale. ``drain_index`` therefore checks the horizon after every feed read and
raises RebuildRequired; the worker then rebuilds the index by itself (worker.py).

The check after each read needs no lock: a prune that deleted entries this drain still had
to read committed before that read, so the horizon read after it shows it.
"""

import socket
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...core.extensions import db
from ...models import SearchChange, SearchFeedHorizon, SearchNode
from ...models.base import utcnow

HORIZON_ID = 1
REBUILD_SUFFIX = "#rebuild"


class RebuildRequired(Exception):
    """This index's cursor is below the pruned horizon of the feed: rebuild it."""

    def __init__(self, cursor: int, horizon: int):
        super().__init__(
            f"index cursor {cursor} is below the pruned feed horizon {horizon}: changes "
            "were pruned while this node was away; rebuild its index (flask index rebuild)"
        )
        self.cursor, self.horizon = cursor, horizon


def node_name(config=None) -> str:
    """This node's name in the registry: SEARCH_NODE_NAME or "<hostname>:<DATA_DIR>"."""
    config = config if config is not None else current_app.config
    return config.get("SEARCH_NODE_NAME") or f"{socket.gethostname()}:{config['DATA_DIR']}"


def pruned_through(session: Session) -> int:
    """Feed ids up to this one may have been deleted (0: nothing pruned yet)."""
    value = session.execute(
        select(SearchFeedHorizon.pruned_through).where(SearchFeedHorizon.id == HORIZON_ID)
    ).scalar_one_or_none()
    return value or 0


def check_horizon(session: Session, cursor: int) -> None:
    """Raise RebuildRequired when entries after ``cursor`` may have been pruned."""
    horizon = pruned_through(session)
    if cursor < horizon:
        raise RebuildRequired(cursor, horizon)


def _insert(session: Session):
    """The dialect's INSERT with ON CONFLICT support."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def heartbeat(session: Session, name: str, cursor: int) -> None:
    """Register ``name`` or refresh its heartbeat and cursor (the caller commits)."""
    now = utcnow()
    statement = _insert(session)(SearchNode).values(
        name=name, cursor=cursor, heartbeat_at=now, registered_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SearchNode.name],
            set_={"cursor": cursor, "heartbeat_at": now},
        )
    )


def unregister(session: Session, name: str) -> None:
    """Remove a registry row (a finished rebuild's hold; the caller commits)."""
    session.execute(delete(SearchNode).where(SearchNode.name == name))


def live_since(config=None):
    """Rows with a heartbeat at or after this moment are live."""
    config = config if config is not None else current_app.config
    return utcnow() - timedelta(seconds=float(config["SEARCH_NODE_STALE_AFTER"]))


def prune_feed(session: Session, since) -> dict:
    """Delete feed entries up to the lowest cursor of the rows live ``since``; record the
    horizon. Nothing is pruned while no row is live. Commits."""
    horizon = session.execute(
        select(func.min(SearchNode.cursor)).where(SearchNode.heartbeat_at >= since)
    ).scalar_one_or_none()
    deleted = 0
    if horizon:
        session.execute(
            _insert(session)(SearchFeedHorizon)
            .values(id=HORIZON_ID, pruned_through=0, pruned_at=utcnow())
            .on_conflict_do_nothing(index_elements=[SearchFeedHorizon.id])
        )
        session.execute(  # one prune at a time: the nodes' deletes never interleave
            select(SearchFeedHorizon.id).where(SearchFeedHorizon.id == HORIZON_ID).with_for_update()
        )
        deleted = session.execute(delete(SearchChange).where(SearchChange.id <= horizon)).rowcount
        session.execute(
            update(SearchFeedHorizon)
            .where(SearchFeedHorizon.id == HORIZON_ID, SearchFeedHorizon.pruned_through < horizon)
            .values(pruned_through=horizon, pruned_at=utcnow())
        )
    session.commit()
    return {"horizon": pruned_through(session), "deleted": deleted}


def registered_nodes(session: Session, since) -> list[dict]:
    """Every registry row with its cursor, heartbeat and whether it is live."""
    rows = session.execute(select(SearchNode).order_by(SearchNode.name)).scalars()
    return [
        {
            "name": row.name,
            "cursor": row.cursor,
            "heartbeat_at": row.heartbeat_at,
            "live": row.heartbeat_at >= since,
        }
        for row in rows
    ]


def nodes() -> list[dict]:
    """The registry of the current app's database (``flask index status``)."""
    with Session(db.engine) as session:
        return registered_nodes(session, live_since())

"""The search index feed: an append-only log of entities whose search documents changed."""

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from .base import UTCDateTime, utcnow


class SearchChange(db.Model):
    """One feed entry: "entity ``kind``/``entity_id`` may look different to search now".

    Written in the same transaction as the change itself; the indexer applies entries
    in id order and keeps its cursor (the last applied id) inside the index.
    """

    __tablename__ = "search_changes"
    # AUTOINCREMENT on SQLite: ids are never reused, even after pruning old entries.
    __table_args__ = {"sqlite_autoincrement": True}

    KIND_JOB = "job"
    KIND_COMPANY = "company"
    KIND_MEMBER = "member"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    kind: Mapped[str] = mapped_column(String(20), default=KIND_JOB)
    entity_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SearchChange {self.id} {self.kind}:{self.entity_id}>"


class SearchNode(db.Model):
    """One index replica following the feed: an app node's index worker (``name``) or a
    rebuild in progress (``name#rebuild``). Its heartbeat says it is alive; the feed is
    pruned only below the lowest ``cursor`` of the live rows (search/adapter/nodes.py)."""

    __tablename__ = "search_nodes"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchNode {self.name} @{self.cursor}>"


class SearchFeedHorizon(db.Model):
    """One row (id 1): feed entries up to ``pruned_through`` may have been deleted, so an
    index whose cursor is below it missed changes and must be rebuilt."""

    __tablename__ = "search_feed_horizon"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pruned_through: Mapped[int] = mapped_column(BigInteger, default=0)
    pruned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

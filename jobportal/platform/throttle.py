"""Rate limits stored in the database, so they hold across all gunicorn workers.

Events are rows of models.ThrottleEvent, grouped by a ``bucket`` (what is limited,
e.g. "login-account") and a ``key`` (who: a hashed e-mail address or client IP).
Callers own the transaction: nothing here commits.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..core.extensions import db
from ..models import ThrottleEvent
from ..models.base import utcnow

# Rows older than this are pruned whenever a new event is recorded.
RETENTION_SECONDS = 24 * 3600


def hash_key(value: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) so raw IPs or addresses are never stored."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, (value or "").encode(), hashlib.sha256).hexdigest()


def record(bucket: str, key: str, now: datetime | None = None) -> ThrottleEvent:
    """Count one event for (bucket, key) and prune rows past the retention time."""
    now = now or utcnow()
    prune(RETENTION_SECONDS, now=now)
    event = ThrottleEvent(bucket=bucket, key=key, created_at=now)
    db.session.add(event)
    db.session.flush()
    return event


def count_recent(bucket: str, key: str, window_seconds: int, now: datetime | None = None) -> int:
    """How many events (bucket, key) has had within the last ``window_seconds``."""
    since = (now or utcnow()) - timedelta(seconds=window_seconds)
    query = select(func.count(ThrottleEvent.id)).where(
        ThrottleEvent.bucket == bucket,
        ThrottleEvent.key == key,
        ThrottleEvent.created_at > since,
    )
    return db.session.execute(query).scalar_one()


def is_limited(
    bucket: str, key: str, limit: int, window_seconds: int, now: datetime | None = None
) -> bool:
    """Whether (bucket, key) has used up its ``limit`` events within the window."""
    return count_recent(bucket, key, window_seconds, now=now) >= limit


def clear(bucket: str, key: str) -> int:
    """Forget all events of (bucket, key), e.g. after a successful login; returns rows removed."""
    result = db.session.execute(
        delete(ThrottleEvent).where(ThrottleEvent.bucket == bucket, ThrottleEvent.key == key)
    )
    return result.rowcount or 0


def prune(older_than_seconds: int = RETENTION_SECONDS, now: datetime | None = None) -> int:
    """Delete events older than the given age in every bucket; returns rows removed."""
    cutoff = (now or utcnow()) - timedelta(seconds=older_than_seconds)
    result = db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.created_at < cutoff))
    return result.rowcount or 0

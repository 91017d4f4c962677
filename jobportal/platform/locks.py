"""One run at a time across all app nodes: locks for the scheduled commands.

Every node's timers start `mail send`, `alerts send`, `jobs expire` ... at the same
moment. Each run first takes a lock named after the command; a run that does not get it
does nothing (another node is doing the work). The work inside stays safe on its own
(mails are claimed row by row, digests remember what they sent); the lock keeps the
nodes from racing through the same rows and from sending a digest twice.

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on its own
connection for the whole run, released when the run ends or its process dies.
SQLite (one machine): an ``flock`` on a file in the data directory, likewise released
by the operating system when the process dies.
"""

import contextlib
import fcntl
import hashlib
from collections.abc import Iterator
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..core.extensions import db


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a lock name."""
    digest = hashlib.blake2b(f"jobportal:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def _advisory_lock(name: str) -> Iterator[bool]:
    """PostgreSQL: hold a session-level advisory lock on a dedicated connection."""
    key = lock_key(name)
    with db.engine.connect() as conn:
        got = bool(conn.execute(select(func.pg_try_advisory_lock(key))).scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(select(func.pg_advisory_unlock(key)))
                conn.commit()


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    """SQLite: an exclusive, non-blocking flock on DATA_DIR/locks/<name>.lock."""
    folder = Path(current_app.config["DATA_DIR"]) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def exclusive_run(name: str) -> Iterator[bool]:
    """Yield True while this process alone runs ``name`` (on every node), else False."""
    holder = _advisory_lock if db.engine.dialect.name == "postgresql" else _file_lock
    with holder(name) as got:
        yield got

"""Reference data kept in the process: active members and resolved places.

Places and members change rarely (`flask places load`, the region sync, the admin's
member pages) but every search reads them. Each app keeps what was computed from them
in ``app.extensions`` and forgets it

- in this process at once, when a commit wrote Place, Member or Region rows (a
  SQLAlchemy session event) or the places were reloaded (``forget_reference_data``);
- in every other process (the other gunicorn workers, the indexer, the alert run)
  after at most ``REFERENCE_CACHE_SECONDS`` (config, default 60): a member that joins
  or leaves shows on every worker's search page within a minute.

Values must be immutable (tuples, frozen dataclasses): they are shared by requests.
"""

import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..models import Member, Place, Region

TTL_SETTING = "REFERENCE_CACHE_SECONDS"
DEFAULT_TTL = 60.0
MAX_ENTRIES = 4096  # resolved places: (where, radius) pairs; cleared when full
_EXTENSION = "jobportal.reference"
_CHANGED = "reference_changed"
_REFERENCE_MODELS = (Place, Member, Region)
_generation = [0]  # bumped by every change this process makes


@dataclass(frozen=True)
class MemberRef:
    """What search pages need of a member: id, slug, name, kind."""

    id: int
    slug: str
    name: str
    kind: str


class _Store:
    """The cached values of one app, valid for one generation and up to the TTL."""

    def __init__(self, generation: int):
        self.generation = generation
        self.born = time.monotonic()
        self.entries: dict = {}


def _store() -> _Store:
    """The app's store; a fresh one when this process changed the data or the TTL ran out."""
    ttl = float(current_app.config.get(TTL_SETTING, DEFAULT_TTL))
    store = current_app.extensions.get(_EXTENSION)
    if store is None or store.generation != _generation[0] or time.monotonic() - store.born > ttl:
        store = current_app.extensions[_EXTENSION] = _Store(_generation[0])
    return store


def remembered(key: tuple, compute):
    """``compute()``'s value for ``key``, computed once per process until the reference
    data changes (see the module docstring)."""
    entries = _store().entries
    try:
        return entries[key]
    except KeyError:
        pass
    if len(entries) >= MAX_ENTRIES:
        entries.clear()
    value = entries[key] = compute()
    return value


def forget_reference_data() -> None:
    """Drop every app's cached reference data in this process (after a bulk load)."""
    _generation[0] += 1


@event.listens_for(Session, "after_flush")
def _note_reference_writes(session, _flush_context) -> None:
    """Remember that this transaction wrote places, members or regions."""
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, _REFERENCE_MODELS) for obj in touched):
        session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session) -> None:
    """A committed change to places, members or regions: the cache starts over."""
    if session.info.pop(_CHANGED, False):
        forget_reference_data()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session) -> None:
    """Nothing was written after all."""
    session.info.pop(_CHANGED, None)

"""One searcher per process, refreshed only when the index changed.

Whoosh 2.7's ``Searcher.refresh()`` tries to reuse segment readers but its lookup never
hits, so every refresh reopens all segments (~220 ms at 100k listings, DESIGN.md). Here
a refresh reuses every segment reader whose segment id and deletion count are unchanged
(segments are immutable apart from deletions, which only grow) and opens only new or
changed segments. ``up_to_date()`` (one directory listing) decides whether to refresh at
all; a rebuild swap (CURRENT points elsewhere) opens the new directory.

Reading CURRENT and listing the directory cost ~55 us a search. When neither CURRENT nor
the live directory changed (same inode and modification time) since the last full check,
the pool skips it: a new generation or a swap adds, renames or removes entries, which
sets a new modification time. File times are coarse (a clock tick; 2 s on some file
systems), so a time within QUIET_NS of the last full check's start is not trusted ("racy",
as git calls it): right after a change every search checks in full again, as before.

The pool knows nothing of how searches use the searcher: it wraps each generation's
searcher with the ``make_view(searcher, ident, private)`` it was created with (the engine's
IndexView, whose caches then live as long as that generation), ``ident`` naming the
generation directory.

With ``private=False`` (the setting SEARCH_PRIVATE_FAST_PATH off) the pool uses only
Whoosh's public API: a refresh opens a fresh ``ix.reader()`` (every segment) instead.

Thread safety: Whoosh readers share file objects with seek/read state, so the pool
serialises use of its searcher with a lock. Run several worker processes to search in
parallel (gunicorn workers), each with its own pool.
"""

import contextlib
import logging
import os
import threading
import time
from functools import lru_cache
from pathlib import Path

from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from .storage import POINTER, live_dir, open_for_search

log = logging.getLogger(__name__)
QUIET_NS = 2_000_000_000  # file times this close to a full check's start are not trusted


def open_reader(ix, reuse=None, private: bool = True):
    """A reader of the index's latest generation, reusing unchanged segment readers.

    Readers of ``reuse`` that are not reused are closed: the caller must not use the old
    reader any more. ``private=False``: a fresh public ``ix.reader()``, ``reuse`` closed.
    """
    if not private:
        if reuse is not None:
            reuse.close()
        return ix.reader()
    toc = ix._read_toc()
    reusable = {}
    if reuse is not None:
        for reader, _offset in reuse.leaf_readers():
            segment = reader.segment()
            if segment is not None:
                reusable[(segment.segment_id(), segment.deleted_count())] = reader
    readers = []
    try:
        for segment in toc.segments:
            key = (segment.segment_id(), segment.deleted_count())
            reader = reusable.pop(key, None)
            if reader is None:
                reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
            readers.append(reader)
    finally:
        for reader in reusable.values():
            reader.close()
    if not readers:
        return EmptyReader(toc.schema)
    return MultiReader(readers, generation=toc.generation)


class SearcherPool:
    """The process's searcher over the live index of one index root."""

    def __init__(self, root: Path, make_view, private: bool = True):
        self.root = Path(root)
        self.make_view = make_view
        self.private = private
        self._lock = threading.RLock()
        self._dir = None
        self._ix = None
        self._view = None
        self._pointer = os.path.join(self.root, POINTER)
        self._seen = None  # (file stamps, when the full check that saw them started)
        self.stats = {"opens": 0, "refreshes": 0, "last_refresh_ms": 0.0, "checks": 0}

    @contextlib.contextmanager
    def view(self):
        """Hold the current view (None when no index exists yet) while searching."""
        with self._lock:
            yield self._fresh_view()

    def _fresh_view(self):
        """The view, reopened after a swap or refreshed when the index changed."""
        if self._view is not None and self._quiet():
            return self._view
        started = time.time_ns()
        path = live_dir(self.root)
        if path is None:
            self.reset()
            return None
        if path != self._dir or self._view is None:
            self._open(path)
        else:
            self.stats["checks"] += 1
            if not self._view.searcher.up_to_date():
                self._refresh()
        self._seen = (self._stamps(), started)
        return self._view

    def _stamps(self):
        """(inode, modification time) of CURRENT and of the open directory; None when
        one is missing."""
        try:
            pointer, live = os.stat(self._pointer), os.stat(self._dir)
        except OSError:
            return None
        return (pointer.st_ino, pointer.st_mtime_ns, live.st_ino, live.st_mtime_ns)

    def _quiet(self) -> bool:
        """Whether CURRENT and the open directory are as the last full check saw them,
        with modification times well before that check began (module docstring)."""
        if self._seen is None:
            return False
        stamps, started = self._seen
        return (
            stamps is not None
            and max(stamps[1], stamps[3]) < started - QUIET_NS
            and self._stamps() == stamps
        )

    def _open(self, path: Path) -> None:
        """Open the index in ``path`` from scratch (first use, after a rebuild swap)."""
        self.reset()
        ix = open_for_search(path)
        self._ix, self._dir = ix, path
        reader = open_reader(ix, private=self.private)
        self._view = self.make_view(Searcher(reader, fromindex=ix), str(path), self.private)
        self.stats["opens"] += 1

    def _refresh(self) -> None:
        """Move to the index's latest generation, reusing unchanged segment readers."""
        started = time.perf_counter()
        reader = open_reader(self._ix, self._view.searcher.reader(), self.private)
        searcher = Searcher(reader, fromindex=self._ix)
        self._view = self.make_view(searcher, str(self._dir), self.private)
        self.stats["refreshes"] += 1
        self.stats["last_refresh_ms"] = round((time.perf_counter() - started) * 1000, 2)

    def reset(self) -> None:
        """Close the searcher; the next use opens the live index again."""
        with self._lock:
            if self._view is not None:
                with contextlib.suppress(Exception):
                    self._view.searcher.close()
            self._view = self._ix = self._dir = self._seen = None


_POOLS: dict = {}
_POOLS_LOCK = threading.Lock()


def pool_for(root: Path, make_view, private: bool = True) -> SearcherPool:
    """The pool of this process for an index root and API choice (a forked worker gets
    its own); ``make_view`` is used when the pool is created."""
    key = (_resolved(str(root)), os.getpid(), private)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = SearcherPool(Path(root), make_view, private)
        return pool


@lru_cache(maxsize=64)
def _resolved(root: str) -> str:
    """The absolute path of an index root, resolved once (not on every search)."""
    return str(Path(root).resolve())


def reset_pools() -> None:
    """Close every pool of this process (tests, after a fork)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.reset()

"""A small thread-safe LRU mapping, bounded by entries and optionally by a weight.

Used by the search engine's caches (masks weighed by their width, search/engine/caches.py)
and by the rendered partials of the web layer (weighed by their length, web/fragments.py).
"""

import threading
from collections import OrderedDict


class LRU:
    """At most ``size`` entries and, with ``max_bytes``, at most that total ``weigh(value)``
    (the last entry is kept even if it alone weighs more); least recently used out first."""

    def __init__(self, size: int, max_bytes: int | None = None, weigh=len):
        self.size = size
        self.max_bytes = max_bytes
        self.weigh = weigh
        self.bytes = 0
        self._data = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, compute):
        """The cached value for ``key``, computed (outside the lock) when missing."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key][0]
        value = compute()
        cost = self.weigh(value) if self.max_bytes is not None else 0
        with self._lock:
            if key in self._data:
                self.bytes -= self._data.pop(key)[1]
            self._data[key] = (value, cost)
            self.bytes += cost
            while len(self._data) > self.size or (
                self.max_bytes is not None and self.bytes > self.max_bytes and len(self._data) > 1
            ):
                self.bytes -= self._data.popitem(last=False)[1][1]
        return value

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._data

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()
            self.bytes = 0

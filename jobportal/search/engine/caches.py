"""The search engine's caches: LRU mappings bounded by entries and by bytes."""

from array import array

import numpy as np

from ...core.lru import LRU as BaseLRU


def weight(value) -> int:
    """Roughly the bytes a cached value holds (masks by their width)."""
    if isinstance(value, int):
        return 32 + (value.bit_length() >> 3)
    if isinstance(value, str):
        return 64 + len(value)
    if isinstance(value, dict):
        return 64 + sum(map(weight, value.values()))
    if isinstance(value, (set, frozenset)):
        return 64 + 64 * len(value)
    if isinstance(value, array):
        return 64 + value.itemsize * len(value)
    if isinstance(value, np.ndarray):
        return 64 + value.nbytes
    if isinstance(value, (list, tuple)):
        return 64 + (sum(map(weight, value)) if len(value) <= 64 else 40 * len(value))
    if hasattr(value, "__dataclass_fields__"):  # an answer, its hits
        return 64 + sum(weight(getattr(value, name)) for name in value.__dataclass_fields__)
    return 64


class LRU(BaseLRU):
    """``core.lru.LRU`` weighing values by ``weight``: a mask of 100,000 documents holds
    12.5 KB, the mask of a missing term a few bytes."""

    def __init__(self, size: int, max_bytes: int | None = None):
        super().__init__(size, max_bytes, weigh=weight)


# Shared by all views of this process; keys start with the segment id. Bounded by bytes:
# a query's occupation expands to dozens of term masks (most of them tiny: the term is
# missing or rare), so a count bound alone evicted a busy worker's masks every query.
SEGMENT_CACHE = LRU(50_000, max_bytes=96 << 20)
# A term's postings with positions, read for phrases: the phrases of one query (an
# occupation's forms "Java-Entwickler", "Python-Entwickler") and of the next ones share words.
POSTINGS_CACHE = LRU(256, max_bytes=32 << 20)
# A shown hit's id, highlighted title and snippet per segment document and query stems,
# weighed as the two strings (weight's walk through the tuple cost ~2 us a hit).
HIT_CACHE = BaseLRU(20_000, max_bytes=16 << 20, weigh=lambda hit: 224 + len(hit[1]) + len(hit[2]))
GENERATION_CACHE_SIZE = 8192
GENERATION_CACHE_BYTES = 32 << 20
# Answers per index generation (the number is the setting SEARCH_RESULT_CACHE)
RESULT_CACHE_BYTES = 8 << 20

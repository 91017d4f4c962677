"""The column half of an index generation's document sets: per value masks (facets,
places, the feed's kind), integer columns, the points column, title lengths, and each
segment's precomputed orders for the first documents of a mask ("newest", "title").

``ColumnSets`` is a base of docsets.IndexView, which gives it ``leaves`` (segment
searcher, reader, docnum offset), ``_segkey``, ``_memo``, ``_fixed_memo`` and
``_compose`` (docsets.py); text masks (terms, phrases) stay there.
"""

import heapq
from array import array
from collections import deque
from functools import reduce
from itertools import islice

import numpy as np

from ..adapter import FACET_FIELDS, INT_FIELDS, KIND_JOB, POINTS_FIELD
from .bitmasks import mask_from_ids, top_of
from .caches import SEGMENT_CACHE

ORDER_CHUNK = 1024  # documents per chunk mask of a segment's precomputed order
# The fields searches filter on by value (facets, places, postal codes, partner listings)
VALUE_FIELDS = (*FACET_FIELDS, "place", "postal_code", "partner")


def _column_masks(reader, field: str) -> dict:
    """Per value, the mask of a segment's documents with that value (one column pass;
    none for a segment written before the field existed)."""
    buffers: dict = {}
    if not reader.has_column(field):
        return {}
    size = (reader.doc_count_all() + 7) // 8
    for docnum, raw in enumerate(reader.column_reader(field)):
        for value in raw.split(",") if raw else ():
            buf = buffers.get(value)
            if buf is None:
                buf = buffers[value] = bytearray(size)
            buf[docnum >> 3] |= 1 << (docnum & 7)
    return {value: int.from_bytes(buf, "little") for value, buf in buffers.items()}


class ColumnSets:
    """Masks and orders from the columns of a generation's segments (module docstring)."""

    def value_masks(self, field: str) -> dict:
        """Global masks per value of a column field (facet fields, place, postal code)."""

        def compute():
            result: dict = {}
            for _sub, reader, offset in self.leaves:
                parts = self._segment_values(reader, field)
                for value, part in parts.items():
                    result[value] = result.get(value, 0) | part << offset
            return result

        return self._fixed_memo(("values", field), compute)

    def any_of(self, field: str, values) -> int:
        """Documents with any of ``values`` in the column field ``field``; the union of
        many values (the places within a radius) is kept with this generation's masks."""
        masks, values = self.value_masks(field), tuple(values)

        def compute():
            return reduce(lambda acc, v: acc | masks.get(str(v), 0), values, 0)

        return self._memo(("any_of", field, values), compute) if len(values) > 4 else compute()

    def prepare(self) -> None:
        """Compute now what this generation keeps for its life and a first search would
        compute piece by piece: the value masks of every VALUE_FIELDS field, the live
        documents, each segment's two orders, the integer columns (lists and arrays) and
        the points."""
        for field in VALUE_FIELDS:
            self.value_masks(field)
        self.live()
        for _sub, reader, _offset in self.leaves:
            for order in ("newest", "title"):
                self._segment_order(reader, order)
        self.title_lengths()
        for field in INT_FIELDS:
            self.array(field)
            self.column(field)
        self.with_points()
        self.points()

    def live(self) -> int:
        """All live job documents (not deleted, not the cursor document)."""

        def compute():
            total = 0
            for _sub, reader, offset in self.leaves:
                segment = reader.segment()
                jobs = self._segment_values(reader, "kind").get(KIND_JOB, 0)
                deleted = mask_from_ids(segment.deleted_docs()) if segment.has_deletions() else 0
                total |= (jobs & ~deleted) << offset
            return total

        return self._fixed_memo("live", compute)

    def _segment_values(self, reader, field: str) -> dict:
        key = (*self._segkey(reader), "values", field)
        return SEGMENT_CACHE.get(key, lambda: _column_masks(reader, field))

    def _segment_column(self, reader, field: str) -> list:
        key = (*self._segkey(reader), "column", field)
        return SEGMENT_CACHE.get(key, lambda: list(reader.column_reader(field)))

    def column(self, field: str) -> list:
        """The global per-document values of an integer column."""
        if field not in INT_FIELDS:
            raise KeyError(field)

        def compute():
            values: list = []
            for _sub, reader, _offset in self.leaves:
                values.extend(self._segment_column(reader, field))
            return values

        return self._fixed_memo(("column", field), compute)

    def array(self, field: str) -> np.ndarray:
        """An integer column as a numpy array (int64), for sorts at C speed: kept per
        segment, joined once per generation."""

        def segment(reader):
            key = (*self._segkey(reader), "array", field)
            return SEGMENT_CACHE.get(
                key, lambda: np.asarray(self._segment_column(reader, field), dtype=np.int64)
            )

        return self._fixed_memo(("array", field), lambda: self._joined(segment, np.int64))

    def with_points(self) -> np.ndarray:
        """Per document, whether it has further work places (a points value), as a
        numpy array of booleans (kept per segment, joined once per generation)."""

        def segment(reader):
            key = (*self._segkey(reader), "with_points")
            points = self._segment_points(reader)
            return SEGMENT_CACHE.get(key, lambda: np.fromiter(map(bool, points), dtype=bool))

        return self._fixed_memo(("with_points",), lambda: self._joined(segment, bool))

    def _joined(self, per_segment, dtype) -> np.ndarray:
        """The segments' arrays ``per_segment(reader)`` end to end (global docnums)."""
        parts = [per_segment(reader) for _sub, reader, _offset in self.leaves]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    def _segment_points(self, reader) -> list:
        """A segment's points column (b"" per document before the column existed)."""
        if not reader.has_column(POINTS_FIELD):
            return [b""] * reader.doc_count_all()
        return self._segment_column(reader, POINTS_FIELD)

    def points(self) -> list:
        """The global per-document points column (b"" for single-place listings and for
        segments written before the column existed)."""

        def compute():
            values: list = []
            for _sub, reader, _offset in self.leaves:
                values.extend(self._segment_points(reader))
            return values

        return self._fixed_memo(("column", POINTS_FIELD), compute)

    def _segment_title_lengths(self, reader) -> list:
        key = (*self._segkey(reader), "title_lengths")
        return SEGMENT_CACHE.get(
            key,
            lambda: [reader.doc_field_length(i, "title", 0) for i in range(reader.doc_count_all())],
        )

    def title_lengths(self) -> list:
        """The global per-document number of title terms (the title's length norm)."""

        def compute():
            values: list = []
            for _sub, reader, _offset in self.leaves:
                values.extend(self._segment_title_lengths(reader))
            return values

        return self._fixed_memo("title_lengths", compute)

    def _segment_order(self, reader, order: str) -> tuple:
        """(documents in ``order``, rank per document, chunk masks of ORDER_CHUNK
        consecutive documents of the order) of a segment (see ``top``), computed once."""

        def compute():
            size = reader.doc_count_all()
            # None: documents that are no listing (the feed cursor); never in a mask
            published = [-1 if v is None else v for v in self._segment_column(reader, "published")]
            if order == "title":
                lengths = [v or 0 for v in self._segment_title_lengths(reader)]
                docs = sorted(range(size), key=lambda i: (lengths[i], -published[i], -i))
            else:
                docs = sorted(range(size), key=lambda i: (-published[i], -i))
            rank = array("I", bytes(4 * size))
            deque(map(rank.__setitem__, docs, range(size)), maxlen=0)
            chunks = tuple(
                mask_from_ids(docs[i : i + ORDER_CHUNK], size) for i in range(0, size, ORDER_CHUNK)
            )
            return array("I", docs), rank, chunks

        return SEGMENT_CACHE.get((*self._segkey(reader), "order", order), compute)

    def top(self, mask: int, count: int, order: str) -> list[int]:
        """Up to ``count`` documents of ``mask`` in ``order``: "newest" (newest listing
        first, ties: higher docnum) or "title" (fewest title terms, then newest, then
        higher docnum). Per segment from a precomputed order (see ``bitmasks.top_of``), then the
        segments' lists are merged."""
        if count <= 0 or not mask:
            return []
        lists = []
        for _sub, reader, offset in self.leaves:
            size = reader.doc_count_all()
            local = (mask >> offset) & ((1 << size) - 1) if offset or len(self.leaves) > 1 else mask
            if local:
                found = top_of(local, count, *self._segment_order(reader, order))
                lists.append([offset + d for d in found])
        if len(lists) <= 1:
            return lists[0] if lists else []
        published = self.column("published")
        if order == "title":
            lengths = self.title_lengths()
            merged = heapq.merge(*lists, key=lambda d: (lengths[d], -published[d], -d))
        else:
            merged = heapq.merge(*lists, key=lambda d: (-published[d], -d))
        return list(islice(merged, count))

    def at_least(self, field: str, bound: int) -> int:
        """Documents whose integer column ``field`` is >= ``bound``."""

        def per_segment(_sub, reader):
            values = self._segment_column(reader, field)
            return mask_from_ids((i for i, v in enumerate(values) if v >= bound), len(values))

        return self._compose((field, ">=", bound), per_segment)

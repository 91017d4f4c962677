"""Document sets as Python big-int bitmasks, cached per segment.

Facet counts are ``(hits & value_mask).bit_count()``: a C-speed AND and popcount instead
of grouping every hit in Python. Whoosh never changes a written segment's documents (only
marks deletions), so per-segment masks are cached by segment id and survive index updates;
a segment's masks may keep bits of documents deleted later, which is harmless because
every answer is intersected with the live mask (or with query hits, which never include
deleted documents).
"""

import heapq
from array import array
from bisect import bisect_right
from collections import deque
from functools import partial, reduce
from itertools import islice, pairwise

from whoosh.query import Phrase, Term

from ..adapter import (
    FACET_FIELDS,
    INT_FIELDS,
    KIND_JOB,
    PACKED_FORMATS,
    PAIR_FIELDS,
    POINTS_FIELD,
    SHORT_FORMATS,
)
from .bitmasks import iter_bits, mask_from_ids, top_of
from .caches import (
    GENERATION_CACHE_BYTES,
    GENERATION_CACHE_SIZE,
    LRU,
    POSTINGS_CACHE,
    SEGMENT_CACHE,
)
from .phrases import (
    as_positions,
    candidate_postings,
    phrase_docs,
    phrase_docs_in_positions,
    read_positions,
    read_postings,
    term_docs,
    term_ids,
)

ORDER_CHUNK = 1024  # documents per chunk mask of a segment's precomputed order
# short texts: small vocabularies
VOCABULARY_FIELDS = ("title", "title_ngram", "title_pairs", "company")
# A phrase reads a word's positions only in its candidate documents when the word is in
# this many times more documents (else the whole posting list, kept for the next phrase).
CANDIDATE_RATIO = 16
# Segments this large are warmed (``IndexView.warm``); a smaller one is cheap to search cold.
WARM_MIN_DOCS = 2000


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


class IndexView:
    """Masks and columns of one index generation (one searcher), composed from segments."""

    def __init__(self, searcher, ident: str, private: bool = True):
        self.searcher = searcher
        self.leaves = [(s, s.reader(), offset) for s, offset in searcher.subsearchers]
        self._offsets = [offset for _s, _r, offset in self.leaves]
        self.doc_count_all = searcher.reader().doc_count_all()
        self.private = private  # read postings through Whoosh's private fast path
        self.ident = (ident, private)  # the generation directory; the paths cache apart
        self._cache = LRU(GENERATION_CACHE_SIZE, GENERATION_CACHE_BYTES)  # masks
        self._fixed: dict = {}  # columns, value masks, orders: one per field, always kept
        # per segment reader: its cache key (asked for several times per term)
        self._segkeys = {
            id(reader): (self.ident, reader.segment().segment_id(), reader.doc_count_all())
            for _s, reader, _o in self.leaves
        }
        self._vocabularies: dict = {}  # (reader, field): the terms, from SEGMENT_CACHE
        self._warmed = False  # warm() ran: this generation's segments are warm
        self._small = {id(r) for _s, r, _o in self.leaves if r.doc_count_all() < WARM_MIN_DOCS}

    def _segkey(self, reader) -> tuple:
        """Cache key of a segment: index directory, segment id and size (segment ids come
        from the global ``random`` module, so they alone are not trusted)."""
        return self._segkeys[id(reader)]

    def doc_key(self, docnum: int) -> tuple:
        """A key of the document that outlives this generation: segment and local docnum."""
        _sub, reader, offset = self.leaves[bisect_right(self._offsets, docnum) - 1]
        return (*self._segkey(reader), docnum - offset)

    def _memo(self, key, compute):
        """Cache ``compute()`` for this generation (bounded)."""
        return self._cache.get(key, compute)

    def _fixed_memo(self, key, compute):
        """Keep ``compute()`` for the life of this generation (per-field structures)."""
        value = self._fixed.get(key)
        if value is None:
            value = self._fixed.setdefault(key, compute())
        return value

    def _compose(self, key, per_segment) -> int:
        """OR the per-segment masks ``per_segment(sub, reader)`` shifted to global ids."""

        def compute():
            total = 0
            for sub, reader, offset in self.leaves:
                part = SEGMENT_CACHE.get(
                    (*self._segkey(reader), *key), lambda s=sub, r=reader: per_segment(s, r)
                )
                if part:  # the first part itself when offset 0: one int, not a copy
                    total = total | part << offset if total or offset else part
            return total

        return self._memo(key, compute)

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

    def points(self) -> list:
        """The global per-document points column (b"" for single-place listings and for
        segments written before the column existed)."""

        def segment(reader):
            if not reader.has_column(POINTS_FIELD):
                return [b""] * reader.doc_count_all()
            return self._segment_column(reader, POINTS_FIELD)

        def compute():
            values: list = []
            for _sub, reader, _offset in self.leaves:
                values.extend(segment(reader))
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

    def query_mask(self, query) -> int:
        """Documents matching a Whoosh query (per-segment results cached by query)."""
        return self._compose(*self._segment_part(query))

    def any_mask(self, name: tuple, queries) -> int:
        """Documents matching any of ``queries`` (a caller's ``name`` for that list, a
        tuple): per segment the OR of the queries' cached masks (warm ones for an
        occupation's forms), kept per segment and for this generation as one mask."""

        def per_segment(sub, reader):
            segkey, mask = self._segkey(reader), 0
            for key, part in map(self._segment_part, queries):
                mask |= SEGMENT_CACHE.get((*segkey, *key), partial(part, sub, reader))
            return mask

        return self._compose(("any", *name), per_segment)

    def _segment_part(self, query) -> tuple:
        """(cache key, ``part(sub, reader)``: a segment's mask) of a Whoosh query."""
        if isinstance(query, Phrase) and len(query.words) > 1:
            field, words = query.fieldname, list(query.words)
            return ("phrase", field, tuple(words)), lambda _s, r: self._phrase_part(r, field, words)
        if isinstance(query, Phrase):
            query = Term(query.fieldname, query.words[0])
        if isinstance(query, Term):
            field, text = query.fieldname, query.text
            return ("query", repr(query)), lambda _s, r: self._term_part(r, field, text)
        return ("query", repr(query)), lambda s, r: mask_from_ids(query.docs(s), r.doc_count_all())

    def warm(self, queries, min_docs: int | None = None) -> int:
        """Compute the masks of ``queries()`` (a callable: asked for only when needed) in
        every segment of at least ``min_docs`` (WARM_MIN_DOCS) documents not warmed
        before, and keep them with the segment's other masks (SEGMENT_CACHE). A search
        then meets them warm, as a search server warms a new searcher (Solr's
        newSearcher queries). Once per generation; returns the segments warmed."""
        if self._warmed:
            return 0
        self._warmed = True
        min_docs = WARM_MIN_DOCS if min_docs is None else min_docs
        cold = [
            (sub, reader)
            for sub, reader, _offset in self.leaves
            if reader.doc_count_all() >= min_docs
            and (*self._segkey(reader), "warmed") not in SEGMENT_CACHE
        ]
        parts = [self._segment_part(query) for query in queries()] if cold else []
        for sub, reader in cold:
            segkey = self._segkey(reader)
            for key, part in parts:
                SEGMENT_CACHE.get((*segkey, *key), partial(part, sub, reader))
            SEGMENT_CACHE.get((*segkey, "warmed"), lambda: True)
        return len(cold)

    def _term_part(self, reader, field: str, text: str) -> int:
        """A segment's documents containing a term, as a mask of its docnums."""
        if not self._may_have(reader, field, text):
            return 0
        return mask_from_ids(term_ids(reader, field, text, self.private), reader.doc_count_all())

    def _cached_term_part(self, reader, field: str, text: str, ids=None) -> int:
        """``_term_part`` kept in the segment cache under the key ``query_mask`` uses for
        the term; ``ids``: its docnums when the caller has read them already."""
        key = (*self._segkey(reader), "query", repr(Term(field, text)))
        if ids is None:
            return SEGMENT_CACHE.get(key, lambda: self._term_part(reader, field, text))
        return SEGMENT_CACHE.get(key, lambda: mask_from_ids(ids, reader.doc_count_all()))

    def _may_have(self, reader, field: str, text: str) -> bool:
        """False when a segment surely lacks the term: the few thousand terms of the short
        fields, and every field's terms in a segment below WARM_MIN_DOCS documents (a
        fresh one, or the feed cursor's), are kept as a set per segment, so an
        occupation's many forms that no title has cost no term-dictionary lookup on disk."""
        if field not in VOCABULARY_FIELDS and id(reader) not in self._small:
            return True
        terms = self._vocabularies.get((id(reader), field))
        if terms is None:
            key = (*self._segkey(reader), "vocabulary", field)
            terms = SEGMENT_CACHE.get(key, lambda: frozenset(reader.lexicon(field)))
            self._vocabularies[(id(reader), field)] = terms
        return text.encode("utf-8") in terms

    def has_mask(self, query) -> bool:
        """Whether ``query_mask(query)`` is already cached for this generation."""
        return ("query", repr(query)) in self._cache

    def doc_frequency(self, field: str, text: str) -> int:
        """How many documents (deleted ones included) contain the term."""
        return sum(
            r.doc_frequency(field, text)
            for _s, r, _o in self.leaves
            if self._may_have(r, field, text)
        )

    def term_mask_among(self, field: str, text: str, candidates: int) -> int:
        """``candidates`` narrowed to the documents containing the term (not cached)."""
        mask = 0
        for _sub, reader, offset in self.leaves:
            size = reader.doc_count_all()
            local = (candidates >> offset) & ((1 << size) - 1)
            if local:
                docs = term_docs(reader, field, text, iter_bits(local))
                mask |= mask_from_ids(docs, size) << offset
        return mask

    def _phrase_part(self, reader, field: str, words: list) -> int:
        """A segment's documents with ``words`` (two or more) in this order in ``field``:
        the documents with each consecutive two of them as a word pair (PAIR_FIELDS, one
        posting list each) are the answer for two words and the candidates for more,
        whose positions are then compared (phrases.py); an index without pair fields
        compares the positions of the documents that have every word."""
        pairs = PAIR_FIELDS.get(field)
        candidates = -1
        if pairs in reader.schema:
            for first, second in pairwise(words):
                candidates &= self._cached_term_part(reader, pairs, f"{first} {second}")
                if not candidates:
                    return 0
            if len(words) == 2:
                return candidates
        return self._positions_match(reader, field, words, candidates)

    def _positions_match(self, reader, field: str, words: list, candidates: int) -> int:
        """The documents of ``candidates`` (-1: any) in which ``words`` occur at
        consecutive positions, as a mask of the segment's docnums. The rarest word first:
        a much more frequent word then reads its positions only in the candidates."""
        size, postings = reader.doc_count_all(), {}
        fmt = reader.schema[field].format
        short = isinstance(fmt, SHORT_FORMATS)
        read = read_positions if short else read_postings
        frequency = {}
        for word in dict.fromkeys(words):
            frequency[word] = self._may_have(reader, field, word) and reader.doc_frequency(
                field, word
            )
            if not frequency[word]:
                return 0
        for word in sorted(frequency, key=frequency.__getitem__):
            count = candidates.bit_count() if candidates >= 0 else size
            if count * CANDIDATE_RATIO < frequency[word]:
                found = candidate_postings(reader, field, word, iter_bits(candidates), self.private)
                found = as_positions(found) if short else found
                candidates = mask_from_ids(found[0], size)
            else:
                found = POSTINGS_CACHE.get(
                    (*self._segkey(reader), field, word),
                    lambda w=word: read(reader, field, w, self.private),
                )
                candidates &= self._cached_term_part(reader, field, word, found[0])
            postings[word] = found
            if not candidates:
                return 0
        if short:
            return mask_from_ids(phrase_docs_in_positions(words, postings), size) & candidates
        packed = isinstance(fmt, PACKED_FORMATS)
        docs = list(iter_bits(candidates & ((1 << size) - 1)))
        found = phrase_docs(words, postings, fmt.decode_positions, packed, docs)
        return mask_from_ids(found, size)

    def facet_fields(self) -> tuple:
        """The fields that have facet masks."""
        return FACET_FIELDS

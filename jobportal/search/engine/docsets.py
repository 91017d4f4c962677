"""Document sets as Python big-int bitmasks, cached per segment.

Facet counts are ``(hits & value_mask).bit_count()``: a C-speed AND and popcount instead
of grouping every hit in Python. Whoosh never changes a written segment's documents (only
marks deletions), so per-segment masks are cached by segment id and survive index updates;
a segment's masks may keep bits of documents deleted later, which is harmless because
every answer is intersected with the live mask (or with query hits, which never include
deleted documents).
"""

from bisect import bisect_right
from functools import partial
from itertools import pairwise

from whoosh.query import Phrase, Term

from ..adapter import FACET_FIELDS, PACKED_FORMATS, PAIR_FIELDS, SHORT_FORMATS
from .bitmasks import iter_bits, mask_from_ids
from .caches import (
    GENERATION_CACHE_BYTES,
    GENERATION_CACHE_SIZE,
    LRU,
    POSTINGS_CACHE,
    SEGMENT_CACHE,
)
from .columns import ColumnSets
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

# short texts: small vocabularies
VOCABULARY_FIELDS = ("title", "title_ngram", "title_pairs", "company")
# A phrase reads a word's positions only in its candidate documents when the word is in
# this many times more documents (else the whole posting list, kept for the next phrase).
CANDIDATE_RATIO = 16
# Segments this large are warmed (``IndexView.warm``); a smaller one is cheap to search cold.
WARM_MIN_DOCS = 2000


class IndexView(ColumnSets):
    """Masks and columns of one index generation (one searcher), composed from segments
    (the column masks and orders: columns.ColumnSets; the text masks here)."""

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
                part = self._segment_cached(sub, reader, key, per_segment)
                if part:  # the first part itself when offset 0: one int, not a copy
                    total = total | part << offset if total or offset else part
            return total

        return self._memo(key, compute)

    def _segment_cached(self, sub, reader, key: tuple, per_segment) -> int:
        """A segment's ``per_segment(sub, reader)``, kept in SEGMENT_CACHE under ``key``."""
        return SEGMENT_CACHE.get((*self._segkey(reader), *key), partial(per_segment, sub, reader))

    def query_mask(self, query) -> int:
        """Documents matching a Whoosh query (per-segment results cached by query)."""
        return self._compose(*self._segment_part(query))

    def any_mask(self, name: tuple, queries) -> int:
        """Documents matching any of ``queries`` (a caller's ``name`` for that list, a
        tuple): per segment the OR of the queries' cached masks (warm ones for an
        occupation's forms), kept per segment and for this generation as one mask."""

        def per_segment(sub, reader):
            mask = 0
            for key, part in map(self._segment_part, queries):
                mask |= self._segment_cached(sub, reader, key, part)
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

    def warm(self, queries) -> int:
        """Compute the masks of ``queries()`` (a callable: asked for only when needed) in
        every segment of at least WARM_MIN_DOCS documents not warmed before, and keep them
        with the segment's other masks (SEGMENT_CACHE). A search then meets them warm, as
        a search server warms a new searcher (Solr's newSearcher queries). Once per
        generation; returns the segments warmed."""
        if self._warmed:
            return 0
        self._warmed = True
        cold = [
            (sub, reader)
            for sub, reader, _offset in self.leaves
            if reader.doc_count_all() >= WARM_MIN_DOCS
            and (*self._segkey(reader), "warmed") not in SEGMENT_CACHE
        ]
        parts = [self._segment_part(query) for query in queries()] if cold else []
        for sub, reader in cold:
            for key, part in parts:
                self._segment_cached(sub, reader, key, part)
            SEGMENT_CACHE.get((*self._segkey(reader), "warmed"), lambda: True)
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

"""The few listings of an alerts run as an in-memory view that the engine's mask
functions read exactly like an index generation.

Running every saved search against the whole index is slow (133 s for 10,000 searches
over 100k listings); a throwaway index of the new listings still costs seconds. Here the
new listings (a few hundred) become the index documents the indexer would write
(``job_document``), analysed the same way (``index_terms``, ``edge_grams``), kept as
bitmasks over the batch: one per term and field, per filter value, per place. The engine
then evaluates a search with its own code (``build.text_mask``,
``execute.filter_masks``), so saved searches and the search page follow one set of rules.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from whoosh import query as wq

from ..adapter import FACET_FIELDS, edge_grams, index_terms, job_document
from .bitmasks import iter_bits

TEXT_FIELDS = ("title", "description", "company")
PHRASE_FIELDS = ("title", "description")
VALUE_FIELDS = (*FACET_FIELDS, "place", "postal_code", "partner")
INT_FIELDS = ("published", "ends")


class MemoryView:
    """Listings analysed into bitmasks (bit i = ``job_ids[i]``); the view interface the
    text and filter masks use (``query_mask``, ``any_of``, ``at_least``, ``live``)."""

    def __init__(self, listings):
        self.job_ids: list[int] = []
        self._terms = {f: defaultdict(int) for f in (*TEXT_FIELDS, "title_ngram")}
        self._sequences: dict[str, list[list[str]]] = {f: [] for f in PHRASE_FIELDS}
        self._values = {name: defaultdict(int) for name in VALUE_FIELDS}
        self._columns: dict[str, list[int]] = {name: [] for name in INT_FIELDS}
        self._cache: dict = {}
        for listing in listings:
            self._add(listing)
        self.doc_count_all = len(self.job_ids)
        self._all = (1 << self.doc_count_all) - 1

    def _add(self, listing) -> None:
        """Analyse one listing (company and place loaded) as the indexer would."""
        bit = 1 << len(self.job_ids)
        doc = job_document(listing)
        self.job_ids.append(listing.id)
        for field in TEXT_FIELDS:
            terms = index_terms(doc[field])
            if field in PHRASE_FIELDS:
                self._sequences[field].append(terms)
            for term in set(terms):
                self._terms[field][term] |= bit
            if field == "title":
                for gram in {g for term in terms for g in edge_grams(term)}:
                    self._terms["title_ngram"][gram] |= bit
        for name in VALUE_FIELDS:  # split like docsets' column masks
            for value in doc[name].split(",") if doc[name] else ():
                self._values[name][value] |= bit
        for name in INT_FIELDS:
            self._columns[name].append(doc[name])

    def __len__(self) -> int:
        return self.doc_count_all

    def ids(self, mask: int) -> list[int]:
        """The job ids of the set bits, in listing order."""
        return [self.job_ids[index] for index in iter_bits(mask)]

    def live(self) -> int:
        """Every listing of the view."""
        return self._all

    # --- the view interface of build.py and execute.filter_masks ----------------------

    def query_mask(self, query) -> int:
        """Listings matching a Term, Prefix or Phrase query (cached)."""
        if type(query) is wq.Term:
            return self._terms[query.fieldname].get(query.text, 0)
        key = repr(query)
        if key not in self._cache:
            if isinstance(query, wq.Phrase):
                self._cache[key] = self._phrase(query.fieldname, tuple(query.words))
            elif isinstance(query, wq.Prefix):
                self._cache[key] = self._prefix(query.fieldname, query.text)
            else:
                raise TypeError(f"unsupported query {query!r}")
        return self._cache[key]

    def any_mask(self, _name: tuple, queries) -> int:
        """Listings matching any of ``queries`` (IndexView keeps the union by name)."""
        return reduce(or_, map(self.query_mask, queries), 0)

    def has_mask(self, query) -> bool:
        """Every mask is cheap here (build.group_mask then simply ANDs them)."""
        return True

    def doc_frequency(self, field: str, text: str) -> int:
        """How many listings contain the term."""
        return self._terms[field].get(text, 0).bit_count()

    def term_mask_among(self, field: str, text: str, candidates: int) -> int:
        """``candidates`` narrowed to the listings containing the term."""
        return candidates & self._terms[field].get(text, 0)

    def value_masks(self, field: str) -> dict:
        """Masks per value of a filter field (facet fields, place, postal code)."""
        return self._values[field]

    def any_of(self, field: str, values) -> int:
        """Listings with any of ``values`` in a filter field (cached: a radius gives a
        long place list, shared by many searches, over few listings)."""
        key = (field, tuple(values))
        if key not in self._cache:
            masks, wanted = self._values[field], {str(v) for v in values}
            self._cache[key] = reduce(or_, (m for v, m in masks.items() if v in wanted), 0)
        return self._cache[key]

    def at_least(self, field: str, bound: int) -> int:
        """Listings whose integer column ``field`` is >= ``bound`` (cached)."""
        key = (field, ">=", bound)
        if key not in self._cache:
            mask = 0
            for index, value in enumerate(self._columns[field]):
                if value >= bound:
                    mask |= 1 << index
            self._cache[key] = mask
        return self._cache[key]

    # --- text ------------------------------------------------------------------------

    def _prefix(self, field: str, stem: str) -> int:
        """Listings with a term starting with ``stem`` in ``field``."""
        mask = 0
        for term, bits in self._terms[field].items():
            if term.startswith(stem):
                mask |= bits
        return mask

    def _phrase(self, field: str, stems: tuple) -> int:
        """Listings whose ``field`` has ``stems`` at consecutive positions."""
        candidates, size = self._all, len(stems)
        for stem in stems:
            candidates &= self._terms[field].get(stem, 0)
        mask = 0
        for index in iter_bits(candidates):
            seq = self._sequences[field][index]
            if any(tuple(seq[i : i + size]) == stems for i in range(len(seq) - size + 1)):
                mask |= 1 << index
        return mask

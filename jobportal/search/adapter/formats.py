"""Fast index-time analysis and the codec of the job index (rebuild speed).

Whoosh runs every field value through its analyzer's Token pipeline (one Token object
mutated per word, several generator layers) and, while committing, looks up each
posting's field length, probing the file system for fields without lengths. Profiling
a rebuild showed both dominating. Here:

- ``PackedPositions``/``GramFrequency`` produce the same terms, frequencies, weights and
  positions as the fields' analyzers, straight from the tokenizer regex and the cached
  normaliser (a job ad repeats its vocabulary, so nearly every word is a cache hit). The
  analyzers stay on the fields for anything else that asks them (queries, highlighting).
  Positions are stored packed rather than pickled, so phrase checks decode fast;
  ``ShortPositions`` (new indexes) stores them without a typecode byte per posting.
- ``WordPairs`` indexes each two consecutive terms as one term, so a phrase of two words
  is a term lookup (Elasticsearch's ``index_phrases`` does the same).
- ``IndexCodec`` is Whoosh 3's codec without per-block length statistics, which only
  tighten score upper bounds (block skipping); scores themselves read the per-document
  lengths, which are still written.

All are module-level classes, so the schema and segments pickle; everything else about
the segment files is Whoosh 2.7's own format. The index's TOC refers to these classes by
name: renaming one, or changing an encoding, needs a `flask index rebuild`. The codec
new indexes are written with is packed.PackedCodec (an IndexCodec with packed blocks).
"""

import re
from array import array
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import pairwise

from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint

from .analysis import WORD_PATTERN, edge_grams, normalize_token

_WORD = re.compile(WORD_PATTERN)


def index_terms(text: str) -> list[str]:
    """The terms of ``text`` in order, exactly as ``german_analyzer`` indexes them."""
    terms = []
    for word in _WORD.findall(text or ""):
        term = normalize_token(word)
        if term:
            terms.append(term)
    return terms


@lru_cache(maxsize=4)
def document_terms(text: str) -> tuple:
    """``index_terms`` of a field value, kept for the next fields of the same document that
    index the same text (title, title_ngram, title_pairs: Whoosh indexes a document's
    fields in name order), so the title is analysed once."""
    return tuple(index_terms(text))


def word_pairs(terms) -> set[str]:
    """Each two consecutive terms as one "first second" term (stop words are gone, so
    "Tage Urlaub" and "arbeiten mit modernen" give "tag urlaub" and "arbeit modern")."""
    return {f"{first} {second}" for first, second in pairwise(terms)}


@lru_cache(maxsize=50_000)
def sorted_grams(term: str) -> tuple:
    """The title edge n-grams of one stemmed word (cached)."""
    return tuple(sorted(edge_grams(term)))


class PackedPositions(Positions):
    """``Positions`` fed by ``index_terms`` instead of the analyzer chain, stored as a
    packed array (a typecode byte, then 16- or 32-bit positions) instead of pickled
    deltas: phrase checks decode candidates' positions at C speed (phrases.py)."""

    def word_values(self, value, analyzer, **kwargs):
        """(term, frequency, weight, encoded positions) per distinct term of ``value``."""
        boost = self.field_boost
        positions = defaultdict(list)
        for pos, term in enumerate(document_terms(value)):
            positions[term].append(pos)
        for term, found in positions.items():
            yield term, len(found), len(found) * boost, self.encode(found)

    def encode(self, poslist) -> bytes:
        """Ascending positions as b"H" or b"I" plus the array's bytes."""
        code = "H" if not poslist or poslist[-1] < 65536 else "I"
        return code.encode() + array(code, poslist).tobytes()

    def decode_positions(self, valuestring) -> array:
        """The positions of one posting (an array: a sequence of ints)."""
        values = array("H" if valuestring[:1] == b"H" else "I")
        values.frombytes(valuestring[1:])
        return values

    def decode_frequency(self, valuestring) -> int:
        """How often the term occurs (the number of positions)."""
        return (len(valuestring) - 1) // (2 if valuestring[:1] == b"H" else 4)

    def decode_weight(self, valuestring) -> float:
        """Frequency times the field boost."""
        return self.decode_frequency(valuestring) * self.field_boost


MAX_SHORT_POSITION = 65535


class ShortPositions(PackedPositions):
    """``PackedPositions`` as bare 16-bit positions, without the typecode byte: a field
    value has fewer than 65,536 terms (descriptions are cut at 20,000 characters, titles
    and company names are short; a later position would be stored as 65,535), so the
    positions of a whole posting block are one array that phrases.py reads without a
    step per document."""

    def encode(self, poslist) -> bytes:
        """Ascending positions as the bytes of a 16-bit array."""
        if poslist and poslist[-1] > MAX_SHORT_POSITION:
            poslist = [min(p, MAX_SHORT_POSITION) for p in poslist]
        return array("H", poslist).tobytes()

    def decode_positions(self, valuestring) -> array:
        """The positions of one posting."""
        values = array("H")
        values.frombytes(valuestring)
        return values

    def decode_frequency(self, valuestring) -> int:
        """How often the term occurs (the number of positions)."""
        return len(valuestring) // 2


PACKED_FORMATS = (PackedPositions,)  # fields whose positions phrases.py reads in bulk
SHORT_FORMATS = (ShortPositions,)  # ... and those whose blocks it reads whole


class GramFrequency(Frequency):
    """``Frequency`` of the title's edge n-grams, without the analyzer chain."""

    def word_values(self, value, analyzer, **kwargs):
        """(gram, frequency, weight, encoded frequency) per distinct gram of ``value``."""
        boost = self.field_boost
        counts = Counter()
        for term in document_terms(value):
            counts.update(sorted_grams(term))
        for gram, freq in counts.items():
            yield gram, freq, freq * boost, pack_uint(freq)


class WordPairs(Existence):
    """``Existence`` of the word pairs of a text (``word_pairs``): a phrase of two terms is
    one posting-list read instead of the positions of both words (engine/docsets.py); an
    occupation's forms of several words are such phrases."""

    def word_values(self, value, analyzer, **kwargs):
        """(pair, 1, boost, b"") per distinct pair of ``value``."""
        boost = self.field_boost
        for pair in word_pairs(document_terms(value)):
            yield pair, 1, boost, b""


class IndexCodec(W3Codec):
    """Whoosh 3 codec without per-block length statistics (see the module docstring)."""

    length_stats = False

"""Reading posting lists quickly: whole blocks, and only the documents asked about.

Whoosh's generic matcher API costs several Python calls per posting (``is_active``,
``id``, ``next``, ``value``), which dominates a cold search at 100k listings. Whoosh 3's
leaf matchers decode a block of up to 128 postings at a time; ``blocks`` hands those
arrays over whole (private attributes, checked first; any other matcher falls back to the
public one-posting-at-a-time API, so a Whoosh fork stays swappable). ``private=False``
(the setting SEARCH_PRIVATE_FAST_PATH off) uses only the public API, for every matcher.

Phrases: AND the words' cached masks, then decode positions only for those candidates
(a frequent word's positions only in those documents, when they are few). Terms among
candidates: which of a few candidates contain a frequent term (a two-word query pairs a
rare word with a common one).
"""

from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, itemgetter

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

_FAST = ("_data", "_read_data", "_byteids", "_i", "_next_block")


def blocks(matcher, values: bool = False, private: bool = True):
    """(ids, values or None) per posting block of a fresh matcher, ascending. Deleted
    documents are included: every mask is intersected with the live documents. The fast
    path undoes the block's delta coding with ``accumulate`` (C) instead of Whoosh's
    generator."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    fast = private and all(hasattr(matcher, name) for name in _FAST)
    while matcher.is_active():
        if not fast:
            yield (matcher.id(),), ((matcher.value(),) if values else None)
            matcher.next()
            continue
        if matcher._data is None:
            matcher._read_data()
        raw = matcher._data[0]
        absolute = matcher._byteids or getattr(matcher, "absolute_ids", False)
        ids = raw if absolute else tuple(accumulate(raw))
        if values:
            matcher.value()  # loads (and un-minifies) the block's values
        start = matcher._i
        yield ids[start:], (matcher._values[start:] if values else None)
        matcher._next_block()


def _postings(reader, field: str, text: str):
    """The term's matcher, or None when the segment does not have the term."""
    try:
        return reader.postings(field, text)
    except TermNotFound:
        return None


def term_ids(reader, field: str, text: str, private: bool = True) -> array:
    """All docnums containing the term (empty if the term is unknown)."""
    matcher, ids = _postings(reader, field, text), array("I")
    if matcher is not None:
        for chunk, _values in blocks(matcher, private=private):
            ids.extend(chunk)
    return ids


def read_postings(
    reader, field: str, text: str, private: bool = True
) -> tuple[list[int], list[bytes]] | None:
    """(docnums, encoded values) of a term, read block by block (None: no such term)."""
    matcher = _postings(reader, field, text)
    if matcher is None:
        return None
    ids, values = [], []
    for chunk, encoded in blocks(matcher, values=True, private=private):
        ids.extend(chunk)
        values.extend(encoded)
    return ids, values


POSITION_BITS = 24  # a document's positions stay below 2**24 (descriptions are capped)
PACKED_SHORT = ord("H")  # PackedPositions' typecode byte of 16-bit positions
_WITHOUT_TYPECODE = itemgetter(slice(1, None))


def phrase_docs(
    words: list, postings: dict, decode, packed: bool = False, docs: list | None = None
) -> list[int]:
    """The docnums in which ``words`` occur consecutively; ``postings``: word ->
    read_postings() of the field; ``docs``: the documents having every word, ascending,
    if the caller knows them (its cached term masks ANDed), else computed here.

    Each word's occurrences become integers ``document << 24 | position - offset``
    (offset: the word's place in the phrase), so a phrase match is a value in every
    word's set: a C-speed set intersection instead of comparing positions document by
    document. The word with the fewest occurrences makes the set, the others are
    intersected with it. With ``packed`` positions (formats.PackedPositions) the integers
    of all documents are made at once: the positions' bytes joined into one array, each
    document's number repeated per position (``map``/``repeat``, no Python loop per
    document).
    """
    if docs is None:
        docs = _common_docs(words, postings)
    common = set(docs)
    if not common:
        return []
    chosen = {}
    for index, word in enumerate(words):  # shift > 0
        ids, values = postings[word]
        chosen[len(words) - index] = list(compress(values, map(common.__contains__, ids)))
    matches = None
    for shift, values in sorted(chosen.items(), key=lambda item: sum(map(len, item[1]))):
        keys = _phrase_keys(values, shift, decode, packed)
        matches = set(keys) if matches is None else matches.intersection(keys)
        if not matches:
            return []
    return [docs[i] for i in sorted(set(map(POSITION_BITS.__rrshift__, matches)))]


def _whole_block(leaf) -> tuple:
    """(value lengths, values joined) of a leaf matcher's current block from its position
    on: taken whole from a packed block (``raw_values``), else from its decoded values."""
    raw = leaf.raw_values() if hasattr(leaf, "raw_values") and leaf._i == 0 else None
    if raw is not None:
        return raw
    leaf.value()  # loads the block's values
    values = leaf._values[leaf._i :]
    return list(map(len, values)), b"".join(values)


def read_positions(reader, field: str, text: str, private: bool = True) -> tuple | None:
    """(docnums, positions per document, the positions joined) of a term of a
    ShortPositions field (None: no such term): a packed block's values are taken whole,
    its positions already one array of 16-bit numbers."""
    matcher = _postings(reader, field, text)
    if matcher is None:
        return None
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    whole_blocks = private and hasattr(leaf, "raw_values")
    ids, counts, positions = array("I"), array("I"), array("H")
    for chunk, values in blocks(matcher, values=not whole_blocks, private=private):
        lengths, joined = (
            _whole_block(leaf) if whole_blocks else (map(len, values), b"".join(values))
        )
        ids.extend(chunk)
        counts.extend(map((1).__rrshift__, lengths))  # bytes // 2
        positions.frombytes(joined)
    return ids, counts, positions


def as_positions(postings: tuple) -> tuple:
    """read_positions' shape of read_postings' (docnums, encoded values) of such a field."""
    ids, values = postings
    positions = array("H")
    positions.frombytes(b"".join(values))
    return array("I", ids), array("I", map((1).__rrshift__, map(len, values))), positions


def phrase_docs_in_positions(words: list, found: dict) -> np.ndarray:
    """The docnums (ascending) in which ``words`` occur consecutively; ``found``: word ->
    read_positions() of the field. As phrase_docs, but in numpy arrays: each word's
    integers are made from its whole posting list at once (the document's number
    repeated per position), and the ascending arrays are intersected by binary search."""
    matches = None
    shifted = {len(words) - index: found[word] for index, word in enumerate(words)}
    for shift, (ids, counts, positions) in sorted(shifted.items(), key=lambda i: len(i[1][2])):
        bases = np.asarray(ids, dtype=np.int64) << POSITION_BITS
        keys = np.repeat(bases, np.asarray(counts, dtype=np.int64))
        keys += np.asarray(positions, dtype=np.int64)
        keys += shift
        if keys.size > 1 and not (keys[1:] > keys[:-1]).all():
            keys = np.unique(keys)  # positions out of order: never written so, but sure
        matches = keys if matches is None else _common(matches, keys)
        if not matches.size:
            break
    return np.unique(matches >> POSITION_BITS)


def _common(values: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """The values (in their order) that the ascending array has too."""
    if not ascending.size:
        return ascending
    at = np.searchsorted(ascending, values)
    np.minimum(at, ascending.size - 1, out=at)
    return values[ascending[at] == values]


def _common_docs(words: list, postings: dict) -> list[int]:
    """The docnums every word's postings have, ascending."""
    common = None
    for ids, _values in map(postings.__getitem__, dict.fromkeys(words)):
        common = set(ids) if common is None else common.intersection(ids)
        if not common:
            return []
    first = postings[words[0]][0]
    return list(compress(first, map(common.__contains__, first)))


def _phrase_keys(values: list, shift: int, decode, packed: bool):
    """``i << 24 | position + shift`` for every position of the i-th of ``values`` (an
    iterable: only the first word's become a set, the others are intersected with it)."""
    if packed and set(map(itemgetter(0), values)) <= {PACKED_SHORT}:
        raw = list(map(_WITHOUT_TYPECODE, values))
        positions = array("H")
        positions.frombytes(b"".join(raw))
        bases = range(shift, len(values) << POSITION_BITS, 1 << POSITION_BITS)
        # each base repeated once per byte, then every second one: once per position
        per_position = islice(chain.from_iterable(map(repeat, bases, map(len, raw))), 0, None, 2)
        return map(add, positions, per_position)
    return chain.from_iterable(
        map(((i << POSITION_BITS) + shift).__add__, decode(value)) for i, value in enumerate(values)
    )


def _at_candidates(matcher, docs):
    """Each docnum of ``docs`` (ascending) the matcher has, with the matcher on it; the
    matcher skips whole blocks between them."""
    for docnum in docs:
        if not matcher.is_active():
            return
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            yield docnum


def term_docs(reader, field: str, text: str, candidates) -> list[int]:
    """The docnums of ``candidates`` (ascending) that contain ``text`` in ``field``."""
    matcher = _postings(reader, field, text)
    return [] if matcher is None else list(_at_candidates(matcher, candidates))


def candidate_postings(reader, field: str, text: str, docs, private: bool = True) -> tuple:
    """read_postings for the documents ``docs`` (ascending) only: a phrase of a rare and a
    frequent word needs the frequent word's positions in a few documents. Packed blocks
    are looked at whole (their docnums are one array) and only the values asked for are
    cut out; other matchers skip from document to document."""
    matcher, ids, values = _postings(reader, field, text), [], []
    if matcher is None:
        return ids, values
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    if not (private and hasattr(leaf, "raw_values")):
        for docnum in _at_candidates(matcher, docs):
            ids.append(docnum)
            values.append(matcher.value())
        return ids, values
    wanted = list(docs)
    for chunk, _none in blocks(matcher, private=private):
        low = bisect_left(wanted, chunk[0])
        high = bisect_right(wanted, chunk[-1], low)
        inside = set(wanted[low:high])
        where = list(compress(range(len(chunk)), map(inside.__contains__, chunk)))
        if not where:
            continue
        lengths, joined = _whole_block(leaf)
        ends = list(accumulate(lengths, initial=0))
        ids.extend(map(chunk.__getitem__, where))
        values.extend(joined[ends[i] : ends[i + 1]] for i in where)
    return ids, values

"""Reading posting lists quickly: whole blocks, and only the documents asked about.

Whoosh's generic matcher API costs several Python calls per posting (``is_active``,
``id``, ``next``, ``value``), which dominates a cold search at 100k listings. Whoosh 3's
leaf matchers decode a block of up to 128 postings at a time; ``blocks`` hands those
arrays over whole (private attributes, checked first; any other matcher falls back to the
public one-posting-at-a-time API, so a Whoosh fork stays swappable). ``private=False``
(the setting SEARCH_PRIVATE_FAST_PATH off) uses only the public API, for every matcher.

Phrases: AND the words' cached masks, then decode positions only for those candidates.
Terms among candidates: which of a few candidates contain a frequent term (a two-word
query pairs a rare word with a common one).
"""

from whoosh.matching.wrappers import FilterMatcher

_FAST = ("_ids", "_values", "_i", "_next_block")


def blocks(matcher, values: bool = False, private: bool = True):
    """(ids, values or None) per posting block of a fresh matcher, ascending. Deleted
    documents are included: every mask is intersected with the live documents."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    fast = private and all(hasattr(matcher, name) for name in _FAST)
    while matcher.is_active():
        if not fast:
            yield (matcher.id(),), ((matcher.value(),) if values else None)
            matcher.next()
            continue
        matcher.id()  # loads the block's ids (and values below) on first access
        if values:
            matcher.value()
        start = matcher._i
        yield matcher._ids[start:], (matcher._values[start:] if values else None)
        matcher._next_block()


def term_ids(reader, field: str, text: str, private: bool = True) -> list[int]:
    """All docnums containing the term (empty if the term is unknown)."""
    if (field, text) not in reader:
        return []
    ids = []
    for chunk, _values in blocks(reader.postings(field, text), private=private):
        ids.extend(chunk)
    return ids


def read_postings(
    reader, field: str, text: str, private: bool = True
) -> tuple[list[int], list[bytes]]:
    """(docnums, encoded values) of a term, read block by block."""
    ids, values = [], []
    for chunk, encoded in blocks(reader.postings(field, text), values=True, private=private):
        ids.extend(chunk)
        values.extend(encoded)
    return ids, values


POSITION_BITS = 24  # a document's positions stay below 2**24 (descriptions are capped)


def phrase_docs(words: list, postings: dict, candidates: int, decode) -> list[int]:
    """The docnums of ``candidates`` (a mask of documents containing every word) in which
    ``words`` occur consecutively; ``postings``: word -> read_postings() of the field.

    Each word's occurrences become integers ``docnum << 24 | position - offset`` (offset:
    the word's place in the phrase), so a phrase match is a value in every word's set: a
    C-speed set intersection instead of comparing positions document by document.
    """
    wanted = candidates.to_bytes((candidates.bit_length() + 7) // 8, "little")
    size = len(wanted)
    matches = None
    for index, word in enumerate(words):
        shift = len(words) - index  # keeps every key positive
        keys = set()
        for docnum, value in zip(*postings[word], strict=True):
            byte = docnum >> 3
            if byte < size and wanted[byte] >> (docnum & 7) & 1:
                keys.update(map(((docnum << POSITION_BITS) + shift).__add__, decode(value)))
        matches = keys if matches is None else matches & keys
        if not matches:
            return []
    return sorted({key >> POSITION_BITS for key in matches})


def term_docs(reader, field: str, text: str, candidates) -> list[int]:
    """The docnums of ``candidates`` (ascending) that contain ``text`` in ``field``."""
    if (field, text) not in reader:
        return []
    matcher, found = reader.postings(field, text), []
    for docnum in candidates:
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                break
        if matcher.id() == docnum:
            found.append(docnum)
    return found

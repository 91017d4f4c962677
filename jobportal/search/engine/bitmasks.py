"""Sets of documents as Python big-int bitmasks: built from ids, walked bit by bit, and
their first documents in a precomputed order."""

import heapq
from array import array
from collections import deque
from itertools import compress, repeat

import numpy as np

_BITS = tuple(tuple(k for k in range(8) if b >> k & 1) for b in range(256))
_NONZERO = bytes([0] + [1] * 255)  # translate table: a byte with bits set -> 1
DENSE_IDS_RATIO = 32  # mask_from_ids builds a digit string above one id per 32 documents
SPARSE_BITS_RATIO = 64  # iter_bits finds the non-zero bytes below one bit per 64
SMALL_TOP = 256  # top_of sorts masks up to this size whole
WALK_LIMIT = 1024  # ... and walks the order when it expects to find them within this many


def mask_from_ids(ids, size: int = 0) -> int:
    """A bitmask with the bits of ``ids`` set. An array of ids (numpy's or ``array``'s,
    as posting lists are read): one byte per document set at once and packed into bits
    (numpy, C speed however many ids). Other ids, many: a digit string built at C speed
    (one ``bytearray.__setitem__`` per id through ``map``) and parsed by ``int(_, 2)``;
    few: a loop over a bit buffer (the string costs one byte per document)."""
    if isinstance(ids, (np.ndarray, array)):
        return _mask_from_array(np.asarray(ids), size)
    if not isinstance(ids, (list, tuple)):
        ids = list(ids)
    if not ids:
        return 0
    size = max(size, max(ids) + 1)
    if len(ids) * DENSE_IDS_RATIO > size:
        digits = bytearray(b"0") * size
        deque(map(digits.__setitem__, ids, repeat(49)), maxlen=0)  # 49: b"1"
        digits.reverse()
        return int(digits, 2)
    buf = bytearray((size + 7) // 8)
    for i in ids:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _mask_from_array(ids: np.ndarray, size: int) -> int:
    """mask_from_ids of a numpy array of ids."""
    if not ids.size:
        return 0
    size = max(size, int(ids.max()) + 1)
    flags = np.zeros((size + 7) & ~7, dtype=np.uint8)
    flags[ids] = 1
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def iter_bits(mask: int):
    """The positions of the set bits, ascending. A sparse mask finds its non-zero bytes
    with ``bytes.find`` (memchr) in a copy marking them; a dense one walks its bytes."""
    if not mask:
        return
    bits = _BITS
    data = mask.to_bytes((mask.bit_length() + 7) >> 3, "little")
    if mask.bit_count() * SPARSE_BITS_RATIO < mask.bit_length():
        marks = data.translate(_NONZERO)
        index = marks.find(1)
        while index >= 0:
            base = index << 3
            for k in bits[data[index]]:
                yield base + k
            index = marks.find(1, index + 1)
        return
    for index in compress(range(len(data)), data):
        base = index << 3
        for k in bits[data[index]]:
            yield base + k


def ids_of(mask: int) -> np.ndarray:
    """The positions of the set bits, ascending, as a numpy array: the mask's non-zero
    64-bit words are found, then their non-zero bytes, and only those are unpacked (C
    speed however many)."""
    words = np.frombuffer(mask.to_bytes((mask.bit_length() + 63) >> 6 << 3, "little"), "<u8")
    filled = np.flatnonzero(words)
    data = words[filled].view(np.uint8)  # their bytes, in order
    full = np.flatnonzero(data)
    rows, columns = np.nonzero(np.unpackbits(data[full, None], axis=1, bitorder="little"))
    return (filled[full >> 3] * 8 + (full & 7))[rows] * 8 + columns


def top_of(mask: int, count: int, docs, rank, chunks) -> list[int]:
    """The ``count`` documents of one segment's ``mask`` with the lowest ``rank``: a dense
    mask walks the order until ``count`` are found; a small one is sorted whole; else the
    mask is ANDed with the order's chunk masks (C speed) until ``count`` are found, and
    only those bits are sorted."""
    bits = mask.bit_count()
    if count * len(docs) <= WALK_LIMIT * bits:
        data = mask.to_bytes((mask.bit_length() + 7) >> 3, "little")
        size, found = len(data), []
        for docnum in docs:
            byte = docnum >> 3
            if byte < size and data[byte] >> (docnum & 7) & 1:
                found.append(docnum)
                if len(found) == count:
                    break
        return found
    if bits <= SMALL_TOP:
        return heapq.nsmallest(count, iter_bits(mask), key=rank.__getitem__)
    found = []
    for chunk in chunks:
        part = mask & chunk
        if part:
            found.extend(sorted(iter_bits(part), key=rank.__getitem__))
            if len(found) >= count:
                break
    return found[:count]

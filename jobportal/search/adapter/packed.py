"""Posting blocks stored as packed arrays instead of zlib-compressed pickles (cold reads).

Whoosh 3 writes each block of up to 128 postings as ``zlib(pickle((delta ids, weights,
values)))``. A search meeting a term for the first time in a process decodes every block
of it: at 100,000 listings, unpickling and decompressing was the largest cost of a cold
phrase (the positions of frequent words) and a fifth of a cold keyword search. A
``PackedCodec`` block keeps Whoosh's block header (the pickled info tuple that skipping
reads) and stores its data as one byte string::

    b"P", struct "<BBI" (weight kind, value kind, postings n),
    n absolute docnums (uint32),
    weights: none (all 1.0) | one float64 (all equal) | n float64,
    values: none (fixed size 0) | n uint32 lengths, then the values joined | fixed-size
            values joined.

The matcher decodes that with ``array.frombytes`` and C-level slicing; ids, weights and
values come out equal to what ``W3LeafMatcher`` gives for the same postings (weights of
the "one float" and "none" kinds as the same float32 arrays). Blocks written another way
(term vectors' byte ids) stay pickles and are read by Whoosh's code. Segments name their
codec in the index's TOC: segments written by ``IndexCodec`` (the previous codec) keep
reading the old way; a segment written or merged with ``PackedCodec`` reads this way.
New segments are written with ``PlainStoredCodec``: packed blocks and stored fields
without zlib (stored.py).
"""

import struct
import sys
from array import array
from itertools import accumulate, repeat
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher, W3PostingsWriter
from whoosh.matching import ListMatcher
from whoosh.util.numeric import length_to_byte

from .formats import IndexCodec
from .stored import PlainStoredDocReader, PlainStoredDocWriter

MARK = b"P"
_HEAD = struct.Struct("<BBI")
NO_WEIGHTS, ONE_WEIGHT, WEIGHTS = 0, 1, 2
NO_VALUES, VARIABLE, FIXED = 0, 1, 2
_SWAP = sys.byteorder != "little"  # arrays are stored little-endian


def _le(values: array) -> bytes:
    """The array's bytes, little-endian."""
    if _SWAP:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_le(typecode: str, data) -> array:
    """An array of ``typecode`` from little-endian bytes."""
    values = array(typecode)
    values.frombytes(data)
    if _SWAP:
        values.byteswap()
    return values


def encode_block(ids, weights, values, fixedsize) -> bytes:
    """One block's data (see the module docstring)."""
    if all(w == 1.0 for w in weights):
        wkind, wbytes = NO_WEIGHTS, b""
    elif all(w == weights[0] for w in weights):
        wkind, wbytes = ONE_WEIGHT, _le(array("d", weights[:1]))
    else:
        wkind, wbytes = WEIGHTS, _le(array("d", weights))
    if fixedsize == 0:
        vkind, vbytes = NO_VALUES, b""
    elif fixedsize is None or fixedsize < 0:
        lengths = array("I", map(len, values))
        vkind, vbytes = VARIABLE, _le(lengths) + b"".join(values)
    else:
        vkind, vbytes = FIXED, b"".join(values)
    head = MARK + _HEAD.pack(wkind, vkind, len(ids))
    return b"".join((head, _le(array("I", ids)), wbytes, vbytes))


def decode_block(data: bytes, fixedsize) -> tuple:
    """(ids, weights, where the values start) of ``encode_block``'s bytes, shaped like
    Whoosh's unminified block: ids an array, weights a float array."""
    wkind, vkind, count = _HEAD.unpack_from(data, 1)
    at = 1 + _HEAD.size
    ids = _from_le("I", data[at : at + 4 * count])
    at += 4 * count
    if wkind == WEIGHTS:
        weights = _from_le("d", data[at : at + 8 * count])
        at += 8 * count
    elif wkind == ONE_WEIGHT:
        weights = array("f", repeat(_from_le("d", data[at : at + 8])[0], count))
        at += 8
    else:
        weights = array("f", repeat(1.0, count))
    return ids, weights, (vkind, at)


def decode_values(data: bytes, where: tuple, count: int, fixedsize) -> tuple:
    """The values of a block (a tuple of bytes, or of None for fixed size 0); ``where``:
    decode_block's third item."""
    vkind, at = where
    if vkind == VARIABLE:
        ends = list(accumulate(_from_le("I", data[at : at + 4 * count]), initial=at + 4 * count))
        return tuple(map(data.__getitem__, map(slice, ends, ends[1:])))
    if vkind == FIXED:
        return tuple(data[i : i + fixedsize] for i in range(at, len(data), fixedsize))
    return (None,) * count


class PackedPostingsWriter(W3PostingsWriter):
    """``W3PostingsWriter`` writing packed block data (byte ids: Whoosh's pickles)."""

    def _write_block(self, last=False):
        if self._byteids:
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        fixedsize = self._format.fixed_value_size()
        databytes = encode_block(self._ids, self._weights, self._values, fixedsize)
        infobytes = self._info_bytes()
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _info_bytes(self) -> bytes:
        """Whoosh's pickled block info with compression 0."""
        ids = self._ids
        minlen, maxlen = length_to_byte(self._minlength), length_to_byte(self._maxlength)
        return dumps((len(ids), ids[-1], self._maxweight, 0, minlen, maxlen), 2)


class PackedLeafMatcher(W3LeafMatcher):
    """``W3LeafMatcher`` over packed blocks; ``absolute_ids``: ``_data[0]`` holds docnums
    (not deltas), which phrases.blocks reads directly."""

    absolute_ids = True
    _packed = False

    def _read_data(self):
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        self._packed = data[:1] == MARK
        if self._packed:
            self._raw = data
            self._data = decode_block(data, self._fixedsize)
        else:  # a pickled block (byte ids): absolute_ids does not apply
            super()._read_data()

    def _packed_block(self) -> bool:
        """Whether the current block is packed (its data read first if need be)."""
        if self._data is None:
            self._read_data()
        return self._packed

    def _read_ids(self):
        if not self._packed_block():
            return super()._read_ids()
        self._ids = self._data[0]

    def _read_weights(self):
        if not self._packed_block():
            return super()._read_weights()
        self._weights = self._data[1]

    def _read_values(self):
        if not self._packed_block():
            return super()._read_values()
        self._values = decode_values(self._raw, self._data[2], len(self._data[0]), self._fixedsize)

    def raw_values(self) -> tuple | None:
        """The current block's variable-size values as (their lengths, their bytes joined),
        without a bytes object per posting; None for another kind of block."""
        if not self._packed_block() or self._data[2][0] != VARIABLE:
            return None
        at, count = self._data[2][1], len(self._data[0])
        return _from_le("I", self._raw[at : at + 4 * count]), self._raw[at + 4 * count :]


class PackedCodec(IndexCodec):
    """``IndexCodec`` whose posting blocks are packed (see the module docstring)."""

    def postings_writer(self, dbfile, byteids=False):
        return PackedPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class PlainStoredCodec(PackedCodec):
    """``PackedCodec`` whose stored fields are not compressed (see stored.py); the codec
    new segments are written with."""

    def per_document_writer(self, storage, segment):
        return PlainStoredDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return PlainStoredDocReader(storage, segment)


def writer_options(**options) -> dict:
    """Keyword arguments for every ``ix.writer()`` of the job index.

    ``compound=False``: each segment stays a set of files. Whoosh reads a compound
    segment through ``BufferFile``, whose ``BytesIO`` copies the memory-mapped file into
    the process: ~260 MB per searching process at 100,000 listings (and assembling the
    compound file costs rebuild time). Separate files are read through the page cache,
    shared by all workers.
    """
    return {"codec": PlainStoredCodec(), "compound": False, **options}

"""The stored fields of a shown hit: written uncompressed, read straight from the column,
which a searcher holds in its memory.

Whoosh's ``Searcher.stored_fields(docnum)`` passes through the multi-reader, the segment
reader (which copies the dict, dropping fields the schema no longer has), the per-document
reader and three column-reader layers before the work that counts: one read, an inflate
and an unpickle (~15.7 us a document at 100k listings, of which the layers ~3 us). Here
a segment reader's stored column is looked up once (kept while the reader lives, that is
across refreshes that reuse it) and a document costs the read and the unpickle. Every
field the index stores is also in its schema, so the dict is the same.

Whoosh 3 compresses each document's pickled fields with zlib; inflating them was about a
quarter of a shown hit's instructions on a first pass (descriptions of a few KB). Segments
written by ``packed.PlainStoredCodec`` (through ``PlainStoredDocWriter``) keep the pickles
uncompressed (``PLAIN_STORED_COLUMN``: the same layout without the deflate; at the bench's
100,000 listings the column takes 135 MB instead of 76). Segments written before keep
their compressed column and are read as before; their codec's per-document reader names
which it is.

The column is read into the process once per segment reader, at its first shown hit, and
each hit is then sliced from memory. The kernel's page cache is no place to keep it: it
drops the pages of a file nobody read for a while (this machine's DAMON reclaim pages out
what sat unread for a minute), and the 20 hits of a page are 20 reads scattered over the
file. With the index's files dropped from the cache after the bench's warm-up, 100
first-pass radius searches at 100,000 listings spent 228-345 ms on their hits reading
from the disk and 65 ms from memory (p95 4.9-6.8 ms against 2.7-2.8). The cost is the
column's size in each worker (135 MB at 100,000 listings), freed with the reader.

A segment whose stored column is neither of these (a codec of another kind), and every
read with ``private=False`` (Whoosh's public API only, the setting
SEARCH_PRIVATE_FAST_PATH off), go through ``stored_fields``.
"""

import pickle
import weakref

from whoosh.codec.whoosh3 import STORED_COLUMN, W3PerDocReader, W3PerDocWriter
from whoosh.columns import CompressedBytesColumn, PickleColumn, VarBytesColumn
from whoosh.reading import MultiReader

STORED = "_stored"  # Whoosh 3's name of the stored-fields column
PLAIN_STORED_COLUMN = PickleColumn(VarBytesColumn())
_COLUMNS = weakref.WeakKeyDictionary()  # segment reader -> its stored column's parts


class PlainStoredDocWriter(W3PerDocWriter):
    """Whoosh 3's per-document writer with the stored fields uncompressed."""

    def _create_column(self, fieldname, column):
        super()._create_column(fieldname, PLAIN_STORED_COLUMN if fieldname == STORED else column)


class PlainStoredDocReader(W3PerDocReader):
    """Whoosh 3's per-document reader of a segment written by ``PlainStoredDocWriter``."""

    def _cached_reader(self, fieldname, column):
        return super()._cached_reader(
            fieldname, PLAIN_STORED_COLUMN if fieldname == STORED else column
        )


# per-document reader class -> (the stored column it reads, its value reader's class)
_KNOWN = {
    W3PerDocReader: (STORED_COLUMN, CompressedBytesColumn.Reader),
    PlainStoredDocReader: (PLAIN_STORED_COLUMN, VarBytesColumn.Reader),
}


def _stored_column(reader):
    """(the column's bytes, offsets, lengths, decompress or None) of a segment reader's
    stored column, read into memory, or None when it is not one of the expected Whoosh 3
    columns."""
    perdoc = getattr(reader, "_perdoc", None)
    known = _KNOWN.get(type(perdoc))
    if known is None:
        return None
    column = perdoc._cached_reader(STORED, known[0])
    if type(column) is not PickleColumn.Reader or type(column._child) is not known[1]:
        return None
    data = column._child
    held = memoryview(data._dbfile.get(data._basepos, data._length))
    return held, data._offsets, data._lengths, getattr(data, "_decompress", None)


def read_stored(searcher, docnum: int, private: bool = True) -> dict:
    """The stored fields of document ``docnum`` of ``searcher``."""
    if not private:
        return searcher.stored_fields(docnum)
    reader = searcher.reader()
    if type(reader) is MultiReader:
        segment, docnum = reader._segment_and_docnum(docnum)
        reader = reader.readers[segment]
    try:
        column = _COLUMNS[reader]
    except KeyError:
        column = _COLUMNS[reader] = _stored_column(reader)
    if column is None or reader.is_closed:
        return reader.stored_fields(docnum)
    held, offsets, lengths, decompress = column
    length = lengths[docnum]
    if not length:
        return {}
    start = offsets[docnum]
    raw = held[start : start + length]
    # the index's own column, unpickled as Whoosh's PickleColumn does
    return pickle.loads(decompress(raw) if decompress else raw)  # noqa: S301

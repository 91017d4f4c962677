"""The stored fields of a shown hit, read straight from its segment's stored column.

Whoosh's ``Searcher.stored_fields(docnum)`` passes through the multi-reader, the segment
reader (which copies the dict, dropping fields the schema no longer has), the per-document
reader and three column-reader layers before the work that counts: one read, an inflate
and an unpickle (~15.7 us a document at 100k listings, of which the layers ~3 us). Here
a segment reader's stored column is looked up once (kept while the reader lives, that is
across refreshes that reuse it) and a document costs the read, the inflate and the
unpickle. Every field the index stores is also in its schema, so the dict is the same.

A segment whose stored column is not Whoosh 3's pickled, compressed bytes column (a
codec of another kind), and every read with ``private=False`` (Whoosh's public API
only, the setting SEARCH_PRIVATE_FAST_PATH off), go through ``stored_fields``.
"""

import pickle
import weakref

from whoosh.codec.whoosh3 import STORED_COLUMN, W3PerDocReader
from whoosh.columns import CompressedBytesColumn, PickleColumn
from whoosh.reading import MultiReader

_COLUMNS = weakref.WeakKeyDictionary()  # segment reader -> its stored column's parts


def _stored_column(reader):
    """(read, base, offsets, lengths, decompress) of a segment reader's stored column,
    or None when it is not the expected Whoosh 3 column."""
    perdoc = getattr(reader, "_perdoc", None)
    if type(perdoc) is not W3PerDocReader:
        return None
    column = perdoc._cached_reader("_stored", STORED_COLUMN)
    if type(column) is not PickleColumn.Reader:
        return None
    data = column._child
    if type(data) is not CompressedBytesColumn.Reader:
        return None
    return data._dbfile.get, data._basepos, data._offsets, data._lengths, data._decompress


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
    read, base, offsets, lengths, decompress = column
    length = lengths[docnum]
    if not length:
        return {}
    # the index's own column, unpickled as Whoosh's PickleColumn does
    return pickle.loads(decompress(read(base + offsets[docnum], length)))  # noqa: S301

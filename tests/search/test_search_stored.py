"""Stored fields without zlib (adapter/stored.py): new segments keep the pickled fields
uncompressed, segments of the codecs before keep theirs compressed, and an index mixing
both reads, through the fast path and through Whoosh, what was written."""

import os

from whoosh import index
from whoosh.searching import Searcher

from jobportal.search.adapter import read_stored
from jobportal.search.adapter.formats import IndexCodec
from jobportal.search.adapter.packed import PackedCodec, PlainStoredCodec, writer_options
from jobportal.search.adapter.schema import build_schema
from jobportal.search.adapter.searcher import open_reader
from jobportal.search.adapter.storage import open_for_search
from jobportal.search.adapter.stored import _stored_column

DESCRIPTION = "Pflege und Betreuung älterer Menschen im Team, Schichtdienst nach Plan. " * 20


def _document(number: int) -> dict:
    return {
        "id": str(number),
        "kind": "job",
        "title": f"Pflegefachkraft (m/w/d) Nr. {number}",
        "description": f"{DESCRIPTION} Stelle {number}",
        "company": "" if number % 3 else f"Firma {number}",
    }


def _mixed_index(path) -> Searcher:
    """Three segments, one per codec: IndexCodec, PackedCodec (zlib-compressed stored
    fields) and the codec of ``writer_options`` (uncompressed)."""
    ix = index.create_in(str(path), build_schema())
    for codec, batch in ((IndexCodec(), range(0, 20)), (PackedCodec(), range(20, 45))):
        writer = ix.writer(codec=codec, compound=False)
        for number in batch:
            writer.add_document(**_document(number))
        writer.commit(merge=False)
    writer = ix.writer(**writer_options())
    for number in range(45, 70):
        writer.add_document(**_document(number))
    writer.commit(merge=False)
    ix = open_for_search(path)
    return Searcher(open_reader(ix), fromindex=ix)


def test_new_segments_store_the_pickles_uncompressed(tmp_path):
    searcher = _mixed_index(tmp_path)
    readers = [reader for reader, _offset in searcher.reader().leaf_readers()]
    assert [type(r.segment().codec()) for r in readers] == [
        IndexCodec,
        PackedCodec,
        PlainStoredCodec,
    ]
    compressed = [_stored_column(r)[-1] is not None for r in readers]
    assert compressed == [True, True, False]
    for reader, plain in zip(readers, (False, False, True), strict=True):
        name = reader.segment().make_filename("._stored.col")
        data = (tmp_path / name).read_bytes()
        assert (DESCRIPTION.encode("utf-8") in data) is plain
    searcher.close()


def test_a_mixed_index_reads_every_document_both_ways(tmp_path):
    searcher = _mixed_index(tmp_path)
    assert len(searcher.reader().leaf_readers()) == 3
    seen = set()
    for docnum in range(searcher.doc_count_all()):
        expected = searcher.stored_fields(docnum)
        assert read_stored(searcher, docnum) == expected
        assert read_stored(searcher, docnum, private=False) == expected
        seen.add(expected["id"])
    assert seen == {str(n) for n in range(70)}
    assert read_stored(searcher, 50)["description"].endswith("Stelle 50")
    searcher.close()


def test_merging_rewrites_old_segments_uncompressed(tmp_path):
    _mixed_index(tmp_path).close()
    writer = index.open_dir(str(tmp_path)).writer(**writer_options())
    writer.commit(optimize=True)
    ix = open_for_search(tmp_path)
    searcher = Searcher(open_reader(ix), fromindex=ix)
    ((reader, _offset),) = searcher.reader().leaf_readers()
    assert type(reader.segment().codec()) is PlainStoredCodec
    assert _stored_column(reader)[-1] is None
    assert sorted(read_stored(searcher, d)["id"] for d in range(70)) == sorted(
        str(n) for n in range(70)
    )
    searcher.close()


def test_a_segments_stored_column_is_read_once_then_served_from_memory(tmp_path, monkeypatch):
    searcher = _mixed_index(tmp_path)
    for docnum in (0, 20, 45):  # the first shown hit of each segment reads its column
        read_stored(searcher, docnum)
    reads = []
    real_pread = os.pread
    monkeypatch.setattr(os, "pread", lambda *args: reads.append(args) or real_pread(*args))
    shown = [read_stored(searcher, docnum)["id"] for docnum in range(70)]
    assert shown == [searcher.stored_fields(docnum)["id"] for docnum in range(70)]
    assert reads  # Whoosh's own stored_fields still reads the files ...
    reads.clear()
    assert read_stored(searcher, 69)["description"].endswith("Stelle 69")
    assert reads == []  # ... the fast path does not
    searcher.close()

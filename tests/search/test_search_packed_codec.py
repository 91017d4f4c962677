"""The packed posting blocks (adapter/packed.py): they round-trip, a packed segment reads
what an IndexCodec segment of the same documents reads, and indexes written by the
previous codec still open and search (also mixed with packed segments after an update)."""

import os
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index
from whoosh.codec.whoosh3 import W3LeafMatcher

from jobportal.search.adapter import index_terms
from jobportal.search.adapter.formats import IndexCodec, ShortPositions
from jobportal.search.adapter.packed import (
    PackedCodec,
    PackedLeafMatcher,
    PlainStoredCodec,
    decode_block,
    decode_values,
    encode_block,
    writer_options,
)
from jobportal.search.adapter.schema import build_schema
from jobportal.search.adapter.storage import PreadFile, PreadStorage, open_for_search
from jobportal.search.engine import phrases

WORDS = [
    "pflege",
    "team",
    "dresden",
    "koch",
    "urlaub",
    "tage",
    "kunden",
    "fahrer",
    "der",
    "die",
    "und",
    "mit",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=128, unique=True),
    st.sampled_from(("ones", "same", "varied")),
    st.sampled_from((None, -1, 0, 4)),
    st.data(),
)
def test_block_round_trip(ids, weight_kind, fixedsize, data):
    ids.sort()
    count = len(ids)
    weights = {
        "ones": [1.0] * count,
        "same": [2.5] * count,
        "varied": [float(i % 7) * 0.5 for i in range(count)],
    }[weight_kind]
    if fixedsize == 0:
        values = [b""] * count
    else:
        size = fixedsize if fixedsize and fixedsize > 0 else None
        value = st.binary(min_size=size or 0, max_size=size or 40)
        values = data.draw(st.lists(value, min_size=count, max_size=count))

    raw = encode_block(ids, weights, values, fixedsize)
    got_ids, got_weights, where = decode_block(raw, fixedsize)

    assert list(got_ids) == ids
    assert list(got_weights) == weights
    expected = (None,) * count if fixedsize == 0 else tuple(values)
    assert decode_values(raw, where, count, fixedsize) == expected


def _documents(count: int):
    for number in range(count):
        words = [WORDS[(number * 7 + i * i) % len(WORDS)] for i in range(3 + number % 40)]
        yield {
            "id": f"job-{number}",
            "kind": "job",
            "title": " ".join(words[:3]),
            "description": " ".join(words) * (1 + number % 3),
            "published": number,
        }


def _write(path, codec, documents) -> None:
    ix = index.create_in(str(path), build_schema())
    writer = ix.writer(codec=codec, compound=False)
    for document in documents:
        writer.add_document(**document)
    writer.commit()


def _postings(path) -> dict:
    """{(field, term): [(docnum, weight, value), ...]} of every term, and the matcher
    classes that read them."""
    found, kinds = {}, set()
    with index.open_dir(str(path)).reader() as reader:
        for field, term in reader.all_terms():
            if field not in ("title", "description", "title_grams"):
                continue
            matcher = reader.postings(field, term)
            kinds.add(type(matcher))
            rows = []
            while matcher.is_active():
                rows.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[(field, term)] = rows
    return found, kinds


def _write_both(tmp_path) -> None:
    """The same 700 documents in tmp_path/old (IndexCodec) and tmp_path/new (packed)."""
    documents = list(_documents(700))  # several blocks of 128 postings per frequent word
    for name, codec in (("old", IndexCodec()), ("new", PackedCodec())):
        (tmp_path / name).mkdir()
        _write(tmp_path / name, codec, documents)


def test_packed_segment_reads_what_the_previous_codec_wrote(tmp_path):
    documents = list(_documents(700))  # several blocks of 128 postings per frequent word
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    _write(tmp_path / "old", IndexCodec(), documents)
    _write(tmp_path / "new", PackedCodec(), documents)

    old, old_kinds = _postings(tmp_path / "old")
    new, new_kinds = _postings(tmp_path / "new")

    assert old_kinds == {W3LeafMatcher}
    assert new_kinds == {PackedLeafMatcher}
    assert new == old
    assert max(map(len, new.values())) > 128


def test_blocks_hand_over_docnums_of_both_codecs(tmp_path):
    _write_both(tmp_path)
    per_codec, term = [], index_terms("Pflege")[0]
    for name in ("old", "new"):
        with index.open_dir(str(tmp_path / name)).reader() as reader:
            ids = phrases.term_ids(reader, "description", term)
            postings = phrases.read_postings(reader, "description", term)
            per_codec.append((ids, postings))
    assert per_codec[0] == per_codec[1]
    assert list(per_codec[0][0]) == sorted(per_codec[0][0]) and len(per_codec[0][0]) > 128


def test_an_index_of_the_previous_codec_takes_packed_segments(tmp_path):
    documents = list(_documents(400))
    _write(tmp_path, IndexCodec(), documents[:200])
    ix = index.open_dir(str(tmp_path))
    writer = ix.writer(**writer_options())
    for document in documents[200:]:
        writer.add_document(**document)
    writer.commit()
    codecs = {type(segment.codec()) for segment in index.open_dir(str(tmp_path))._segments()}
    assert codecs == {IndexCodec, PlainStoredCodec}

    (tmp_path / "all").mkdir()
    _write(tmp_path / "all", PackedCodec(), documents)
    with (
        index.open_dir(str(tmp_path)).searcher() as mixed,
        index.open_dir(str(tmp_path / "all")).searcher() as packed,
    ):
        found = {mixed.stored_fields(d)["id"] for d in mixed.document_numbers()}
        assert len(found) == 400
        for term in set(index_terms(" ".join(WORDS))):
            assert mixed.doc_frequency("description", term) == packed.doc_frequency(
                "description", term
            )

    merged = index.open_dir(str(tmp_path)).writer(**writer_options())
    merged.commit(optimize=True)
    after = index.open_dir(str(tmp_path))
    assert {type(segment.codec()) for segment in after._segments()} == {PlainStoredCodec}
    assert _postings(tmp_path)[0] == _postings(tmp_path / "all")[0]


def test_weights_of_equal_and_unit_blocks_are_float_arrays_like_whoosh():
    raw = encode_block([1, 5, 9], [3.0, 3.0, 3.0], [b"a", b"bb", b"c"], None)
    _ids, weights, _where = decode_block(raw, None)
    assert weights == array("f", [3.0, 3.0, 3.0])


def test_pread_storage_reads_what_the_buffered_file_reads(tmp_path):
    _write(tmp_path, PackedCodec(), _documents(300))
    name = max(
        (p for p in tmp_path.iterdir() if p.suffix == ".pst"), key=lambda p: p.stat().st_size
    )
    storage = PreadStorage(str(tmp_path))
    with storage.open_file(name.name) as pread, name.open("rb") as plain:
        assert isinstance(pread, PreadFile)
        pread.seek(4)
        for position, length in ((0, 4), (17, 100), (name.stat().st_size - 3, 10)):
            plain.seek(position)
            assert pread.get(position, length) == plain.read(length)
        assert pread.tell() == 4  # get leaves the sequential position alone
    with open_for_search(tmp_path).searcher() as searcher:
        assert searcher.doc_count() == 300


def test_a_searcher_asks_the_kernel_to_read_each_segment_file_ahead(tmp_path, monkeypatch):
    _write(tmp_path, PackedCodec(), _documents(50))
    advised = []
    monkeypatch.setattr(
        os, "posix_fadvise", lambda fd, offset, length, advice: advised.append((offset, advice))
    )
    with open_for_search(tmp_path).searcher() as searcher:
        assert searcher.doc_count() == 50
    assert advised and set(advised) == {(0, os.POSIX_FADV_WILLNEED)}


def test_short_positions_round_trip_and_clamp():
    fmt = ShortPositions()
    assert list(fmt.decode_positions(fmt.encode([0, 7, 65535]))) == [0, 7, 65535]
    assert list(fmt.decode_positions(fmt.encode([3, 70000]))) == [3, 65535]
    assert fmt.decode_frequency(fmt.encode([1, 2, 3])) == 3
    assert fmt.decode_positions(fmt.encode([])).tolist() == []


def test_positions_read_whole_blocks_equal_the_postings_of_both_codecs(tmp_path):
    _write_both(tmp_path)
    rare = index_terms("Fahrer")[0]
    for name in ("old", "new"):
        with index.open_dir(str(tmp_path / name)).reader() as reader:
            assert isinstance(reader.schema["description"].format, ShortPositions)
            for term in (index_terms("Pflege")[0], rare):
                postings = phrases.read_postings(reader, "description", term)
                expected = phrases.as_positions(postings)
                for private in (True, False):
                    got = phrases.read_positions(reader, "description", term, private)
                    assert got == expected, (name, term, private)
                assert len(expected[0]) > 128 or term == rare
            assert phrases.read_positions(reader, "description", "nichtda") is None


def test_postings_at_candidates_are_the_postings_of_those_documents(tmp_path):
    _write_both(tmp_path)
    term = index_terms("Pflege")[0]
    for name in ("old", "new"):
        with index.open_dir(str(tmp_path / name)).reader() as reader:
            all_ids, all_values = phrases.read_postings(reader, "description", term)
            for docs in ([], [0, 1, 2], all_ids[5::37], [all_ids[-1]], list(range(0, 700, 3))):
                wanted = set(docs)
                expected = [(d, v) for d, v in zip(all_ids, all_values, strict=True) if d in wanted]
                for private in (True, False):
                    ids, values = phrases.candidate_postings(
                        reader, "description", term, iter(docs), private
                    )
                    assert list(zip(ids, values, strict=True)) == expected, (name, private)

"""Title phrases from word pairs (formats.WordPairs, docsets.IndexView._phrase_part): the
pairs give exactly the documents the positions give, for two words and as candidates of
more; an index written before the pair field existed answers through the positions."""

import random

from whoosh import index
from whoosh.query import Phrase

from jobportal.search.adapter import PAIR_FIELDS, index_terms
from jobportal.search.adapter.formats import document_terms, word_pairs
from jobportal.search.adapter.packed import writer_options
from jobportal.search.adapter.schema import build_schema, known_fields
from jobportal.search.engine import caches, docsets
from jobportal.search.engine.docsets import IndexView

WORDS = ["Koch", "Köchin", "Team", "Küche", "und", "Service", "die", "Leitung", "Küchen"]
PHRASES = (
    "Koch Team",
    "Team Koch Küche",
    "Koch Koch",
    "Service und Küche",  # "und" is a stop word: the pair is "servic kuch"
    "Küche Service Team Koch",
    "Leitung Leitung Leitung",
    "Küchen Küche",  # one stem twice
    "Koch Maurer",  # a word no title has
)


def test_word_pairs_are_consecutive_terms_without_stop_words():
    terms = index_terms("30 Tage Urlaub im Jahr und flexible Arbeitszeiten")
    assert word_pairs(terms) == {f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)}
    assert "urlaub jahr" in word_pairs(terms)  # "im" is gone
    assert word_pairs(index_terms("Koch")) == set()
    assert document_terms("Koch und Köchin") == tuple(index_terms("Koch und Köchin"))


def _titles(count: int) -> list[str]:
    rng = random.Random(8)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 7))) for _ in range(count)]


def _index(path, titles, schema) -> None:
    """Two segments (as the searcher pool reads them: a multi-segment reader)."""
    ix = index.create_in(str(path), schema)
    half = len(titles) // 2
    for start, end in ((0, half), (half, len(titles))):
        writer = ix.writer(**writer_options())
        for number in range(start, end):
            title = titles[number]
            document = {"id": str(number), "kind": "job", "title": title, "title_pairs": title}
            writer.add_document(**known_fields(schema, document))
        writer.commit(merge=False)


def _found(view, stems) -> set[str]:
    mask = view.query_mask(Phrase("title", list(stems)))
    return {view.searcher.stored_fields(d)["id"] for d in range(mask.bit_length()) if mask >> d & 1}


def _expected(titles, stems) -> set[str]:
    size = len(stems)
    return {
        str(number)
        for number, terms in enumerate(map(index_terms, titles))
        if any(tuple(terms[i : i + size]) == stems for i in range(len(terms) - size + 1))
    }


def test_title_phrases_with_and_without_the_pair_field_are_the_brute_force_sets(tmp_path):
    titles = [*_titles(300), "Küche, Service-Team: Koch (m/w/d)", "Leitung Leitung Leitung"]
    without = build_schema()
    without.remove(PAIR_FIELDS["title"])  # an index built before the field existed
    for name, schema in (("pairs", build_schema()), ("positions", without)):
        (tmp_path / name).mkdir()
        _index(tmp_path / name, titles, schema)
    caches.SEGMENT_CACHE.clear()
    for name in ("pairs", "positions"):
        with index.open_dir(str(tmp_path / name)).searcher() as searcher:
            view = IndexView(searcher, str(tmp_path / name))
            assert (PAIR_FIELDS["title"] in searcher.schema) == (name == "pairs")
            matched = set()
            for phrase in PHRASES:
                stems = tuple(index_terms(phrase))
                expected = _expected(titles, stems)
                assert _found(view, stems) == expected, (name, phrase)
                if expected:
                    matched.add(len(stems))
            assert {2, 3, 4} <= matched  # phrases of two, three and four words occur


def test_a_rare_and_a_frequent_word_read_the_frequent_one_only_where_the_rare_one_is(
    tmp_path, monkeypatch
):
    rng = random.Random(3)
    texts = [
        " ".join(rng.choice(["Beratung", "Kunden", "Team", "SAP"]) for _ in range(12))
        if number % 50 == 0
        else " ".join(rng.choice(["Beratung", "Kunden", "Team", "Pflege"]) for _ in range(12))
        for number in range(400)
    ]
    schema = build_schema()
    ix = index.create_in(str(tmp_path), schema)
    for start in (0, 200):  # two segments
        writer = ix.writer(**writer_options())
        for number in range(start, start + 200):
            writer.add_document(id=str(number), kind="job", description=texts[number])
        writer.commit(merge=False)
    calls = []
    real = docsets.candidate_postings
    monkeypatch.setattr(
        docsets, "candidate_postings", lambda *args: calls.append(args[2]) or real(*args)
    )
    caches.SEGMENT_CACHE.clear()
    with index.open_dir(str(tmp_path)).searcher() as searcher:
        view = IndexView(searcher, str(tmp_path))
        for phrase in ("SAP Beratung", "Beratung SAP", "Kunden SAP Team", "Team Kunden"):
            stems = tuple(index_terms(phrase))
            mask = view.query_mask(Phrase("description", list(stems)))
            found = {
                searcher.stored_fields(d)["id"] for d in range(mask.bit_length()) if mask >> d & 1
            }
            assert found == _expected(texts, stems), phrase
    assert "berat" in calls and "team" in calls  # the frequent words, read at the candidates

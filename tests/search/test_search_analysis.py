"""German analysis, query parsing and the schema (no database needed)."""

import pickle

import pytest
from whoosh import index

from jobportal.search.adapter.analysis import (
    analyze,
    clear_caches,
    edge_grams,
    fold,
    german_stem,
    normalize_token,
    title_gram_analyzer,
)
from jobportal.search.adapter.schema import build_schema, plain_description
from jobportal.search.engine.parse import MAX_QUERY_CHARS, Phrase, Prefix, Word, parse_query

HOSTILE = [
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    '"',
    '"""',
    "-",
    "*",
    "AND OR NOT ( ) [ ] { } ^ ~ : \\",
    'Bäcker "ohne Ende',
    "title:Bäcker",
    "a" * 2000,
    "Pflege " * 400,
    "🙂🙃 Koch 👩‍🍳",
    "\x00\x1f\u202e\ufeff",
    "𝔈𝔫𝔱𝔴𝔦𝔠𝔨𝔩𝔢𝔯",
    "İstanbul ǅ ﬃ",
    "-Bäcker",
    "*ker",
    "ab*",
    "Koch^2 Bäcker~3",
    "'; DROP TABLE jobs; --",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Bäcker", "Baecker"),
        ("Bäcker", "Bäckerin"),
        ("Baecker", "Bäckerinnen"),
        ("Pflegefachkraft", "Pflegefachkräfte"),
        ("Entwickler", "Entwicklerin"),
        ("Elektriker", "Elektrikerin"),
        ("Köchin", "Koechin"),
        ("Straße", "Strasse"),
        ("Café", "Cafe"),
    ],
)
def test_word_pairs_share_their_index_terms(left, right):
    assert analyze(left) == analyze(right)
    assert analyze(left)


def test_stop_words_and_gender_notes_are_dropped():
    assert analyze("Der Bäcker für die Backstube (m/w/d) und das Team") == analyze(
        "Bäcker Backstube Team"
    )
    assert analyze("und oder für über") == []


def test_folding_happens_before_stemming():
    assert fold("Großröhrsdorf ÄRZTE Café") == "grossroehrsdorf aerzte cafe"
    assert normalize_token("Bäcker") == german_stem("baecker")


def test_stem_cache_is_used():
    clear_caches()
    german_stem("entwicklerin")
    german_stem("entwicklerin")
    assert german_stem.cache_info().hits >= 1
    normalize_token("Entwicklerin")
    normalize_token("Entwicklerin")
    assert normalize_token.cache_info().hits >= 1


def test_title_grams_find_compound_heads_and_modifiers():
    grams = {t.text for t in title_gram_analyzer()("Softwareentwicklerin Pflegehelfer")}
    assert analyze("Entwickler")[0] in grams
    assert analyze("Pflege")[0] in grams
    assert "softwareentwickl" not in grams  # the whole word is the title field's job
    assert edge_grams("x" * 100) == set()


def test_special_tokens_survive():
    assert analyze("C++ und C# Entwickler") == ["c++", "c#", "entwickl"]


def test_schema_pickles_and_round_trips_through_an_index(tmp_path):
    schema = pickle.loads(pickle.dumps(build_schema()))
    assert [t.text for t in schema["title"].analyzer("Bäckerin")] == ["back"]
    index.create_in(str(tmp_path), build_schema())
    reopened = index.open_dir(str(tmp_path)).schema
    assert [t.text for t in reopened["description"].analyzer("Pflegefachkräfte")] == [
        "pflegefachkraft"
    ]


def test_plain_description_strips_markdown():
    text = "**Ihre Aufgaben**\n- [Link](https://example.org) _kursiv_\n1. Punkt"
    assert plain_description(text) == "Ihre Aufgaben Link kursiv Punkt"


def test_parse_words_phrases_prefixes_exclusions_or():
    parsed = parse_query('Backstube "frische Brötchen" Konditor* -Nachtschicht OR Urlaub')
    assert parsed.groups[0][0] == Word(analyze("Backstube")[0])
    assert isinstance(parsed.groups[0][1], Phrase)
    assert parsed.groups[0][2] == Prefix(analyze("Konditor")[0])
    assert parsed.excluded == [Word(analyze("Nachtschicht")[0])]
    assert parsed.groups[1] == [Word(analyze("Urlaub")[0])]
    assert parsed.words[:1] == ["Backstube"]


@pytest.mark.parametrize("text", HOSTILE)
def test_parser_never_raises(text):
    parsed = parse_query(text)
    assert sum(len(group) for group in parsed.groups) <= 12
    assert all(len(s) <= MAX_QUERY_CHARS for s in parsed.stems())


def test_parser_hints():
    assert parse_query("AND ( OR").hint == "no_terms"
    assert parse_query("Koch " * 100).hint == "truncated"
    assert parse_query("Koch").hint is None


def test_schema_pickled_under_the_module_paths_before_the_split_still_loads():
    """Live indexes built before search/ was split into engine/ and adapter/ name their
    analyzer and codec classes by the old paths in their TOC."""
    old = pickle.dumps(build_schema(), protocol=2).replace(
        b"jobportal.search.adapter.", b"jobportal.search."
    )
    assert b"jobportal.search.analysis\n" in old and b"jobportal.search.formats\n" in old
    schema = pickle.loads(old)
    for name in ("title", "title_ngram", "description"):
        assert type(schema[name].format) is type(build_schema()[name].format)
    tokens = schema["title"].analyzer("Bäckerin (m/w/d)", mode="query")
    assert [t.text for t in tokens] == analyze("Bäckerin (m/w/d)") == ["back"]

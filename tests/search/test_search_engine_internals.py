"""The engine's fast paths give what the plain ways give: bit masks, top-k orders,
phrase checks, highlighting, bounded caches, cached hits after an update."""

import math
import random
import re
from array import array
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.query import Term

from jobportal.core.extensions import db
from jobportal.models import Job
from jobportal.search import drain, note_job_changed
from jobportal.search.adapter import WORD_PATTERN, index_terms, normalize_token
from jobportal.search.engine import bitmasks, build, caches, docsets, phrases, snippets
from jobportal.search.engine.distance import Distances
from jobportal.search.service import searcher_pool

from .test_search_index import feed, ids, search
from .test_search_places import add_places


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, 5000)), st.sampled_from([0, 1, 64, 5001, 9000]))
def test_masks_from_ids_and_back(found, size):
    wanted = sorted(found)
    mask = docsets.mask_from_ids(wanted, size)
    assert mask == sum(1 << i for i in wanted)
    assert list(docsets.iter_bits(mask)) == wanted
    assert bitmasks.ids_of(mask).tolist() == wanted


def test_dense_and_sparse_paths_agree():
    rng = random.Random(5)
    for count in (1, 40, 300, 1500, 3000, 30000):
        wanted = sorted(rng.sample(range(100_000), count))
        mask = docsets.mask_from_ids(wanted, 100_000)  # the digit string from 3,125 ids on
        assert mask == docsets.mask_from_ids(iter(wanted))
        assert list(docsets.iter_bits(mask)) == wanted  # non-zero bytes found below 1,563
        assert bitmasks.ids_of(mask).tolist() == wanted
    # sparse, with whole bytes and the first and last bit of a byte set
    wanted = [0, *range(800, 808), 4095, 4096, 99_999]
    assert list(docsets.iter_bits(docsets.mask_from_ids(wanted))) == wanted


def _order(size: int, rng) -> tuple:
    docs = list(range(size))
    rng.shuffle(docs)
    rank = array("I", bytes(4 * size))
    for position, docnum in enumerate(docs):
        rank[docnum] = position
    chunks = tuple(docsets.mask_from_ids(docs[i : i + 7], size) for i in range(0, size, 7))
    return array("I", docs), rank, chunks


def test_top_of_walk_sort_and_chunks_give_the_same_order(monkeypatch):
    rng = random.Random(11)
    docs, rank, chunks = _order(500, rng)
    for density in (0.005, 0.05, 0.5, 1.0):
        mask = docsets.mask_from_ids([d for d in range(500) if rng.random() < density], 500)
        for count in (1, 5, 20, 600):
            expected = sorted(docsets.iter_bits(mask), key=rank.__getitem__)[:count]
            for walk, small in ((10**9, 0), (0, 10**9), (0, 0)):  # walk, sort whole, chunks
                monkeypatch.setattr(bitmasks, "WALK_LIMIT", walk)
                monkeypatch.setattr(bitmasks, "SMALL_TOP", small)
                assert bitmasks.top_of(mask, count, docs, rank, chunks) == expected


def _brute_phrase(sequences: dict, words: list) -> list:
    """Documents whose term sequence has ``words`` consecutively."""
    size = len(words)
    return [
        d
        for d, seq in sorted(sequences.items())
        if any(seq[i : i + size] == words for i in range(len(seq) - size + 1))
    ]


def _postings(sequences: dict, encode) -> dict:
    postings = {}
    for docnum, seq in sorted(sequences.items()):
        for term in dict.fromkeys(seq):
            found = [i for i, t in enumerate(seq) if t == term]
            ids, values = postings.setdefault(term, ([], []))
            ids.append(docnum)
            values.append(encode(found))
    return postings


def test_phrase_check_in_bulk_equals_the_brute_force_count():
    from jobportal.search.adapter.formats import PackedPositions, ShortPositions

    rng = random.Random(2)
    vocabulary = ["tag", "urlaub", "team", "arbeit", "mit"]
    sequences = {d: [rng.choice(vocabulary) for _ in range(rng.randint(1, 30))] for d in range(400)}
    sequences[400] = ["tag"] * 3 + ["urlaub"] + ["x"] * 70000  # positions above 65535
    sequences[400] += ["tag", "urlaub"]
    fmt = PackedPositions()
    packed = _postings(sequences, fmt.encode)
    plain = _postings(sequences, list)
    for words in (["tag", "urlaub"], ["urlaub", "tag", "urlaub"], ["mit", "mit"], ["x", "tag"]):
        present = [w for w in words if w in packed]
        expected = _brute_phrase(sequences, words) if len(present) == len(words) else []
        postings = {w: packed[w] for w in present}
        if len(present) == len(words):
            assert phrases.phrase_docs(words, postings, fmt.decode_positions, True) == expected
            assert phrases.phrase_docs(words, postings, fmt.decode_positions) == expected
            assert phrases.phrase_docs(words, {w: plain[w] for w in words}, list) == expected
    short_format = ShortPositions()  # no document of a ShortPositions field has 65,536 terms
    del sequences[400]
    short = _postings(sequences, short_format.encode)
    for words in (["tag", "urlaub"], ["urlaub", "tag", "urlaub"], ["mit", "mit"], ["team"]):
        found = {w: phrases.as_positions(short[w]) for w in words}
        expected = _brute_phrase(sequences, words)
        assert expected and phrases.phrase_docs_in_positions(words, found).tolist() == expected
    # positions out of order within a document (never written so) still match
    unordered = {
        "tag": ([3, 9], array("I", [2, 1]), array("H", [7, 1, 4])),
        "urlaub": ([3, 9], array("I", [1, 1]), array("H", [2, 5])),
    }
    assert phrases.phrase_docs_in_positions(["tag", "urlaub"], unordered).tolist() == [3, 9]


def test_lru_is_bounded_by_bytes_not_by_tiny_entries():
    cache = docsets.LRU(10_000, max_bytes=100_000)
    for n in range(2000):  # missing terms: empty masks
        cache.get(("tiny", n), lambda: 0)
    assert len(cache) == 2000
    big = (1 << 400_000) - 1  # 50 KB
    cache.get("big1", lambda: big)
    cache.get("big2", lambda: big)
    assert "big2" in cache and "big1" not in cache and cache.bytes <= 100_000
    cache.get("column", lambda: np.zeros(20_000, dtype=np.int64))  # 160 KB: a column's array
    assert "big2" not in cache and cache.bytes > 160_000  # alone it may stay
    cache.clear()
    assert len(cache) == 0 and cache.bytes == 0


def test_a_shown_hit_weighs_what_the_generic_weight_gives_it():
    for hit in [(7, "<mark>Koch</mark> (m/w/d)", "… als Koch …"), (123_456, "x" * 90, "y" * 300)]:
        assert abs(caches.HIT_CACHE.weigh(hit) - caches.weight(hit)) <= 8


def test_a_cached_title_is_marked_as_the_matches_give_it():
    stems = frozenset({normalize_token("Koch"), normalize_token("Köchin")})
    for title in ["Koch/Köchin (m/w/d) <Kantine>", "KOCH & Beikoch", "Küchenhilfe"]:
        spans = snippets._matches(title, stems)
        expected = snippets._marked(title, spans, 0, len(title))
        assert snippets.title_html(title, stems) == expected
        assert snippets.title_html(title, stems) == expected  # from the cache


HIGHLIGHT_TEXTS = [
    "Die Straße, STRASSE und Strasse; Ärzte, Aerzte, ÄRZTE und Arzthelferin.",
    "Vergütung nach Tarif, VERGUETUNG, vergüten: z.B. Bauer, C++ und C#-Entwicklung.",
    "Öl, Oel, Übung, Uebung, Maß, Mass, Fuß; Größe und Groesse. Café, résumé, Señor.",
    "Pflegefachkraft (m/w/d) – Pflege, Altenpflege, Pflegefachkräfte; pflegerische Arbeit.",
    "İstanbul ist keine Stadt in Sachsen, aber Ölsnitz und Zwönitz sind es.",
]


def test_fast_highlighting_marks_what_the_regex_scan_marks():
    rng = random.Random(4)
    for text in HIGHLIGHT_TEXTS:
        terms = [normalize_token(w) for w in re.findall(WORD_PATTERN, text)]
        terms = [t for t in terms if t]
        for _ in range(40):
            stems = set(rng.sample(terms, rng.randint(1, min(5, len(terms)))))
            pattern = snippets._candidates(frozenset(stems))
            regex = [
                m.span() for m in pattern.finditer(text) if normalize_token(m.group()) in stems
            ]
            assert snippets._matches(text, stems) == regex, (text, stems)
    marked = snippets._matches(HIGHLIGHT_TEXTS[0], {normalize_token("Straße")})
    assert [HIGHLIGHT_TEXTS[0][a:b] for a, b in marked] == ["Straße", "STRASSE", "Strasse"]


def test_ranking_pages_follow_title_length_then_newest(app, factory):
    rng = random.Random(8)
    company = factory.company()
    made = [
        factory.job(company, title="Maurer " + "Bau " * rng.randint(0, 3), description="Bau.")
        for _ in range(30)
    ]
    with app.app_context():
        for job_id in made:
            job = db.session.get(Job, job_id)
            job.published_at = datetime.now(UTC) - timedelta(minutes=rng.randint(0, 5000))
        db.session.commit()
    feed(app, *made)
    with app.app_context():
        drain()
        with searcher_pool(app).view() as view:
            lengths, published = view.title_lengths(), view.column("published")
            hits = view.query_mask(Term("title", normalize_token("Maurer")))
            found = list(docsets.iter_bits(hits))
            expected = sorted(found, key=lambda d: (lengths[d], -published[d], -d))
            assert view.top(hits, 30, "title") == expected
            newest = sorted(found, key=lambda d: (-published[d], -d))
            assert view.top(hits, 7, "newest") == newest[:7]
            by_docnum = {d: int(view.searcher.stored_fields(d)["id"]) for d in expected}
    pages = [ids(search(app, q="Maurer", per_page=10, page=p)) for p in (1, 2, 3)]
    assert sum(pages, []) == [by_docnum[d] for d in expected]


def test_nearest_first_is_the_order_of_distance_then_newest(app, factory):
    rng = random.Random(3)
    company = factory.company(member="kamenz")
    codes = ["01917", "01917", "01917", "01454", "01558", None] * 4  # None: the company's
    made = [factory.job(company, title="Fahrer (m/w/d)", postal_code=c) for c in codes]
    with app.app_context():
        for job_id in made:
            job = db.session.get(Job, job_id)
            job.published_at = datetime.now(UTC) - timedelta(minutes=rng.choice([0, 60, 600]))
        db.session.commit()
    feed(app, *made)
    add_places(app, made[3], ("01558", "Großenhain"))  # Radeberg, and nearer Großenhain
    with app.app_context():
        drain()
        with searcher_pool(app).view() as view:
            published = view.column("published")
            hits = view.query_mask(Term("title", normalize_token("Fahrer")))
            assert hits.bit_count() == len(made) and view.with_points().sum() == 1
            for origin in ((51.31, 13.55), (51.27, 14.09), (51.13, 13.93)):
                distance = Distances(view, origin)
                found = docsets.iter_bits(hits)
                expected = sorted(found, key=lambda d, k=distance: (k(d), -published[d], -d))
                for count in (1, 3, 4, 7, len(made), 50):  # cuts through ties at a place
                    assert distance.nearest_first(hits, count) == expected[:count]
            assert distance.nearest_first(0, 5) == []
            assert distance.km((0, 0)) == math.inf  # a place without coordinates: last


def test_cached_hits_show_a_listing_changed_since(app, factory):
    job_id = factory.job(title="Gärtner (m/w/d)", description="Pflege der Grünanlagen.")
    feed(app, job_id)
    with app.app_context():
        drain()
    first = search(app, q="Grünanlagen")
    assert search(app, q="Grünanlagen").hits == first.hits  # the second from the cache
    with app.app_context():
        db.session.get(Job, job_id).title = "Landschaftsgärtner (m/w/d)"
        note_job_changed(job_id)
        db.session.commit()
        drain()
    again = search(app, q="Grünanlagen")
    assert [h.job_id for h in again.hits] == [job_id]
    assert again.hits[0].title_html == "Landschaftsgärtner (m/w/d)"
    assert "<mark>Grünanlagen</mark>" in again.hits[0].snippet_html


def test_phrase_total_is_the_brute_force_count(app, factory):
    rng = random.Random(6)
    words = ["Tage", "Urlaub", "und", "flexible", "Arbeitszeiten", "Team"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(2, 12))) for _ in range(40)]
    made = [factory.job(title="Koch (m/w/d)", description=text) for text in texts]
    feed(app, *made)
    with app.app_context():
        drain()
    for phrase in ("Tage Urlaub", "Urlaub und flexible", "Team Team"):
        stems = index_terms(phrase)
        size = len(stems)
        expected = sum(
            any(terms[i : i + size] == stems for i in range(len(terms) - size + 1))
            for terms in map(index_terms, texts)
        )
        assert search(app, q=f'"{phrase}"').total == expected, phrase


WARM_TITLES = (
    "Pflegefachkraft (m/w/d)",
    "Gesundheits- und Krankenpfleger (m/w/d)",
    "Altenpflegerin in Teilzeit",
    "Busfahrer (m/w/d) im Linienverkehr",
    "Berufskraftfahrer Bus",
    "Koch / Köchin",
    "Sachbearbeiter Stammdaten",
    "Elektroniker für Energie- und Gebäudetechnik",
)
WARM_QUERIES = ("Krankenschwester", "Pflegefachkraft", "Busfahrer", "Koch", "Elektroniker")


def test_occupation_masks_are_warmed_ahead_and_change_no_answer(app, factory, monkeypatch):
    made = [
        factory.job(title=title, description="Pflege von Stammdaten, Fahrer gesucht.")
        for title in WARM_TITLES
    ]
    feed(app, *made)
    with app.app_context():
        drain()
    # below WARM_MIN_DOCS documents nothing is warmed: every mask is computed when asked
    cold = {q: (search(app, q=q).total, ids(search(app, q=q))) for q in WARM_QUERIES}
    assert not any(key[-1] == "warmed" for key in caches.SEGMENT_CACHE._data)
    assert cold["Krankenschwester"][0] >= 2 and cold["Busfahrer"][0] >= 2

    caches.SEGMENT_CACHE.clear()
    searcher_pool(app).reset()  # a new view of the same segments
    monkeypatch.setattr(docsets, "WARM_MIN_DOCS", 1)
    computed = []
    for name in ("_term_part", "_phrase_part"):
        original = getattr(docsets.IndexView, name)

        def recording(self, reader, field, words, original=original):
            computed.append((field, words))
            return original(self, reader, field, words)

        monkeypatch.setattr(docsets.IndexView, name, recording)
    assert search(app, q="Krankenschwester").total == cold["Krankenschwester"][0]
    # the first search warmed the masks of every occupation form
    assert len(computed) >= len(build.occupation_queries()) > 1000
    assert any(key[-1] == "warmed" for key in caches.SEGMENT_CACHE._data)
    computed.clear()
    warm = {q: (search(app, q=q).total, ids(search(app, q=q))) for q in WARM_QUERIES}
    assert warm == cold
    assert computed == []  # an occupation's every mask was there already
    search(app, q="Stammdaten")
    assert ("description", "stammdat") in computed  # any other word is computed as before

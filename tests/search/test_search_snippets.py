"""Highlighting and the stored fields of shown hits take fast paths that must give what
the plain ways give: the index tokenizer's words whose term is a query stem, escaping
piece by piece, and Whoosh's own ``stored_fields``."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from whoosh import index
from whoosh.searching import Searcher

from jobportal.search.adapter import WORD_PATTERN, normalize_token, read_stored
from jobportal.search.adapter.packed import writer_options
from jobportal.search.adapter.schema import build_schema
from jobportal.search.adapter.searcher import open_reader
from jobportal.search.adapter.storage import open_for_search
from jobportal.search.engine import snippets

WORDS = [
    "Pflege", "Pflegefachkraft", "pflegerische", "Altenpflege", "Ärzte", "Aerzte", "ÄRZTE",
    "Arzthelferin", "Straße", "STRASSE", "Strasse", "Vergütung", "VERGUETUNG", "vergüten",
    "Busfahrer", "Kraftfahrer", "Berufskraftfahrerin", "Koch", "Köchin", "KOECHE", "Übung",
    "Uebung", "Öl", "Oel", "Maß", "Mass", "Fuß", "Größe", "Groesse", "Team", "Teams",
    "C++", "C#", "C#-Entwicklung", "C++-Entwickler", "z.B.", "Ing.Büro", ".NET", "Café",
    "résumé", "Señor", "İstanbul", "STRAẞE", "Ölsnitz", "Zwönitz", "Sachbearbeiter",
    "Lagerlogistik", "Entwicklung", "Softwareentwickler", "Москва", "Ελλάδα",
    "Erzieher", "Erzieherin", "Heilpädagogin", "Gebäudetechnik", "Maurer", "Bäcker",
]  # fmt: skip
SEPARATORS = [
    " ", " ", " ", ", ", ". ", "-", "/", " (", ") ", ": ", " – ", " € ", "\n", "<", "&", '"', "'",
    "\x01", "_", "+",
]  # fmt: skip
LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßABCEKÄÖÜéàçñıİẞжλ0123456789"

word = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=LETTERS, min_size=1, max_size=12),
    st.sampled_from(WORDS).map(str.upper),
    st.sampled_from(WORDS).map(str.lower),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: p[0] + p[1].lower()),
)
text = st.lists(st.tuples(word, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def _terms(value: str) -> list[str]:
    return [t for t in (normalize_token(w) for w in re.findall(WORD_PATTERN, value)) if t]


def _tokens(value: str, stems: set) -> list[tuple[int, int]]:
    """The plain way: every token of the index's tokenizer, normalised."""
    found = re.finditer(WORD_PATTERN, value)
    return [m.span() for m in found if normalize_token(m.group()) in stems]


def _scanned(value: str, stems: set) -> list[tuple[int, int]]:
    """Text the fast path does not spell: every word with a fitting first letter."""
    pattern = snippets._candidates(frozenset(stems))
    return [m.span() for m in pattern.finditer(value) if normalize_token(m.group()) in stems]


def _marked_by_pieces(value: str, spans, start: int, end: int) -> str:
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(str(escape(value[pos:a])) + f"<mark>{escape(value[a:b])}</mark>")
        pos = b
    return "".join(out) + str(escape(value[pos:end]))


def _best_start(spans) -> int:
    """Where the window with the most matches starts, counting every span's followers."""
    best, best_count = 0, -1
    width = snippets.SNIPPET_CHARS - snippets.LEAD_CHARS
    for i, (a, _b) in enumerate(spans):
        count = sum(1 for c, _d in spans[i:] if c < a + width)
        if count > best_count:
            best, best_count = a, count
    return best


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text, st.data())
def test_fast_matches_are_the_tokenizers_matches(value, data):
    own, others = _terms(value), _terms(" ".join(WORDS))
    stems = data.draw(st.sets(st.sampled_from(own), max_size=6)) if own else set()
    stems |= data.draw(st.sets(st.sampled_from(others), max_size=6))
    spans = snippets._matches(value, stems) if stems else []
    plain = _tokens if snippets._folded(value) is not None else _scanned
    assert spans == (plain(value, stems) if stems else [])
    if spans:
        start, _end = snippets._window(value, spans)
        assert start == snippets._window(value, [(_best_start(spans), 0)])[0]
    start = data.draw(st.integers(0, len(value)))
    end = data.draw(st.integers(start, len(value)))
    assert snippets._marked(value, spans, start, end) == _marked_by_pieces(value, spans, start, end)


def test_folded_text_keeps_one_byte_per_character():
    value = "Ärzte – STRAẞE? Maß, Café"
    assert snippets._folded("Ärzte – Maß, Öl_1") == b" arzte   mas  ol_1"
    assert snippets._folded(value) is None  # ẞ and é: the regex scan
    assert snippets._folded("Preis: 10 € – 20 €") == b" preis  10     20  "
    assert snippets._matches("ÄRZTE, Aerzte und ärztin", {normalize_token("Ärzte")}) == [
        (0, 5),
        (7, 13),
    ]


def test_marks_survive_text_holding_the_tag_stand_ins():
    value = "a\x01 <Pflege> & \x02 Pflege"
    spans = snippets._matches(value, {normalize_token("Pflege")})
    assert len(spans) == 2
    assert snippets._marked(value, spans, 0, len(value)) == (
        "a\x01 &lt;<mark>Pflege</mark>&gt; &amp; \x02 <mark>Pflege</mark>"
    )


def _document(number: int) -> dict:
    return {
        "id": str(number),
        "kind": "job",
        "title": f"{WORDS[number % len(WORDS)]} (m/w/d) Nr. {number}",
        "description": " ".join(WORDS[(number * 3 + i) % len(WORDS)] for i in range(number % 60)),
        "company": "" if number % 5 else f"Firma {number}",
    }


def test_read_stored_reads_what_whoosh_reads(tmp_path):
    ix = index.create_in(str(tmp_path), build_schema())
    for batch in (range(0, 40), range(40, 70)):  # two segments
        writer = ix.writer(**writer_options())
        for number in batch:
            writer.add_document(**_document(number))
        writer.commit(merge=False)
    ix = open_for_search(tmp_path)
    searcher = Searcher(open_reader(ix), fromindex=ix)
    assert len(searcher.reader().leaf_readers()) == 2
    for docnum in range(searcher.doc_count_all()):
        expected = searcher.stored_fields(docnum)
        assert read_stored(searcher, docnum) == expected
        assert read_stored(searcher, docnum, private=False) == expected
    searcher.close()

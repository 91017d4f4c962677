"""German text analysis for the search index (Whoosh 2.7 analyzers).

Pipeline for titles, descriptions and company names:
``RegexTokenizer`` -> ``GermanFilter`` (lowercase, umlaut/accent folding, German stop
words, Snowball 3 German stemmer). Folding happens before stemming, the same way for
documents and queries, so "Bäcker", "Baecker" and "Bäckerin" all become ``back``.

Everything the schema references is a module-level function or class, so the schema
pickles (Whoosh stores it in the index's TOC; the multiprocessing writer pickles it too).
"""

import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang.stopwords import stoplists

# Words (plus C++, C#, .NET-style suffixes) and dotted abbreviations such as "z.B".
WORD_PATTERN = r"\w+(?:\.?\w+)*(?:\+\+|#)?"
MIN_TOKEN_LENGTH = 2
MAX_TOKEN_LENGTH = 60
# Edge n-grams of the title: prefixes and suffixes of each stemmed word that is long
# enough to be a compound.
GRAM_MIN = 4
GRAM_WORD_MIN = 7
GRAM_MAX_WORD = 30

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def fold(text: str) -> str:
    """Lowercase and fold umlauts (ä -> ae, ß -> ss) and other accents (é -> e)."""
    text = text.lower().translate(_UMLAUTS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Whoosh's German list plus job-ad filler; folded like the tokens they are compared with.
GERMAN_STOP_WORDS = frozenset(
    fold(w) for w in stoplists["de"] | {"bzw", "ca", "sowie", "usw", "zb", "mwd", "wmd"}
)

_local = threading.local()


def _stemmer():
    """The Snowball stemmer of this thread (stemmer objects keep state while stemming)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return stemmer


@lru_cache(maxsize=200_000)
def german_stem(word: str) -> str:
    """Snowball 3 German stem of an already folded word (cached)."""
    return _stemmer().stemWord(word)


@lru_cache(maxsize=200_000)
def normalize_token(text: str) -> str:
    """Fold, drop stop words and stem one token; "" means the token is dropped (cached)."""
    folded = fold(text)
    if not MIN_TOKEN_LENGTH <= len(folded) <= MAX_TOKEN_LENGTH or folded in GERMAN_STOP_WORDS:
        return ""
    return german_stem(folded)


def clear_caches() -> None:
    """Empty the stem caches (tests, or after changing the stop words)."""
    german_stem.cache_clear()
    normalize_token.cache_clear()


class GermanFilter(Filter):
    """Lowercase + fold + stop words + stem in one cached step per token text."""

    def __call__(self, tokens):
        pos = 0
        for t in tokens:
            text = normalize_token(t.text)
            if not text:
                continue
            if t.positions:
                t.pos = pos
            pos += 1
            t.text = text
            yield t


def edge_grams(word: str) -> set[str]:
    """Prefixes and suffixes of ``word`` from GRAM_MIN letters up to len(word) - 1."""
    if not GRAM_WORD_MIN <= len(word) <= GRAM_MAX_WORD:
        return set()
    grams = set()
    for size in range(GRAM_MIN, len(word)):
        grams.add(word[:size])
        grams.add(word[-size:])
    return grams


class EdgeGramFilter(Filter):
    """Index prefixes and suffixes of each word, so "entwickl" finds "softwareentwickl".

    German compounds put the head at the end (Software|entwickler, Pflege|fachkraft) and
    the modifier at the start (Pflege|helfer), so edge grams of the stemmed word catch
    both without the noise and size of all inner n-grams. Queries pass through unchanged:
    the query builder looks up the stemmed query word as one term.
    """

    def __call__(self, tokens):
        for t in tokens:
            if t.mode == "query":
                yield t
                continue
            for gram in sorted(edge_grams(t.text)):
                t.text = gram
                yield t


def german_analyzer():
    """Analyzer for titles, descriptions and company names."""
    return RegexTokenizer(WORD_PATTERN) | GermanFilter()


def title_gram_analyzer():
    """Analyzer for the title's edge n-gram field."""
    return RegexTokenizer(WORD_PATTERN) | GermanFilter() | EdgeGramFilter()


def spelling_analyzer():
    """Analyzer for the "Meinten Sie" vocabulary: real words, lowercased, not stemmed."""
    return (
        RegexTokenizer(r"[^\W\d_]{3,}")
        | LowercaseFilter()
        | StopFilter(stoplist=stoplists["de"], minsize=3, maxsize=MAX_TOKEN_LENGTH)
    )


def analyze(text: str) -> list[str]:
    """The index terms the German analyzer makes of ``text`` (for queries and tests)."""
    return [t.text for t in german_analyzer()(text or "", mode="query")]

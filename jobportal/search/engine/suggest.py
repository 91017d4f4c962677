""" "Meinten Sie ...?": corrections from the index's own vocabulary of title words, and
misspelt occupations corrected from the occupation list ("Krankenschwster")."""

from .build import text_mask
from .docsets import IndexView
from .lexicon import lexicon
from .parse import ParsedQuery, parse_query

MAX_WORDS = 6


def _correct(view: IndexView, word: str) -> str | None:
    """The closest indexed title/company word to ``word`` (None when none is close)."""
    lower = word.lower()
    candidates = view.searcher.suggest("spell", lower, limit=1, maxdist=2, prefix=1)
    if not candidates or candidates[0] == lower:
        return None
    best = candidates[0]
    return best[:1].upper() + best[1:] if word[:1].isupper() else best


def _finds_something(view: IndexView, word: str, base: int) -> bool:
    """Whether ``word`` alone matches any listing in ``base``."""
    mask = text_mask(view, parse_query(word))
    return mask is None or bool(mask & base)


def suggestion(view: IndexView, parsed: ParsedQuery, base: int) -> str | None:
    """A corrected query that finds listings, or None."""
    words = parsed.words[:MAX_WORDS]
    corrected, changed = [], False
    for word in words:
        if lexicon().is_form(word) or _finds_something(view, word, base):
            corrected.append(word)
            continue
        better = _correct(view, word)
        corrected.append(better or word)
        changed = changed or better is not None
    if not changed:
        return None
    text = " ".join(corrected)
    mask = text_mask(view, parse_query(text))
    return text if mask and mask & base else None


def occupation_fix(view: IndexView, parsed: ParsedQuery, base: int) -> str | None:
    """The query with each word that finds nothing and is spelt like an occupation form
    replaced by that form, when the result finds listings; else None."""
    lex, corrected, changed = lexicon(), [], False
    for word in parsed.words[:MAX_WORDS]:
        better = None if _finds_something(view, word, base) else lex.closest(word)
        corrected.append(better or word)
        changed = changed or better is not None
    if not changed:
        return None
    text = " ".join(corrected)
    mask = text_mask(view, parse_query(text))
    return text if mask and mask & base else None

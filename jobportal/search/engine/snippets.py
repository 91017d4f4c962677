"""Highlighted title and description snippets (escaped HTML with <mark> around matches).

Whoosh's highlighter re-runs the analyzer chain and scores fragments per hit (~1 ms per
description); this one finds the words that may stem to a query stem with ``str.find``
for the few spellings of the stems' first letters (a stem is the start of its word,
folded: "pfleg" starts "Pflege", "vergut" starts "Vergütung" or "Verguetung") and
checks only those words with the cached normaliser. Text with other accented letters
takes the slower regex scan over every word with a fitting first letter.
"""

import re
from functools import lru_cache

from markupsafe import escape

from ..adapter import WORD_PATTERN, fold, normalize_token

SNIPPET_CHARS = 240
LEAD_CHARS = 40
_FIRST_LETTER_FORMS = {"a": "aäáà", "o": "oöóò", "u": "uüúù", "e": "eéè", "s": "sß"}


PREFIX_CHARS = 4  # how much of a stem the fast path looks for
MAX_SPELLINGS = 12  # ... in at most this many spellings per stem (else a shorter prefix)
_UMLAUT_OF = {"a": "ä", "o": "ö", "u": "ü"}
_LETTER_FOR = {"ae": "ä", "oe": "ö", "ue": "ü", "ss": "ß"}
# a word character the fast path does not spell (accents beyond the German umlauts)
_OTHER_LETTER = re.compile(r"[^\W\x00-\x7fäöüß]")
_WORD = re.compile(WORD_PATTERN)


def _spellings(folded: str) -> set:
    """Lower-case text starts that fold and stem to a start of ``folded``: umlauts or
    their two-letter forms (the stemmer turns "ue" and "ü" into "u"), ß for ss."""
    if not folded:
        return {""}
    rest = _spellings(folded[1:])
    found = {folded[0] + r for r in rest}
    umlaut = _UMLAUT_OF.get(folded[0])
    if umlaut:
        found |= {umlaut + r for r in rest} | {folded[0] + "e" + r for r in rest}
    for pair, letter in _LETTER_FOR.items():
        if folded.startswith(pair):
            found |= {letter + r for r in _spellings(folded[2:])}
        elif pair.startswith(folded):
            found.add(letter)
    return found


@lru_cache(maxsize=1024)
def _prefixes(stems: frozenset) -> tuple:
    """The text starts (lower case) of words that may stem to one of ``stems``."""
    found = set()
    for stem in stems:
        size = min(PREFIX_CHARS, len(stem))
        while size > 1 and len(_spellings(stem[:size])) > MAX_SPELLINGS:
            size -= 1
        found |= _spellings(stem[:size])
    # the finds of a spelling also find every longer spelling it starts
    return tuple(
        sorted(p for p in found if p and not any(q != p and p.startswith(q) for q in found))
    )


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _token_start(text: str, i: int) -> bool:
    """Whether a token of the index's tokenizer starts at ``i`` (not inside "z.B")."""
    if i == 0:
        return True
    before = text[i - 1]
    if _is_word_char(before):
        return False
    return not (before == "." and i >= 2 and _is_word_char(text[i - 2]))


def _fast_matches(text: str, lower: str, stems: set) -> list[tuple[int, int]]:
    """_matches by ``str.find`` of the stems' spellings in ``lower``."""
    starts = set()
    for prefix in _prefixes(frozenset(stems)):
        i = lower.find(prefix)
        while i >= 0:
            starts.add(i)
            i = lower.find(prefix, i + 1)
    spans = []
    for i in sorted(starts):
        if _token_start(text, i):
            match = _WORD.match(text, i)
            if normalize_token(match.group()) in stems:
                spans.append(match.span())
    return spans


@lru_cache(maxsize=1024)
def _candidates(stems: frozenset) -> re.Pattern:
    """A regex for words that may stem to one of ``stems``: those with a matching first
    letter (folding and stemming never change the first letter, only its accent)."""
    firsts = {fold(s)[:1] for s in stems if s}
    letters = "".join(sorted({ch for f in firsts for ch in _FIRST_LETTER_FORMS.get(f, f)}))
    if not letters:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<!\w)(?=[{re.escape(letters)}]){WORD_PATTERN}", re.IGNORECASE)


def _matches(text: str, stems: set) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text`` whose index term is one of ``stems``."""
    lower = text.lower()
    if len(lower) == len(text) and not _OTHER_LETTER.search(lower):
        return _fast_matches(text, lower, stems)
    pattern = _candidates(frozenset(stems))
    return [m.span() for m in pattern.finditer(text) if normalize_token(m.group()) in stems]


def _marked(text: str, spans, start: int, end: int) -> str:
    """Escaped ``text[start:end]`` with <mark> around the spans inside it."""
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(str(escape(text[pos:a])))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def _window(text: str, spans) -> tuple[int, int]:
    """The SNIPPET_CHARS window with the most matches, widened to word boundaries."""
    best, best_count = 0, -1
    for i, (a, _b) in enumerate(spans):
        count = sum(1 for c, _d in spans[i:] if c < a + SNIPPET_CHARS - LEAD_CHARS)
        if count > best_count:
            best, best_count = a, count
    start = max(0, best - LEAD_CHARS)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def snippet(text: str, stems: set) -> str:
    """A window of ``text`` around the best cluster of matches (or its start)."""
    spans = _matches(text, stems) if stems else []
    start, end = _window(text, spans) if spans else (0, min(len(text), SNIPPET_CHARS))
    if not spans and end < len(text):
        space = text.rfind(" ", 0, end)
        end = space if space > 0 else end
    html = _marked(text, spans, start, end)
    return ("… " if start else "") + html + (" …" if end < len(text) else "")


def hit_snippets(stored: dict, stems: set) -> tuple[str, str]:
    """(title_html, snippet_html) for a hit's stored fields and the query's stems."""
    title = stored.get("title", "") or ""
    spans = _matches(title, stems) if stems else []
    return _marked(title, spans, 0, len(title)), snippet(stored.get("description", "") or "", stems)

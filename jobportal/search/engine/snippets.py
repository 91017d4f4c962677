"""Highlighted title and description snippets (escaped HTML with <mark> around matches).

Whoosh's highlighter re-runs the analyzer chain and scores fragments per hit (~1 ms per
description); this one scans with the tokenizer's regex and the cached normaliser.
"""

import re
from functools import lru_cache

from markupsafe import escape

from ..adapter import WORD_PATTERN, fold, normalize_token

SNIPPET_CHARS = 240
LEAD_CHARS = 40
_FIRST_LETTER_FORMS = {"a": "aäáà", "o": "oöóò", "u": "uüúù", "e": "eéè", "s": "sß"}


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

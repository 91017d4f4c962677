"""Highlighted title and description snippets (escaped HTML with <mark> around matches).

Whoosh's highlighter re-runs the analyzer chain and scores fragments per hit (~1 ms per
description). Here a stem is the start of its word, folded ("pfleg" starts "Pflege",
"vergut" starts "Vergütung" or "Verguetung"): the text is folded once into latin-1 bytes,
one byte per character (lower case, umlauts and ß as their base letter, anything but a
letter, digit or "_" a space), and one regex per query stems (the first letters of every
spelling of the stems after a space, as a trie) finds the word starts there in one scan.
Only those words are checked with the cached normaliser. Text with other accented
letters (or letters beyond latin-1) takes the slower regex scan over every word with a
fitting first letter.
"""

import re
from functools import lru_cache

from markupsafe import escape

from ..adapter import WORD_PATTERN, fold, normalize_token

SNIPPET_CHARS = 240
LEAD_CHARS = 40
_FIRST_LETTER_FORMS = {"a": "aäáà", "o": "oöóò", "u": "uüúù", "e": "eéè", "s": "sß"}


PREFIX_CHARS = 4  # how much of a word start (folded) the fast path looks for
_UMLAUT_OF = {"a": "ä", "o": "ö", "u": "ü"}
_LETTER_FOR = {"ae": "ä", "oe": "ö", "ue": "ü", "ss": "ß"}
_WORD = re.compile(WORD_PATTERN)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _folded_byte(code: int) -> int:
    """One latin-1 character as the fast path's text has it (the module docstring); 0
    for a letter it does not spell (accents beyond the German umlauts)."""
    ch = chr(code)
    if not _is_word_char(ch):
        return ord(" ")
    lower = {"ä": "a", "ö": "o", "ü": "u", "ß": "s"}.get(ch.lower(), ch.lower())
    return ord(lower) if lower.isascii() else 0


_FOLD = bytes(_folded_byte(code) for code in range(256))
_WIDE_LETTER = re.compile(r"[^\W\x00-\xff]")  # a letter or digit beyond latin-1


def _folded(text: str) -> bytes | None:
    """A space and ``text`` folded into bytes (the module docstring), or None when the
    text has a letter the fast path does not spell."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        if _WIDE_LETTER.search(text):
            return None
        data = text.encode("latin-1", "replace")  # dashes, quotes, €: one "?" each
    folded = data.translate(_FOLD)
    return None if b"\0" in folded else b" " + folded


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


def _trie(starts: set) -> bytes:
    """A regex matching the byte strings ``starts`` (a shorter one stands for every longer
    one it starts), grouped by their first letters: few alternatives to try per space."""
    if b"" in starts:
        return b""
    groups: dict = {}
    for start in starts:
        groups.setdefault(start[:1], set()).add(start[1:])
    alternatives = [re.escape(first) + _trie(rest) for first, rest in sorted(groups.items())]
    return alternatives[0] if len(alternatives) == 1 else b"(?:" + b"|".join(alternatives) + b")"


@lru_cache(maxsize=1024)
def _finder(stems: frozenset) -> re.Pattern:
    """A regex for folded text: a space and the first PREFIX_CHARS letters of a spelling
    of one of ``stems`` (one scan instead of a ``find`` per spelling)."""
    starts = {
        spelling[:PREFIX_CHARS].encode("latin-1").translate(_FOLD)
        for stem in stems
        for spelling in _spellings(stem[:PREFIX_CHARS])
    }
    starts.discard(b"")
    return re.compile(b" (?=" + _trie(starts) + b")") if starts else re.compile(rb"(?!)")


def _token_start(text: str, i: int) -> bool:
    """Whether a token of the index's tokenizer starts at ``i`` (not inside "z.B")."""
    if i == 0:
        return True
    before = text[i - 1]
    if _is_word_char(before):
        return False
    return not (before == "." and i >= 2 and _is_word_char(text[i - 2]))


def _fast_matches(text: str, folded: bytes, stems: set) -> list[tuple[int, int]]:
    """_matches by the stems' finder over ``folded`` (see the module docstring)."""
    spans = []
    for found in _finder(frozenset(stems)).finditer(folded):
        start = found.start()  # of the space before the word in folded, the word in text
        if _token_start(text, start):
            match = _WORD.match(text, start)
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
    folded = _folded(text)
    if folded is not None:
        return _fast_matches(text, folded, stems)
    pattern = _candidates(frozenset(stems))
    return [m.span() for m in pattern.finditer(text) if normalize_token(m.group()) in stems]


def _escaped(text: str) -> str:
    return str(escape(text))


def _marked(text: str, spans, start: int, end: int) -> str:
    """Escaped ``text[start:end]`` with <mark> around the spans inside it: the text with
    stand-ins for the tags is escaped in one call (piece by piece if it has them)."""
    one_call = "\x01" not in text and "\x02" not in text
    piece = str if one_call else _escaped
    opening, closing = ("\x01", "\x02") if one_call else ("<mark>", "</mark>")
    out, pos = [], start
    for a, b in spans:
        if start <= a and b <= end:
            out += (piece(text[pos:a]), opening, piece(text[a:b]), closing)
            pos = b
    out.append(piece(text[pos:end]))
    html = "".join(out)
    if one_call:
        return _escaped(html).replace("\x01", "<mark>").replace("\x02", "</mark>")
    return html


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

"""Highlighted title and description snippets (escaped HTML with <mark> around matches).

Whoosh's highlighter re-runs the analyzer chain and scores fragments per hit (~1 ms per
description). Here a stem is the start of its word, folded ("pfleg" starts "Pflege",
"vergut" starts "Vergütung" or "Verguetung"): the text is folded once into latin-1 bytes,
one byte per character (lower case, umlauts and ß as their base letter, anything but a
letter, digit or "_" a space), and ``bytes.find`` looks there for a space and the first
letters of a spelling of a stem: word starts only, whatever their case (no ``str.lower``
of the text, no regex). Only the words found are checked with the cached normaliser.
Text with other accented letters (or letters beyond latin-1) takes the slower regex scan
over every word with a fitting first letter.
"""

import re
from bisect import bisect_left
from functools import lru_cache

from markupsafe import escape

from ..adapter import WORD_PATTERN, fold, normalize_token

SNIPPET_CHARS = 240
LEAD_CHARS = 40
_FIRST_LETTER_FORMS = {"a": "aäáà", "o": "oöóò", "u": "uüúù", "e": "eéè", "s": "sß"}


PREFIX_CHARS = 4  # how much of a word start (folded) the fast path looks for
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


def _spellings(folded: bytes) -> set:
    """The text starts, as folded text has them, of words that fold and stem to a start
    of ``folded``: "a", "o", "u" may be umlauts written as two letters ("ae"), "ss" may be
    an "ß" (folded "s")."""
    if not folded:
        return {b""}
    head, rest = folded[:1], _spellings(folded[1:])
    found = {head + r for r in rest}
    if head in b"aou":
        found |= {head + b"e" + r for r in rest}
    if folded[:2] in (b"ae", b"oe", b"ue", b"ss"):
        found |= {head + r for r in _spellings(folded[2:])}
    return found


@lru_cache(maxsize=4096)
def _word_starts(stem: str) -> frozenset:
    """The first PREFIX_CHARS letters (up to a non-letter) of every spelling of the words
    whose index term is ``stem``, as folded text has them; none for a stem with letters
    beyond ASCII (folded text has none: such words are in text the regex scan takes)."""
    if not stem.isascii():
        return frozenset()
    starts = _spellings(stem[:PREFIX_CHARS].encode("ascii").translate(_FOLD))
    return frozenset(s[:PREFIX_CHARS].split(b" ")[0] for s in starts) - {b""}


@lru_cache(maxsize=1024)
def _needles(stems: frozenset) -> tuple:
    """What the fast path finds in folded text: a space and the start of a word that may
    stem to one of ``stems`` (none that another one starts: its finds are among those)."""
    starts = set().union(*map(_word_starts, stems))
    return tuple(
        b" " + s for s in sorted(starts) if not any(t != s and s.startswith(t) for t in starts)
    )


def _fast_matches(text: str, folded: bytes, stems: set) -> list[tuple[int, int]]:
    """_matches by finding the stems' needles in ``folded`` (see the module docstring)."""
    starts = set()
    for needle in _needles(frozenset(stems)):
        i = folded.find(needle)
        while i >= 0:
            starts.add(i)  # the space before the word in folded: the word's start in text
            i = folded.find(needle, i + 1)
    spans = []
    for start in sorted(starts):
        # after a non-word character; a token starts there unless it is "." after a word
        # character ("z.B": one token)
        if start > 1 and text[start - 1] == "." and _is_word_char(text[start - 2]):
            continue
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
    starts = [a for a, _b in spans]
    best, best_count = 0, -1
    for i, a in enumerate(starts):
        count = bisect_left(starts, a + SNIPPET_CHARS - LEAD_CHARS, i) - i
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


@lru_cache(maxsize=4096)
def title_html(title: str, stems: frozenset) -> str:
    """A title with its matches marked: kept per title and stems, since listings share
    titles ("Pflegefachkraft (m/w/d)": about half of a page's titles are another's)."""
    return _marked(title, _matches(title, stems) if stems else [], 0, len(title))


def hit_snippets(stored: dict, stems: frozenset) -> tuple[str, str]:
    """(title_html, snippet_html) for a hit's stored fields and the query's stems."""
    title = stored.get("title", "") or ""
    return title_html(title, stems), snippet(stored.get("description", "") or "", stems)

"""A forgiving parser for what people type into the search box.

Supported: words (all must match), "phrases", -exclusions, ``OR`` between groups of words,
``word*`` prefixes. Everything else (brackets, lone operators, stray quotes, emoji,
control characters, endless input) is ignored or trimmed: parsing never fails.

Words that name an occupation in any form of the curated list (lexicon.py: "Krankenschwester",
"Busfahrer", "nurse", "truck driver", "MFA") become one ``Expansion``: the words as typed
or any form of the occupation. A word in quotes is taken as written.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from ..adapter import analyze
from .lexicon import lexicon

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
PREFIX_MIN = 3

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OPERATORS = {"AND", "OR", "NOT", "&&", "||", "|", "&", "!"}


@dataclass(frozen=True)
class Word:
    """One analyzed word (its stem)."""

    stem: str
    exact: bool = False  # quoted: never expanded to an occupation's forms


@dataclass(frozen=True)
class Expansion:
    """Words that name an occupation: ``stems`` as typed, or any of ``alternatives`` (the
    stem tuples of the occupation's forms) in the title."""

    stems: tuple
    alternatives: tuple
    form: str  # the occupation form the words matched ("Krankenschwester")
    shown: tuple  # the forms a notice names ("Pflegefachkraft", "Pflegefachfrau", ...)


@dataclass(frozen=True)
class Phrase:
    """Stems that must appear in this order."""

    stems: tuple


@dataclass(frozen=True)
class Prefix:
    """A word given as ``stem*``."""

    stem: str


@dataclass
class ParsedQuery:
    """Groups of parts joined by OR (each group: all parts), exclusions and notes."""

    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    words: list = field(default_factory=list)  # the user's plain words, for suggestions
    hint: str | None = None
    expansions: list = field(default_factory=list)  # Expansion parts, for the notice

    @property
    def is_empty(self) -> bool:
        """No positive search terms."""
        return not any(self.groups)

    def stems(self) -> set:
        """All positive stems (for highlighting)."""
        found = set()
        for group in self.groups:
            for part in group:
                if isinstance(part, Expansion):  # one-word forms: several words would
                    found.update(part.stems)  # mark "für", "Energie" everywhere
                    found.update(s for (s, *more) in part.alternatives if not more)
                else:
                    found.update(part.stems if isinstance(part, Phrase) else (part.stem,))
        return found


def clean_text(text: str) -> tuple[str, bool]:
    """NFC-normalised text without control characters, cut to MAX_QUERY_CHARS."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    truncated = len(text) > MAX_QUERY_CHARS
    return text[:MAX_QUERY_CHARS], truncated


def _parts_of(raw: str) -> list:
    """Words (or a prefix) from one whitespace-separated token."""
    stems = analyze(raw)
    if raw.endswith("*") and len(stems) == 1 and len(stems[0]) >= PREFIX_MIN:
        return [Prefix(stems[0])]
    return [Word(stem) for stem in stems]


def parse_query(text: str) -> ParsedQuery:
    """Parse user input into a ParsedQuery; never raises."""
    text, truncated = clean_text(text)
    parsed = ParsedQuery(groups=[[]])
    negate_next = False
    count = 0
    for match in _TOKEN.finditer(text):
        minus, phrase, raw = match.groups()
        if raw is not None and raw.upper() in _OPERATORS:
            if raw.upper() in {"OR", "||", "|"} and parsed.groups[-1]:
                parsed.groups.append([])
            negate_next = raw.upper() in {"NOT", "!"}
            continue
        if raw is not None and raw.startswith("-") and len(raw) > 1:
            minus, raw = "-", raw[1:]
        if phrase is not None:
            stems = tuple(analyze(phrase))
            parts = [Phrase(stems)] if len(stems) > 1 else [Word(s, exact=True) for s in stems]
        else:
            parts = _parts_of(raw)
            parsed.words.extend(w for w in re.findall(r"[^\W\d_]{3,}", raw))
        if minus or negate_next:
            parsed.excluded.extend(parts)
        else:
            parts = parts[: max(MAX_TERMS - count, 0)]
            parsed.groups[-1].extend(parts)
            count += len(parts)
        negate_next = False
    parsed.groups = [expanded(g) for g in parsed.groups if g]
    parsed.expansions = [p for g in parsed.groups for p in g if isinstance(p, Expansion)]
    if truncated or count >= MAX_TERMS:
        parsed.hint = "truncated"
    elif parsed.is_empty and text.strip():
        parsed.hint = "no_terms"
    return parsed


def expanded(group: list) -> list:
    """The group with each run of plain words that names an occupation (longest first)
    replaced by an Expansion."""
    lex, out, i = lexicon(), [], 0
    while i < len(group):
        for size in range(min(lex.longest, len(group) - i), 0, -1):
            run = group[i : i + size]
            if not all(type(p) is Word and not p.exact for p in run):
                continue
            stems = tuple(p.stem for p in run)
            sense = lex.sense(stems)
            if sense is not None:
                out.append(Expansion(stems, sense.alternatives, sense.form, sense.shown))
                i += size
                break
        else:
            out.append(group[i])
            i += 1
    return out

"""Turn a ParsedQuery into document masks: one cached mask per field and term, ORed and
ANDed as Python integers (the C-speed part). Ranking works on the same masks (rank.py)."""

from functools import cache, lru_cache

from whoosh import query as wq

from .docsets import IndexView
from .lexicon import lexicon
from .parse import Expansion, ParsedQuery, Phrase, Word

TEXT_FIELDS = ("title", "description", "company")
WORD_FIELDS = (*TEXT_FIELDS, "title_ngram")  # title_ngram: the word inside a compound
TITLE_FIELDS = ("title", "title_ngram")
# An occupation's other forms match inside title compounds only when this long ("Fahrer"
# must not find "Berufserfahrung"); the typed word always does.
ALTERNATIVE_GRAM_MIN = 6


def alternative_fields(stem: str) -> tuple:
    """The title fields an occupation's one-word form is looked up in."""
    return TITLE_FIELDS if len(stem) >= ALTERNATIVE_GRAM_MIN else ("title",)


def typed_part(stems: tuple):
    """The words of an Expansion as typed: one Word, or several as a Phrase."""
    return Word(stems[0]) if len(stems) == 1 else Phrase(stems)


def alternative_queries(stems: tuple) -> list:
    """The title queries of one form of an occupation (directly or inside a compound)."""
    if len(stems) == 1:
        return [wq.Term(f, stems[0]) for f in alternative_fields(stems[0])]
    return [wq.Phrase("title", list(stems))]


@lru_cache(maxsize=512)
def expansion_queries(part: Expansion) -> tuple:
    """The words as typed anywhere (as a phrase when several), or any form of the
    occupation in the title (directly or inside a compound)."""
    queries = field_queries(typed_part(part.stems))
    for stems in part.alternatives:
        queries.extend(q for q in alternative_queries(stems) if q not in queries)
    return tuple(queries)


@cache
def occupation_queries() -> tuple:
    """Every query an occupation's Expansion may ask for (any form as typed, in every
    field; every form in the title): the masks IndexView.warm computes ahead (rank.py's
    tiers ask for the same title queries)."""
    lex = lexicon()
    keys = lex.form_keys()
    alternatives = dict.fromkeys(a for stems in keys for a in lex.sense(stems).alternatives)
    queries = [q for stems in keys for q in field_queries(typed_part(stems))]
    queries += [q for stems in alternatives for q in alternative_queries(stems)]
    return tuple(dict.fromkeys(queries))


def field_queries(part, excluded: bool = False) -> list[wq.Query]:
    """One Whoosh query per field that a part may match in."""
    if isinstance(part, Expansion):
        return list(expansion_queries(part))
    if isinstance(part, Phrase):
        return [wq.Phrase(f, list(part.stems)) for f in ("title", "description")]
    if isinstance(part, Word):
        fields = TEXT_FIELDS if excluded else WORD_FIELDS
        return [wq.Term(f, part.stem) for f in fields]
    if excluded:
        return [wq.Prefix(f, part.stem) for f in TEXT_FIELDS]
    return [wq.Prefix(f, part.stem) for f in ("title", "description")] + [
        wq.Term("title_ngram", part.stem)
    ]


def part_mask(view: IndexView, part, excluded: bool = False) -> int:
    """Documents matching one parsed part in any of its fields (an occupation's forms as
    one mask)."""
    if isinstance(part, Expansion):
        return view.any_mask(("expansion", part.stems, part.alternatives), field_queries(part))
    mask = 0
    for query in field_queries(part, excluded):
        mask |= view.query_mask(query)
    return mask


RESTRICT_RATIO = 20  # walk a term's postings per candidate when it is this much more frequent


def _estimate(view: IndexView, part) -> int:
    """Documents a part may match (Word: exact; others: a large number, computed last)."""
    if not isinstance(part, Word):
        return view.doc_count_all
    return sum(view.doc_frequency(q.fieldname, q.text) for q in field_queries(part))


def group_mask(view: IndexView, group: list) -> int:
    """Documents matching every part of a group: the rarest part first; a much more
    frequent word is then only looked up among those candidates (unless its mask is
    cached already)."""
    ordered = sorted(group, key=lambda p: _estimate(view, p)) if len(group) > 1 else group
    mask = part_mask(view, ordered[0])
    for part in ordered[1:]:
        if not mask:
            break
        queries = field_queries(part)
        cheap = not isinstance(part, Word) or all(view.has_mask(q) for q in queries)
        if cheap or _estimate(view, part) < mask.bit_count() * RESTRICT_RATIO:
            mask &= part_mask(view, part)
        else:
            narrowed = 0
            for query in queries:
                narrowed |= view.term_mask_among(query.fieldname, query.text, mask & ~narrowed)
            mask = narrowed
    return mask


def text_mask(view: IndexView, parsed: ParsedQuery) -> int | None:
    """Documents matching the text (None: no text given, everything matches)."""
    mask = None
    if not parsed.is_empty:
        mask = 0
        for group in parsed.groups:
            mask |= group_mask(view, group)
    for part in parsed.excluded:
        removed = part_mask(view, part, excluded=True)
        mask = (view.live() if mask is None else mask) & ~removed
    return mask

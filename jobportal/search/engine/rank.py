"""Relevance and date order from document masks, without scoring every hit.

Whoosh's scorer walks every posting of every query term (and every position for
phrases) in Python; at 100k listings a common word costs hundreds of milliseconds.
Instead hits are ranked in tiers computed from cached per-field masks:

    0  the words as a phrase in the title (several words)
    1  every part in the title as a word of its own; an occupation as typed or by one of
       its forms of several words ("Elektroniker für Energie- und Gebäudetechnik")
    2  every part in the title as a word of its own (an occupation: any of its forms)
    3  every part in the title, some only inside a compound (title n-grams)
    4  some part in the title as a word of its own
    5  some part in the title, inside a compound
    6  some part in the company name
    7  the rest (description matches: "Pflege von Stammdaten" comes after every title)

Within the title tiers shorter titles come first (the tightest match, as BM25's length
norm would have it), then newer listings; within the other tiers newer listings come
first. Only the tiers that reach the requested page are ordered, and large tiers are
walked in per-segment "newest first" order until the page is full, so a query costs
about the same for 10 hits as for 50,000.
"""

from whoosh import query as wq

from .build import alternative_fields
from .docsets import IndexView
from .parse import Expansion, ParsedQuery, Phrase, Prefix, Word

TIERS = 8
TITLE_TIERS = 6  # tiers below this one are ordered by title length
SORT_LIMIT = 4000  # tiers up to this size are sorted; larger ones are walked newest first


def _stem_tuples(part: Expansion) -> tuple:
    """The typed stems and every alternative of an Expansion."""
    return (part.stems, *part.alternatives)


def _title_term_or_phrase(view: IndexView, stems: tuple) -> int:
    """Documents with the stems in the title: one word, or several as a phrase."""
    if len(stems) == 1:
        return view.query_mask(wq.Term("title", stems[0]))
    return view.query_mask(wq.Phrase("title", list(stems)))


def strong_mask(view: IndexView, part) -> int:
    """Like own_word_mask, but an occupation only as typed or by a form of several words."""
    if not isinstance(part, Expansion):
        return own_word_mask(view, part)
    mask = _title_term_or_phrase(view, part.stems)
    for stems in part.alternatives:
        if len(stems) > 1:
            mask |= _title_term_or_phrase(view, stems)
    return mask


def own_word_mask(view: IndexView, part) -> int:
    """Documents with ``part`` in the title as a word of its own (not inside a compound)."""
    if isinstance(part, Expansion):
        mask = 0
        for stems in _stem_tuples(part):
            mask |= _title_term_or_phrase(view, stems)
        return mask
    if isinstance(part, Word):
        return view.query_mask(wq.Term("title", part.stem))
    if isinstance(part, Prefix):
        return view.query_mask(wq.Prefix("title", part.stem))
    return view.query_mask(wq.Phrase("title", list(part.stems)))


def title_mask(view: IndexView, part) -> int:
    """Documents with ``part`` in the title, directly or as part of a compound."""
    if isinstance(part, Expansion):
        mask = own_word_mask(view, part)
        typed = part.stems[0] if len(part.stems) == 1 else None
        for stems in _stem_tuples(part):
            if len(stems) == 1 and (
                stems[0] == typed or "title_ngram" in alternative_fields(stems[0])
            ):
                mask |= view.query_mask(wq.Term("title_ngram", stems[0]))
        return mask
    if isinstance(part, Word):
        return view.query_mask(wq.Term("title", part.stem)) | view.query_mask(
            wq.Term("title_ngram", part.stem)
        )
    if isinstance(part, Prefix):
        return view.query_mask(wq.Prefix("title", part.stem)) | view.query_mask(
            wq.Term("title_ngram", part.stem)
        )
    return view.query_mask(wq.Phrase("title", list(part.stems)))


def company_mask(view: IndexView, part) -> int:
    """Documents with ``part`` in the company name."""
    if isinstance(part, Expansion):
        return view.query_mask(wq.Term("company", part.stems[0])) if len(part.stems) == 1 else 0
    if isinstance(part, Phrase):
        return 0
    cls = wq.Term if isinstance(part, Word) else wq.Prefix
    return view.query_mask(cls("company", part.stem))


def _every(masks) -> int:
    """The documents in every one of ``masks``."""
    masks = iter(masks)
    every = next(masks, 0)
    for mask in masks:
        every &= mask
    return every


def tier_masks(view: IndexView, parsed: ParsedQuery, hits: int) -> list[tuple[int, int]]:
    """(tier, disjoint mask of ``hits``) per tier (see the module docstring)."""
    tiers = [0] * TIERS
    for group in parsed.groups:
        titles = [title_mask(view, p) for p in group]
        words = [p.stem for p in group if isinstance(p, Word)]
        if len(words) > 1 and len(words) == len(group):
            tiers[0] |= view.query_mask(wq.Phrase("title", words))
        own = [own_word_mask(view, p) for p in group]
        tiers[1] |= _every(strong_mask(view, p) for p in group)
        tiers[2] |= _every(own)
        tiers[3] |= _every(titles)
        for mask in own:
            tiers[4] |= mask
        for mask in titles:
            tiers[5] |= mask
        for part in group:
            tiers[6] |= company_mask(view, part)
    tiers[7] = hits
    taken, result = 0, []
    for tier, mask in enumerate(tiers):
        mask = mask & hits & ~taken
        taken |= mask
        result.append((tier, mask))
    return result


def newest_first(view: IndexView, mask: int, count: int) -> list[int]:
    """Up to ``count`` documents of ``mask``, newest first (ties: higher docnum)."""
    return view.top(mask, count, "newest")


def _title_order(view: IndexView, mask: int, count: int) -> list[int]:
    """Up to ``count`` documents of a title tier: shortest title, then newest."""
    if mask.bit_count() > SORT_LIMIT:
        return newest_first(view, mask, count)
    return view.top(mask, count, "title")


def ranked(
    view: IndexView, parsed: ParsedQuery, hits: int, start: int, end: int, prefer: int = 0
) -> list:
    """(docnum, score) of positions ``start``..``end`` of the relevance order; within each
    tier the documents of ``prefer`` (listings in a place the query names) come first."""
    page, offset = [], 0
    tiers = tier_masks(view, parsed, hits)
    if prefer:
        tiers = [(tier, part) for tier, m in tiers for part in (m & prefer, m & ~prefer)]
    for tier, mask in tiers:
        size = mask.bit_count()
        if offset + size > start and offset < end:
            need = end - offset
            docs = (
                _title_order(view, mask, need)
                if tier < TITLE_TIERS
                else newest_first(view, mask, need)
            )
            score = float(TIERS - tier)
            page.extend((d, score) for d in docs[max(start - offset, 0) :])
        offset += size
        if offset >= end:
            break
    return page[: end - start]

"""What the search page shows beside the hits: facet groups, help links, page numbers."""

from dataclasses import dataclass

from flask import request, url_for

from ...core.translation import lazy_gettext as _l
from ...listings import PUBLISHED_WITHIN, RADII, SORTS, SearchQuery, canonical_dict
from ...models.jobs import EMPLOYMENT_TYPES, SECTORS, WORKING_MODELS
from ..links import url_maker
from .results import Outcome

LEGENDS = {
    "employment_type": _l("Anstellungsart"),
    "working_model": _l("Arbeitsmodell"),
    "sector": _l("Branche"),
    "member": _l("Stadt oder Gemeinde"),
    "published_within": _l("Veröffentlicht"),
    "salary_given": _l("Gehalt"),
    "english": _l("Arbeitssprache"),
}
LABELS = {
    "employment_type": EMPLOYMENT_TYPES,
    "working_model": WORKING_MODELS,
    "sector": SECTORS,
    "published_within": {
        1: _l("seit gestern"),
        7: _l("in den letzten 7 Tagen"),
        30: _l("im letzten Monat"),
    },
    "salary_given": {True: _l("mit Gehaltsangabe")},
    "english": {True: _l("Englischsprachiger Arbeitsplatz")},
}
SORT_LABELS = {
    "relevance": _l("Relevanz"),
    "date": _l("Neueste zuerst"),
    "distance": _l("Entfernung"),
}


@dataclass
class Option:
    """One choice of a filter with its facet count."""

    value: str
    label: str
    count: int | None  # None: not known
    checked: bool
    input_id: str = ""  # set by its FacetGroup


@dataclass
class FacetGroup:
    """A filter with its choices; ``kind`` is the input type (checkbox or radio)."""

    name: str
    legend: str
    kind: str
    options: list

    def __post_init__(self):
        for option in self.options:
            option.input_id = f"f-{self.name}-{option.value or 'alle'}"


def search_url(query: SearchQuery, endpoint: str = "search.search_page", **kwargs) -> str:
    """The URL of a search (the whole query in the URL, page included)."""
    return url_for(endpoint, **canonical_dict(query, paging=True), **kwargs)


def page_url_maker(query: SearchQuery):
    """page number -> the URL of that page of the search (the page links of a result
    list, from two ``url_for``: page 1 carries no page number)."""
    first = search_url(query.changed())
    other = url_maker(
        "search.search_page", "page", **canonical_dict(query.changed(page=2), paging=True)
    )
    return lambda number: first if number == 1 else other(number)


def _labels(outcome: Outcome, name: str) -> dict:
    """value -> label for a filter (members: slug -> name)."""
    if name == "member":
        return {m.slug: m.name for m in outcome.members}
    return LABELS[name]


def filter_label(outcome: Outcome, name: str, value) -> str:
    """The German label of an active filter value."""
    return _labels(outcome, name).get(value, str(value))


def _counts(outcome: Outcome, name: str) -> dict:
    """Facet counts of a multi-valued filter keyed by parameter value."""
    counts = outcome.result.facets.get(name, {})
    if name == "member":
        by_id = outcome.member_by_id
        return {by_id[k].slug: n for k, n in counts.items() if k in by_id}
    return counts


def facet_groups(outcome: Outcome) -> list[FacetGroup]:
    """Filters with counts that respect the other filters; empty choices are left out
    unless chosen."""
    query, groups = outcome.query, []
    for name in ("employment_type", "working_model", "sector", "member"):
        counts, chosen = _counts(outcome, name), getattr(query, name)
        options = [
            Option(value, label, counts.get(value, 0), value in chosen)
            for value, label in _labels(outcome, name).items()
            if counts.get(value) or value in chosen
        ]
        groups.append(FacetGroup(name, LEGENDS[name], "checkbox", options))
    recent = outcome.result.facets.get("published_within_days", {})
    anytime = None if query.published_within else outcome.result.total  # unknown when narrowed
    options = [Option("", _l("beliebig"), anytime, not query.published_within)]
    options += [
        Option(str(days), LABELS["published_within"][days], recent.get(days, 0), False)
        for days in PUBLISHED_WITHIN
    ]
    for option in options[1:]:
        option.checked = option.value == str(query.published_within)
    groups.append(FacetGroup("published_within", LEGENDS["published_within"], "radio", options))
    for flag in ("salary_given", "english"):
        count = outcome.result.facets.get(flag, {}).get("1", 0)
        option = Option("1", LABELS[flag][True], count, getattr(query, flag))
        groups.append(FacetGroup(flag, LEGENDS[flag], "checkbox", [option]))
    return groups


def filters_key(outcome: Outcome) -> tuple:
    """What the filter panel is made of (its fragment key): the search (its URL), its
    facet counts and total, and the members on offer."""
    result = outcome.result
    facets = tuple((name, tuple(counts.items())) for name, counts in result.facets.items())
    return (request.script_root, request.full_path, facets, result.total, outcome.members)


def remove_links(outcome: Outcome) -> list[tuple[str, str, str]]:
    """(filter legend, value label, URL without it) for every active filter value."""
    query = outcome.query
    return [
        (LEGENDS[name], filter_label(outcome, name, value), search_url(query.without(name, value)))
        for name, value in query.active_filters()
    ]


def wider_radius_url(query: SearchQuery) -> tuple[int, str] | None:
    """(next larger radius, URL) when searching around a place below 100 km."""
    larger = [r for r in RADII if query.radius_km and r > query.radius_km]
    if not query.has_place or not larger:
        return None
    return larger[0], search_url(query.changed(radius_km=larger[0]))


def sort_options(query: SearchQuery) -> list[tuple[str, str]]:
    """(value, label) of the sorts that make sense for the query."""
    return [(s, SORT_LABELS[s]) for s in SORTS if s != "distance" or query.has_place]


def page_numbers(current: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: first, last and a window around the current page
    (None marks a gap)."""
    shown = {1, pages, *range(current - around, current + around + 1)}
    numbers, previous = [], 0
    for number in sorted(n for n in shown if 1 <= n <= pages):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers

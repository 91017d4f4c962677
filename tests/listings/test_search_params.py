"""Parsing and normalising search parameters (jobportal.search_params)."""

import pytest
from werkzeug.datastructures import MultiDict

from jobportal.listings import (
    InvalidParameter,
    SearchQuery,
    canonical_dict,
    clean_text,
    parse_search,
    query_from_dict,
    to_query_string,
)

SLUGS = ["dresden", "kamenz", "pulsnitz"]


def parse(pairs, **kwargs):
    kwargs.setdefault("member_slugs", SLUGS)
    return parse_search(MultiDict(pairs), **kwargs)


def test_defaults_for_an_empty_search():
    query, notices = parse([])
    assert query == SearchQuery()
    assert query.is_blank
    assert notices == []
    assert canonical_dict(query) == {}


def test_a_full_search_is_normalised():
    query, notices = parse(
        [
            ("q", "  Pflege   Kamenz "),
            ("where", "Kamenz"),
            ("employment_type", "teilzeit"),
            ("employment_type", "vollzeit"),
            ("employment_type", "teilzeit"),
            ("sector", "gesundheit"),
            ("member", "kamenz"),
            ("published_within", "7"),
            ("salary_given", "on"),
            ("sort", "distance"),
            ("page", "3"),
        ]
    )
    assert notices == []
    assert query.q == "Pflege Kamenz"
    assert query.radius_km == 25  # the default once a place is given
    assert query.employment_type == ("vollzeit", "teilzeit")  # fixed order, each once
    assert query.salary_given is True
    assert canonical_dict(query, paging=True) == {
        "q": "Pflege Kamenz",
        "where": "Kamenz",
        "radius_km": 25,
        "employment_type": ["vollzeit", "teilzeit"],
        "sector": ["gesundheit"],
        "member": ["kamenz"],
        "published_within": 7,
        "salary_given": 1,
        "sort": "distance",
        "page": 3,
    }


def test_the_query_string_round_trips():
    query, _ = parse(
        [("q", "Bäcker & Söhne"), ("where", "01917"), ("radius_km", "50"), ("sort", "date")]
        + [("working_model", "remote"), ("working_model", "hybrid"), ("page", "2")]
    )
    again, notices = parse(MultiDict(_pairs(to_query_string(query))))
    assert notices == []
    assert again == query
    assert query_from_dict(canonical_dict(query), member_slugs=SLUGS) == query.changed()


def _pairs(query_string):
    from urllib.parse import parse_qsl

    return parse_qsl(query_string)


def test_radius_without_place_is_dropped():
    query, notices = parse([("radius_km", "50")])
    assert query.radius_km is None and notices == []


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("radius_km", "7"),
        ("radius_km", "-5"),
        ("radius_km", "1e3"),
        ("page", "0"),
        ("page", "zwei"),
        ("page", "-1"),
        ("sort", "price"),
        ("employment_type", "vollzeitt"),
        ("working_model", "<script>"),
        ("sector", "x" * 300),
        ("member", "gibts-nicht"),
        ("published_within", "3"),
        ("salary_given", "vielleicht"),
        ("per_page", "0"),
        ("per_page", "101"),
    ],
)
def test_invalid_values_are_ignored_with_a_notice_or_refused_strictly(param, value):
    pairs = [("where", "Kamenz"), (param, value)]
    query, notices = parse(pairs, api=True)
    assert [n.param for n in notices] == [param]
    assert query.page == 1 and query.per_page == 20 and query.sort == "relevance"
    with pytest.raises(InvalidParameter) as caught:
        parse(pairs, strict=True, api=True)
    assert caught.value.param == param


def test_distance_sort_needs_a_place():
    query, notices = parse([("sort", "distance")])
    assert query.sort == "relevance"
    assert notices[0].param == "sort"
    with pytest.raises(InvalidParameter, match="sort"):
        parse([("sort", "distance")], strict=True)


def test_long_text_is_cut_on_the_page_and_refused_by_the_api():
    query, notices = parse([("q", "Pflege " * 400)])
    assert len(query.q) <= 2000
    assert notices[0].param == "q"
    with pytest.raises(InvalidParameter, match="q"):
        parse([("q", "a" * 2001)], strict=True)
    query, notices = parse([("where", "K" * 121)])
    assert query.where == "" and notices[0].param == "where"


def test_page_is_capped():
    query, notices = parse([("page", "999999")])
    assert query.page == 500 and notices[0].param == "page"
    query, _ = parse([("page", "100"), ("per_page", "100")], api=True)
    assert query.page == 100 and query.per_page == 100
    with pytest.raises(InvalidParameter, match="page"):
        parse([("page", "101"), ("per_page", "100")], strict=True, api=True)


def test_the_page_ignores_per_page():
    query, notices = parse([("per_page", "5")])
    assert query.per_page == 20 and notices == []


def test_clean_text_drops_control_and_invisible_characters():
    assert clean_text("Pfle\u200bger\x00 \u202eKamenz\ufeff") == "Pfle ger Kamenz"
    assert clean_text("Bäcker") == clean_text("Ba\u0308cker") == "Bäcker"  # NFC


def test_without_and_active_filters():
    query, _ = parse(
        [("where", "Kamenz"), ("sort", "distance"), ("sector", "it"), ("sector", "bau")]
        + [("salary_given", "1"), ("published_within", "30"), ("page", "4")]
    )
    assert query.active_filters() == [
        ("sector", "it"),
        ("sector", "bau"),
        ("published_within", 30),
        ("salary_given", True),
    ]
    assert query.without("sector", "it").sector == ("bau",)
    assert query.without("sector", "it").page == 1
    assert query.without("salary_given").salary_given is False
    no_place = query.without("where")
    assert (no_place.where, no_place.radius_km, no_place.sort) == ("", None, "relevance")


def test_plain_dicts_work_like_saved_searches():
    saved = {"q": "Koch", "where": "Pulsnitz", "radius_km": 10, "sector": ["gastronomie"]}
    query = query_from_dict(saved)
    assert canonical_dict(query) == saved

"""The search page (/jobs) and place suggestions for the where field."""

from flask import jsonify, render_template, request
from flask_login import current_user

from ...listings import RADII, clean_text
from ...places import suggest_places
from ..fragments import cached_fragment
from ..i18n import de_attribute
from ..links import url_maker
from ..maps import hit_points, region_map
from . import bp, view
from .results import run_search

SUGGESTIONS = 10


@bp.get("/jobs")
def search_page():
    """Search public listings by text, place and filters (the URL holds the whole search)."""
    outcome = run_search(request.args, cards=True)
    query, result = outcome.query, outcome.result
    facets, removals = view.facet_groups(outcome), view.remove_links(outcome)
    bookmarks = current_user.is_authenticated and current_user.role == "jobseeker"
    job_url = url_maker("public.job_page", "job_id", **{"from": request.full_path})
    return render_template(
        "search/results.html",
        outcome=outcome,
        query=query,
        result=result,
        rows=outcome.rows,
        place=outcome.place,
        radii=RADII,
        remove_links=removals,
        filters_html=cached_fragment(
            "search/_filters.html",
            view.filters_key(outcome),
            facets=facets,
            remove_links=removals,
        ),
        hits_html=None if bookmarks or not outcome.rows else _hits_html(outcome, job_url),
        bookmarks=bookmarks,
        wider=view.wider_radius_url(query),
        sort_options=view.sort_options(query),
        page_numbers=view.page_numbers(result.page, result.pages),
        page_url=view.page_url_maker(query),
        search_url=view.search_url,
        feed_url=view.search_url(query.changed(), endpoint="search.feed", _external=False),
        hits_svg=region_map(hit_points(outcome.rows)) if outcome.rows else None,
        markers_url=view.search_url(query.changed(), endpoint="maps.markers", kind="jobs"),
        job_url=job_url,
    )


def _hits_html(outcome, job_url):
    """The hit cards for a visitor who bookmarks nothing (kept for the same rows, page
    and links: ``job_url`` and the logos' URLs are made from the request's path)."""
    result, status = outcome.result, outcome.place.status
    cards = tuple((r.job, r.title, r.snippet, r.distance_km) for r in outcome.rows)
    links = (request.script_root, request.full_path)
    return cached_fragment(
        "search/_hits.html",
        (cards, status, result.page, result.per_page, links),
        rows=outcome.rows,
        place=outcome.place,
        result=result,
        job_url=job_url,
        bookmarks=False,
        de_attr=de_attribute(),
    )


@bp.get("/orte/vorschlaege")
def place_suggestions():
    """Towns for the where field as you type: [{"label", "value"}], at most 10."""
    prefix = clean_text(request.args.get("q", ""), limit=120)
    places = suggest_places(prefix, limit=SUGGESTIONS) if len(prefix) >= 2 else []
    response = jsonify([{"label": loc.label, "value": loc.query} for loc in places])
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
